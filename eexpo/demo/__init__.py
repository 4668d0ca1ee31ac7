"""The demo expo, modelled on a large technology fair and built through the services."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from eexpo.accounts import services as accounts
from eexpo.booths import moderation
from eexpo.booths import services as booths
from eexpo.catalogue import transfer
from eexpo.catalogue.kinds import KINDS as CSV_KINDS
from eexpo.catalogue.rows import expo_zone
from eexpo.catalogue.services import natural
from eexpo.csvfiles import to_csv
from eexpo.demo import exhibits, matchmaking
from eexpo.demo.data import (
    BIOS,
    BOOTH_TEXT,
    DEMO_PASSWORD,
    EVENT,
    EXHIBITOR_EMAIL,
    EXHIBITORS,
    EXPO_DAYS,
    FEATURED,
    FORUMS,
    GLOSSARY,
    OPENS_IN_DAYS,
    ORGANIZER_EMAIL,
    PROJECTS,
    ROOMS,
    SECTOR_GROUPS,
    SECTORS,
    SPEAKERS,
    VENUES,
    VIDEO_EVERY,
    VISITOR_EMAIL,
)
from eexpo.extensions import db
from eexpo.media import pipeline
from eexpo.media import services as media
from eexpo.media.generate import make_floor_plan, make_photo, make_video
from eexpo.models import (
    Booth,
    Event,
    Exhibitor,
    ExhibitorStatus,
    Hall,
    MediaKind,
    Role,
    Sector,
    User,
)


def is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def load() -> str:
    """Create the event, sectors, exhibitors, demo accounts and booths; process their media, then
    submit and approve the booths, as exhibitors and organizers would. Commits as it goes."""
    opens = datetime.now(expo_zone()).date() + timedelta(days=OPENS_IN_DAYS)
    db.session.add(Event(**EVENT, starts_on=opens, ends_on=opens + timedelta(days=EXPO_DAYS - 1)))
    sectors = {}
    for position, (slug, sector_name, sector_name_zh, group) in enumerate(SECTORS):
        group_name, group_name_zh = SECTOR_GROUPS[group]
        sectors[slug] = Sector(slug=slug, name=sector_name, name_zh=sector_name_zh, group=group,
                               group_name=group_name, group_name_zh=group_name_zh,
                               position=position)  # fmt: skip
        db.session.add(sectors[slug])
    organizer = accounts.create_user(
        ORGANIZER_EMAIL, DEMO_PASSWORD, role=Role.ORGANIZER, name="Olivia Organizer"
    )
    accounts.create_user(VISITOR_EMAIL, DEMO_PASSWORD, role=Role.VISITOR, name="Victor Visitor")
    exhibitors = []
    for name, name_zh, country, region, delegation, sector_slug in EXHIBITORS:
        slug = name.lower().replace(" ", "-").replace("'", "")
        exhibitor = Exhibitor(
            name=name,
            name_zh=name_zh,
            country=country,
            region=region,
            delegation=delegation,
            sector=sectors[sector_slug],
            website=f"https://{slug}.example",
            contact_email=f"contact@{slug}.example",
            status=ExhibitorStatus.APPROVED,
        )
        db.session.add(exhibitor)
        exhibitors.append(exhibitor)
    db.session.flush()
    owner = accounts.create_user(
        EXHIBITOR_EMAIL,
        DEMO_PASSWORD,
        role=Role.EXHIBITOR,
        name="Erin Exhibitor",
        exhibitor=exhibitors[0],
    )
    drafted = [
        _draft_booth(
            exhibitor,
            owner if exhibitor is exhibitors[0] else None,
            number=index,
            with_video=index % VIDEO_EVERY == 0,
        )
        for index, exhibitor in enumerate(exhibitors)
    ]
    db.session.commit()
    for _booth, media_ids, _author in drafted:
        for media_id in media_ids:
            pipeline.process_media(media_id)
    for booth, _media_ids, author in drafted:
        _publish(booth, organizer, author)
    db.session.commit()
    load_catalogue(opens)
    db.session.commit()
    matchmaking.load(opens, owner)
    db.session.commit()
    return (
        f"Demo expo loaded: {len(SECTORS)} sectors, {len(exhibitors)} exhibitors with booths "
        f"and exhibits (photos, videos in every {VIDEO_EVERY}th, PDF brochures in every "
        f"{exhibits.BROCHURE_EVERY}th).\n"
        f"Organizer: {ORGANIZER_EMAIL}  Exhibitor: {EXHIBITOR_EMAIL}  Visitor: {VISITOR_EMAIL}\n"
        f"Password (all three): {DEMO_PASSWORD}"
    )


def load_catalogue(opens: date) -> None:
    """Halls and stands for the demo exhibitors, the programme, venues and signed projects
    (every other one naming the first exhibitor of its sector)."""

    def day(n: int) -> str:
        return (opens + timedelta(days=n)).isoformat()

    halls: dict[str, int] = {}
    exhibitors = []
    first_of: dict[str, str] = {}
    for name, name_zh, country, region, delegation, sector in EXHIBITORS:
        hall = f"Hall {[s[0] for s in SECTORS].index(sector) // 2 + 1}"
        halls[hall] = halls.get(hall, 0) + 1
        slug = name.lower().replace(" ", "-").replace("'", "")
        first_of.setdefault(sector, name)
        exhibitors.append([
            name, name_zh, country, region, delegation, sector, f"https://{slug}.example",
            f"contact@{slug}.example", hall, f"{'ABCDE'[halls[hall] % 5]}{halls[hall]:02d}",
        ])  # fmt: skip
    sessions = [["Opening ceremony", "开幕式", f"{day(0)}T09:00", "ceremony", f"{day(0)}T10:00",
                 "Main Hall", ROOMS["Main Hall"], "", "",
                 "The expo opens, with the host city's welcome.",
                 "博览会开幕，东道主城市致欢迎辞。", "", "", ""]]  # fmt: skip
    for title, title_zh, on, starts, ends, room, speakers, about, about_zh in FORUMS:
        english, chinese = SPEAKERS[speakers]
        featured = "; ".join(first_of[sector] for sector in FEATURED[speakers])
        sessions.append([title, title_zh, f"{day(on)}T{starts}", "forum", f"{day(on)}T{ends}",
                         room, ROOMS[room], "; ".join(english), "; ".join(chinese), about,
                         about_zh, "", "", featured])  # fmt: skip
    talks = [(name, zh, first_of[slug]) for slug, name, zh, _group in SECTORS]
    belt_and_road = ("Belt and Road partners", "“一带一路”伙伴", "")
    for n, (topic, topic_zh, featured) in enumerate([*talks, belt_and_road]):
        date_, hour, room = day(n // 2), 14 + 2 * (n % 2), f"Room {n % 3 + 1}"
        tables = ["20", "30"] if n == 0 else ["", ""]  # the first talk seats booked meetings
        sessions.append([f"Business matchmaking: {topic}", f"商务对接会：{topic_zh}",
                         f"{date_}T{hour}:00", "business_talk", f"{date_}T{hour + 1}:30", room,
                         ROOMS[room], "", "",
                         f"Meet buyers and partners in {topic.lower()}, by appointment.",
                         f"与{topic_zh}领域的采购商和合作伙伴见面，需预约。", *tables,
                         featured])  # fmt: skip
    speaker_rows = []
    for english, chinese in SPEAKERS.values():
        for text, text_zh in zip(english, chinese, strict=True):
            (name, affiliation), (name_zh, affiliation_zh) = (
                part.removesuffix(")").split(" (") for part in (text, text_zh)
            )
            bio, bio_zh = BIOS.get(text, ("", ""))
            speaker_rows.append([name, affiliation, name_zh if name_zh != name else "",
                             affiliation_zh, bio, bio_zh])  # fmt: skip
    venues = [
        [name, name_zh, kind, address, address_zh, hours,
         f"https://{name.lower().replace(' ', '-')}.example", "", ""]
        for name, name_zh, kind, address, address_zh, hours in VENUES
    ]  # fmt: skip
    projects = [
        [title, sector, country, region, value, day(n % EXPO_DAYS), "Signed at the expo",
         first_of[sector] if n % 2 == 0 else ""]
        for n, (title, sector, country, region, value) in enumerate(PROJECTS)
    ]  # fmt: skip
    glossary = [[english, chinese] for english, chinese in GLOSSARY.items()]
    for kind, rows in (("glossary", glossary), ("exhibitors", exhibitors), ("sessions", sessions),
                       ("speakers", speaker_rows), ("venues", venues),
                       ("projects", projects)):  # fmt: skip
        transfer.import_csv(kind, to_csv(CSV_KINDS[kind].columns, rows))
    _floor_plans()


def _floor_plans() -> None:
    """Each hall gets its Chinese name and a drawn plan, processed by the pipeline, with its
    stands placed on it: stands in rows of four along the aisles."""
    plans = []
    for hall in db.session.scalars(sa.select(Hall).options(selectinload(Hall.stands))):
        hall.name_zh = f"{hall.name.removeprefix('Hall ')} 号馆"
        stands = sorted(hall.stands, key=lambda s: natural(s.code))
        boxes = []
        for n, stand in enumerate(stands):
            stand.plan_x, stand.plan_y = 0.06 + (n % 4) * 0.23, 0.08 + (n // 4) * 0.3
            stand.plan_width, stand.plan_height = 0.18, 0.22
            boxes.append((stand.code, stand.plan_x, stand.plan_y, 0.18, 0.22))
        plan = make_floor_plan(boxes)
        item = media.ingest(None, plan, kind=MediaKind.IMAGE, filename=f"{hall.name}.png",
                            content_type="image/png", queue=False)  # fmt: skip
        hall.floor_plan_media_id = item.id
        plans.append(item.id)
    db.session.commit()
    for media_id in plans:
        pipeline.process_media(media_id)


def _draft_booth(
    exhibitor: Exhibitor,
    author: User | None,
    *,
    number: int,
    with_video: bool = False,
) -> tuple[Booth, list[int], User | None]:
    """Create and fill a booth's draft: a text block, a photo, maybe a video, the exhibitor's
    face and exhibits (`demo.exhibits`). Returns the booth, the ids of media still to process,
    and its author."""
    sector = exhibitor.sector
    assert sector is not None  # noqa: S101 - every demo exhibitor has a sector
    booth = booths.create_booth(
        exhibitor,
        title=f"{exhibitor.name} at the expo",
        summary=f"{exhibitor.name} — {sector.name.lower()} from {exhibitor.region}.",
        sector=sector,
        actor=author,
    )
    booths.add_text_block(
        booth, BOOTH_TEXT.format(name=exhibitor.name, sector=sector.name.lower()), actor=author
    )
    picture = media.ingest(
        exhibitor.id,
        make_photo(1280, 800, seed=exhibitor.id, label=exhibitor.name),
        kind=MediaKind.IMAGE,
        filename="stand.jpg",
        content_type="image/jpeg",
        queue=False,
    )
    to_process = [picture.id]
    booths.add_media_block(
        booth, picture, alt=f"The stand of {exhibitor.name}", caption="", actor=author
    )
    if with_video:
        clip = media.ingest(
            exhibitor.id,
            make_video(3, 480, 270, seed=exhibitor.id),
            kind=MediaKind.VIDEO,
            filename="demo.mp4",
            content_type="video/mp4",
            queue=False,
        )
        booths.add_media_block(booth, clip, caption="Our demonstration", actor=author)
        to_process.append(clip.id)
    to_process += exhibits.ingest_face(exhibitor, number)
    to_process += exhibits.draft_exhibits(booth, number)
    return booth, to_process, author


def _publish(booth: Booth, organizer: User, author: User | None) -> None:
    submission = booths.submit_booth(booth, actor=author)
    moderation.approve_submission(submission, actor=organizer)


# Words for benchmark booths, in pairs, so that search meets varied English and Chinese text.
