"""Bringing a database up to the schema this package expects, with Alembic.

The migration scripts live inside the package (``migrations/``) so an installed wheel can
migrate its own database; no ``alembic.ini`` is needed at run time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text

__all__ = ["VERSION_TABLE", "alembic_config", "bring_up_to_date", "upgrade_to_head"]

_SCRIPT_LOCATION = Path(__file__).with_name("migrations")

# Our own version table, so a database shared with another Alembic-managed app does not clash.
VERSION_TABLE = "lightvibes_alembic_version"

# pg_advisory_xact_lock key serialising concurrent migrations ("LVMG" in ASCII).
_MIGRATION_LOCK_KEY: Final = 0x4C564D47


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged scripts, optionally bound to a connection."""
    config = Config()
    # ConfigParser interpolates '%', so a path containing one must be escaped.
    config.set_main_option("script_location", str(_SCRIPT_LOCATION).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_to_head(connection: Connection) -> None:
    """Apply every pending revision inside the caller's open transaction (no-op when current)."""
    command.upgrade(alembic_config(connection), "head")


def bring_up_to_date(connection: Connection, *, schema: str | None = None) -> None:
    """Create ``schema`` (PostgreSQL) if missing and upgrade to head, one migrator at a time.

    On PostgreSQL a transaction-scoped advisory lock queues concurrent migrators, which then
    find the schema current and do nothing; on SQLite the write transaction's file lock does.
    ``schema`` must already be a validated plain identifier.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        if schema is not None:
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    upgrade_to_head(connection)
