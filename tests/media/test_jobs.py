"""Jobs outlive workers: stale items are picked up again, leftovers are cleaned, RQ runs jobs."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eexpo import tasks
from eexpo.extensions import db
from eexpo.media import pipeline
from eexpo.media.generate import make_photo
from eexpo.models import MediaItem, MediaKind, MediaStatus, Role, utcnow
from eexpo.storage import StorageUnavailable, get_storage

REDIS_URL = os.environ.get("EEXPO_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _stored_item(
    make, *, status=MediaStatus.PROCESSING, lease_left=timedelta(seconds=-1), in_worker=True
):
    """A photo whose bytes are in the store, in the given state, with a worker's lease that
    ran out (as a dead worker leaves it) or has `lease_left` to run."""
    exhibitor = make.exhibitor()
    item = MediaItem(
        exhibitor_id=exhibitor.id,
        kind=MediaKind.IMAGE,
        backend="local",
        original_key="",
        declared_content_type="image/jpeg",
        status=status,
        lease_expires_at=utcnow() + lease_left,
        in_worker=in_worker,
    )
    db.session.add(item)
    db.session.flush()
    item.original_key = f"media/{item.uuid}/original"
    get_storage().put(
        item.original_key, make_photo(600, 400), content_type="image/jpeg", immutable=False
    )
    db.session.commit()
    return item


def test_an_item_a_dead_worker_left_processing_is_processed_again(app, make):
    item = _stored_item(make)
    fresh = _stored_item(make, lease_left=timedelta(seconds=50))
    assert pipeline.recover_stale() == 1
    tasks.drain(timeout=60)
    db.session.expire_all()
    assert db.session.get(MediaItem, item.id).status == MediaStatus.READY
    assert db.session.get(MediaItem, fresh.id).status == MediaStatus.PROCESSING


@pytest.fixture
def quick_recovery(app_config):
    app_config.update(RECOVERY_INTERVAL_SECONDS=0.2)


def test_the_app_recovers_stale_items_by_itself_in_thread_mode(quick_recovery, app, make, client):
    item = _stored_item(make)
    client.get("/")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        db.session.expire_all()
        if db.session.get(MediaItem, item.id).status == MediaStatus.READY:
            break
        time.sleep(0.1)
    assert db.session.get(MediaItem, item.id).status == MediaStatus.READY


def _reloaded(item: MediaItem) -> MediaItem:
    db.session.expire_all()
    return db.session.get(MediaItem, item.id)


def test_an_unexpected_error_ends_the_item_failed_at_once_with_a_reference(app, make, monkeypatch):
    item = _stored_item(make)

    def broken(*args, **kwargs):
        raise KeyError("MPO")

    monkeypatch.setattr(pipeline, "process_image", broken)
    pipeline.process_media(item.id)
    final = _reloaded(item)
    assert final.status == MediaStatus.FAILED
    assert final.error.startswith("This file could not be processed because of an error on our")
    assert item.uuid[:8] in final.error
    assert list(get_storage().keys(f"media/{item.uuid}/")) == []


def test_an_item_whose_worker_died_three_times_is_given_up(app, make):
    item = _stored_item(make)
    item.attempts = pipeline.MAX_ATTEMPTS
    db.session.commit()
    pipeline.process_media(item.id)
    final = _reloaded(item)
    assert final.status == MediaStatus.FAILED
    assert "interrupted 3 times" in final.error


def test_a_job_leaves_an_item_another_worker_holds(app, make):
    item = _stored_item(make, lease_left=timedelta(seconds=50))
    pipeline.process_media(item.id)
    assert _reloaded(item).status == MediaStatus.PROCESSING
    assert _reloaded(item).attempts == 0


def test_a_store_outage_waits_and_retries_without_using_an_attempt(app, make, monkeypatch):
    item = _stored_item(make)
    storage = get_storage()
    real_read = storage.read

    def unreachable(*args, **kwargs):
        raise StorageUnavailable("connection refused")

    monkeypatch.setattr(storage, "read", unreachable)
    for outage in range(4):
        item = _reloaded(item)
        item.lease_expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        pipeline.process_media(item.id)
        waiting = _reloaded(item)
        assert waiting.status == MediaStatus.PROCESSING
        assert waiting.attempts == 0
        assert waiting.outages == outage + 1
        assert "storage is unreachable" in waiting.error
        wait = (waiting.lease_expires_at - utcnow()).total_seconds()
        assert (
            pipeline.OUTAGE_BACKOFF_SECONDS[outage] - 5
            < wait
            <= pipeline.OUTAGE_BACKOFF_SECONDS[outage]
        )
    assert pipeline.recover_stale() == 0  # still backing off
    monkeypatch.setattr(storage, "read", real_read)
    waiting.lease_expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert pipeline.recover_stale() == 1
    tasks.drain(timeout=60)
    final = _reloaded(item)
    assert (final.status, final.error, final.outages) == (MediaStatus.READY, None, 0)


def test_the_editor_is_told_while_the_store_is_unreachable(app, make, client, auth, monkeypatch):
    exhibitor = make.exhibitor()
    make.user(Role.EXHIBITOR, email="a@example.com", exhibitor=exhibitor)
    item = _stored_item(make)
    item.exhibitor_id = exhibitor.id
    db.session.commit()
    monkeypatch.setattr(
        get_storage(), "read", lambda *a, **k: (_ for _ in ()).throw(StorageUnavailable("down"))
    )
    pipeline.process_media(item.id)
    auth.login("a@example.com")
    body = client.get(f"/api/v1/media/{item.id}").json
    assert body["status"] == "processing"
    assert "storage is unreachable" in body["error"]


@pytest.fixture
def short_lease(app_config):
    app_config.update(MEDIA_LEASE_SECONDS=1)


def test_a_working_job_renews_its_lease(short_lease, app, make, monkeypatch):
    item = _stored_item(make)
    seen = []
    real = pipeline.process_image

    def slow(*args, **kwargs):
        time.sleep(1.6)
        with db.engine.connect() as connection:
            seen.append(
                connection.scalar(
                    sa.select(MediaItem.lease_expires_at).where(MediaItem.id == item.id)
                )
            )
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "process_image", slow)
    started = utcnow()
    pipeline.process_media(item.id)
    assert _reloaded(item).status == MediaStatus.READY
    assert seen[0] > started + timedelta(seconds=1.2)  # renewed while the job ran


def test_cleanup_removes_orphans_and_abandoned_uploads(app, make, runner):
    storage = get_storage()
    kept = _stored_item(make, status=MediaStatus.READY)
    storage.put("media/not-a-record/w320.webp", b"x", content_type="image/webp", immutable=True)
    exhibitor = make.exhibitor()
    abandoned = MediaItem(
        exhibitor_id=exhibitor.id,
        kind=MediaKind.VIDEO,
        backend="local",
        original_key="media/abandoned/original",
        uuid="abandoned",
        status=MediaStatus.UPLOADING,
    )
    abandoned.multipart_upload_id = storage.create_multipart(
        abandoned.original_key, content_type="video/mp4"
    )
    db.session.add(abandoned)
    db.session.commit()
    result = runner.invoke(args=["media", "cleanup", "--abandoned-days", "0"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 orphaned objects; aborted 1 abandoned uploads." in result.output
    assert list(storage.keys("media/not-a-record/")) == []
    assert list(storage.keys(f"media/{kept.uuid}/")) == [kept.original_key]
    assert list(storage.pending_uploads()) == []
    db.session.expire_all()
    assert db.session.scalar(sa.select(MediaItem).where(MediaItem.uuid == "abandoned")) is None


def test_cleanup_leaves_recent_uploads_alone(app, make):
    storage = get_storage()
    upload_id = storage.create_multipart("media/recent/original", content_type="video/mp4")
    assert pipeline.cleanup(abandoned_after=timedelta(days=2)) == (0, 0)
    assert [u.upload_id for u in storage.pending_uploads()] == [upload_id]


@pytest.fixture
def rq_config(app_config, redis_database):
    connection = redis_database(REDIS_URL)
    app_config.update(TASKS="rq", REDIS_URL=REDIS_URL)
    return connection


def test_with_rq_jobs_wait_in_redis_for_a_worker(rq_config, app, make, runner):
    item = _stored_item(make)
    pipeline.recover_stale()
    assert rq_config.llen(f"rq:queue:{tasks.QUEUE}") == 1
    db.session.expire_all()
    assert db.session.get(MediaItem, item.id).status == MediaStatus.PROCESSING
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(MediaItem, item.id).status == MediaStatus.READY


def test_with_rq_a_periodic_check_queues_a_dead_workers_item(quick_recovery, rq_config, app, make):
    # What each `flask worker` starts beside its work loop: no cron, no restart needed.
    item = _stored_item(make)
    tasks.start_periodic_jobs(app)
    deadline = time.monotonic() + 20
    while rq_config.llen(f"rq:queue:{tasks.QUEUE}") == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert rq_config.llen(f"rq:queue:{tasks.QUEUE}") == 1
    assert _reloaded(item).in_worker is False


def test_the_worker_command_explains_thread_mode(runner):
    result = runner.invoke(args=["worker"])
    assert result.exit_code != 0
    assert "EEXPO_TASKS is 'thread'" in result.output


def test_a_job_queued_in_a_rolled_back_transaction_never_runs(app, make):
    item = _stored_item(make, lease_left=timedelta(seconds=50), in_worker=False)
    tasks.enqueue("eexpo.media.pipeline:process_media", item.id)
    db.session.rollback()
    tasks.drain(timeout=10)
    db.session.expire_all()
    assert db.session.get(MediaItem, item.id).status == MediaStatus.PROCESSING


def test_create_bucket_sets_up_cors_for_browser_uploads(use_s3, app, runner):
    result = runner.invoke(args=["media", "create-bucket", "--cors-origin", "https://expo.example"])
    assert result.exit_code == 0, result.output
    rules = get_storage().client.get_bucket_cors(Bucket=app.config["S3_BUCKET"])["CORSRules"]
    assert rules[0]["AllowedOrigins"] == ["https://expo.example"]
    assert "ETag" in rules[0]["ExposeHeaders"]


def test_create_bucket_needs_s3(runner):
    result = runner.invoke(args=["media", "create-bucket", "--cors-origin", "https://x.example"])
    assert result.exit_code != 0
    assert "needs no bucket" in result.output
