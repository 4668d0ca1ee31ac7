"""For search engines: robots.txt and sitemaps of the public pages (published booths and their
exhibits only, the programme's sessions and speakers).

Sitemaps hold at most 50,000 addresses each, so `/sitemap.xml` is an index of the main pages'
sitemap, of booth sitemaps of PER_FILE booths each and of exhibit sitemaps likewise."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from xml.sax.saxutils import escape

import sqlalchemy as sa
from flask import Response

from eexpo.access import public
from eexpo.errors import NotFound
from eexpo.extensions import db
from eexpo.links import external_url
from eexpo.models import Booth, BoothStatus, Exhibit, ProgrammeSession, Sector, Speaker
from eexpo.pagecache import cached
from eexpo.visit import bp

PER_FILE = 10_000
XML = "application/xml"
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


@bp.get("/robots.txt")
@public
@cached
def robots() -> Response:
    lines = [
        "User-agent: *",
        "Disallow: /portal/",
        "Disallow: /organizer/",
        "Disallow: /api/",
        "Disallow: /media-files/",
        f"Sitemap: {external_url('visit.sitemap')}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


def _booth_count() -> int:
    query = sa.select(sa.func.count()).where(Booth.status == BoothStatus.PUBLISHED)
    return db.session.scalar(query) or 0


def _live_exhibits() -> sa.Select:
    """Live exhibits' ids with their booth's publication time, by id."""
    return (
        sa.select(Exhibit.id, Booth.published_at)
        .join(Booth, Booth.id == Exhibit.booth_id)
        .where(Exhibit.live_version_id.is_not(None))
        .order_by(Exhibit.id)
    )


@bp.get("/sitemap.xml")
@public
@cached
def sitemap() -> Response:
    files = [external_url("visit.sitemap_main")]
    pages = -(-_booth_count() // PER_FILE)
    files += [external_url("visit.sitemap_booths", n=n) for n in range(1, pages + 1)]
    exhibits = db.session.scalar(
        sa.select(sa.func.count()).select_from(_live_exhibits().subquery())
    )
    pages = -(-(exhibits or 0) // PER_FILE)
    files += [external_url("visit.sitemap_exhibits", n=n) for n in range(1, pages + 1)]
    body = "".join(f"<sitemap><loc>{escape(loc)}</loc></sitemap>\n" for loc in files)
    return Response(f"{_HEAD}<sitemapindex {_NS}>\n{body}</sitemapindex>\n", mimetype=XML)


def _urlset(entries: Iterator[tuple[str, datetime | None]]) -> Response:
    def url(loc: str, modified: datetime | None) -> str:
        lastmod = f"<lastmod>{modified.date().isoformat()}</lastmod>" if modified else ""
        return f"<url><loc>{escape(loc)}</loc>{lastmod}</url>\n"

    body = "".join(url(loc, modified) for loc, modified in entries)
    return Response(f"{_HEAD}<urlset {_NS}>\n{body}</urlset>\n", mimetype=XML)


@bp.get("/sitemap-main.xml")
@public
@cached
def sitemap_main() -> Response:
    slugs = db.session.scalars(sa.select(Sector.slug).order_by(Sector.position, Sector.name))
    entries = [(external_url("visit.home"), None), (external_url("visit.exhibits"), None)]
    entries += [(external_url("visit.sector", slug=slug), None) for slug in slugs]
    entries.append((external_url("catalogue.programme"), None))
    for endpoint, column, argument in (
        ("catalogue.session", ProgrammeSession.id, "session_id"),
        ("catalogue.speaker", Speaker.id, "speaker_id"),
    ):
        ids = db.session.scalars(sa.select(column).order_by(column))
        entries += [(external_url(endpoint, **{argument: row_id}), None) for row_id in ids]
    return _urlset(iter(entries))


@bp.get("/sitemap-booths-<int:n>.xml")
@public
@cached
def sitemap_booths(n: int) -> Response:
    if n < 1:
        raise NotFound()
    rows = db.session.execute(
        sa.select(Booth.id, Booth.published_at)
        .where(Booth.status == BoothStatus.PUBLISHED)
        .order_by(Booth.id)
        .limit(PER_FILE)
        .offset((n - 1) * PER_FILE)
    ).all()
    if not rows:
        raise NotFound()
    # One URL build for them all: ten thousand calls cost more than the query.
    base = external_url("visit.booth", booth_id=0).removesuffix("0")
    return _urlset((f"{base}{booth_id}", published) for booth_id, published in rows)


@bp.get("/sitemap-exhibits-<int:n>.xml")
@public
@cached
def sitemap_exhibits(n: int) -> Response:
    if n < 1:
        raise NotFound()
    rows = db.session.execute(_live_exhibits().limit(PER_FILE).offset((n - 1) * PER_FILE)).all()
    if not rows:
        raise NotFound()
    base = external_url("visit.exhibit", exhibit_id=0).removesuffix("0")
    return _urlset((f"{base}{exhibit_id}", published) for exhibit_id, published in rows)
