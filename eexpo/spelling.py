"""Typo tolerance for search: "wafr" finds nothing, so the search page offers "wafer".

The index keeps a vocabulary: every Latin-script word of the booths and exhibits it has held, as
written (lower-cased, not stemmed, so a suggestion reads as a word). A query word that is not in
it is replaced by the vocabulary word most alike by trigram similarity, the measure of
PostgreSQL's pg_trgm: the share of three-letter pieces two words have in common, of all the
pieces either has. PostgreSQL finds the candidates with pg_trgm's `%` operator over a trigram GIN
index; SQLite with an FTS5 table under its trigram tokenizer, and ranks them here by the same
measure. Words are never taken out of the vocabulary but by a rebuild: a suggestion is only
shown when it finds live booths, so a word of a booth taken down leads nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import sqlalchemy as sa

from eexpo.extensions import db

TABLE = "search_word"
TRIGRAMS = "search_word_trigram"  # on SQLite: the FTS5 table over TABLE
# pg_trgm's default `similarity_threshold`: below it, two words are not alike enough.
THRESHOLD = 0.3
CANDIDATES = 200
_WORD = re.compile(r"(?<![a-z])[a-z]{3,32}(?![a-z])")
_LATIN = re.compile(r"[^\W\d_]+")

_words = sa.table(TABLE, sa.column("word"))


def words_of(texts: Iterable[str]) -> set[str]:
    """The vocabulary words of some text: runs of three to 32 ASCII letters, lower-cased."""
    found: set[str] = set()
    for text in texts:
        found.update(_WORD.findall(text.lower()))
    return found


def _postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"


def add(words: set[str]) -> None:
    """Put words in the vocabulary; those already there stay as they are."""
    if not words:
        return
    if _postgresql():
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    statement = insert(_words).on_conflict_do_nothing()
    db.session.execute(statement, [{"word": word} for word in sorted(words)])


def clear() -> None:
    db.session.execute(sa.delete(_words))


def trigrams(word: str) -> set[str]:
    """pg_trgm's pieces of a word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity`: shared pieces over all the pieces of either word."""
    first, second = trigrams(a), trigrams(b)
    return len(first & second) / len(first | second)


def _candidates(word: str) -> list[str]:
    """Vocabulary words sharing pieces with `word`, the likeliest first."""
    if _postgresql():
        found = sa.text(
            "SELECT word FROM search_word WHERE word % :word"
            " ORDER BY similarity(word, :word) DESC, word LIMIT :n"
        )
        return list(db.session.scalars(found, {"word": word, "n": CANDIDATES}))
    # The trigram tokenizer matches substrings of three characters or more: any inner piece.
    pieces = sorted({word[i : i + 3] for i in range(len(word) - 2)})
    query = " OR ".join(f'"{piece}"' for piece in pieces)  # letters only: nothing to quote
    found = sa.text(
        f"SELECT word FROM {TRIGRAMS} WHERE {TRIGRAMS} MATCH :query ORDER BY rank LIMIT :n"  # noqa: S608 - our own name
    )
    return list(db.session.scalars(found, {"query": query, "n": CANDIDATES}))


def _known(words: set[str]) -> set[str]:
    return set(db.session.scalars(sa.select(_words.c.word).where(_words.c.word.in_(words))))


def closest(word: str) -> str | None:
    """The vocabulary word most like `word` (ties: the shorter, then A to Z), if any is alike
    enough."""
    scored = [(similarity(word, other), other) for other in _candidates(word) if other != word]
    alike = [(-score, len(other), other) for score, other in scored if score >= THRESHOLD]
    return min(alike)[2] if alike else None


def suggest(query: str) -> str | None:
    """The query with its unknown Latin words replaced by the closest known ones, or None when
    there is nothing to correct. Chinese, digits and known words are kept as typed."""
    typed = {
        m.group().lower() for m in _LATIN.finditer(query) if _WORD.fullmatch(m.group().lower())
    }
    unknown = typed - _known(typed) if typed else set()
    corrections = {word: found for word in unknown if (found := closest(word))}
    if not corrections:
        return None

    def corrected(match: re.Match[str]) -> str:
        return corrections.get(match.group().lower(), match.group())

    return _LATIN.sub(corrected, query)
