"""Full-text search over published booths and their exhibits, in English and Chinese, on SQLite
and PostgreSQL.

Both databases index the same prepared text: Latin words lower-cased and stemmed (Snowball), and
Chinese (any CJK run) cut into overlapping two-character pieces, the way CJK search engines do,
since Chinese has no spaces and most of its words have two characters. SQLite keeps that text in
an FTS5 table (unicode61 tokenizer, bm25 ranking); PostgreSQL in a `tsvector` with a GIN index
(`simple` configuration, ts_rank_cd ranking). A query is prepared the same way, so "sensors"
finds "sensor", "传感器" finds "智能传感器网络", and nothing the user types reaches either
database's query syntax: only the prepared terms do.

Two indexes hold the same kind of documents: booths (`BOOTHS`) and exhibits (`EXHIBITS`). They
hold published ones only, written in the same transaction as the publish, takedown or restore
that changes them, so search never shows what visitors cannot open.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import nh3
import snowballstemmer
import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from eexpo import spelling
from eexpo.booths.markdown import render as render_markdown
from eexpo.catalogue.services import read_glossary
from eexpo.extensions import db
from eexpo.models import (
    BlockType,
    Booth,
    BoothRevision,
    BoothStatus,
    Exhibit,
    ExhibitCooperation,
    Exhibitor,
    ExhibitVersion,
    Hall,
    Stand,
)

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
# Latin letters and digits, or a run of CJK ideographs (with the kana and hangul around them).
_RUNS = re.compile(
    r"(?P<cjk>[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+)"
    r"|(?P<word>[^\W_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+)"
)


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """Cached: text repeats its words, and the pure-Python stemmer made indexing slow."""
    return _STEMMER.stemWord(word)


def described_by_models(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's `include_name` filter: the indexes' tables (and FTS5's shadow tables) are made
    by a migration by hand, not described by the models, so schema comparisons skip them."""
    return not (type_ == "table" and bool(name) and name.startswith(TABLES))  # type: ignore[union-attr]


@dataclass(frozen=True)
class Term:
    """One thing to look for: `pieces` must follow each other (CJK bigrams) or be one word."""

    pieces: tuple[str, ...]
    prefix: bool  # a Latin word (or a lone CJK character) also matches longer words
    surface: str  # what to highlight in snippets


def _terms(text: str) -> list[Term]:
    text = unicodedata.normalize("NFKC", text).lower()
    terms: list[Term] = []
    for match in _RUNS.finditer(text):
        if match.group("cjk"):
            run = match.group("cjk")
            if len(run) == 1:
                terms.append(Term((run,), True, run))
            else:
                pieces = tuple(run[i : i + 2] for i in range(len(run) - 1))
                terms.append(Term(pieces, False, run))
        else:
            word = match.group("word")
            terms.append(Term((_stem(word),), True, word))
    return terms


def prepare(text: str) -> str:
    """Text as the index stores it: stemmed words and CJK bigrams, separated by spaces."""
    return " ".join(piece for term in _terms(text) for piece in term.pieces)


def query_terms(query: str) -> list[Term]:
    """What a visitor's query looks for: at most MAX_TERMS terms from its first characters.
    Quotes, operators and punctuation carry no meaning; they simply fall away."""
    return _terms(query[:MAX_QUERY_CHARS])[:MAX_TERMS]


# --- the index ----------------------------------------------------------------------------------


def _plain(markdown: str) -> str:
    return html.unescape(nh3.clean(str(render_markdown(markdown)), tags=set()))


def _both(*texts: str | None) -> str:
    return " ".join(filter(None, texts))


def _document(booth: Booth, revision: BoothRevision, names: dict[str, str]) -> dict[str, str]:
    """What a booth is found by: its live content, its exhibits, and where it stands in the
    catalogue (its sector's names, its exhibitor's delegation and region, in both languages:
    `names` is the glossary)."""
    exhibitor = booth.exhibitor
    sector = booth.sector
    places = [exhibitor.delegation, exhibitor.region]
    body = [_both(sector.name if sector else None, sector.name_zh if sector else None,
                  *places, *(names.get(place or "") for place in places))]  # fmt: skip
    for block in revision.blocks:
        if block.type == BlockType.TEXT:
            body.append(_plain(block.markdown or ""))
        else:
            body.extend(filter(None, [block.caption, block.alt]))
    body += [_both(v.name, v.name_zh, v.summary, v.summary_zh) for v in revision.exhibits]
    return {
        "title": revision.title,
        "exhibitor": _both(exhibitor.name, exhibitor.name_zh),
        "summary": revision.summary or "",
        "body": "\n".join(body),
    }


# Words each kind of cooperation is also found by, in both languages ("ready for licensing").
COOPERATION_WORDS = {
    ExhibitCooperation.SALE: "sale 销售",
    ExhibitCooperation.LICENSING: "licensing licence license 技术许可 许可",
    ExhibitCooperation.JOINT_DEVELOPMENT: "joint development 联合开发 合作开发",
    ExhibitCooperation.INVESTMENT: "investment 投资 融资",
    ExhibitCooperation.DISTRIBUTION: "distribution 分销 代理",
    ExhibitCooperation.RESEARCH: "research 研究合作 科研",
}


def _exhibit_document(booth: Booth, version: ExhibitVersion) -> dict[str, str]:
    exhibitor = booth.exhibitor
    sectors = [_both(sector.name, sector.name_zh) for sector in version.sectors]
    words = [COOPERATION_WORDS[kind] for kind in version.cooperation]
    return {
        "title": _both(version.name, version.name_zh),
        "exhibitor": _both(exhibitor.name, exhibitor.name_zh),
        "summary": _both(version.summary, version.summary_zh),
        "body": "\n".join([_plain(version.markdown), *sectors, *words]),
    }


_RAW = ("raw_title", "raw_exhibitor", "raw_summary", "raw_body")
_FIELDS = ("title", "exhibitor", "summary", "body")
_WEIGHTS = {"title": "A", "exhibitor": "A", "summary": "B", "body": "C"}


def _postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"


class FullText:
    """One index of prepared documents: of booths, or of exhibits. Each database holds it as a
    lightweight table (not part of the models' metadata), keyed by what it finds (`key` on
    PostgreSQL; FTS5's rowid on SQLite)."""

    def __init__(self, table: str, key: str) -> None:
        self.table = table
        self.fts5 = sa.table(table, sa.column("rowid"), *map(sa.column, (*_FIELDS, *_RAW)))
        self.pg = sa.table(table, sa.column(key), sa.column("document"), *map(sa.column, _RAW))
        self.key = key

    def stored(self) -> tuple[sa.TableClause, sa.ColumnClause[Any]]:
        """The table on this database, and its column of ids."""
        if _postgresql():
            return self.pg, self.pg.c[self.key]
        return self.fts5, self.fts5.c.rowid

    def insert(self, documents: list[tuple[int, dict[str, str]]]) -> None:
        """One executemany INSERT of (id, document) pairs."""
        if not documents:
            return
        if _postgresql():
            vectors = [
                sa.func.setweight(
                    sa.func.to_tsvector("simple", sa.bindparam(f"prepared_{name}")),
                    sa.literal_column(
                        f"'{weight}'"
                    ),  # one of our four letters: PostgreSQL's "char"
                )
                for name, weight in _WEIGHTS.items()
            ]
            document: sa.ColumnElement[Any] = vectors[0]
            for vector in vectors[1:]:
                document = document.op("||")(vector)
            statement = sa.insert(self.pg).values(
                **{self.key: sa.bindparam("id")},
                document=document,
                **{raw: sa.bindparam(raw) for raw in _RAW},
            )
            prefix, key = "prepared_", "id"
        else:
            statement, prefix, key = sa.insert(self.fts5), "", "rowid"
        rows = [
            {
                key: found_id,
                **{f"{prefix}{name}": prepare(text) for name, text in doc.items()},
                **{f"raw_{name}": text for name, text in doc.items()},
            }
            for found_id, doc in documents
        ]
        db.session.execute(statement, rows)
        spelling.add(spelling.words_of(text for _id, doc in documents for text in doc.values()))

    def remove(self, ids: list[int]) -> None:
        table, key = self.stored()
        db.session.execute(sa.delete(table).where(key.in_(ids)))

    def clear(self) -> None:
        db.session.execute(sa.delete(self.stored()[0]))

    def match(self, terms: list[Term]) -> tuple[Any, sa.ColumnElement[bool], Any]:
        """(the ids column, the match condition, the rank to sort by: lower is better)."""
        table, key = self.stored()
        if _postgresql():
            query = sa.func.to_tsquery("simple", _tsquery(terms))
            rank: sa.ColumnElement[Any] = -sa.func.ts_rank_cd(self.pg.c.document, query)
            return key, self.pg.c.document.op("@@")(query), rank
        whole: sa.ColumnElement[Any] = sa.literal_column(self.table)
        rank = sa.func.bm25(whole, 10.0, 8.0, 4.0, 1.0)
        return key, whole.op("MATCH")(_fts5_query(terms)), rank


BOOTHS = FullText("booth_search", "booth_id")
EXHIBITS = FullText("exhibit_search", "exhibit_id")
TABLES = (BOOTHS.table, EXHIBITS.table, spelling.TABLE)


def index_booth(booth: Booth) -> None:
    """Put the booth's live content, and its exhibits, in the index (replacing what was there)."""
    remove_booth(booth.id)
    revision = booth.published_revision
    if booth.status == BoothStatus.PUBLISHED and revision is not None:
        BOOTHS.insert([(booth.id, _document(booth, revision, read_glossary()))])
        EXHIBITS.insert([(v.exhibit_id, _exhibit_document(booth, v)) for v in revision.exhibits])


def index_booths(booth_ids: list[int]) -> None:
    """Index many booths not yet in the index, reading them in one go (rebuild, bulk loads)."""
    booths = db.session.scalars(
        sa.select(Booth)
        .where(Booth.id.in_(booth_ids), Booth.status == BoothStatus.PUBLISHED)
        .options(
            selectinload(Booth.exhibitor),
            selectinload(Booth.sector),
            selectinload(Booth.published_revision).selectinload(BoothRevision.blocks),
            selectinload(Booth.published_revision)
            .selectinload(BoothRevision.exhibits)
            .selectinload(ExhibitVersion.sectors),
        )
    ).all()
    live = [(b, b.published_revision) for b in booths if b.published_revision]
    names = read_glossary()
    BOOTHS.insert([(b.id, _document(b, revision, names)) for b, revision in live])
    EXHIBITS.insert(
        [(v.exhibit_id, _exhibit_document(b, v)) for b, revision in live for v in revision.exhibits]
    )


def remove_booth(booth_id: int) -> None:
    """Take the booth and its exhibits out of the index."""
    BOOTHS.remove([booth_id])
    EXHIBITS.remove(
        list(db.session.scalars(sa.select(Exhibit.id).where(Exhibit.booth_id == booth_id)))
    )


def index_exhibitor(exhibitor: Exhibitor) -> None:
    """After a change of the organization's names: its published booths, indexed again."""
    reindex(sa.select(Booth.id).where(Booth.exhibitor_id == exhibitor.id))


def reindex(booth_ids: sa.Select[int]) -> None:
    """Index again the published booths among `booth_ids` (after their sector's or exhibitor's
    names changed in the catalogue), a thousand at a time."""
    ids = list(db.session.scalars(booth_ids))
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        BOOTHS.remove(chunk)
        EXHIBITS.remove(list(db.session.scalars(
            sa.select(Exhibit.id).where(Exhibit.booth_id.in_(chunk))
        )))  # fmt: skip
        index_booths(chunk)


def rebuild(batch: int = 1000) -> int:
    """Index every published booth and its exhibits, and the vocabulary, from scratch (after an
    upgrade, or to repair); returns the number of booths indexed."""
    BOOTHS.clear()
    EXHIBITS.clear()
    spelling.clear()
    ids = list(
        db.session.scalars(
            sa.select(Booth.id).where(Booth.status == BoothStatus.PUBLISHED).order_by(Booth.id)
        )
    )
    for start in range(0, len(ids), batch):
        index_booths(ids[start : start + batch])
    return len(ids)


# --- searching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    booth_id: int
    title: str
    exhibitor: str
    summary: str
    body: str


def _fts5_query(terms: list[Term]) -> str:
    parts = []
    for term in terms:
        phrase = " ".join(term.pieces)  # pieces hold letters, digits and CJK only: no quoting issue
        parts.append(f'"{phrase}"' + ("*" if term.prefix else ""))
    return " AND ".join(parts)


def _tsquery(terms: list[Term]) -> str:
    parts = []
    for term in terms:
        text = " <-> ".join(f"'{piece}'" for piece in term.pieces)
        parts.append(f"({text}{':*' if term.prefix else ''})")
    return " & ".join(parts)


# Ranking scores every match it sorts (bm25, ts_rank_cd): a broad query over a large expo
# ("robots" among 100,000 booths matches 5,000) spent most of its time scoring booths far beyond
# any page a visitor reads, and grew with the expo. So the newest RANKED_MATCHES matches are
# ranked, best first, and any older ones follow them, newest first: every match is still found
# and counted, and a query with fewer matches is ranked whole.
RANKED_MATCHES = 1000


def narrowed(
    matching: sa.Select, booth_id: Any, *, sector_id: int | None = None,
    country: str | None = None, hall: str | None = None,
) -> sa.Select:  # fmt: skip
    """`matching` (a select of booth ids, `booth_id`) kept to a sector, a country and a hall's
    stands: by conditions on each id, so a caller may join what it counts by."""
    booth = sa.select(Booth.id).where(Booth.id == booth_id)
    if sector_id is not None:
        matching = matching.where(
            booth.where(Booth.sector_id == sector_id).correlate_except(Booth).exists()
        )
    if country:
        of_country = booth.join(Exhibitor, Exhibitor.id == Booth.exhibitor_id)
        of_country = of_country.where(Exhibitor.country == country.upper())
        matching = matching.where(of_country.correlate_except(Booth, Exhibitor).exists())
    if hall:
        in_hall = booth.join(Stand, Stand.exhibitor_id == Booth.exhibitor_id)
        in_hall = in_hall.join(Hall, Hall.id == Stand.hall_id).where(Hall.name == hall)
        matching = matching.where(in_hall.correlate_except(Booth, Stand, Hall).exists())
    return matching


def search(
    query: str, *, sector_id: int | None = None, country: str | None = None,
    hall: str | None = None, limit: int = 20, offset: int = 0,
) -> tuple[list[Hit], int]:  # fmt: skip
    """Published booths matching every term, best first (see RANKED_MATCHES), with the total
    count.

    Only ids are ranked, and texts are read for the one page shown: reading every match's text,
    or counting in the same query, made broad queries a hundred times slower."""
    terms = query_terms(query)
    if not terms:
        return [], 0
    index, _key = BOOTHS.stored()
    booth_id, condition, rank = BOOTHS.match(terms)
    matching = sa.select(booth_id).select_from(index).where(condition)
    matching = narrowed(matching, booth_id, sector_id=sector_id, country=country, hall=hall)
    # The count, and the newest match left out of the ranking (found by walking the index
    # newest first), in one statement.
    count = sa.select(sa.func.count()).select_from(matching.subquery()).scalar_subquery()
    older = matching.order_by(booth_id.desc()).offset(RANKED_MATCHES).limit(1).scalar_subquery()
    total, oldest_ranked = db.session.execute(sa.select(count, older)).one()
    ids = _page_of_ids(matching, booth_id, rank, limit, offset, oldest_ranked) if total else []
    if not ids:
        return [], total
    texts = {
        row[0]: row
        for row in db.session.execute(
            sa.select(booth_id, *(index.c[name] for name in _RAW)).where(booth_id.in_(ids))
        )
    }
    return [Hit(*texts[i]) for i in ids if i in texts], total


def _page_of_ids(
    matching: sa.Select, booth_id: Any, rank: Any, limit: int, offset: int, older: int | None
) -> list[int]:
    """One page of matching ids: the ranked newest RANKED_MATCHES, then the `older` one and
    those before it."""
    if older is None:  # few enough to rank them all
        return list(
            db.session.scalars(matching.order_by(rank, booth_id).limit(limit).offset(offset))
        )
    ids: list[int] = []
    if offset < RANKED_MATCHES:
        ranked = matching.where(booth_id > older).order_by(rank, booth_id)
        ids = list(db.session.scalars(ranked.limit(limit).offset(offset)))
    if len(ids) < limit:
        rest = matching.where(booth_id <= older).order_by(booth_id.desc())
        rest = rest.limit(limit - len(ids)).offset(max(0, offset - RANKED_MATCHES))
        ids.extend(db.session.scalars(rest))
    return ids


# --- snippets -----------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _pattern(query: str) -> re.Pattern[str] | None:
    """What to mark for a query: compiled once, shared by every snippet of a result page."""
    alternatives = []
    for term in query_terms(query):
        if term.pieces[0].isascii() and term.prefix:
            # A stemmed word matches as the start of a word: "sensor" marks "Sensors".
            alternatives.append(r"\b" + re.escape(term.pieces[0]) + r"\w*")
        else:
            alternatives.append(re.escape(term.surface))
    if not alternatives:
        return None
    return re.compile("|".join(sorted(alternatives, key=len, reverse=True)), re.IGNORECASE)


def _mark(text: str, pattern: re.Pattern[str]) -> Markup:
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(Markup.escape(text[last : match.start()]))
        out.append(Markup("<mark>%s</mark>") % match.group())
        last = match.end()
    out.append(Markup.escape(text[last:]))
    return Markup("").join(out)


def snippet(hit: Hit, query: str, width: int = 160) -> Markup:
    """A short passage around the first match in the summary or text, matches marked."""
    pattern = _pattern(query)
    for text in (hit.summary, hit.body):
        match = pattern.search(text) if pattern else None
        if match:
            start = max(0, match.start() - width // 3)
            end = min(len(text), start + width)
            passage = text[start:end].replace("\n", " ")
            prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
            return Markup.escape(prefix) + _mark(passage, pattern) + Markup.escape(suffix)  # type: ignore[arg-type]
    fallback = (hit.summary or hit.body)[:width].replace("\n", " ")
    return Markup.escape(fallback)
