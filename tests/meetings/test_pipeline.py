"""The exhibitor's pipeline, through the API and the portal, on both databases: leads and
meeting requests file their person once; the team sets stage and owner and writes notes,
filters and exports; nobody outside the organization sees any of it; bad input is refused."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from eexpo.extensions import db
from eexpo.models import Lead, Prospect, Role, Stage
from eexpo.pipeline import services as pipeline
from tests.conftest import csrf_token
from tests.meetings.helpers import book, slot_ids


def _lead(caller, booth, email="vera@example.com", name="Vera Visitor", **extra):
    body = {"name": name, "email": email, "organization": "Buyers Ltd",
            "message": "Price list, please.", "consent": True, **extra}  # fmt: skip
    answer = caller.call("POST", f"/booths/{booth.id}/leads", body)
    assert answer.status_code == 201, answer.json
    return answer


@pytest.fixture
def filed(host, visitor):
    """Vera wrote twice (once in capitals) and asked to meet; Ola only wrote."""
    visitor.user.email = "vera@example.com"
    db.session.commit()
    _lead(visitor, host.booth)
    _lead(visitor, host.booth, email="VERA@example.com")
    _lead(visitor, host.booth, email="ola@example.com", name="Ola")
    [slot, host.free_slot] = slot_ids(host)
    assert book(visitor, slot).status_code == 201
    return host


def test_leads_and_meetings_file_each_person_once(filed):
    items = filed.call("GET", "/pipeline").json["items"]
    assert [(p["name"], p["email"], p["stage"], p["leads"], p["meetings"]) for p in items] == [
        ("Vera Visitor", "vera@example.com", "meeting", 2, 1),
        ("Ola", "ola@example.com", "new", 1, 0),
    ]
    assert db.session.scalar(sa.select(sa.func.count()).where(Lead.prospect_id.is_(None))) == 0


def test_the_team_moves_a_prospect_on_gives_it_an_owner_and_writes_notes(
    filed, visitor, make, api_as
):
    colleague = make.user(Role.EXHIBITOR, exhibitor=filed.user.exhibitor, name="Carl")
    [vera, _ola] = filed.call("GET", "/pipeline").json["items"]
    moved = filed.call("PATCH", f"/pipeline/{vera['id']}",
                       {"stage": "negotiating", "owner_user_id": colleague.id})  # fmt: skip
    assert moved.status_code == 200, moved.json
    assert (moved.json["stage"], moved.json["owner_user_id"]) == ("negotiating", colleague.id)
    note = api_as(colleague).call("POST", f"/pipeline/{vera['id']}/notes",
                                  {"text": "Wants 500 units by March."})  # fmt: skip
    assert note.status_code == 201
    assert (note.json["author"], note.json["text"]) == ("Carl", "Wants 500 units by March.")
    # A later meeting request does not move a prospect back to "meeting".
    assert book(visitor, filed.free_slot).status_code == 201
    again = filed.call("GET", f"/pipeline?owner={colleague.id}").json["items"]
    assert [(p["stage"], len(p["notes"])) for p in again] == [("negotiating", 1)]
    unowned = filed.call("PATCH", f"/pipeline/{vera['id']}", {"owner_user_id": None})
    assert (unowned.json["owner_user_id"], unowned.json["stage"]) == (None, "negotiating")


def test_filters_by_stage_owner_source_and_words(filed):
    [vera, ola] = filed.call("GET", "/pipeline").json["items"]
    filed.call("PATCH", f"/pipeline/{ola['id']}", {"owner_user_id": filed.user.id})

    def names(query):
        answer = filed.call("GET", f"/pipeline?{query}")
        assert answer.status_code == 200, answer.json
        return [p["name"] for p in answer.json["items"]]

    assert names("stage=meeting") == ["Vera Visitor"]
    assert names("owner=me") == ["Ola"]
    assert names("owner=none") == ["Vera Visitor"]
    assert names("source=meetings") == ["Vera Visitor"]
    assert names("source=leads") == ["Vera Visitor", "Ola"]
    assert names("q=buyers") == ["Vera Visitor", "Ola"]  # the organization
    assert names("q=OLA@") == ["Ola"]
    assert names("q=100%25") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [("stage=won", "stage"), ("owner=someone", "owner"), ("source=fax", "source"),
     ("q=" + "x" * 201, "q")],
)  # fmt: skip
def test_unknown_filters_are_refused(filed, query, field):
    answer = filed.call("GET", f"/pipeline?{query}")
    assert answer.status_code == 422
    assert field in str(answer.json["error"])


def test_bad_changes_are_refused_and_nothing_changes(filed, make):
    [vera, _ola] = filed.call("GET", "/pipeline").json["items"]
    stranger = make.user(Role.EXHIBITOR, exhibitor=make.exhibitor())
    for body, words in (({"stage": "won"}, "stage"),
                        ({"owner_user_id": stranger.id}, "The owner must be one of your team"),
                        ({"owner_user_id": "1"}, "owner_user_id"),
                        ({"colour": "red"}, "colour")):  # fmt: skip
        answer = filed.call("PATCH", f"/pipeline/{vera['id']}", body)
        assert answer.status_code == 422, body
        assert words in str(answer.json["error"]), answer.json
    for text in ("   ", "x" * (pipeline.MAX_NOTE_CHARS + 1), "x" * 100_000):
        assert (
            filed.call("POST", f"/pipeline/{vera['id']}/notes", {"text": text}).status_code == 422
        )
    prospect = db.session.get(Prospect, vera["id"])
    db.session.refresh(prospect)
    assert (prospect.stage, prospect.owner_id, prospect.notes) == (Stage.MEETING, None, [])


def test_nobody_outside_the_organization_sees_its_pipeline(filed, make, api_as, visitor):
    [vera, _ola] = filed.call("GET", "/pipeline").json["items"]
    rival = api_as(make.user(Role.EXHIBITOR, exhibitor=make.published_booth().exhibitor))
    assert rival.call("GET", "/pipeline").json["items"] == []
    assert rival.call("PATCH", f"/pipeline/{vera['id']}", {"stage": "lost"}).status_code == 404
    assert rival.call("POST", f"/pipeline/{vera['id']}/notes", {"text": "Hi"}).status_code == 404
    assert visitor.call("GET", "/pipeline").status_code == 403
    organizer = api_as(make.user(Role.ORGANIZER))
    assert organizer.call("GET", "/pipeline").status_code == 403
    assert filed.call("PATCH", "/pipeline/999999", {"stage": "lost"}).status_code == 404


def test_the_portal_lists_filters_exports_and_works_a_prospect(filed, client, auth):
    auth.login(filed.user.email)
    html = client.get("/portal/pipeline?stage=meeting").get_data(as_text=True)
    assert "Vera Visitor" in html
    assert "Ola" not in html
    exported = client.get("/portal/pipeline.csv?source=leads")
    assert exported.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["name"], r["stage"], r["leads"], r["meetings"]) for r in rows] == [
        ("Vera Visitor", "meeting", "2", "1"), ("Ola", "new", "1", "0")
    ]  # fmt: skip
    vera = rows[0]["id"]
    page = client.get(f"/portal/pipeline/{vera}").get_data(as_text=True)
    assert "Price list, please." in page
    assert "We would like to license your sensor." in page
    token = csrf_token(client, f"/portal/pipeline/{vera}")
    saved = client.post(f"/portal/pipeline/{vera}", data={
        "p-csrf_token": token, "p-stage": "signed", "p-owner": str(filed.user.id)})  # fmt: skip
    assert saved.status_code == 302
    client.post(f"/portal/pipeline/{vera}", data={"n-csrf_token": token, "n-text": "Signed!"})
    page = client.get(f"/portal/pipeline/{vera}").get_data(as_text=True)
    assert "Signed!" in page
    assert '<option selected value="signed">' in page
    empty = client.post(f"/portal/pipeline/{vera}", data={"n-csrf_token": token, "n-text": " "})
    assert empty.status_code == 422
    assert "Write the note first." in empty.get_data(as_text=True)
    wrong = client.post(f"/portal/pipeline/{vera}", data={
        "p-csrf_token": token, "p-stage": "won", "p-owner": ""})  # fmt: skip
    assert wrong.status_code == 422
    assert "Choose one of the pipeline" in wrong.get_data(as_text=True)
    assert db.session.get(Prospect, int(vera)).stage == Stage.SIGNED
    assert client.get("/portal/pipeline/999999").status_code == 404


def test_a_long_pipeline_comes_in_pages(filed, client, auth, monkeypatch):
    monkeypatch.setattr(pipeline, "PER_PAGE", 1)
    first = filed.call("GET", "/pipeline").json
    assert ([p["name"] for p in first["items"]], first["has_more"]) == (["Vera Visitor"], True)
    second = filed.call("GET", "/pipeline?page=2").json
    assert ([p["name"] for p in second["items"]], second["has_more"]) == (["Ola"], False)
    assert filed.call("GET", "/pipeline?page=0").status_code == 422
    auth.login(filed.user.email)
    html = client.get("/portal/pipeline?source=leads").get_data(as_text=True)
    assert "Ola" not in html
    assert 'href="/portal/pipeline?page=2&amp;source=leads"' in html
