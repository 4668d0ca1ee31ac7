"""Any S3-compatible store (AWS, MinIO, Ceph RGW, R2) through boto3; the only boto3 import.

Browsers upload and download directly with presigned requests, so media bytes never pass
through the app. Presigning is local computation; the store is contacted only to start,
list, finish or abort multipart uploads, and to head, read, write or delete objects.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any
from urllib.parse import quote

import boto3
from boto3.exceptions import S3UploadFailedError
from botocore.config import Config
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

from eexpo.storage import (
    ObjectInfo,
    Part,
    PendingUpload,
    Sink,
    StorageError,
    StorageUnavailable,
    attachment,
    download_name_of,
)


def _config(addressing_style: str | None, connect_timeout: int = 5) -> Config:
    return Config(
        # Without s3v4, boto3 presigns SigV2 for custom endpoints in us-east-1.
        signature_version="s3v4",
        s3={"addressing_style": addressing_style or "auto"},
        # Several S3-compatible stores reject the CRC checksums boto3 now sends by default.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        connect_timeout=connect_timeout,
        retries={"max_attempts": 3, "mode": "standard"},
    )


# What S3 answers when it is down or overloaded, rather than refusing this request.
_UNAVAILABLE_CODES = frozenset(
    {"500", "502", "503", "504", "InternalError", "ServiceUnavailable", "SlowDown"}
)


def _code(error: BaseException | None) -> str | None:
    return error.response["Error"].get("Code") if isinstance(error, ClientError) else None


@contextmanager
def _errors(operation: str) -> Iterator[None]:
    """boto3's failures as the storage interface's: StorageUnavailable for an unreachable or
    failing store (retry later), StorageError for a refusal."""
    try:
        yield
    except ClientError as error:
        code = _code(error)
        kind = StorageUnavailable if code in _UNAVAILABLE_CODES else StorageError
        raise kind(f"{operation}: {code}") from error
    except (BotoConnectionError, HTTPClientError) as error:
        raise StorageUnavailable(f"{operation}: {error}") from error
    except S3UploadFailedError as error:
        # A managed upload wraps the store's answer; that answer says whether to retry.
        cause = error.__cause__ or error.__context__
        code = _code(cause)
        down = code in _UNAVAILABLE_CODES or isinstance(
            cause, BotoConnectionError | HTTPClientError
        )
        kind = StorageUnavailable if down else StorageError
        raise kind(f"{operation}: {code or error}") from error


class S3Storage:
    name = "s3"

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        presign_endpoint_url: str | None = None,
        region: str | None = None,
        addressing_style: str | None = None,
        public_base_url: str | None = None,
    ) -> None:
        if not bucket:
            raise StorageError("EEXPO_S3_BUCKET must be set when EEXPO_STORAGE=s3")
        self.bucket = bucket
        self.public_base_url = public_base_url.rstrip("/") if public_base_url else None
        config = _config(addressing_style)
        self.client = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=region, config=config
        )
        # Presign against the endpoint the browser reaches, which may differ from the app's.
        self.presigner = (
            boto3.client("s3", endpoint_url=presign_endpoint_url, region_name=region, config=config)
            if presign_endpoint_url and presign_endpoint_url != endpoint_url
            else self.client
        )

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> S3Storage:
        return cls(
            config["S3_BUCKET"],
            endpoint_url=config["S3_ENDPOINT_URL"],
            presign_endpoint_url=config["S3_PRESIGN_ENDPOINT_URL"],
            region=config["S3_REGION"],
            addressing_style=config["S3_ADDRESSING_STYLE"],
            public_base_url=config["S3_PUBLIC_BASE_URL"],
        )

    def _call(self, operation: str, **kwargs: Any) -> Any:
        with _errors(operation):
            return getattr(self.client, operation)(Bucket=self.bucket, **kwargs)

    # --- uploads ------------------------------------------------------------------------------

    def presigned_post(
        self, key: str, *, content_type: str, max_size: int, expires_in: int
    ) -> dict[str, Any]:
        post = self.presigner.generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[
                {"Content-Type": content_type},
                ["content-length-range", 1, max_size],
            ],
            ExpiresIn=expires_in,
        )
        return {"method": "POST", "url": post["url"], "fields": post["fields"]}

    def create_multipart(self, key: str, *, content_type: str) -> str:
        return self._call("create_multipart_upload", Key=key, ContentType=content_type)["UploadId"]

    def presigned_part_urls(
        self, key: str, upload_id: str, part_numbers: list[int], *, expires_in: int
    ) -> dict[int, str]:
        self._call("list_parts", Key=key, UploadId=upload_id, MaxParts=1)  # still open?
        return {
            n: self.presigner.generate_presigned_url(
                "upload_part",
                Params={"Bucket": self.bucket, "Key": key, "UploadId": upload_id, "PartNumber": n},
                ExpiresIn=expires_in,
            )
            for n in part_numbers
        }

    def list_parts(self, key: str, upload_id: str) -> list[Part]:
        parts: list[Part] = []
        marker = 0
        while True:
            page = self._call(
                "list_parts", Key=key, UploadId=upload_id, PartNumberMarker=marker, MaxParts=1000
            )
            parts += [Part(p["PartNumber"], p["ETag"], p["Size"]) for p in page.get("Parts", [])]
            if not page.get("IsTruncated"):
                return parts
            marker = page["NextPartNumberMarker"]

    def complete_multipart(self, key: str, upload_id: str, parts: list[Part]) -> None:
        self._call(
            "complete_multipart_upload",
            Key=key,
            UploadId=upload_id,
            MultipartUpload={
                "Parts": [
                    {"PartNumber": p.part_number, "ETag": p.etag}
                    for p in sorted(parts, key=lambda p: p.part_number)
                ]
            },
        )

    def abort_multipart(self, key: str, upload_id: str) -> None:
        self._call("abort_multipart_upload", Key=key, UploadId=upload_id)

    def pending_uploads(self) -> Iterator[PendingUpload]:
        paginator = self.client.get_paginator("list_multipart_uploads")
        with _errors("list_multipart_uploads"):
            pages = list(paginator.paginate(Bucket=self.bucket))
        for page in pages:
            for upload in page.get("Uploads", []):
                yield PendingUpload(upload["Key"], upload["UploadId"], upload["Initiated"])

    # --- objects ------------------------------------------------------------------------------

    def head(self, key: str) -> ObjectInfo | None:
        try:
            with _errors("head_object"):
                head = self.client.head_object(Bucket=self.bucket, Key=key)
        except StorageError as error:
            if _code(error.__cause__) in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        immutable = "immutable" in head.get("CacheControl", "")
        return ObjectInfo(
            key, head["ContentLength"], head.get("ContentType"), head.get("ETag"), immutable,
            download_name_of(head.get("ContentDisposition")),
        )  # fmt: skip

    def read(self, key: str, *, start: int = 0, length: int | None = None) -> bytes:
        extra = {}
        if start or length is not None:
            end = "" if length is None else str(start + length - 1)
            extra["Range"] = f"bytes={start}-{end}"
        with _errors("get_object"):
            return self._call("get_object", Key=key, **extra)["Body"].read()

    def put(
        self, key: str, data: bytes, *, content_type: str, immutable: bool,
        download_name: str | None = None,
    ) -> None:  # fmt: skip
        self.write_from(key, io.BytesIO(data), content_type=content_type, immutable=immutable,
                        download_name=download_name)  # fmt: skip

    def read_into(self, key: str, out: Sink) -> None:
        with _errors("get_object"):
            self.client.download_fileobj(self.bucket, key, out)

    def write_from(
        self, key: str, source: IO[bytes], *, content_type: str, immutable: bool,
        download_name: str | None = None,
    ) -> None:  # fmt: skip
        extra = {"ContentType": content_type}
        if immutable:
            extra["CacheControl"] = "public, max-age=31536000, immutable"
        if download_name:
            extra["ContentDisposition"] = attachment(download_name)
        # Large objects go up in parts (boto3's managed transfer), small ones in one request.
        with _errors("put_object"):
            self.client.upload_fileobj(source, self.bucket, key, ExtraArgs=extra)

    def delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):
            batch = keys[start : start + 1000]
            self._call("delete_objects", Delete={"Objects": [{"Key": k} for k in batch]})

    def keys(self, prefix: str) -> Iterator[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        with _errors("list_objects_v2"):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
                for item in page.get("Contents", []):
                    yield item["Key"]

    def url(self, key: str, *, public: bool, expires_in: int) -> str:
        if public and self.public_base_url:
            return f"{self.public_base_url}/{quote(key)}"
        return self.presigner.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=expires_in
        )

    def check(self) -> None:
        self._call("head_bucket")

    def processing_source(self, key: str) -> str:
        # Decoders read through Range requests against this URL; gigabytes are never copied.
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=3600
        )

    def ensure_bucket(self, *, cors_origins: list[str] | None = None) -> None:
        """Create the bucket if missing and allow browser uploads from these origins."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError:
            self._call("create_bucket")
        if cors_origins:
            self._call(
                "put_bucket_cors",
                CORSConfiguration={
                    "CORSRules": [
                        {
                            "AllowedOrigins": cors_origins,
                            "AllowedMethods": ["GET", "HEAD", "POST", "PUT"],
                            "AllowedHeaders": ["*"],
                            "ExposeHeaders": ["ETag"],
                            "MaxAgeSeconds": 3600,
                        }
                    ]
                },
            )
