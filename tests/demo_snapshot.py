"""The demo expo, loaded once per database, store and day, then copied back for each test that
asks for it: loading it processes some two hundred media items, which cost more than most of those
tests themselves."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from eexpo import demo
from eexpo.catalogue.rows import expo_zone
from eexpo.content import content_changed
from eexpo.extensions import db
from eexpo.storage import ObjectInfo, Storage, get_storage


@dataclass
class _Copy:
    """What the demo stored: its objects, and its rows (a SQLite file, or PostgreSQL's COPY text
    of each table with the sequences' values)."""

    folder: Path
    objects: list[tuple[ObjectInfo, bytes]] = field(default_factory=list)
    tables: list[tuple[str, str, bytes]] = field(default_factory=list)
    sequences: list[tuple[str, int]] = field(default_factory=list)


class DemoSnapshots:
    """Keeps what `demo.load()` stored in the database and the store."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.taken: dict[tuple[str, str, str], _Copy] = {}

    def load(self) -> None:
        """Leave the app's database and store as `demo.load()` would: the database's rows are
        replaced, the store's objects added."""
        storage = get_storage()
        # Per store: a local store keeps no Cache-Control, which S3's copy of an object has.
        today = datetime.now(expo_zone()).date().isoformat()
        key = (db.engine.dialect.name, storage.name, today)
        copy = self.taken.get(key)
        db.session.remove()
        if copy is None:
            demo.load()
            db.session.remove()
            copy = self.taken[key] = _copy_out(self.folder / "-".join(key))
            copy.objects = [(info, storage.read(info.key)) for info in _objects(storage)]
            return
        _copy_in(copy)
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda item: _put(storage, *item), copy.objects))
        content_changed()


def _objects(storage: Storage) -> list[ObjectInfo]:
    found = [storage.head(key) for key in storage.keys("")]
    return [info for info in found if info is not None]


def _put(storage: Storage, info: ObjectInfo, data: bytes) -> None:
    storage.put(info.key, data, content_type=info.content_type or "application/octet-stream",
                immutable=info.immutable, download_name=info.download_name)  # fmt: skip


def _copy_out(folder: Path) -> _Copy:
    folder.mkdir(parents=True)
    copy = _Copy(folder)
    raw = db.engine.raw_connection()
    try:
        if db.engine.dialect.name == "sqlite":
            with closing(sqlite3.connect(folder / "demo.sqlite")) as target:
                raw.driver_connection.backup(target)
            return copy
        with raw.driver_connection.cursor() as cursor:
            for table in _tables(cursor):
                columns = _stored_columns(cursor, table)
                with cursor.copy(f"COPY {table} ({columns}) TO STDOUT") as out:
                    copy.tables.append((table, columns, b"".join(bytes(chunk) for chunk in out)))
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = 'public' AND last_value IS NOT NULL"
            )
            copy.sequences = cursor.fetchall()
        raw.driver_connection.rollback()
        return copy
    finally:
        raw.close()


def _copy_in(copy: _Copy) -> None:
    raw = db.engine.raw_connection()
    try:
        if db.engine.dialect.name == "sqlite":
            with closing(sqlite3.connect(copy.folder / "demo.sqlite")) as source:
                source.backup(raw.driver_connection)
            return
        with raw.driver_connection.cursor() as cursor:
            tables = ", ".join(table for table, _columns, _rows in copy.tables)
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            # As a replica does: no triggers and no foreign-key checks while the rows go back.
            cursor.execute("SET LOCAL session_replication_role = replica")
            for table, columns, rows in copy.tables:
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as into:
                    into.write(rows)
            for sequence, value in copy.sequences:
                cursor.execute("SELECT setval(%s, %s)", (sequence, value))
        raw.driver_connection.commit()
    finally:
        raw.close()


def _tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
        "AND tablename <> 'alembic_version' ORDER BY tablename"
    )
    return [name for (name,) in cursor.fetchall()]


def _stored_columns(cursor, table: str) -> str:
    """The columns a row is written with: generated ones are computed again."""
    cursor.execute(
        "SELECT quote_ident(column_name) FROM information_schema.columns "
        "WHERE table_schema = 'public' AND quote_ident(table_name) = %s "
        "AND is_generated = 'NEVER' ORDER BY ordinal_position",
        (table,),
    )
    return ", ".join(name for (name,) in cursor.fetchall())
