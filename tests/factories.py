"""Small factories that build valid rows through the services, committing as a request would."""

from __future__ import annotations

import itertools

import sqlalchemy as sa

from eexpo.accounts import services as accounts
from eexpo.booths import drafts, moderation
from eexpo.booths import services as booths
from eexpo.extensions import db
from eexpo.models import (
    Booth,
    Exhibitor,
    ExhibitorStatus,
    MediaItem,
    MediaKind,
    MediaStatus,
    Role,
    Sector,
    Submission,
    SubmissionStatus,
    User,
)

PASSWORD = "correct horse battery"
_n = itertools.count(1)


class Factories:
    def sector(self, slug: str | None = None, **fields: object) -> Sector:
        n = next(_n)
        fields.setdefault("name", f"Sector {n}")
        sector = Sector(slug=slug or f"sector-{n}", **fields)
        db.session.add(sector)
        db.session.commit()
        return sector

    def exhibitor(
        self, name: str | None = None, status: ExhibitorStatus = ExhibitorStatus.APPROVED, **fields
    ) -> Exhibitor:
        exhibitor = Exhibitor(name=name or f"Exhibitor {next(_n)}", status=status, **fields)
        db.session.add(exhibitor)
        db.session.commit()
        return exhibitor

    def user(
        self,
        role: Role = Role.VISITOR,
        email: str | None = None,
        *,
        exhibitor: Exhibitor | None = None,
        password: str = PASSWORD,
        **fields,
    ) -> User:
        if role == Role.EXHIBITOR and exhibitor is None:
            exhibitor = self.exhibitor()
        user = accounts.create_user(
            email or f"user{next(_n)}@example.com",
            password,
            role=role,
            exhibitor=exhibitor,
            **fields,
        )
        db.session.commit()
        return user

    def published_booth(
        self,
        exhibitor: Exhibitor | None = None,
        sector: Sector | None = None,
        *,
        title: str = "A booth",
        summary: str = "",
        text: str = "Hello **visitors**",
    ):
        exhibitor = exhibitor or self.exhibitor()
        sector = sector or self.sector()
        organizer = self._organizer()
        booth = booths.create_booth(
            exhibitor, title=title, summary=summary, sector=sector, actor=None
        )
        booths.add_text_block(booth, text, actor=None)
        moderation.approve_submission(booths.submit_booth(booth, actor=None), actor=organizer)
        db.session.commit()
        return booth

    def booth_with_exhibits(
        self, exhibits: list[dict], exhibitor: Exhibitor | None = None,
        sector: Sector | None = None, *, publish: bool = True,
    ) -> Booth:  # fmt: skip
        """A booth with a text block and these exhibits (as `PATCH /booths/{id}/draft` takes
        them), published unless told otherwise."""
        exhibitor = exhibitor or self.exhibitor()
        booth = booths.create_booth(
            exhibitor, title=f"{exhibitor.name}'s booth", summary="", actor=None,
            sector=sector or self.sector(),
        )  # fmt: skip
        booths.add_text_block(booth, "Welcome to our booth.", actor=None)
        version = booth.draft_revision.version if booth.draft_revision else 0
        drafts.update_draft(booth, version=version, changes={"exhibits": exhibits},
                            actor=self.author(exhibitor))  # fmt: skip
        db.session.commit()
        return self.publish(booth) if publish else booth

    def author(self, exhibitor: Exhibitor) -> User:
        """A user of the exhibitor's, made once."""
        return (
            exhibitor.users[0]
            if exhibitor.users
            else self.user(Role.EXHIBITOR, exhibitor=exhibitor)
        )

    def publish(self, booth: Booth) -> Booth:
        """Submit the booth's draft and approve it, as an organizer would."""
        booths.submit_booth(booth, actor=None)
        return self.approve(booth)

    def approve(self, booth: Booth) -> Booth:
        """Approve the booth's pending submission, as an organizer would."""
        pending = db.session.scalar(
            sa.select(Submission).where(
                Submission.booth_id == booth.id, Submission.status == SubmissionStatus.PENDING
            )
        )
        moderation.approve_submission(pending, actor=self._organizer())
        db.session.commit()
        return booth

    def _organizer(self) -> User:
        """The factories' own organizer, made once per test."""
        found = db.session.scalar(
            sa.select(User).where(User.email == "factory-organizer@example.com")
        )
        return found or self.user(Role.ORGANIZER, email="factory-organizer@example.com")

    def submission(
        self,
        exhibitor: Exhibitor,
        title: str = "Submitted booth",
        sector: Sector | None = None,
        *,
        by: User | None = None,
    ) -> Submission:
        """A new booth with one text block, submitted for review."""
        booth = booths.create_booth(
            exhibitor, title=title, summary="", sector=sector or self.sector(), actor=None
        )
        booths.add_text_block(booth, f"All about {title}.", actor=None)
        submission = booths.submit_booth(booth, actor=by)
        db.session.commit()
        return submission

    def media(
        self,
        exhibitor: Exhibitor,
        *,
        status: MediaStatus = MediaStatus.READY,
        kind: MediaKind = MediaKind.IMAGE,
        **fields: object,
    ) -> MediaItem:
        """A media row in the given state (no bytes in the store: for listings and counts)."""
        item = MediaItem(
            exhibitor_id=exhibitor.id, kind=kind, status=status, backend="local",
            original_key="", **fields,
        )  # fmt: skip
        db.session.add(item)
        db.session.flush()
        item.original_key = f"media/{item.uuid}/original"
        db.session.commit()
        return item

    def draft_booth(self, exhibitor: Exhibitor, sector: Sector | None = None) -> Booth:
        booth = booths.create_booth(
            exhibitor, title="Draft booth", summary="", sector=sector or self.sector(), actor=None
        )
        db.session.commit()
        return booth
