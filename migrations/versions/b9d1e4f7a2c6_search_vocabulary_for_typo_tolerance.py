"""search vocabulary: the index's Latin words, found by trigram similarity ("did you mean")

Like the search index, the vocabulary lives outside the models: a table of words with a pg_trgm
GIN index on PostgreSQL; on SQLite a table of words and an FTS5 table over it under the trigram
tokenizer, kept in step by triggers. It is filled here from what the index holds.

Revision ID: b9d1e4f7a2c6
Revises: e97e1cba3469
Create Date: 2026-12-07 20:40:00

"""
import re

from alembic import op
import sqlalchemy as sa


revision = 'b9d1e4f7a2c6'
down_revision = 'e97e1cba3469'
branch_labels = None
depends_on = None

# As eexpo.spelling.words_of: runs of three to 32 ASCII letters, lower-cased.
WORD = re.compile(r"(?<![a-z])[a-z]{3,32}(?![a-z])")


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE TABLE search_word (word varchar(32) PRIMARY KEY)")
        op.execute("CREATE INDEX search_word_similar ON search_word USING gin (word gin_trgm_ops)")
    else:
        op.execute("CREATE TABLE search_word (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE)")
        op.execute(
            "CREATE VIRTUAL TABLE search_word_trigram USING fts5("
            " word, content = 'search_word', content_rowid = 'id', tokenize = 'trigram')"
        )
        op.execute(
            "CREATE TRIGGER search_word_added AFTER INSERT ON search_word BEGIN"
            " INSERT INTO search_word_trigram (rowid, word) VALUES (new.id, new.word); END"
        )
        op.execute(
            "CREATE TRIGGER search_word_removed AFTER DELETE ON search_word BEGIN"
            " INSERT INTO search_word_trigram (search_word_trigram, rowid, word)"
            " VALUES ('delete', old.id, old.word); END"
        )
    words = set()
    for table in ('booth_search', 'exhibit_search'):
        for row in bind.execute(sa.text(
            f"SELECT raw_title, raw_exhibitor, raw_summary, raw_body FROM {table}"
        )):
            for text in row:
                words.update(WORD.findall((text or '').lower()))
    if words:
        bind.execute(
            sa.text("INSERT INTO search_word (word) VALUES (:word)"),
            [{'word': word} for word in sorted(words)],
        )


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        op.execute("DROP TRIGGER search_word_removed")
        op.execute("DROP TRIGGER search_word_added")
        op.execute("DROP TABLE search_word_trigram")
    op.execute("DROP TABLE search_word")
