"""Run every benchmark: `python -m benchmarks` (or `make bench`)."""

from benchmarks import pages, passwords

if __name__ == "__main__":
    passwords.main()
    pages.main()
