"""`flask backup …`: a restore rehearsal on each database and each store, and each way a
backup can be unusable (refused with a message, nothing changed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from eexpo import backup, demo
from eexpo.extensions import db
from eexpo.models import Booth, BoothStatus, Exhibitor, User
from eexpo.storage import get_storage
from tests.conftest import Auth

PHOTO = "media/0f0f/original"
# What differs between two requests for the same page: the form tokens of each session, and
# the links to private media, signed for a few minutes from now.
_VARYING = re.compile(r'(name="csrf_token" (?:type="hidden" )?value=")[^"]+|'
                      r'(<meta name="csrf-token" content=")[^"]+|'
                      r'([?&](?:amp;)?(?:t|X-Amz-Date|X-Amz-Signature)=)[^"&]+')  # fmt: skip


def _get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def _page(client, path: str) -> str:
    return _VARYING.sub(lambda m: next(g for g in m.groups() if g) + "…", _get(client, path))


def _site(app, browser) -> dict[str, object]:
    """What visitors, an exhibitor and an organizer see, and the bytes of the media shown."""
    client = app.test_client()
    booth = db.session.scalar(
        sa.select(Booth).where(Booth.status == BoothStatus.PUBLISHED).order_by(Booth.id)
    )
    db.session.rollback()
    public = [
        "/",
        f"/booths/{booth.id}",
        "/sectors/integrated-circuits",
        "/search?q=wafer",
        "/catalogue/halls/Hall 1",
        "/sitemap-main.xml",
        "/api/v1/booths?per_page=50",
    ]
    seen: dict[str, object] = {path: _page(client, path) for path in public}
    page = _get(client, f"/booths/{booth.id}")
    sources = re.findall(r'<(?:img|video)[^>]* (?:src|poster)="([^"]+)"', page)
    assert sources, "the booth shows no media"
    for source in sources[:3]:
        seen[source] = browser.request("GET", source.replace("&amp;", "&")).content
    for email, paths in (
        (demo.EXHIBITOR_EMAIL, ["/portal/", "/portal/team", f"/portal/booths/{booth.id}"]),
        (demo.ORGANIZER_EMAIL, ["/organizer/exhibitors", "/organizer/report", "/organizer/audit"]),
    ):
        signed_in = app.test_client()
        assert Auth(signed_in).login(email, demo.DEMO_PASSWORD).status_code == 302
        seen.update({f"{email} {path}": _page(signed_in, path) for path in paths})
    return seen


def _wipe(app) -> None:
    """Lose everything: every table, and every object in the store."""
    db.session.remove()
    with db.engine.begin() as connection:
        names = sa.inspect(connection).get_table_names()
        cascade = " CASCADE" if connection.dialect.name == "postgresql" else ""
        if connection.dialect.name == "sqlite":
            connection.execute(sa.text("PRAGMA foreign_keys=OFF"))
        for name in names:
            connection.execute(sa.text(f'DROP TABLE IF EXISTS "{name}"{cascade}'))
    storage = get_storage()
    storage.delete(list(storage.keys("")))
    assert not list(storage.keys(""))


@pytest.fixture
def demo_site(backend, app, demo_snapshots):
    demo_snapshots.load()
    return app


def test_a_restore_rehearsal_gives_back_the_same_site(demo_site, runner, browser, tmp_path):
    app = demo_site
    before = _site(app, browser)
    assert before == _site(app, browser)  # the comparison itself is stable
    folder = tmp_path / "backup"

    made = runner.invoke(args=["backup", "create", str(folder)])
    assert made.exit_code == 0, made.output
    manifest = backup.read(folder)
    assert len(manifest.objects) > 40
    assert str(len(manifest.objects)) in made.output
    _wipe(app)

    restored = runner.invoke(args=["backup", "restore", str(folder), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert f"{len(manifest.objects)} objects (0 were already stored)" in restored.output
    after = _site(app, browser)
    assert sorted(after) == sorted(before)
    for path in before:
        assert after[path] == before[path], path
    # The restored database goes on: new rows take new ids, the stored ones are kept.
    exhibitors = db.session.scalar(sa.select(sa.func.count()).select_from(Exhibitor))
    db.session.add(Exhibitor(name="Joined after the restore"))
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Exhibitor)) == exhibitors + 1


def test_restoring_over_a_live_site_writes_only_missing_objects(demo_site, runner, tmp_path):
    folder = tmp_path / "backup"
    assert runner.invoke(args=["backup", "create", str(folder)]).exit_code == 0
    manifest = backup.read(folder)
    storage = get_storage()
    lost = sorted(manifest.objects)[:2]
    storage.delete(lost)
    db.session.execute(sa.delete(User).where(User.email == demo.VISITOR_EMAIL))
    db.session.commit()

    result = runner.invoke(args=["backup", "restore", str(folder), "--yes"])
    assert result.exit_code == 0, result.output
    assert "and 2 objects" in result.output
    for key in lost:
        entry = manifest.objects[key]
        info = storage.head(key)
        assert info is not None
        assert info.size == entry.size
        assert info.content_type == entry.content_type
        assert info.immutable == entry.immutable
    assert db.session.scalar(sa.select(User.id).where(User.email == demo.VISITOR_EMAIL))
    if storage.name == "s3":  # processed variants keep their year-long cache header
        assert any(entry.immutable for entry in manifest.objects.values())


@pytest.fixture
def backed_up(app, make, runner, tmp_path) -> Path:
    make.published_booth(title="Backed up")
    get_storage().put(PHOTO, b"photo bytes", content_type="image/jpeg", immutable=False)
    folder = tmp_path / "backup"
    result = runner.invoke(args=["backup", "create", str(folder)])
    assert result.exit_code == 0, result.output
    make.exhibitor(name="Joined after the backup")
    return folder


def _refused(runner, folder: Path, message: str) -> None:
    result = runner.invoke(args=["backup", "restore", str(folder), "--yes"])
    assert result.exit_code == 1, result.output
    assert message in result.output
    # Nothing changed: what was added after the backup is still there.
    assert db.session.scalar(sa.select(Exhibitor.id).where(Exhibitor.name.like("Joined%")))


def _rewrite(folder: Path, **changes: object) -> None:
    path = folder / backup.MANIFEST
    path.write_text(json.dumps({**json.loads(path.read_text()), **changes}))


def test_a_backup_goes_only_into_an_empty_folder(app, runner, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("keep me")
    result = runner.invoke(args=["backup", "create", str(tmp_path / "full")])
    assert result.exit_code == 1
    assert "is not an empty folder" in result.output
    assert (tmp_path / "full" / "notes.txt").read_text() == "keep me"


def test_an_unfinished_backup_is_refused(backed_up, runner):
    (backed_up / backup.MANIFEST).unlink()
    _refused(runner, backed_up, "has no manifest.json")


def test_a_manifest_eexpo_did_not_write_is_refused(backed_up, runner):
    (backed_up / backup.MANIFEST).write_text('{"format": 1}')
    _refused(runner, backed_up, "is not a manifest eexpo wrote")
    (backed_up / backup.MANIFEST).write_text("not json")
    _refused(runner, backed_up, "cannot be read")


def test_a_damaged_object_is_found_before_anything_changes(backed_up, runner):
    get_storage().delete([PHOTO])
    (backed_up / backup.OBJECTS / PHOTO).write_bytes(b"photo bytez")
    _refused(runner, backed_up, f"the object {PHOTO} is missing or damaged")
    assert get_storage().head(PHOTO) is None
    (backed_up / backup.OBJECTS / PHOTO).unlink()
    _refused(runner, backed_up, f"the object {PHOTO} is missing or damaged")


def test_an_object_outside_the_media_is_refused(backed_up, runner):
    entry = {"size": 1, "sha256": "0" * 64, "content_type": "text/plain", "immutable": False}
    _rewrite(backed_up, objects={"media/../../etc/passwd": entry})
    _refused(runner, backed_up, "names an object outside the media")


def test_a_damaged_database_file_is_found_by_its_checksum(backed_up, runner):
    manifest = backup.read(backed_up)
    with (backed_up / manifest.database_file).open("r+b") as file:
        file.seek(200)
        file.write(b"\x00garbage\x00")
    _refused(runner, backed_up, "is damaged: its checksum does not match")


def test_a_database_its_tool_cannot_read_leaves_the_site_as_it_was(backed_up, runner):
    manifest = backup.read(backed_up)
    database = backed_up / manifest.database_file
    database.write_bytes(database.read_bytes()[:3000])  # cut short, checksum made to match
    _rewrite(backed_up, database_sha256=backup.sha256_of(database))
    _refused(runner, backed_up, "failed")


def test_a_backup_of_the_other_database_is_refused(backed_up, runner):
    manifest = backup.read(backed_up)
    other = "sqlite" if manifest.database == "postgresql" else "postgresql"
    (backed_up / manifest.database_file).rename(backed_up / backup.DATABASE_FILES[other])
    _rewrite(backed_up, database=other)
    _refused(runner, backed_up, f"holds a {other} database and this site uses")


def test_a_backup_without_its_database_is_refused(backed_up, runner):
    (backed_up / backup.read(backed_up).database_file).unlink()
    _refused(runner, backed_up, "the backup is incomplete")


def test_a_backup_from_a_newer_eexpo_is_refused(backed_up, runner):
    _rewrite(backed_up, revision="ffffffffffff")
    _refused(runner, backed_up, "is newer than this eexpo's")


def test_restore_asks_first_and_a_no_changes_nothing(backed_up, runner):
    result = runner.invoke(args=["backup", "restore", str(backed_up)], input="n\n")
    assert result.exit_code == 1
    assert "Replace this site's database" in result.output
    assert db.session.scalar(sa.select(Exhibitor.id).where(Exhibitor.name.like("Joined%")))


def test_verify_names_a_complete_backup(backed_up, runner):
    result = runner.invoke(args=["backup", "verify", str(backed_up)])
    assert result.exit_code == 0, result.output
    assert "complete" in result.output
