"""Schemathesis's CLI with every check it has, over the OpenAPI document a real HTTP server
serves, as anonymous, exhibitor and organizer, on the demo expo: no failure.

Without `--checks`, Schemathesis runs every check (as `--checks all` does) except where its
configuration says otherwise: schemathesis.toml turns one check off for one operation, and
widens two checks' statuses, each with the rule of the API that calls for it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import email_validator
import pytest
import sqlalchemy as sa

from eexpo.accounts import tokens
from eexpo.demo import EXHIBITOR_EMAIL, ORGANIZER_EMAIL
from eexpo.extensions import db
from eexpo.models import User

CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = Path(sys.executable).with_name("st")


def _bearer(email: str) -> list[str]:
    user = db.session.scalar(sa.select(User).where(User.email == email))
    raw, _token = tokens.issue_api_token(user)
    db.session.commit()
    return ["-H", f"Authorization: Bearer {raw}"]


@pytest.mark.parametrize("caller", [None, EXHIBITOR_EMAIL, ORGANIZER_EMAIL], ids=str)
def test_schemathesis_finds_nothing(live_server, caller, monkeypatch, tmp_path):
    # Generated addresses use the reserved .test domain, which leads are otherwise refused for.
    monkeypatch.setattr(email_validator, "TEST_ENVIRONMENT", True)
    command = [
        str(SCHEMATHESIS), "--config-file", str(CONFIG), "--no-color", "run",
        f"{live_server}/api/v1/openapi.json", "--max-examples", "20",
        "--seed", "1", *(_bearer(caller) if caller else []),
    ]  # fmt: skip
    run = subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    # The stateful phase reached every operation the document has.
    total = re.search(r"Operations:\s+\d+ selected / (\d+) total", run.stdout)
    assert total, run.stdout[-3000:]
    assert f"Tested: {total[1]}" in run.stdout, run.stdout[-3000:]
