"""The organizers' system page: services, queue, files processing and failed, and the retry of a
file the queue lost."""

from __future__ import annotations

import shutil
from datetime import timedelta

import sqlalchemy as sa

from eexpo import tasks
from eexpo.extensions import db
from eexpo.models import AuditEntry, MediaItem, MediaStatus, Role, utcnow
from tests.conftest import csrf_token
from tests.media.test_jobs import _stored_item


def _retry(client, item: MediaItem):
    return client.post(
        f"/organizer/system/media/{item.id}/retry",
        data={"csrf_token": csrf_token(client, "/organizer/system")},
    )


def _retries() -> list[int | None]:
    query = sa.select(AuditEntry.target_id).where(AuditEntry.action == "media.retry")
    return list(db.session.scalars(query))


def test_the_page_shows_services_queue_media_and_versions(client, make, organizer):
    exhibitor = make.exhibitor(name="Acme Wafers")
    make.media(exhibitor, status=MediaStatus.FAILED, error="The file is not a photo.")
    stuck = make.media(
        exhibitor, status=MediaStatus.PROCESSING, lease_expires_at=utcnow() - timedelta(minutes=5)
    )
    page = client.get("/organizer/system")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("Working") >= 2  # the database and the store
    assert "Not configured" in html  # no Redis here
    assert "The file is not a photo." in html
    assert stuck.uuid[:8] in html
    assert "Stuck: its worker stopped" in html
    assert "Retry now" in html
    assert "up to date" in html
    assert "flask" in html


def test_the_page_says_the_store_is_down(client, app, organizer):
    shutil.rmtree(app.config["MEDIA_ROOT"])
    html = client.get("/organizer/system").get_data(as_text=True)
    assert "Down" in html


def test_a_stuck_file_is_queued_again_and_audited(client, make, organizer, app):
    item = _stored_item(make)  # a dead worker's lease ran out
    response = _retry(client, item)
    assert response.status_code == 302
    tasks.drain(30)
    db.session.expire_all()
    assert db.session.get(MediaItem, item.id).status == MediaStatus.READY
    assert _retries() == [item.id]


def test_a_file_a_live_worker_holds_is_not_taken_from_it(client, make, organizer):
    item = _stored_item(make, lease_left=timedelta(seconds=50))
    response = _retry(client, item)
    assert response.status_code == 302
    page = client.get("/organizer/system").get_data(as_text=True)
    assert "A worker is processing this file now." in page
    db.session.expire_all()
    assert db.session.get(MediaItem, item.id).in_worker is True
    assert _retries() == []


def test_a_failed_file_cannot_be_retried(client, make, organizer):
    item = make.media(make.exhibitor(), status=MediaStatus.FAILED)
    _retry(client, item)
    page = client.get("/organizer/system").get_data(as_text=True)
    assert "a failed file is uploaded again" in page


def test_a_missing_file_is_404(client, organizer):
    response = client.post(
        "/organizer/system/media/999999/retry",
        data={"csrf_token": csrf_token(client, "/organizer/system")},
    )
    assert response.status_code == 404


def test_only_organizers_see_it(client, make, auth):
    make.user(Role.EXHIBITOR, email="ex@example.com")
    auth.login("ex@example.com")
    assert client.get("/organizer/system").status_code == 403
