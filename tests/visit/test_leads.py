"""Contacting an exhibitor from a booth page or the API: stored with consent, mailed to the
exhibitor, and every kind of bad input refused with its reason."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from eexpo import tasks
from eexpo.extensions import db
from eexpo.models import Lead, Role

GOOD = {
    "name": "Li Wei",
    "email": "li.wei@example.com",
    "organization": "Shenzhen Buyers",
    "message": "Please send a price list.",
    "consent": "y",
}
SAME_SITE = {"Origin": "http://localhost"}


def _contact(client, booth):
    return client.post(f"/booths/{booth.id}/contact", data=GOOD, headers=SAME_SITE)


def _leads() -> list[Lead]:
    return list(db.session.scalars(sa.select(Lead)))


def test_a_visitor_contacts_the_exhibitor_and_it_is_mailed_on(client, make, mailbox):
    booth = make.published_booth(make.exhibitor(contact_email="sales@acme.example"))
    response = client.post(f"/booths/{booth.id}/contact", data=GOOD, headers=SAME_SITE)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/booths/{booth.id}/contact?sent=1"
    assert "Set-Cookie" not in response.headers
    [lead] = _leads()
    assert (lead.name, lead.email, lead.booth_id) == ("Li Wei", "li.wei@example.com", booth.id)
    assert lead.consent_at is not None
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your message was sent to the exhibitor." in thanks
    tasks.drain()
    assert mailbox.messages[-1].startswith("mail to sales@acme.example:")
    assert "Please send a price list." in mailbox.messages[-1]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"consent": ""}, "Please agree that the exhibitor may use your details"),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"name": "  "}, "Please fill in the name."),
        ({"message": ""}, "Please fill in the message."),
        ({"message": "x" * 5001}, "at most 5000 characters"),
    ],
)
def test_bad_input_is_explained_beside_the_form_and_nothing_is_kept(client, make, change, message):
    booth = make.published_booth()
    response = client.post(
        f"/booths/{booth.id}/contact", data={**GOOD, **change}, headers=SAME_SITE
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _leads() == []


def test_the_honeypot_thanks_robots_and_keeps_nothing(client, make):
    booth = make.published_booth()
    response = client.post(
        f"/booths/{booth.id}/contact", data={**GOOD, "website": "http://spam"}, headers=SAME_SITE
    )
    assert response.status_code == 302
    assert _leads() == []


def test_a_cross_site_post_is_refused(client, make):
    booth = make.published_booth()
    response = client.post(
        f"/booths/{booth.id}/contact", data=GOOD, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 400
    assert _leads() == []


def test_a_booth_that_is_not_published_takes_no_messages(client, make):
    booth = make.draft_booth(make.exhibitor())
    assert (
        client.post(f"/booths/{booth.id}/contact", data=GOOD, headers=SAME_SITE).status_code == 404
    )
    api = client.post(f"/api/v1/booths/{booth.id}/leads", json={**GOOD, "consent": True})
    assert api.status_code == 404
    assert _leads() == []


def test_the_api_takes_a_lead_and_the_exhibitor_sees_it(client, make, auth):
    owner = make.user(Role.EXHIBITOR, email="owner@example.com")
    booth = make.published_booth(owner.exhibitor)
    response = client.post(f"/api/v1/booths/{booth.id}/leads", json={**GOOD, "consent": True})
    assert response.status_code == 201
    refused = client.post(f"/api/v1/booths/{booth.id}/leads", json={**GOOD, "consent": "yes"})
    assert refused.status_code == 422
    assert refused.json["error"]["fields"] == {"consent": "invalid"}
    auth.login("owner@example.com")
    assert "li.wei@example.com" in client.get("/portal/leads.csv").get_data(as_text=True)


@pytest.fixture
def app_config(app_config):
    app_config.update(RATELIMIT_ENABLED=True, LEAD_RATE_LIMIT="2 per minute")
    return app_config


def test_lead_flooding_is_stopped_with_429(client, make):
    booth = make.published_booth()
    for _ in range(2):
        assert (
            client.post(f"/booths/{booth.id}/contact", data=GOOD, headers=SAME_SITE).status_code
            == 302
        )
    flood = client.post(f"/booths/{booth.id}/contact", data=GOOD, headers=SAME_SITE)
    assert flood.status_code == 429
    api = client.post(f"/api/v1/booths/{booth.id}/leads", json={**GOOD, "consent": True})
    assert api.status_code == 429
    assert len(_leads()) == 2
    assert client.get(f"/booths/{booth.id}/contact").status_code == 200  # reads are not limited


def test_the_contact_form_is_a_page_of_its_own(client, make):
    booth = make.published_booth(make.exhibitor("Acme Sensors"))
    page = client.get(f"/booths/{booth.id}").get_data(as_text=True)
    assert f'href="/booths/{booth.id}/contact"' in page
    assert '<form method="post" action="/booths' not in page
    form = client.get(f"/booths/{booth.id}/contact")
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert "Contact Acme Sensors" in html
    assert 'name="consent"' in html
    assert "Set-Cookie" not in form.headers
    thanks = client.get(f"/booths/{booth.id}/contact?sent=1").get_data(as_text=True)
    assert "Your message was sent" in thanks
    assert 'name="consent"' not in thanks
    draft = make.draft_booth(make.exhibitor("Drafty"))
    assert client.get(f"/booths/{draft.id}/contact").status_code == 404
