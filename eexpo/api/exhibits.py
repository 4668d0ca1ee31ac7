"""The exhibits catalogue in the API: published exhibits searched and filtered, and one read."""

from __future__ import annotations

from eexpo import limits
from eexpo.access import public
from eexpo.api import bp
from eexpo.api.schemas.common import Media
from eexpo.api.schemas.exhibits import (
    ExhibitCard,
    ExhibitDetail,
    ExhibitDocument,
    ExhibitExhibitor,
    ExhibitFacets,
    ExhibitPage,
    ExhibitQuery,
)
from eexpo.api.spec import ANYONE, answers, api
from eexpo.media.shown import media_json
from eexpo.models import ExhibitCooperation, ExhibitKind
from eexpo.visit import exhibits, services


def _card(card: exhibits.ExhibitCard) -> ExhibitCard:
    return ExhibitCard(
        id=card.id,
        name=card.name,
        name_zh=card.name_zh,
        summary=card.summary,
        summary_zh=card.summary_zh,
        kind=card.kind.value,
        trl=card.trl,
        cooperation=[kind.value for kind in card.cooperation],
        sectors=card.sectors,
        booth_id=card.booth_id,
        exhibitor=ExhibitExhibitor(
            name=card.exhibitor_name,
            name_zh=card.exhibitor_name_zh,
            country=card.country,
            stand=card.stand,
        ),  # fmt: skip
        image=card.image.smallest.url if card.image and card.image.smallest else None,
    )


@bp.get("/exhibits")
@limits.search
@public
@api.validate(
    security=ANYONE,
    resp=answers(
        HTTP_200=(ExhibitPage, "One page of exhibits, with the facets' counts"),
        HTTP_404="An unknown sector",
        HTTP_422="A parameter out of its range",
        HTTP_429="Too many searches (`q`) from this address",
    ),
)
def list_exhibits(query: ExhibitQuery) -> ExhibitPage:
    """Published exhibits, searched and ranked when `q` is given, else by exhibitor A to Z"""
    if query.sector:
        services.get_sector(query.sector)
    filters = exhibits.ExhibitFilters(
        q=query.q.strip(),
        sector=query.sector,
        kind=ExhibitKind(query.kind) if query.kind else None,
        trl_min=query.trl_min,
        trl_max=query.trl_max,
        cooperation=ExhibitCooperation(query.cooperation) if query.cooperation else None,
        country=query.country.upper() if query.country else None,
    )
    listing = exhibits.listing(filters, query.page, query.per_page, facets=False)
    facets = exhibits.facets_of(filters)
    return ExhibitPage(
        items=[_card(card) for card in listing.cards],
        total=listing.total,
        page=query.page,
        per_page=query.per_page,
        facets=ExhibitFacets(
            sector=facets.sector,
            kind=facets.kind,
            trl=facets.trl,
            cooperation=facets.cooperation,
            country=facets.country,
        ),  # fmt: skip
    )


@bp.get("/exhibits/<int:exhibit_id>")
@public
@api.validate(
    security=ANYONE,
    resp=answers(
        HTTP_200=(ExhibitDetail, "The exhibit as its published booth shows it"),
        HTTP_404="No published exhibit with this id",
    ),
)
def read_exhibit(exhibit_id: int) -> ExhibitDetail:
    """A published exhibit with its photos, video and documents"""
    page = exhibits.exhibit_page(exhibit_id)
    version = page.version
    shown = [link.media for link in version.media]
    return ExhibitDetail(
        **_card(page.card).model_dump(),
        description_html=version.html,
        ip_status=version.ip_status.value if version.ip_status else None,
        media=[
            Media.model_validate(media_json(item, public=True))
            for item in shown
            if item.kind.value != "document" and item.status.value == "ready"
        ],
        documents=[
            ExhibitDocument(
                id=item.id,
                title=item.original_filename or "document.pdf",
                url=document.url,
                pages=item.page_count or 0,
                bytes=item.size or 0,
            )  # fmt: skip
            for item, document in page.documents
        ],
    )
