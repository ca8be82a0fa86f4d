"""Bringing a database up to the schema this package expects, with Alembic.

The migration scripts live inside the package (``migrations/``) so an installed wheel can
migrate its own database; no ``alembic.ini`` is needed at run time.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

__all__ = ["VERSION_TABLE", "alembic_config", "upgrade_to_head"]

_SCRIPT_LOCATION = Path(__file__).with_name("migrations")

# Our own version table, so a database shared with another Alembic-managed app does not clash.
VERSION_TABLE = "lightvibes_alembic_version"


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
