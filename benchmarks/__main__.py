"""Run every benchmark: `python -m benchmarks` (or `make bench`)."""

from benchmarks import media, pages, passwords

if __name__ == "__main__":
    passwords.main()
    media.main()
    pages.main()
