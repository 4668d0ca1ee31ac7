"""Run every benchmark: `python -m benchmarks` (or `make bench`)."""

from benchmarks import instructions, media, pages, passwords, search

if __name__ == "__main__":
    passwords.main()
    media.main()
    pages.main()
    instructions.main()
    search.main()
