"""Uploading as the browser does, for the media tests: start, send to the store, complete, wait
for processing."""

from __future__ import annotations

import io

from eexpo import tasks
from eexpo.models import Role
from tests.conftest import ApiClient


class Exhibitor(ApiClient):
    """An exhibitor's API client, with a draft booth to upload into."""

    def __init__(self, client, make) -> None:
        super().__init__(client, make.user(Role.EXHIBITOR))
        self.booth = make.draft_booth(self.user.exhibitor)

    def start(self, data: bytes | None = None, **overrides):
        body = {
            "kind": "image",
            "filename": "stand.jpg",
            "content_type": "image/jpeg",
            "size": len(data) if data is not None else 1000,
        }
        body.update(overrides)
        return self.call("POST", f"/booths/{self.booth.id}/media", body)


def send(browser, upload, data: bytes):
    return browser.request(
        "POST", upload["url"], data=upload["fields"], files={"file": ("f", io.BytesIO(data))}
    )


def upload(exhibitor, browser, data: bytes, **fields):
    """Start, send and complete an upload, wait for processing; returns the media JSON."""
    started = exhibitor.start(data, **fields)
    assert started.status_code == 201, started.json
    media_id, spec = started.json["media"]["id"], started.json["upload"]
    if spec["method"] == "POST":
        assert send(browser, spec, data).status_code in (200, 201, 204)
    else:
        send_parts(exhibitor, browser, media_id, spec, data, range(1, spec["part_count"] + 1))
    completed = exhibitor.call("POST", f"/media/{media_id}/complete")
    assert completed.status_code == 202, completed.json
    tasks.drain(timeout=60)
    return exhibitor.call("GET", f"/media/{media_id}").json


def send_parts(exhibitor, browser, media_id, spec, data, numbers):
    signed = exhibitor.call("POST", f"/media/{media_id}/parts", {"part_numbers": list(numbers)})
    assert signed.status_code == 200, signed.json
    size = spec["part_size"]
    for part in signed.json["parts"]:
        n = part["part_number"]
        answer = browser.request("PUT", part["url"], data=data[(n - 1) * size : n * size])
        assert answer.status_code == 200
