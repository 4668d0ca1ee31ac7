"""What a sign-in costs: the password hash check dominates it, on purpose."""

from __future__ import annotations

import time

from werkzeug.security import check_password_hash, generate_password_hash


def _per_call(fn, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def main() -> None:
    stored = generate_password_hash("correct horse battery", method="scrypt")
    seconds = _per_call(lambda: check_password_hash(stored, "correct horse battery"), 20)
    print("== sign-in password check (werkzeug scrypt, the production default)")
    print(f"   {seconds * 1000:.1f} ms per check -> at most {1 / seconds:.0f} sign-ins/s per core")


if __name__ == "__main__":
    main()
