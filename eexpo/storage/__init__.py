"""Object storage behind one interface: `local` (files served by the app) or `s3` (boto3).

The database keeps a backend name and a key, never a URL; URLs are made when a page needs them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import IO, Any, Protocol
from urllib.parse import quote, unquote

from flask import Flask, current_app


class StorageError(RuntimeError):
    """The store refused or failed an operation."""


class StorageUnavailable(StorageError):
    """The store could not be reached (or answered that it is down): worth retrying later,
    and no fault of the file or of the caller."""


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    content_type: str | None
    etag: str | None
    # Written with a year's immutable Cache-Control (processed variants), which a copy keeps.
    immutable: bool = False
    # Saved by browsers under this name rather than shown (Content-Disposition: attachment).
    download_name: str | None = None


@dataclass(frozen=True)
class Part:
    part_number: int
    etag: str
    size: int


@dataclass(frozen=True)
class PendingUpload:
    key: str
    upload_id: str
    initiated_at: datetime


class Sink(Protocol):
    """Where `read_into` writes: an open file, or anything with its `write`."""

    def write(self, data: bytes, /) -> object: ...


class Storage(Protocol):
    """What eexpo needs of a store. Browsers upload and download directly; the app only signs."""

    name: str

    def presigned_post(
        self, key: str, *, content_type: str, max_size: int, expires_in: int
    ) -> dict[str, Any]:
        """A form upload `{method: "POST", url, fields}` whose policy bounds size and type."""
        ...

    def create_multipart(self, key: str, *, content_type: str) -> str:
        """Start a multipart upload; returns its upload id."""
        ...

    def presigned_part_urls(
        self, key: str, upload_id: str, part_numbers: list[int], *, expires_in: int
    ) -> dict[int, str]:
        """A URL the browser PUTs each part to; the response carries the part's ETag. The store is
        asked first whether the upload is still open, so that an outage (StorageUnavailable) or
        an aborted upload (StorageError) is known before the browser sends any bytes."""
        ...

    def list_parts(self, key: str, upload_id: str) -> list[Part]:
        """The parts stored so far, so an interrupted upload can resume."""
        ...

    def complete_multipart(self, key: str, upload_id: str, parts: list[Part]) -> None: ...

    def abort_multipart(self, key: str, upload_id: str) -> None: ...

    def pending_uploads(self) -> Iterator[PendingUpload]:
        """Multipart uploads begun and neither completed nor aborted."""
        ...

    def check(self) -> None:
        """Raise StorageError (or StorageUnavailable) unless the store can be written: for
        /readyz and the organizers' system page."""
        ...

    def head(self, key: str) -> ObjectInfo | None: ...

    def read(self, key: str, *, start: int = 0, length: int | None = None) -> bytes:
        """The object's bytes (or a range of them)."""
        ...

    def put(
        self, key: str, data: bytes, *, content_type: str, immutable: bool,
        download_name: str | None = None,
    ) -> None:  # fmt: skip
        """Store bytes the app made itself (processed variants). With `download_name`, browsers
        save the object under that name and never show it (see `attachment`)."""
        ...

    def read_into(self, key: str, out: Sink) -> None:
        """Stream the whole object into `out` (backups copy gigabytes without holding them)."""
        ...

    def write_from(
        self, key: str, source: IO[bytes], *, content_type: str, immutable: bool,
        download_name: str | None = None,
    ) -> None:  # fmt: skip
        """Store what `source` holds, streamed; a reader never sees it half-written."""
        ...

    def delete(self, keys: list[str]) -> None: ...

    def keys(self, prefix: str) -> Iterator[str]: ...

    def url(self, key: str, *, public: bool, expires_in: int) -> str:
        """A URL a browser (or a decoder) can GET, with Range support: a public/CDN one for
        published media, otherwise a short-lived signed one."""
        ...

    def processing_source(self, key: str) -> str:
        """What a decoder such as PyAV opens to read the object without copying it whole."""
        ...


def attachment(download_name: str) -> str:
    """The Content-Disposition that makes browsers save an object as `download_name` (plain
    ASCII, and the same name percent-encoded for those that read `filename*`)."""
    plain = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
                    for c in download_name)  # fmt: skip
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(download_name, safe='')}"


def download_name_of(disposition: str | None) -> str | None:
    """The name an `attachment` header gives, read back (for copies that keep it)."""
    found = re.search(r"filename\*=UTF-8''([^;\s]+)", disposition or "")
    return unquote(found.group(1)) if found else None


def init_app(app: Flask) -> None:
    backend = app.config["STORAGE"]
    if backend == "local":
        from eexpo.storage.local import LocalStorage

        storage: Storage = LocalStorage.from_config(app.config)
    elif backend == "s3":
        from eexpo.storage.s3 import S3Storage

        storage = S3Storage.from_config(app.config)
    else:
        raise RuntimeError(f"EEXPO_STORAGE must be 'local' or 's3', not {backend!r}")
    app.extensions["eexpo.storage"] = storage
    app.extensions["eexpo.public_url"] = lru_cache(maxsize=PUBLIC_URL_CACHE)(
        lambda key, _window: storage.url(key, public=True, expires_in=2 * PUBLIC_URL_WINDOW)
    )


def get_storage() -> Storage:
    return current_app.extensions["eexpo.storage"]


# A published object's URL is made once per window and reused: pages never sign per view, and
# browsers and CDNs see the same URL all day. It stays valid a window longer than it is handed out.
PUBLIC_URL_WINDOW = 24 * 3600
PUBLIC_URL_CACHE = 100_000


def public_url(key: str) -> str:
    """The URL of a published object (a CDN URL, or a signed one cached for the window)."""
    return public_urls()(key)


def public_window() -> int:
    """The window public URLs are handed out in now: what is made from them is kept per window."""
    return int(time.time()) // PUBLIC_URL_WINDOW


def public_urls(window: int | None = None) -> Callable[[str], str]:
    """`public_url` for many objects at once (a listing's images): the app and the window are
    looked up once. A caller that keeps what it makes per window passes the one it keys by."""
    make: Callable[[str, int], str] = current_app.extensions["eexpo.public_url"]
    if window is None:
        window = public_window()
    return lambda key: make(key, window)
