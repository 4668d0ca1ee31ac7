"""The OpenAPI paths of the public API (published booths), merged into the one document."""

from __future__ import annotations

from typing import Any

from eexpo.api.openapi_parts import BOOTH_ID, MEDIA, error, json_content

_QUERY = [
    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 2000},
     "description": "words in English or Chinese; ranked, with highlighted snippets (past "
                    "1,000 matches, the newest 1,000 are ranked and older ones follow, newest "
                    "first)"},
    {"name": "sector", "in": "query", "schema": {"type": "string"}, "description": "a slug"},
    {"name": "country", "in": "query", "schema": {"type": "string"}, "description": "alpha-2"},
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                   "maximum": 100}},
]  # fmt: skip
_EXHIBITOR = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "name_zh": {"type": ["string", "null"]},
        "country": {"type": ["string", "null"]},
        "region": {"type": ["string", "null"]},
        "delegation": {"type": ["string", "null"]},
    },
}
_CARD = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "exhibitor": _EXHIBITOR,
        "stand": {"type": ["string", "null"], "description": "hall and stand code"},
        "has_video": {"type": "boolean"},
        "image": {"type": ["string", "null"], "description": "the cover's smallest JPEG"},
        "snippet_html": {
            "type": ["string", "null"],
            "description": "search only: escaped text with matches in <mark>",
        },
    },
}

PATHS: dict[str, Any] = {
    "/booths": {
        "get": {
            "summary": "Published booths, searched and ranked when `q` is given",
            "security": [],
            "parameters": _QUERY,
            "responses": {
                "200": json_content(
                    "One page of booths",
                    {
                        "type": "object",
                        "properties": {
                            "items": {"type": "array", "items": _CARD},
                            "page": {"type": "integer"},
                            "per_page": {"type": "integer"},
                            "total": {"type": "integer"},
                        },
                    },
                ),
                "404": error("An unknown sector"),
                "422": error("A page or page size that is not a whole number in range"),
                "429": error("Too many searches (`q`) from this address"),
            },
        }
    },
    "/booths/{booth_id}": {
        "get": {
            "summary": "A published booth as visitors see it",
            "security": [],
            "parameters": BOOTH_ID,
            "responses": {
                "200": json_content(
                    "The booth's live revision",
                    {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "slug": {"type": "string"},
                            "title": {"type": "string"},
                            "summary": {"type": "string"},
                            "sector": {"type": ["string", "null"]},
                            "exhibitor": _EXHIBITOR,
                            "stand": {"type": ["string", "null"]},
                            "blocks": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "type": {"enum": ["text", "photo", "video"]},
                                        "html": {"type": "string"},
                                        "alt": {"type": ["string", "null"]},
                                        "caption": {"type": ["string", "null"]},
                                        "media": MEDIA,
                                    },
                                },
                            },
                        },
                    },
                ),
                "404": error("No published booth with this id"),
            },
        }
    },
    "/booths/{booth_id}/leads": {
        "post": {
            "summary": "Ask a published booth's exhibitor to get in touch (rate limited)",
            "security": [],
            "parameters": BOOTH_ID,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["name", "email", "message", "consent"],
                            "properties": {
                                "name": {"type": "string", "maxLength": 200},
                                "email": {"type": "string", "format": "email"},
                                "organization": {"type": "string", "maxLength": 200},
                                "message": {"type": "string", "maxLength": 5000},
                                "consent": {"const": True},
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": json_content("The lead was stored", {"type": "object"}),
                "404": error("No published booth with this id"),
                "422": error("A missing or invalid field, or no consent"),
                "429": error("Too many messages from this address"),
            },
        }
    },
    "/favourites": {
        "get": {
            "summary": "The caller's tour (favourites), in the order of a walk through the halls",
            "responses": {
                "200": json_content(
                    "The published booths on the tour",
                    {"type": "object", "properties": {"items": {"type": "array", "items": _CARD}}},
                ),
                "401": error("Not signed in"),
            },
        }
    },
    "/favourites/{booth_id}": {
        "put": {
            "summary": "Put a published booth on the caller's tour (again is no error)",
            "parameters": BOOTH_ID,
            "responses": {
                "201": json_content("Added", {"type": "object"}),
                "200": json_content("Already on the tour", {"type": "object"}),
                "401": error("Not signed in"),
                "404": error("No published booth with this id"),
                "422": error("The tour is full (100 booths)"),
            },
        },
        "delete": {
            "summary": "Take a booth off the caller's tour",
            "parameters": BOOTH_ID,
            "responses": {
                "204": {"description": "Removed"},
                "401": error("Not signed in"),
                "404": error("The booth is not on the tour"),
            },
        },
    },
    "/catalogue/{kind}": {
        "get": {
            "summary": "The offline catalogue: the CSV formats' rows as JSON (halls with stands)",
            "security": [],
            "parameters": [
                {
                    "name": "kind",
                    "in": "path",
                    "required": True,
                    "schema": {"enum": ["exhibitors", "sessions", "venues", "halls", "projects"]},
                },
            ],  # fmt: skip
            "responses": {
                "200": json_content(
                    "Every item of the kind; money as exact decimal strings",
                    {"type": "object", "properties": {"items": {"type": "array"}}},
                ),
                "404": error("An unknown kind"),
            },
        }
    },
    "/report": {
        "get": {
            "summary": "The event's statistics (organizers): money as exact decimal strings, "
            "shares as fractions from 0 to 1",
            "responses": {
                "200": json_content(
                    "Exhibitors, booths, visitors, views, video plays, leads, signed projects",
                    {
                        "type": "object",
                        "properties": {
                            name: {"type": "object"}
                            for name in ("exhibitors", "booths", "visitors", "projects")
                        }
                        | {name: {"type": "integer"} for name in ("views", "video_plays", "leads")},
                    },
                ),
                "401": error("Not signed in"),
                "403": error("Not an organizer"),
            },
        }
    },
}
