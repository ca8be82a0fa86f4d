"""Alembic environment for the LIGHTVIBES store.

At run time :class:`SqlKeyStore` hands over an open connection in ``config.attributes`` and
the migration runs inside that connection's transaction. From the command line (to write a new
revision against a scratch database) pass the URL instead::

    alembic -c src/lightvibes/store/migrations/alembic.ini \
        -x url=sqlite+aiosqlite:///scratch.db upgrade head
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection, pool
from sqlalchemy.ext.asyncio import create_async_engine

from lightvibes.store._migrate import VERSION_TABLE

config = context.config


def _cli_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("pass the database URL with: -x url=<sqlalchemy async URL>")
    return url


def _run(connection: Connection) -> None:
    context.configure(connection=connection, version_table=VERSION_TABLE)
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_url(url: str) -> None:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


def _main() -> None:
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        _run(connection)
    elif context.is_offline_mode():
        context.configure(url=_cli_url(), literal_binds=True, version_table=VERSION_TABLE)
        with context.begin_transaction():
            context.run_migrations()
    else:
        asyncio.run(_run_from_url(_cli_url()))


_main()
