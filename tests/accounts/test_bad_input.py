"""Oversized and malformed form input gets a clear message and changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from eexpo.extensions import db
from eexpo.models import Exhibitor, User
from tests.conftest import csrf_token


def _apply(client, **overrides):
    data = {
        "name": "Ada",
        "email": "ada@example.com",
        "organization_name": "Ada Photonics",
        "country": "DE",
        "password": "a good long password",
        "confirm": "a good long password",
        "csrf_token": csrf_token(client, "/apply"),
    }
    data.update(overrides)
    return client.post("/apply", data=data)


def _nothing_stored() -> bool:
    return (
        db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
        and db.session.scalar(sa.select(sa.func.count()).select_from(Exhibitor)) == 0
    )


def test_a_100_kb_field_is_refused_with_its_limit(client):
    response = _apply(client, organization_name="x" * 100_000)
    assert response.status_code == 422
    assert "Field cannot be longer than 200 characters." in response.get_data(as_text=True)
    assert _nothing_stored()


def test_a_body_over_the_form_limit_is_refused(client):
    response = _apply(client, delegation="x" * 2_000_000)
    assert response.status_code == 413
    assert "What you sent is too large." in response.get_data(as_text=True)
    assert _nothing_stored()


def test_invalid_utf8_is_refused_with_a_clear_message(client):
    token = csrf_token(client, "/apply")
    body = (
        b"name=Ada&email=ada%40example.com&organization_name=Bad%FF%FEName&country=DE"
        b"&password=a+good+long+password&confirm=a+good+long+password&csrf_token=" + token.encode()
    )
    response = client.post("/apply", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "not valid UTF-8" in response.get_data(as_text=True)
    assert _nothing_stored()


def test_invalid_utf8_in_a_multipart_form_is_refused(client):
    token = csrf_token(client, "/apply")
    boundary = "XyZ"
    fields = {
        "name": b"Ada",
        "email": b"ada@example.com",
        "organization_name": b"Bad\xff\xfeName",
        "country": b"DE",
        "password": b"a good long password",
        "confirm": b"a good long password",
        "csrf_token": token.encode(),
    }
    body = (
        b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode()
            + v
            + b"\r\n"
            for k, v in fields.items()
        )
        + f"--{boundary}--\r\n".encode()
    )
    response = client.post(
        "/apply", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 422
    assert "This text is not valid UTF-8." in response.get_data(as_text=True)
    assert _nothing_stored()


def test_a_nul_character_is_refused(client):
    response = _apply(client, region="Bava\x00ria")
    assert response.status_code == 422
    assert "NUL character" in response.get_data(as_text=True)
    assert _nothing_stored()


def test_mismatched_passwords_are_named(client):
    response = _apply(client, confirm="something else entirely")
    assert response.status_code == 422
    assert "The passwords differ." in response.get_data(as_text=True)
    assert _nothing_stored()


def test_bad_country_code_is_explained(client):
    response = _apply(client, country="Germany")
    assert response.status_code == 422
    assert "two-letter code" in response.get_data(as_text=True)
    assert _nothing_stored()


def test_invalid_email_is_explained(client):
    response = _apply(client, email="not-an-email")
    assert response.status_code == 422
    assert "Enter a valid email address." in response.get_data(as_text=True)
    assert _nothing_stored()


def test_errors_are_tied_to_their_field_for_screen_readers(client):
    html = _apply(client, email="not-an-email").get_data(as_text=True)
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="email-error"' in html
    assert 'id="email-error"' in html
