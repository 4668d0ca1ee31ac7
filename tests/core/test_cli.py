"""`flask users …` and `flask demo …`."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from benchmarks import booths
from eexpo import demo
from eexpo.accounts import services
from eexpo.demo import exhibits as demo_exhibits
from eexpo.extensions import db
from eexpo.models import (
    Block,
    BlockType,
    Booth,
    BoothStatus,
    ExhibitKind,
    Exhibitor,
    ExhibitVersion,
    Hall,
    MediaItem,
    MediaKind,
    MediaStatus,
    ProgrammeSession,
    Project,
    Role,
    Sector,
    SessionKind,
    Stand,
    User,
    Venue,
)


def test_users_create_makes_an_organizer(runner):
    result = runner.invoke(
        args=["users", "create", "Boss@Example.com", "--role", "organizer", "--password", "p" * 12]
    )
    assert result.exit_code == 0, result.output
    user = services.get_user_by_email("boss@example.com")
    assert user.role == Role.ORGANIZER


def test_users_create_prompts_for_the_password(runner):
    result = runner.invoke(
        args=["users", "create", "v@example.com", "--role", "visitor"],
        input="a long password\na long password\n",
    )
    assert result.exit_code == 0, result.output
    assert services.authenticate("v@example.com", "a long password")


def test_users_create_exhibitor_creates_its_organization(runner):
    result = runner.invoke(
        args=[
            "users", "create", "e@example.com", "--role", "exhibitor",
            "--exhibitor", "Acme", "--password", "p" * 12,
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert services.get_user_by_email("e@example.com").exhibitor.name == "Acme"


def test_users_create_refuses_a_taken_email(runner, make):
    make.user(email="taken@example.com")
    result = runner.invoke(
        args=["users", "create", "TAKEN@example.com", "--role", "visitor", "--password", "p" * 12]
    )
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_users_create_refuses_a_short_password(runner):
    result = runner.invoke(
        args=["users", "create", "x@example.com", "--role", "visitor", "--password", "short"]
    )
    assert result.exit_code != 0
    assert "at least 10 characters" in result.output


def test_exhibitor_user_needs_an_organization(runner):
    result = runner.invoke(
        args=["users", "create", "e@example.com", "--role", "exhibitor", "--password", "p" * 12]
    )
    assert result.exit_code != 0
    assert "--exhibitor" in result.output


def test_users_deactivate(runner, make):
    make.user(email="a@example.com")
    result = runner.invoke(args=["users", "deactivate", "a@example.com"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert services.get_user_by_email("a@example.com").is_active is False


def test_demo_loads_the_expo_once_with_processed_media(runner, client, auth):
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert demo.EXHIBITOR_EMAIL in result.output
    exhibitors = db.session.scalar(sa.select(sa.func.count()).select_from(Exhibitor))
    assert exhibitors == len(demo.EXHIBITORS) >= 40
    slugs = set(db.session.scalars(sa.select(Sector.slug)))
    assert {"integrated-circuits", "third-gen-semiconductors", "iot", "biomedicine"} <= slugs
    assert {"clean-energy", "new-materials"} <= slugs
    assert len({e[2] for e in demo.EXHIBITORS}) >= 8
    published = db.session.scalar(
        sa.select(sa.func.count()).where(Booth.status == BoothStatus.PUBLISHED)
    )
    assert published == exhibitors
    media = dict(
        db.session.execute(
            sa.select(MediaItem.kind, sa.func.count())
            .where(MediaItem.status == MediaStatus.READY)
            .group_by(MediaItem.kind)
        ).all()
    )
    halls = db.session.scalar(sa.select(sa.func.count()).select_from(Hall))
    shown = dict(
        db.session.execute(
            sa.select(ExhibitVersion.kind, sa.func.count())
            .join(Booth, Booth.published_revision_id == ExhibitVersion.revision_id)
            .group_by(ExhibitVersion.kind)
        ).all()
    )
    assert set(shown) == set(ExhibitKind)
    assert 2 * exhibitors <= sum(shown.values()) <= 3 * exhibitors
    banners = -(-exhibitors // demo_exhibits.BANNER_EVERY)
    assert media == {
        # a photo and a logo per booth, a floor plan per hall, banners, a photo per exhibit
        MediaKind.IMAGE: 2 * exhibitors + halls + banners + sum(shown.values()),
        MediaKind.VIDEO: exhibitors // demo.VIDEO_EVERY,
        MediaKind.DOCUMENT: -(-exhibitors // demo_exhibits.BROCHURE_EVERY),  # brochures
    }

    kinds = dict(
        db.session.execute(
            sa.select(ProgrammeSession.kind, sa.func.count()).group_by(ProgrammeSession.kind)
        ).all()
    )
    assert kinds[SessionKind.FORUM] == 2
    assert kinds[SessionKind.BUSINESS_TALK] == 10
    forum = db.session.scalar(sa.select(ProgrammeSession).where(ProgrammeSession.kind == "forum"))
    assert len(forum.speakers) == 4
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Venue)) == 10
    assert db.session.scalar(sa.select(sa.func.sum(Project.value_cny))) == Decimal("17848000000")
    assert len({p.sector_id for p in db.session.scalars(sa.select(Project))}) == len(demo.SECTORS)
    placed = sa.select(sa.func.count(sa.distinct(Stand.exhibitor_id)))
    assert db.session.scalar(placed) == exhibitors
    hall = client.get("/catalogue/halls/Hall 1").get_data(as_text=True)
    assert '<rect class="plan-stand"' in hall
    assert "<image href=" in hall
    booth = client.get(f"/booths/{db.session.scalar(sa.select(Booth.id).limit(1))}")
    assert "Visit us in the hall: Hall " in booth.get_data(as_text=True)

    home = client.get("/").get_data(as_text=True)
    assert "International High-Tech Expo 2026" in home
    assert "Integrated circuits" in home
    assert auth.login(demo.ORGANIZER_EMAIL, demo.DEMO_PASSWORD).headers["Location"] == (
        "/organizer/"
    )

    again = runner.invoke(args=["demo", "--if-empty"])
    assert "not loaded" in again.output
    refused = runner.invoke(args=["demo"])
    assert refused.exit_code != 0
    assert "already loaded" in refused.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Exhibitor)) == exhibitors

    assert booths.add_booths(25) == "Added 25 published booths."
    after = db.session.scalar(
        sa.select(sa.func.count()).where(Booth.status == BoothStatus.PUBLISHED)
    )
    assert after == published + 25
    photo_blocks = db.session.scalar(
        sa.select(sa.func.count()).select_from(Block).where(Block.type == BlockType.PHOTO)
    )
    assert photo_blocks == after
    newest = db.session.scalar(sa.select(Booth).order_by(Booth.id.desc()).limit(1))
    page = client.get(f"/booths/{newest.id}")
    assert page.status_code == 200
    assert newest.exhibitor.name in page.get_data(as_text=True)
    found = client.get("/api/v1/booths", query_string={"q": newest.exhibitor.name_zh}).get_json()
    assert [item["id"] for item in found["items"]] == [newest.id]
