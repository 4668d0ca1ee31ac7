"""The embedded store: files under MEDIA_ROOT, reached through signed URLs served by the app.

It mirrors what S3 offers a browser (a policy-bound form upload, multipart uploads with signed
part URLs, ranged downloads), so the uploader and the processing pipeline work alike on both.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from itsdangerous import BadSignature, Signer, URLSafeSerializer

from eexpo.storage import ObjectInfo, Part, PendingUpload, Sink, StorageError

URL_PREFIX = "/media-files"
# S3's own floor for every part but the last; enforced here too so both stores behave alike.
MIN_PART_SIZE = 5 * 1024 * 1024
PUBLIC_URL_WINDOW = 7 * 24 * 3600
_UPLOADS = ".uploads"
_CHUNK = 1024 * 1024


class LocalStorage:
    name = "local"

    def __init__(self, root: str | Path, secret_key: str) -> None:
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self._signer = URLSafeSerializer(secret_key, salt="eexpo.local-storage")
        self._links = Signer(secret_key, salt="eexpo.local-storage.download")

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LocalStorage:
        return cls(config["MEDIA_ROOT"], config["SECRET_KEY"])

    # --- signing ----------------------------------------------------------------------------

    def sign(self, payload: dict[str, Any], expires_in: int) -> str:
        return self._signer.dumps({**payload, "e": int(time.time()) + expires_in})

    def verify(self, token: str) -> dict[str, Any]:
        """The payload of a token this store signed; raises StorageError if forged or expired."""
        try:
            payload = self._signer.loads(token)
        except BadSignature:
            raise StorageError("the link is not valid") from None
        if not isinstance(payload, dict) or payload.get("e", 0) < time.time():
            raise StorageError("the link has expired")
        return payload

    def _link_token(self, key: str, public: bool, expires_at: int) -> str:
        grant = f"{int(public)}.{expires_at}"
        return f"{grant}.{self._links.get_signature(f'{key}|{grant}').decode()}"

    def check_link(self, key: str, token: str) -> bool:
        """Whether a download link to `key` is a public one; raises StorageError if it was forged,
        made for another key, or has expired."""
        public, _, rest = token.partition(".")
        expires_at, _, signature = rest.partition(".")
        if not self._links.verify_signature(f"{key}|{public}.{expires_at}", signature):
            raise StorageError("the link is not valid")
        if int(expires_at) < time.time():
            raise StorageError("the link has expired")
        return public == "1"

    # --- paths --------------------------------------------------------------------------------

    def path(self, key: str) -> Path:
        """The file behind a key; keys are ours, but a key must never reach outside the root."""
        path = (self.root / key).resolve()
        if self.root not in path.parents or key.startswith(_UPLOADS):
            raise StorageError(f"invalid key {key!r}")
        return path

    def _upload_dir(self, upload_id: str) -> Path:
        if not upload_id.isalnum():
            raise StorageError("invalid upload id")
        return self.root / _UPLOADS / upload_id

    def _upload_meta(self, upload_id: str, key: str) -> dict[str, Any]:
        try:
            meta = json.loads((self._upload_dir(upload_id) / "meta.json").read_text())
        except FileNotFoundError:
            raise StorageError("no such upload") from None
        if meta["key"] != key:
            raise StorageError("the upload belongs to another key")
        return meta

    # --- uploads ------------------------------------------------------------------------------

    def presigned_post(
        self, key: str, *, content_type: str, max_size: int, expires_in: int
    ) -> dict[str, Any]:
        self.path(key)
        policy = self.sign({"k": key, "ct": content_type, "max": max_size}, expires_in)
        return {
            "method": "POST",
            "url": f"{URL_PREFIX}/upload?policy={policy}",
            "fields": {"key": key, "Content-Type": content_type},
        }

    def create_multipart(self, key: str, *, content_type: str) -> str:
        self.path(key)
        upload_id = uuid.uuid4().hex
        directory = self._upload_dir(upload_id)
        directory.mkdir(parents=True)
        meta = {"key": key, "content_type": content_type, "initiated_at": time.time()}
        (directory / "meta.json").write_text(json.dumps(meta))
        return upload_id

    def presigned_part_urls(
        self, key: str, upload_id: str, part_numbers: list[int], *, expires_in: int
    ) -> dict[int, str]:
        self._upload_meta(upload_id, key)
        return {
            n: f"{URL_PREFIX}/parts/{upload_id}/{n}?t="
            + self.sign({"k": key, "u": upload_id, "n": n}, expires_in)
            for n in part_numbers
        }

    def store_part(self, upload_id: str, part_number: int, stream: IO[bytes], limit: int) -> str:
        """Write one part from a request body; returns its ETag (quoted MD5, as S3 does)."""
        directory = self._upload_dir(upload_id)
        if not (directory / "meta.json").exists():
            raise StorageError("no such upload")
        _size, digest = _write_limited(stream, directory / f"{part_number:05d}.part", limit)
        etag = f'"{digest}"'
        (directory / f"{part_number:05d}.etag").write_text(etag)
        return etag

    def store_upload(self, key: str, source: IO[bytes], limit: int, content_type: str) -> int:
        """Write a form upload to its key atomically; returns its size."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        size, _digest = _write_limited(source, path, limit)
        self._type_file(path).write_text(content_type)
        return size

    def list_parts(self, key: str, upload_id: str) -> list[Part]:
        self._upload_meta(upload_id, key)
        directory = self._upload_dir(upload_id)
        parts = []
        for part in sorted(directory.glob("*.part")):
            etag_file = part.with_suffix(".etag")
            if etag_file.exists():
                parts.append(Part(int(part.stem), etag_file.read_text(), part.stat().st_size))
        return parts

    def complete_multipart(self, key: str, upload_id: str, parts: list[Part]) -> None:
        meta = self._upload_meta(upload_id, key)
        stored = {p.part_number: p for p in self.list_parts(key, upload_id)}
        ordered = sorted(parts, key=lambda p: p.part_number)
        if not ordered:
            raise StorageError("no parts to assemble")
        for index, part in enumerate(ordered):
            have = stored.get(part.part_number)
            if have is None or have.etag.strip('"') != part.etag.strip('"'):
                raise StorageError(f"part {part.part_number} was not uploaded as listed")
            if index < len(ordered) - 1 and have.size < MIN_PART_SIZE:
                raise StorageError(f"part {part.part_number} is smaller than 5 MiB")
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex}")
        directory = self._upload_dir(upload_id)
        with temporary.open("wb") as out:
            for part in ordered:
                with (directory / f"{part.part_number:05d}.part").open("rb") as source:
                    shutil.copyfileobj(source, out, _CHUNK)
        os.replace(temporary, path)
        self._type_file(path).write_text(meta["content_type"])
        shutil.rmtree(directory)

    def abort_multipart(self, key: str, upload_id: str) -> None:
        self._upload_meta(upload_id, key)
        shutil.rmtree(self._upload_dir(upload_id), ignore_errors=True)

    def pending_uploads(self) -> Iterator[PendingUpload]:
        for meta_file in (self.root / _UPLOADS).glob("*/meta.json"):
            meta = json.loads(meta_file.read_text())
            yield PendingUpload(
                meta["key"],
                meta_file.parent.name,
                datetime.fromtimestamp(meta["initiated_at"], UTC),
            )

    # --- objects ------------------------------------------------------------------------------

    def check(self) -> None:
        if not (self.root.is_dir() and os.access(self.root, os.W_OK | os.X_OK)):
            raise StorageError(f"{self.root} is not a writable directory")

    def head(self, key: str) -> ObjectInfo | None:
        path = self.path(key)
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        content_type, download_name = self._meta(key)
        return ObjectInfo(key, stat.st_size, content_type, etag, download_name=download_name)

    def read(self, key: str, *, start: int = 0, length: int | None = None) -> bytes:
        try:
            with self.path(key).open("rb") as file:
                file.seek(start)
                return file.read() if length is None else file.read(length)
        except FileNotFoundError:
            raise StorageError(f"no object {key!r}") from None

    def put(
        self, key: str, data: bytes, *, content_type: str, immutable: bool,
        download_name: str | None = None,
    ) -> None:  # fmt: skip
        self.write_from(key, io.BytesIO(data), content_type=content_type, immutable=immutable,
                        download_name=download_name)  # fmt: skip

    def read_into(self, key: str, out: Sink) -> None:
        try:
            with self.path(key).open("rb") as file:
                shutil.copyfileobj(file, out, _CHUNK)
        except FileNotFoundError:
            raise StorageError(f"no object {key!r}") from None

    def write_from(
        self, key: str, source: IO[bytes], *, content_type: str, immutable: bool,
        download_name: str | None = None,
    ) -> None:  # fmt: skip
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_limited(source, path, sys.maxsize)
        self._type_file(path).write_text("\n".join(filter(None, [content_type, download_name])))

    @staticmethod
    def _type_file(path: Path) -> Path:
        # S3 keeps an object's Content-Type (and Content-Disposition) with it; here they sit in
        # a hidden file beside it, a line each.
        return path.with_name(f".{path.name}.type")

    def _meta(self, key: str) -> tuple[str, str | None]:
        """(the object's content type, the name browsers save it under, if any)."""
        try:
            content_type, _sep, download_name = (
                self._type_file(self.path(key)).read_text().partition("\n")
            )
        except FileNotFoundError:
            return "application/octet-stream", None
        return content_type, download_name or None

    def content_type(self, key: str) -> str:
        return self._meta(key)[0]

    def download_name(self, key: str) -> str | None:
        return self._meta(key)[1]

    def delete(self, keys: list[str]) -> None:
        for key in keys:
            path = self.path(key)
            path.unlink(missing_ok=True)
            self._type_file(path).unlink(missing_ok=True)
            parent = path.parent
            while parent != self.root and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent

    def keys(self, prefix: str) -> Iterator[str]:
        for path in sorted(self.root.rglob("*")):
            key = path.relative_to(self.root).as_posix()
            hidden = path.name.startswith(".") or key.startswith(_UPLOADS)
            if path.is_file() and key.startswith(prefix) and not hidden:
                yield key

    def url(self, key: str, *, public: bool, expires_in: int) -> str:
        self.path(key)
        now = int(time.time())
        if public:
            # Published media keep one URL for a whole week (valid one more), so it caches.
            expires_at = (now // PUBLIC_URL_WINDOW + 2) * PUBLIC_URL_WINDOW
        else:
            expires_at = now + expires_in
        # The key is in the path, so the token holds only the grant and its signature: a listing
        # carries seven such URLs per card, and a serialized payload made them 250 characters.
        return f"{URL_PREFIX}/{quote(key)}?t={self._link_token(key, public, expires_at)}"

    def processing_source(self, key: str) -> str:
        return str(self.path(key))


def _write_limited(source: IO[bytes], path: Path, limit: int) -> tuple[int, str]:
    """Stream `source` into `path` atomically, refusing more than `limit` bytes.
    Returns the size and the MD5 (S3's ETag of a part)."""
    digest = hashlib.md5(usedforsecurity=False)
    temporary = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex}")
    size = 0
    with temporary.open("wb") as out:
        while chunk := source.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                out.close()
                temporary.unlink()
                raise StorageError("the file is larger than allowed")
            digest.update(chunk)
            out.write(chunk)
    os.replace(temporary, path)
    return size, digest.hexdigest()
