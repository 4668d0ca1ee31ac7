"""Run every benchmark: `python -m benchmarks` (or `make bench`)."""

from benchmarks import instructions, media, pages, passwords, search, trust

if __name__ == "__main__":
    passwords.main()
    trust.main()
    media.main()
    pages.main()
    instructions.main()
    search.main()
