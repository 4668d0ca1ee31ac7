"""Run every benchmark: `python -m benchmarks` (or `make bench`)."""

from benchmarks import (
    documents,
    instructions,
    media,
    meetings,
    pages,
    passwords,
    search,
    season,
    trust,
)

if __name__ == "__main__":
    passwords.main()
    trust.main()
    media.main()
    documents.main()
    pages.main()
    season.main()
    instructions.main()
    search.main()
    meetings.main()
