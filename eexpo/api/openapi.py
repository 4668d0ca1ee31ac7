"""The OpenAPI 3.1 document of /api/v1; a test checks that it names every API route."""

from __future__ import annotations

from typing import Any

from eexpo.api.openapi_media import PATHS as MEDIA_PATHS
from eexpo.api.openapi_parts import (
    BLOCK,
    BOOTH_ID,
    DRAFT,
    ERROR,
    MEDIA_UPLOAD_REQUEST,
    REASON,
    SUBMISSION_ID,
    error,
    json_content,
    request_body,
)
from eexpo.api.openapi_visit import PATHS as VISIT_PATHS

PATHS: dict[str, Any] = {
    "/tokens": {
        "post": {
            "summary": "Exchange an email and password for a bearer token",
            "security": [],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["email", "password"],
                            "properties": {
                                "email": {"type": "string", "format": "email"},
                                "password": {"type": "string"},
                                "name": {"type": "string", "description": "a label for the token"},
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": json_content(
                    "The token; keep it, it is shown once",
                    {
                        "type": "object",
                        "properties": {
                            "token": {"type": "string"},
                            "expires_at": {"type": "string", "format": "date-time"},
                        },
                    },
                ),
                "401": error("Wrong email or password"),
                "403": error("The account is deactivated"),
                "422": error("A field is missing"),
                "429": error("Too many attempts"),
            },
        }
    },
    "/me": {
        "get": {
            "summary": "The authenticated caller",
            "responses": {
                "200": json_content(
                    "The caller's account",
                    {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "email": {"type": "string"},
                            "name": {"type": "string"},
                            "role": {"enum": ["organizer", "exhibitor", "visitor"]},
                            "locale": {"type": ["string", "null"]},
                            "exhibitor": {"type": ["object", "null"]},
                        },
                    },
                ),
                "401": error("Not authenticated"),
            },
        }
    },
    "/sectors": {
        "get": {
            "summary": "Industry sectors with their booth counts",
            "security": [],
            "responses": {
                "200": json_content(
                    "The sectors",
                    {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "slug": {"type": "string"},
                                "name": {"type": "string"},
                                "name_zh": {"type": ["string", "null"]},
                                "group": {"type": ["string", "null"]},
                                "booth_count": {"type": "integer"},
                                "exhibitor_count": {"type": "integer"},
                            },
                        },
                    },
                )
            },
        }
    },
    "/booths": {
        "post": {
            "summary": "Create a draft booth for the caller's exhibitor",
            "requestBody": request_body(
                {
                    "type": "object",
                    "required": ["title", "sector"],
                    "properties": {
                        "title": {"type": "string", "maxLength": 200},
                        "sector": {"type": "string", "description": "a sector's slug"},
                        "summary": {"type": "string", "maxLength": 1000},
                    },
                }
            ),
            "responses": {
                "201": json_content("The new booth's draft", DRAFT),
                "403": error("The organization is not approved yet"),
                "422": error("A missing title or an unknown sector"),
            },
        }
    },
    "/booths/{booth_id}/draft": {
        "get": {
            "summary": "The booth's draft, or its latest content at version 0 before any edit",
            "parameters": BOOTH_ID,
            "responses": {
                "200": json_content("The draft", DRAFT),
                "404": error("No such booth the caller may edit or moderate"),
            },
        },
        "patch": {
            "summary": "Save the draft; the published revision stays live meanwhile",
            "parameters": BOOTH_ID,
            "requestBody": request_body(
                {
                    "type": "object",
                    "required": ["version"],
                    "properties": {
                        "version": {"type": "integer"},
                        "title": {"type": "string"},
                        "summary": {"type": "string"},
                        "sector": {"type": "string"},
                        "secondary_sectors": {"type": "array", "items": {"type": "string"}},
                        "blocks": {"type": "array", "items": BLOCK},
                    },
                }
            ),
            "responses": {
                "200": json_content("The saved draft with its new version", DRAFT),
                "404": error("No such booth of the caller's organization"),
                "409": json_content(
                    "Someone saved first: the error, and their version as `current`",
                    {
                        "type": "object",
                        "properties": {"error": ERROR["properties"]["error"], "current": DRAFT},
                    },
                ),  # fmt: skip
                "422": error("A field that is not valid"),
            },
        },
    },
    "/booths/{booth_id}/submit": {
        "post": {
            "summary": "Submit the draft for the organizers' review",
            "parameters": BOOTH_ID,
            "responses": {
                "202": json_content("The submission", {"type": "object"}),
                "404": error("No such booth of the caller's organization"),
                "409": error("No draft, a submission already waiting, or media not ready"),
                "422": error("An empty booth, or a photo without alt text"),
            },
        }
    },
    "/leads": {
        "get": {
            "summary": "The leads visitors left at the caller's booths, newest first",
            "responses": {
                "200": json_content(
                    "The leads",
                    {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                name: {"type": "string"}
                                for name in (
                                    "created_at",
                                    "booth",
                                    "name",
                                    "email",
                                    "organization",
                                    "message",
                                    "locale",
                                )
                            },
                        },
                    },
                ),
                "403": error("Only exhibitors have leads"),
            },
        }
    },
    "/moderation/submissions": {
        "get": {
            "summary": "The review queue, oldest first",
            "parameters": [
                {
                    "name": "status",
                    "in": "query",
                    "schema": {"enum": ["pending", "approved", "rejected", "withdrawn"]},
                },
                {"name": "sector", "in": "query", "schema": {"type": "string"}},
                {"name": "country", "in": "query", "schema": {"type": "string"}},
                {"name": "kind", "in": "query", "schema": {"enum": ["new", "change"]}},
            ],
            "responses": {
                "200": json_content("The submissions and their count", {"type": "object"}),
                "403": error("Only organizers moderate"),
                "422": error("An unknown status or kind"),
            },
        }
    },
    "/moderation/submissions/{submission_id}": {
        "get": {
            "summary": "A submission with its diff against the live revision",
            "parameters": SUBMISSION_ID,
            "responses": {
                "200": json_content(
                    "The submission, `diff` and the `media` it shows", {"type": "object"}
                ),
                "404": error("No such submission"),
            },
        }
    },
    "/moderation/submissions/{submission_id}/approve": {
        "post": {
            "summary": "Publish the submitted revision",
            "parameters": SUBMISSION_ID,
            "responses": {
                "200": json_content("The decided submission", {"type": "object"}),
                "409": error("Already decided, or the booth's state does not allow it"),
            },
        }
    },
    "/moderation/submissions/{submission_id}/reject": {
        "post": {
            "summary": "Send the submission back to the exhibitor with a reason",
            "parameters": SUBMISSION_ID,
            "requestBody": request_body(REASON),
            "responses": {
                "200": json_content("The decided submission", {"type": "object"}),
                "409": error("Already decided"),
                "422": error("No reason given"),
            },
        }
    },
    "/booths/{booth_id}/takedown": {
        "post": {
            "summary": "Withdraw a published booth from visitors, with a reason",
            "parameters": BOOTH_ID,
            "requestBody": request_body(REASON),
            "responses": {
                "200": json_content("The booth's new state", {"type": "object"}),
                "404": error("No such booth"),
                "409": error("The booth is not published"),
                "422": error("No reason given"),
            },
        }
    },
    "/booths/{booth_id}/restore": {
        "post": {
            "summary": "Publish a taken-down booth again",
            "parameters": BOOTH_ID,
            "responses": {
                "200": json_content("The booth's new state", {"type": "object"}),
                "404": error("No such booth"),
                "409": error("The booth is not taken down"),
            },
        }
    },
    "/openapi.json": {
        "get": {
            "summary": "This document",
            "security": [],
            "responses": {"200": {"description": "The OpenAPI document"}},
        }
    },
}


def document() -> dict[str, Any]:
    paths = {path: dict(operations) for path, operations in PATHS.items()}
    for path, operations in (*MEDIA_PATHS.items(), *VISIT_PATHS.items()):
        paths.setdefault(path, {}).update(operations)
    return {
        "openapi": "3.1.0",
        "info": {"title": "eexpo API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths,
        "components": {
            "schemas": {"Error": ERROR, "MediaUploadRequest": MEDIA_UPLOAD_REQUEST},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }
