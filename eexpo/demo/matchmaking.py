"""The demo expo's business matchmaking, made through the services as its people would: a
third of the exhibitors' teams offer times, businesspeople write their profiles and book some,
the exhibitors accept a few, and two of them write through the contact form."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from eexpo.accounts import services as accounts
from eexpo.catalogue.rows import expo_zone
from eexpo.demo.data import DEMO_PASSWORD, VISITOR_EMAIL
from eexpo.extensions import db
from eexpo.meetings import availability, booking
from eexpo.models import (
    Booth,
    Exhibitor,
    MeetingSlot,
    PlaceKind,
    ProgrammeSession,
    Role,
    SessionKind,
    User,
)
from eexpo.people import services as people
from eexpo.visit import leads

HOSTS_EVERY = 3  # a third of the exhibitors offer meeting times

# name, email, locale, organization, title, country, region, sectors, cooperation, introduction
GUESTS = [
    ("Amina Odhiambo", "amina@eexpo-demo.example", "en", "Nairobi Agritech", "Head of sourcing",
     "KE", "Nairobi", ["modern-agriculture", "iot"], ["buy", "license"],
     "We bring sensors and irrigation to smallholder farms across East Africa."),
    ("Lukas Weber", "lukas@eexpo-demo.example", "en", "Munich Deep Tech Capital", "Partner",
     "DE", "Bavaria", ["integrated-circuits", "third-gen-semiconductors"], ["invest"],
     "Series A and B investments in semiconductor start-ups."),
    ("周岚", "zhou.lan@eexpo-demo.example", "zh_Hans", "广州智联分销有限公司", "采购总监",
     "CN", "广东", ["iot", "smart-manufacturing"], ["distribute", "buy"],
     "华南地区物联网与智能制造设备分销商，寻找新的代理产品。"),
]  # fmt: skip


def _at(opens: date, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(opens + timedelta(days=day), time(hour, minute), expo_zone())


def _team_member(exhibitor: Exhibitor, owner: User) -> User:
    if owner.exhibitor_id == exhibitor.id:
        return owner
    slug = exhibitor.name.lower().replace(" ", "-").replace("'", "")
    return accounts.create_user(
        f"team@{slug}.example", DEMO_PASSWORD, role=Role.EXHIBITOR,
        name=f"{exhibitor.name} business desk", exhibitor=exhibitor,
    )  # fmt: skip


def _offer(host: User, opens: date, n: int) -> list[MeetingSlot]:
    slots = []
    for day in (0, 1):
        slots += availability.offer(
            host, starts_at=_at(opens, day, 10), ends_at=_at(opens, day, 12), slot_minutes=30,
            place=availability.Place(PlaceKind.STAND),
        )  # fmt: skip
    if n % 2 == 0:
        url = f"https://meet.example/{host.exhibitor_id}"
        slots += availability.offer(
            host, starts_at=_at(opens, 2, 14), ends_at=_at(opens, 2, 15), slot_minutes=20,
            place=availability.Place(PlaceKind.ONLINE, url=url),
        )  # fmt: skip
    return slots


def _guests() -> list[User]:
    visitor = db.session.scalars(sa.select(User).where(User.email == VISITOR_EMAIL)).one()
    found = [visitor]
    people.save(visitor, people.Card(organization="Victor Trading", job_title="Buyer",
                                     country="SG", sectors=["iot"], cooperation=["buy"],
                                     introduction="Buying sensors for South-East Asia."),
                language="en")  # fmt: skip
    for name, email, locale, org, title, country, region, sectors, wants, intro in GUESTS:
        guest = accounts.create_user(email, DEMO_PASSWORD, role=Role.VISITOR, name=name)
        guest.locale = locale
        card = people.Card(
            organization=org, job_title=title, country=country, region=region,
            sectors=sectors, cooperation=wants, introduction=intro, listed=True,
        )  # fmt: skip
        people.save(guest, card, language=locale)
        found.append(guest)
    return found


def load(opens: date, owner: User) -> None:
    """Times offered by every third exhibitor (the demo exhibitor's Erin among them, also at the
    first business talk's tables); meetings asked for and some accepted; two leads."""
    exhibitors = list(db.session.scalars(sa.select(Exhibitor).order_by(Exhibitor.id)))
    hosts = [_team_member(e, owner) for e in exhibitors[::HOSTS_EVERY]]
    offered = {host.exhibitor_id: _offer(host, opens, n) for n, host in enumerate(hosts)}
    talk = db.session.scalars(
        sa.select(ProgrammeSession)
        .where(ProgrammeSession.kind == SessionKind.BUSINESS_TALK,
               ProgrammeSession.tables.is_not(None))
        .order_by(ProgrammeSession.starts_at)
    ).first()  # fmt: skip
    tables = []
    if talk is not None and talk.slot_minutes:
        tables = availability.offer(
            owner, starts_at=talk.starts_at, ends_at=talk.starts_at + timedelta(hours=1),
            slot_minutes=talk.slot_minutes,
            place=availability.Place(PlaceKind.TABLE, session_id=talk.id),
        )  # fmt: skip
    victor, amina, lukas, zhou = _guests()
    own = offered[owner.exhibitor_id]
    asks = [
        (victor, own[1], "We would like samples of your automotive-grade chips.", False),
        (amina, tables[0] if tables else own[2], "Can your sensors run on solar power?", True),
        (lukas, offered[hosts[1].exhibitor_id][0], "We invest in wide-bandgap start-ups.", True),
        (zhou, offered[hosts[3].exhibitor_id][4], "我们希望代理贵司的物联网网关。", False),
        (victor, offered[hosts[2].exhibitor_id][5], "Looking for an LTE-M module supplier.",
         True),
    ]  # fmt: skip
    for guest, slot, message, accepted in asks:
        meeting = booking.request_meeting(guest, slot.id, message)
        if accepted:
            booking.accept(slot.host, meeting.id)
    writes = ((amina, owner.exhibitor_id, "Please send a price list."),
              (lukas, hosts[1].exhibitor_id, "Are you raising a round?"))  # fmt: skip
    for guest, exhibitor_id, message in writes:
        booth = db.session.scalars(sa.select(Booth).where(Booth.exhibitor_id == exhibitor_id)).one()
        organization = next(g[3] for g in GUESTS if g[1] == guest.email)
        contact = leads.Contact(name=guest.name, email=guest.email, organization=organization,
                                message=message, consent=True)  # fmt: skip
        leads.create_lead(booth.id, contact, locale=guest.locale or "en", user=guest)
