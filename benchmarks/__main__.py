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
    video,
)

if __name__ == "__main__":
    passwords.main()
    trust.main()
    media.main()
    documents.main()
    video.main()
    pages.main()
    season.main()
    instructions.main()
    search.main()
    meetings.main()
