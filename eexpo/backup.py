"""Backups: the database and every stored media object in one folder, and their restore.

A backup folder holds the database as its own tools copy it (`pg_dump`'s custom format, or
SQLite's online backup, both a consistent snapshot taken while the site runs), `objects/` with
each media object under its key, and `manifest.json`, written last, with the schema revision and
a SHA-256 of every file. A folder without a manifest is an unfinished backup and is refused.

Restoring checks every file against the manifest before it changes anything, then copies the
objects (media keys are generated and written once, so one the store already holds is skipped),
replaces the whole database in one transaction, migrates it to this code's schema, and tells
every process that the content changed. Redis holds nothing a backup needs: the queue, rate
limits and counts written to the database within seconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import IO

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask_migrate import upgrade

from eexpo import content
from eexpo.extensions import db, migrate
from eexpo.orm import utcnow
from eexpo.storage import Storage, get_storage

FORMAT = 1
MANIFEST = "manifest.json"
OBJECTS = "objects"
PREFIX = "media/"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(RuntimeError):
    """A backup could not be made or restored; the message says why and what to do."""


@dataclass
class StoredObject:
    size: int
    sha256: str
    content_type: str
    immutable: bool
    download_name: str | None = None  # absent from backups made before documents


@dataclass
class Manifest:
    format: int
    created_at: str
    eexpo_version: str
    revision: str
    database: str
    database_sha256: str
    objects: dict[str, StoredObject] = field(default_factory=dict)

    @property
    def database_file(self) -> str:
        return DATABASE_FILES[self.database]

    @property
    def total_bytes(self) -> int:
        return sum(o.size for o in self.objects.values())


# --- making one -----------------------------------------------------------------------------


def create(folder: Path) -> Manifest:
    """Back up the database, then the media, into `folder` (new or empty)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupError(f"{folder} is not an empty folder; a backup goes into a new one.")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return _create(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _create(folder: Path) -> Manifest:
    kind = db.engine.dialect.name
    if kind not in DATABASE_FILES:
        raise BackupError(f"backups cover PostgreSQL and SQLite, not {kind}")
    revision = _revision()
    database = folder / DATABASE_FILES[kind]
    # The database first: an object uploaded meanwhile is copied with nothing pointing to it,
    # which is harmless, while the other order could miss the file of a row the dump holds.
    if kind == "postgresql":
        dsn, env = _libpq()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              f"--file={database}", "--dbname", dsn], env=env)  # fmt: skip
    else:
        _sqlite_copy(_sqlite_path(), database)
    manifest = Manifest(
        format=FORMAT,
        created_at=utcnow().isoformat(),
        eexpo_version=version("eexpo"),
        revision=revision,
        database=kind,
        database_sha256=sha256_of(database),
    )
    storage = get_storage()
    for key in storage.keys(PREFIX):
        info = storage.head(key)
        if info is None:
            continue  # deleted since it was listed
        path = _object_path(folder, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            digest = _Hashing(out)
            storage.read_into(key, digest)
        manifest.objects[key] = StoredObject(
            path.stat().st_size,
            digest.hexdigest(),
            info.content_type or "application/octet-stream",
            info.immutable,
            info.download_name,
        )
    written = folder / f".{MANIFEST}.tmp"
    written.write_text(json.dumps(asdict(manifest), indent=1, sort_keys=True))
    os.replace(written, folder / MANIFEST)
    return manifest


class _Hashing:
    """A file that hashes what is written to it, so an object is read from the store once."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.out.write(data)

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


# --- reading and checking one ---------------------------------------------------------------


def read(folder: Path) -> Manifest:
    """The backup's manifest; BackupError when there is none or it cannot be read."""
    try:
        raw = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(
            f"{folder} has no {MANIFEST}: it is not a backup, or one that never finished."
        ) from None
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder / MANIFEST} cannot be read: {error}") from None
    try:
        objects = {key: StoredObject(**entry) for key, entry in raw.pop("objects").items()}
        manifest = Manifest(**raw, objects=objects)
    except (TypeError, KeyError, AttributeError) as error:
        raise BackupError(f"{folder / MANIFEST} is not a manifest eexpo wrote: {error}") from None
    if manifest.format != FORMAT or manifest.database not in DATABASE_FILES:
        raise BackupError(f"{folder} is a backup format this eexpo does not know.")
    return manifest


def verify(folder: Path) -> Manifest:
    """Check every file of the backup against its manifest; BackupError names the first bad one."""
    manifest = read(folder)
    database = folder / manifest.database_file
    if not database.is_file():
        raise BackupError(f"{folder} has no {manifest.database_file}: the backup is incomplete.")
    if sha256_of(database) != manifest.database_sha256:
        raise BackupError(f"{manifest.database_file} is damaged: its checksum does not match.")
    for key, entry in manifest.objects.items():
        path = _object_path(folder, key)
        if not path.is_file() or sha256_of(path) != entry.sha256:
            raise BackupError(f"the object {key} is missing or damaged in the backup.")
    return manifest


# --- restoring one --------------------------------------------------------------------------


def restore(folder: Path) -> tuple[Manifest, int]:
    """Replace the database and add the media of the backup in `folder`.
    Returns the manifest and how many objects were written (others were already stored)."""
    manifest = verify(folder)
    kind = db.engine.dialect.name
    if manifest.database != kind:
        raise BackupError(
            f"this backup holds a {manifest.database} database and this site uses {kind}."
        )
    if not _known(manifest.revision):
        raise BackupError(
            f"this backup's schema ({manifest.revision}) is newer than this eexpo's: "
            "restore it with the eexpo version that made it, or a later one."
        )
    written = _restore_objects(folder, manifest, get_storage())
    db.session.remove()
    if kind == "postgresql":
        _restore_postgresql(folder / manifest.database_file)
    else:
        db.engine.dispose()
        _sqlite_copy(folder / manifest.database_file, _sqlite_path())
    db.engine.dispose()
    upgrade()
    content.content_changed()
    return manifest, written


def _restore_objects(folder: Path, manifest: Manifest, storage: Storage) -> int:
    written = 0
    for key, entry in manifest.objects.items():
        stored = storage.head(key)
        if stored is not None and stored.size == entry.size:
            continue
        with _object_path(folder, key).open("rb") as source:
            storage.write_from(
                key, source, content_type=entry.content_type, immutable=entry.immutable,
                download_name=entry.download_name,
            )  # fmt: skip
        written += 1
    return written


def _restore_postgresql(dump: Path) -> None:
    """The dump as SQL, run by psql in one transaction after dropping every table there is now,
    so a failure leaves the database as it was and a restore leaves nothing else behind."""
    dsn, env = _libpq()
    with db.engine.connect() as connection:
        preparer = connection.dialect.identifier_preparer
        tables = [preparer.quote(name) for name in sa.inspect(connection).get_table_names()]
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "restore.sql"
        _run(["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(dump)],
             env=env)  # fmt: skip
        drop = [f"DROP TABLE IF EXISTS {', '.join(tables)} CASCADE"] if tables else []
        command = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"]
        for statement in drop:
            command += ["-c", statement]
        _run([*command, "-f", str(script), dsn], env=env)


# --- helpers --------------------------------------------------------------------------------


def _revision() -> str:
    revision = db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
    db.session.rollback()
    if revision is None:
        raise BackupError("the database has no schema yet: run `flask db upgrade` first.")
    return str(revision)


def _known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(migrate.get_config()).get_revision(revision) is not None
    except CommandError:
        return False


def _libpq() -> tuple[str, dict[str, str]]:
    """The database's address as PostgreSQL's own tools take it; the password goes in their
    environment, not on a command line any user of the machine can read."""
    url = db.engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    address = url.set(drivername="postgresql", password=None)
    return address.render_as_string(hide_password=False), env


def _sqlite_path() -> Path:
    name = db.engine.url.database
    if not name or name == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored.")
    return Path(name)


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy taken under the database's own locks, which
    replaces the target's contents in one transaction. The source is checked first, so a
    damaged file is refused rather than copied."""
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            check = reader.execute("PRAGMA quick_check").fetchone()
            if check != ("ok",):
                raise BackupError(f"SQLite finds {source.name} damaged: {check[0]}")
            writer = sqlite3.connect(target)
            try:
                reader.backup(writer)
            finally:
                writer.close()
        finally:
            reader.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"SQLite failed to copy {source.name}: {error}") from None


def _run(command: list[str], *, env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} was not found: install PostgreSQL's client programs "
            "(Debian: postgresql-client), of the server's major version or newer."
        ) from None
    except subprocess.CalledProcessError as error:
        detail = error.stderr.strip().splitlines()[-3:]
        raise BackupError(f"{command[0]} failed: {' '.join(detail)}") from None


def _object_path(folder: Path, key: str) -> Path:
    parts = PurePosixPath(key).parts
    if not key.startswith(PREFIX) or any(p in ("", ".", "..") for p in parts):
        raise BackupError(f"the backup names an object outside the media: {key!r}")
    return folder.joinpath(OBJECTS, *parts)


def sha256_of(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
