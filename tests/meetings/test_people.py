"""Business profiles and "who is coming", on both databases: a profile is written whole or not
at all; exhibitors find only those who chose to be listed, and read the profile of whoever
reached their organization; every bad input is refused."""

from __future__ import annotations

import pytest

from eexpo.extensions import db
from eexpo.models import BusinessProfile, Role
from eexpo.people.services import MAX_INTRODUCTION_CHARS
from tests.conftest import csrf_token
from tests.meetings.helpers import book, slot_ids

CARD = {"organization": "Nairobi Agritech", "job_title": "Buyer", "country": "KE",
        "region": "Nairobi", "sectors": ["ic"], "cooperation": ["license", "buy"],
        "introduction": "We bring sensors to farms.", "listed": False}  # fmt: skip


@pytest.fixture
def sectors(app, make):
    make.sector("ic", name="Integrated circuits", name_zh="集成电路")
    make.sector("agri", name="Agriculture")


def _save(caller, **changes):
    return caller.call("PUT", "/me/profile", {**CARD, **changes})


def test_a_visitor_writes_a_profile_and_reads_it_back(sectors, visitor):
    assert visitor.call("GET", "/me/profile").status_code == 404
    saved = _save(visitor)
    assert saved.status_code == 200, saved.json
    mine = visitor.call("GET", "/me/profile").json
    assert mine == {**CARD, "user_id": visitor.user.id, "name": "Vera Visitor",
                    "cooperation": ["buy", "license"], "language": "en"}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [({"country": "XX"}, "country"), ({"country": "ke"}, "country"),
     ({"sectors": ["no-such"]}, "sectors"), ({"cooperation": ["steal"]}, "cooperation"),
     ({"introduction": "x" * (MAX_INTRODUCTION_CHARS + 1)}, "introduction"),
     ({"introduction": "x" * 100_000}, "introduction"),
     ({"organization": "a\x00b"}, "organization"),
     ({"listed": "yes"}, "listed"), ({"colour": "red"}, "colour")],
)  # fmt: skip
def test_bad_profiles_are_refused_and_nothing_is_kept(sectors, visitor, change, field):
    answer = _save(visitor, **change)
    assert answer.status_code == 422
    assert field in str(answer.json["error"])
    assert db.session.get(BusinessProfile, visitor.user.id) is None


def test_only_listed_people_are_found_and_filters_narrow_them(sectors, host, visitor, make,
                                                              api_as):  # fmt: skip
    _save(visitor)
    assert host.call("GET", "/people").json["total"] == 0  # off by default
    _save(visitor, listed=True)
    other = api_as(make.user(Role.VISITOR, name="Otto"))
    _save(other, country="DE", sectors=["agri"], cooperation=["invest"], listed=True,
          organization="Munich Capital", introduction="Series A.")  # fmt: skip
    colleague = api_as(make.user(Role.EXHIBITOR, exhibitor=host.user.exhibitor))
    _save(colleague, listed=True)  # the caller's own organization is never listed to it

    def names(query=""):
        answer = host.call("GET", f"/people?{query}")
        assert answer.status_code == 200, answer.json
        return sorted(p["name"] for p in answer.json["items"])

    assert names() == ["Otto", "Vera Visitor"]
    assert names("sector=ic") == ["Vera Visitor"]
    assert names("cooperation=invest") == ["Otto"]
    assert names("cooperation=license") == ["Vera Visitor"]
    assert names("country=DE") == ["Otto"]
    assert names("q=munich") == ["Otto"]
    assert names("q=farms") == ["Vera Visitor"]
    assert host.call("GET", "/people?cooperation=steal").status_code == 422
    assert host.call("GET", "/people?country=Germany").status_code == 422
    assert visitor.call("GET", "/people").status_code == 403


def test_whoever_reached_the_organization_shows_it_their_profile(sectors, host, visitor, make,
                                                                 api_as, client, auth):  # fmt: skip
    _save(visitor)  # not listed
    rival = api_as(make.user(Role.EXHIBITOR, exhibitor=make.published_booth().exhibitor))
    assert host.call("GET", f"/people/{visitor.user.id}").status_code == 404
    [slot, _] = slot_ids(host)
    assert book(visitor, slot).status_code == 201
    shown = host.call("GET", f"/people/{visitor.user.id}")
    assert shown.status_code == 200
    assert shown.json["organization"] == "Nairobi Agritech"
    assert rival.call("GET", f"/people/{visitor.user.id}").status_code == 404
    auth.login(host.user.email)
    agenda = client.get("/meetings").get_data(as_text=True)
    assert f'href="/people/{visitor.user.id}"' in agenda
    assert "Host: Hana Host" in agenda
    prospect = host.call("GET", "/pipeline").json["items"][0]["id"]
    page = client.get(f"/portal/pipeline/{prospect}").get_data(as_text=True)
    assert "We bring sensors to farms." in page
    assert "license a technology" in page


def test_the_profile_page_saves_and_explains_what_is_wrong(sectors, visitor, client, auth):
    auth.login(visitor.user.email)
    token = csrf_token(client, "/account/business-profile")
    form = {"csrf_token": token, "organization": "Nairobi Agritech", "country": "XX",
            "sectors": ["ic"], "cooperation": ["buy"], "introduction": "Hello"}  # fmt: skip
    refused = client.post("/account/business-profile", data=form)
    assert refused.status_code == 422
    assert "Choose a country or region from the list." in refused.get_data(as_text=True)
    assert db.session.get(BusinessProfile, visitor.user.id) is None
    saved = client.post("/account/business-profile", data={**form, "country": "KE"})
    assert saved.status_code == 302
    page = client.get("/account/business-profile").get_data(as_text=True)
    assert 'value="Nairobi Agritech"' in page
    assert '<option selected value="KE">Kenya</option>' in page
    assert db.session.get(BusinessProfile, visitor.user.id).listed is False
