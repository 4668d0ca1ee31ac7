"""Every setting with its default and meaning; read from EEXPO_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

GiB = 1024**3
MiB = 1024**2


class ConfigError(RuntimeError):
    """Raised when the configuration cannot run safely."""


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def _secret_key(instance_path: Path, production: bool) -> str:
    """The signing key: from the environment, else one generated once and kept in instance/."""
    key = os.environ.get("EEXPO_SECRET_KEY")
    if key:
        return key
    if production:
        raise ConfigError("EEXPO_SECRET_KEY must be set when EEXPO_ENV=production")
    path = instance_path / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _public_url(production: bool) -> str | None:
    """The site's public address, checked: every link leaving the site is built from it."""
    raw = (os.environ.get("EEXPO_PUBLIC_URL") or "").strip().rstrip("/")
    if not raw:
        if production:
            raise ConfigError(
                "EEXPO_PUBLIC_URL must be set when EEXPO_ENV=production (https://expo.example): "
                "links in mails and QR codes are built from it"
            )
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(f"EEXPO_PUBLIC_URL must be an http(s) address, not {raw!r}")
    return raw


def _trusted_hosts(public_url: str | None) -> list[str] | None:
    """The Host headers the app answers to; None (any) only in development without a public URL."""
    raw = os.environ.get("EEXPO_TRUSTED_HOSTS", "")
    hosts = [host.strip().lower() for host in raw.split(",") if host.strip()]
    if hosts:
        return hosts
    return [urlsplit(public_url).hostname or ""] if public_url else None


def load(instance_path: Path) -> dict[str, Any]:
    """Build the settings mapping from the environment; `test_config` is layered on top later."""
    env = os.environ.get("EEXPO_ENV", "development")
    production = env == "production"
    redis_url = os.environ.get("EEXPO_REDIS_URL") or None
    public_url = _public_url(production)
    return {
        # production | development: production demands a secret key and secure cookies.
        "EEXPO_ENV": env,
        "SECRET_KEY": _secret_key(instance_path, production),
        # The site's address for every link in a mail, feed or QR code (never the Host header).
        "PUBLIC_URL": public_url,
        # Flask answers 400 to any other Host header (default: the public URL's host).
        "TRUSTED_HOSTS": _trusted_hosts(public_url),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("EEXPO_DATABASE_URL")
        or f"sqlite:///{instance_path / 'eexpo.sqlite'}",
        # Object storage: "local" (files under MEDIA_ROOT) or "s3".
        "STORAGE": os.environ.get("EEXPO_STORAGE", "local"),
        "MEDIA_ROOT": os.environ.get("EEXPO_MEDIA_ROOT") or str(instance_path / "media"),
        # Behind nginx: the internal location that serves MEDIA_ROOT, which then sends the local
        # store's files itself once the app has checked the link (unset: the app sends them).
        "LOCAL_ACCEL_REDIRECT": os.environ.get("EEXPO_LOCAL_ACCEL_REDIRECT") or None,
        "S3_BUCKET": os.environ.get("EEXPO_S3_BUCKET"),
        "S3_ENDPOINT_URL": os.environ.get("EEXPO_S3_ENDPOINT_URL"),
        "S3_REGION": os.environ.get("EEXPO_S3_REGION"),
        "S3_ADDRESSING_STYLE": os.environ.get("EEXPO_S3_ADDRESSING_STYLE"),
        # Base URL for published media (CDN); unset means presigned GET URLs.
        "S3_PUBLIC_BASE_URL": os.environ.get("EEXPO_S3_PUBLIC_BASE_URL"),
        # The endpoint browsers reach, when it differs from the app's (e.g. inside a cluster).
        "S3_PRESIGN_ENDPOINT_URL": os.environ.get("EEXPO_S3_PRESIGN_ENDPOINT_URL"),
        "MAX_VIDEO_BYTES": _int("EEXPO_MAX_VIDEO_BYTES", 2 * GiB),
        # Open meeting requests one user may have waiting for an answer at once.
        "MEETING_REQUEST_LIMIT": _int("EEXPO_MEETING_REQUEST_LIMIT", 10),
        "MAX_IMAGE_BYTES": _int("EEXPO_MAX_IMAGE_BYTES", 40 * MiB),
        "MAX_IMAGE_PIXELS": _int("EEXPO_MAX_IMAGE_PIXELS", 80_000_000),
        "MAX_VIDEO_SECONDS": _int("EEXPO_MAX_VIDEO_SECONDS", 30 * 60),
        # A video's renditions may take this many seconds per second of video (at least a
        # minute) before the job gives up: a hung decoder never holds a worker for ever.
        "VIDEO_WORK_FACTOR": _int("EEXPO_VIDEO_WORK_FACTOR", 10),
        # Documents (PDF): the largest file and the most pages taken; each is checked in a
        # process of its own, which may use this much CPU time and memory before it is refused.
        "MAX_DOCUMENT_BYTES": _int("EEXPO_MAX_DOCUMENT_BYTES", 50 * MiB),
        "MAX_DOCUMENT_PAGES": _int("EEXPO_MAX_DOCUMENT_PAGES", 200),
        "DOCUMENT_CHECK_SECONDS": _int("EEXPO_DOCUMENT_CHECK_SECONDS", 30),
        "DOCUMENT_CHECK_BYTES": _int("EEXPO_DOCUMENT_CHECK_BYTES", 1 * GiB),
        # Files above the threshold upload in parts (resumable); S3 wants parts of 5 MiB or more.
        "MULTIPART_THRESHOLD": _int("EEXPO_MULTIPART_THRESHOLD", 64 * MiB),
        "MULTIPART_PART_SIZE": _int("EEXPO_MULTIPART_PART_SIZE", 16 * MiB),
        "MAX_PART_BYTES": 64 * MiB,
        # How long upload links live, and download links of unpublished media (drafts and
        # submissions: issued only to their owners and organizers, renewed as the editor polls).
        "UPLOAD_URL_SECONDS": _int("EEXPO_UPLOAD_URL_SECONDS", 3600),
        "PRIVATE_URL_SECONDS": _int("EEXPO_PRIVATE_URL_SECONDS", 15 * 60),
        # Background jobs: "thread" (in-process pool) or "rq" (Redis Queue).
        "TASKS": os.environ.get("EEXPO_TASKS", "thread"),
        "TASK_THREADS": _int("EEXPO_TASK_THREADS", 2),
        "JOB_TIMEOUT_SECONDS": _int("EEXPO_JOB_TIMEOUT_SECONDS", 15 * 60),
        # A worker's claim on a media item lasts this long without its heartbeat (renewed every
        # third of it); a dead worker's item is queued again once it runs out.
        "MEDIA_LEASE_SECONDS": _int("EEXPO_MEDIA_LEASE_SECONDS", 60),
        # How often each app process (thread mode) or worker (rq) looks for such items (0: never).
        "RECOVERY_INTERVAL_SECONDS": _int("EEXPO_RECOVERY_INTERVAL_SECONDS", 30),
        # How often each such process looks for reminders due before opening (0: never).
        "REMINDER_INTERVAL_SECONDS": _int("EEXPO_REMINDER_INTERVAL_SECONDS", 3600),
        # How long before an accepted meeting both sides are reminded of it, and how often each
        # such process looks for meetings that close (0: never).
        "MEETING_REMINDER_MINUTES": _int("EEXPO_MEETING_REMINDER_MINUTES", 60),
        "MEETING_REMINDER_INTERVAL_SECONDS": _int("EEXPO_MEETING_REMINDER_INTERVAL_SECONDS", 300),
        "REDIS_URL": redis_url,
        # SMTP for notifications; unset means mails are written to the log.
        "MAIL_SERVER": os.environ.get("EEXPO_MAIL_SERVER"),
        "MAIL_PORT": _int("EEXPO_MAIL_PORT", 587),
        "MAIL_USERNAME": os.environ.get("EEXPO_MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("EEXPO_MAIL_PASSWORD"),
        "MAIL_USE_TLS": os.environ.get("EEXPO_MAIL_USE_TLS", "1") != "0",
        "MAIL_SENDER": os.environ.get("EEXPO_MAIL_SENDER", "eexpo <no-reply@localhost>"),
        # Lifetimes of signed links and API tokens, in seconds.
        "INVITATION_MAX_AGE": _int("EEXPO_INVITATION_MAX_AGE", 7 * 24 * 3600),
        "PASSWORD_RESET_MAX_AGE": _int("EEXPO_PASSWORD_RESET_MAX_AGE", 3600),
        "API_TOKEN_MAX_AGE": _int("EEXPO_API_TOKEN_MAX_AGE", 30 * 24 * 3600),
        # Flask-Limiter: shared through Redis when configured, else per process.
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Werkzeug hash method; tests lower its cost, production keeps the default.
        "PASSWORD_HASH_METHOD": os.environ.get("EEXPO_PASSWORD_HASH_METHOD", "scrypt"),
        # Sign-in, token and reset attempts per account, and per address (shared by the three).
        "LOGIN_RATE_LIMIT": os.environ.get("EEXPO_LOGIN_RATE_LIMIT", "10 per minute"),
        "SIGN_IN_ADDRESS_LIMIT": os.environ.get("EEXPO_SIGN_IN_ADDRESS_LIMIT", "60 per minute"),
        # Uploads one user may start per minute, and bytes they may declare per hour.
        "UPLOAD_START_LIMIT": os.environ.get("EEXPO_UPLOAD_START_LIMIT", "30 per minute"),
        # Per address, searches the page cache did not answer: a venue's Wi-Fi is one address.
        "SEARCH_RATE_LIMIT": os.environ.get("EEXPO_SEARCH_RATE_LIMIT", "120 per minute"),
        "UPLOAD_BYTES_LIMIT": os.environ.get("EEXPO_UPLOAD_BYTES_LIMIT", f"{20 * GiB} per hour"),
        # Messages a visitor (one address) may send to exhibitors: stops lead flooding.
        "LEAD_RATE_LIMIT": os.environ.get("EEXPO_LEAD_RATE_LIMIT", "5 per minute; 30 per day"),
        # Anonymous visitors' public pages, kept in each process's memory until content changes
        # (or PAGE_CACHE_SECONDS pass: "today" on the home page moves on by itself).
        "PAGE_CACHE": os.environ.get("EEXPO_PAGE_CACHE", "1") != "0",
        "PAGE_CACHE_BYTES": _int("EEXPO_PAGE_CACHE_MB", 64) * MiB,
        "PAGE_CACHE_SECONDS": _int("EEXPO_PAGE_CACHE_SECONDS", 300),
        # How often each process writes the visit counts it gathered to the database (0: never;
        # tests flush by hand).
        "COUNT_FLUSH_SECONDS": _int("EEXPO_COUNT_FLUSH_SECONDS", 10),
        # Reverse proxies (nginx, a load balancer) in front of the app whose X-Forwarded-For,
        # -Proto and -Host headers are trusted: visitors' addresses count and rate-limit them.
        "PROXY_COUNT": _int("EEXPO_PROXY_COUNT", 0),
        # Log lines as JSON objects (for a log collector) or text; one line per request too.
        "LOG_FORMAT": os.environ.get("EEXPO_LOG_FORMAT") or ("json" if production else "text"),
        "REQUEST_LOG": os.environ.get("EEXPO_REQUEST_LOG", "1" if production else "0") != "0",
        # Bearer token for /metrics; unset, only loopback may scrape it.
        "METRICS_TOKEN": os.environ.get("EEXPO_METRICS_TOKEN") or None,
        # Where `flask worker` serves its own jobs' metrics on loopback (0: nowhere).
        "WORKER_METRICS_PORT": _int("EEXPO_WORKER_METRICS_PORT", 0),
        # How long browsers and CDNs may reuse an anonymous public page without asking again.
        "PAGE_MAX_AGE": _int("EEXPO_PAGE_MAX_AGE", 60),
        # The sector group the report's summary singles out ("… in the high-tech sectors").
        "REPORT_GROUP": os.environ.get("EEXPO_REPORT_GROUP", "high-tech"),
        # Catalogue CSV files (a catalogue of thousands of exhibitors is well under 1 MB).
        "MAX_CSV_BYTES": _int("EEXPO_MAX_CSV_BYTES", 10 * MiB),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        # Forms and JSON are small; media uploads raise the limit on their own endpoint only.
        "MAX_CONTENT_LENGTH": 1 * MiB,
        "MAX_FORM_MEMORY_SIZE": 256 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        # The expo's own time zone: "today" in the programme, and times shown to people.
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("EEXPO_TIMEZONE", "Asia/Shanghai"),
        "LANGUAGES": {"en": "English", "zh_Hans": "简体中文"},
        # A server may drop idle connections: each is pinged before use (not SQLite's).
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    }
