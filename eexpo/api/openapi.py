"""The OpenAPI 3.1 document of /api/v1; a test checks that it names every API route."""

from __future__ import annotations

from typing import Any

ERROR: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    },
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


MEDIA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "kind": {"enum": ["image", "video"]},
        "status": {"enum": ["uploading", "processing", "ready", "failed"]},
        "error": {"type": ["string", "null"], "description": "why a failed item was refused"},
        "filename": {"type": "string"},
        "width": {"type": ["integer", "null"]},
        "height": {"type": ["integer", "null"]},
        "duration_seconds": {"type": ["number", "null"]},
        "placeholder_color": {"type": ["string", "null"]},
        "url": {"type": ["string", "null"]},
        "variants": {"type": "array", "items": {"type": "object"}},
        "poster_url": {"type": ["string", "null"]},
    },
}
UPLOAD = {
    "oneOf": [
        {
            "type": "object",
            "description": "a form POST: send `fields`, then the file as the field `file`",
            "properties": {
                "method": {"const": "POST"},
                "url": {"type": "string"},
                "fields": {"type": "object"},
            },
        },
        {
            "type": "object",
            "description": "parts of `part_size` bytes: sign them, PUT each, then complete",
            "properties": {
                "method": {"const": "multipart"},
                "part_size": {"type": "integer"},
                "part_count": {"type": "integer"},
            },
        },
    ]
}
BLOCK = {
    "oneOf": [
        {"type": "object", "required": ["type", "markdown"],
         "properties": {"type": {"const": "text"}, "markdown": {"type": "string"}}},
        {"type": "object", "required": ["type", "media_id"],
         "properties": {"type": {"const": "photo"}, "media_id": {"type": "integer"},
                        "alt": {"type": "string"}, "caption": {"type": "string"}}},
        {"type": "object", "required": ["type", "media_id"],
         "properties": {"type": {"const": "video"}, "media_id": {"type": "integer"},
                        "caption": {"type": "string"}}},
    ]
}  # fmt: skip
DRAFT = {
    "type": "object",
    "properties": {
        "booth_id": {"type": "integer"},
        "status": {"enum": ["draft", "submitted", "published", "rejected", "taken_down"]},
        "version": {"type": "integer", "description": "0 until the first save of a draft"},
        "has_draft": {"type": "boolean"},
        "pending_submission": {"type": ["integer", "null"]},
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "sector": {"type": ["string", "null"]},
        "secondary_sectors": {"type": "array", "items": {"type": "string"}},
        "blocks": {"type": "array", "items": {"type": "object"}},
    },
}
BOOTH_ID = [{"name": "booth_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
MEDIA_UPLOAD_REQUEST = {
    "type": "object",
    "required": ["kind", "filename", "content_type", "size"],
    "properties": {
        "kind": {"enum": ["image", "video"]},
        "filename": {"type": "string"},
        "content_type": {
            "enum": [
                "image/jpeg", "image/png", "image/webp",
                "video/mp4", "video/quicktime", "video/webm",
            ]
        },
        "size": {"type": "integer", "minimum": 1},
    },
}  # fmt: skip
SUBMISSION_ID = [
    {"name": "submission_id", "in": "path", "required": True, "schema": {"type": "integer"}}
]
MEDIA_ID = [{"name": "media_id", "in": "path", "required": True, "schema": {"type": "integer"}}]


REASON = {
    "type": "object",
    "required": ["reason"],
    "properties": {"reason": {"type": "string", "maxLength": 2000}},
}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


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
                "201": _json(
                    "The token; keep it, it is shown once",
                    {
                        "type": "object",
                        "properties": {
                            "token": {"type": "string"},
                            "expires_at": {"type": "string", "format": "date-time"},
                        },
                    },
                ),
                "401": _error("Wrong email or password"),
                "403": _error("The account is deactivated"),
                "422": _error("A field is missing"),
                "429": _error("Too many attempts"),
            },
        }
    },
    "/me": {
        "get": {
            "summary": "The authenticated caller",
            "responses": {
                "200": _json(
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
                "401": _error("Not authenticated"),
            },
        }
    },
    "/sectors": {
        "get": {
            "summary": "Industry sectors with their booth counts",
            "security": [],
            "responses": {
                "200": _json(
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
            "requestBody": _body(
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
                "201": _json("The new booth's draft", DRAFT),
                "403": _error("The organization is not approved yet"),
                "422": _error("A missing title or an unknown sector"),
            },
        }
    },
    "/booths/{booth_id}/draft": {
        "get": {
            "summary": "The booth's draft, or its latest content at version 0 before any edit",
            "parameters": BOOTH_ID,
            "responses": {
                "200": _json("The draft", DRAFT),
                "404": _error("No such booth the caller may edit or moderate"),
            },
        },
        "patch": {
            "summary": "Save the draft; the published revision stays live meanwhile",
            "parameters": BOOTH_ID,
            "requestBody": _body(
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
                "200": _json("The saved draft with its new version", DRAFT),
                "404": _error("No such booth of the caller's organization"),
                "409": _json(
                    "Someone saved first: the error, and their version as `current`",
                    {
                        "type": "object",
                        "properties": {"error": ERROR["properties"]["error"], "current": DRAFT},
                    },
                ),  # fmt: skip
                "422": _error("A field that is not valid"),
            },
        },
    },
    "/booths/{booth_id}/submit": {
        "post": {
            "summary": "Submit the draft for the organizers' review",
            "parameters": BOOTH_ID,
            "responses": {
                "202": _json("The submission", {"type": "object"}),
                "404": _error("No such booth of the caller's organization"),
                "409": _error("No draft, a submission already waiting, or media not ready"),
                "422": _error("An empty booth, or a photo without alt text"),
            },
        }
    },
    "/leads": {
        "get": {
            "summary": "The leads visitors left at the caller's booths, newest first",
            "responses": {
                "200": _json(
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
                "403": _error("Only exhibitors have leads"),
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
                "200": _json("The submissions and their count", {"type": "object"}),
                "403": _error("Only organizers moderate"),
                "422": _error("An unknown status or kind"),
            },
        }
    },
    "/moderation/submissions/{submission_id}": {
        "get": {
            "summary": "A submission with its diff against the live revision",
            "parameters": SUBMISSION_ID,
            "responses": {
                "200": _json("The submission, `diff` and the `media` it shows", {"type": "object"}),
                "404": _error("No such submission"),
            },
        }
    },
    "/moderation/submissions/{submission_id}/approve": {
        "post": {
            "summary": "Publish the submitted revision",
            "parameters": SUBMISSION_ID,
            "responses": {
                "200": _json("The decided submission", {"type": "object"}),
                "409": _error("Already decided, or the booth's state does not allow it"),
            },
        }
    },
    "/moderation/submissions/{submission_id}/reject": {
        "post": {
            "summary": "Send the submission back to the exhibitor with a reason",
            "parameters": SUBMISSION_ID,
            "requestBody": _body(REASON),
            "responses": {
                "200": _json("The decided submission", {"type": "object"}),
                "409": _error("Already decided"),
                "422": _error("No reason given"),
            },
        }
    },
    "/booths/{booth_id}/takedown": {
        "post": {
            "summary": "Withdraw a published booth from visitors, with a reason",
            "parameters": BOOTH_ID,
            "requestBody": _body(REASON),
            "responses": {
                "200": _json("The booth's new state", {"type": "object"}),
                "404": _error("No such booth"),
                "409": _error("The booth is not published"),
                "422": _error("No reason given"),
            },
        }
    },
    "/booths/{booth_id}/restore": {
        "post": {
            "summary": "Publish a taken-down booth again",
            "parameters": BOOTH_ID,
            "responses": {
                "200": _json("The booth's new state", {"type": "object"}),
                "404": _error("No such booth"),
                "409": _error("The booth is not taken down"),
            },
        }
    },
    "/booths/{booth_id}/media": {
        "post": {
            "summary": "Start uploading a photo or video for one of the caller's booths",
            "parameters": [
                {"name": "booth_id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["kind", "filename", "content_type", "size"],
                    "properties": {
                        "kind": {"enum": ["image", "video"]},
                        "filename": {"type": "string"},
                        "content_type": {
                            "enum": [
                                "image/jpeg",
                                "image/png",
                                "image/webp",
                                "video/mp4",
                                "video/quicktime",
                                "video/webm",
                            ]
                        },
                        "size": {"type": "integer", "minimum": 1},
                    },
                }
            ),  # fmt: skip
            "responses": {
                "201": _json(
                    "The media item and how to upload its bytes",
                    {"type": "object", "properties": {"media": MEDIA, "upload": UPLOAD}},
                ),
                "404": _error("No such booth of the caller's organization"),
                "413": _error("Larger than the limit"),
                "415": _error("A type that is not accepted"),
                "422": _error("A missing or invalid field"),
            },
        }
    },
    "/media": {
        "post": {
            "summary": "Start uploading a file of the caller's organization itself (its logo)",
            "requestBody": _body({"$ref": "#/components/schemas/MediaUploadRequest"}),
            "responses": {
                "201": _json(
                    "The media item and how to upload its bytes",
                    {"type": "object", "properties": {"media": MEDIA, "upload": UPLOAD}},
                ),
                "404": _error("The caller's organization is not approved"),
                "413": _error("Larger than the limit"),
                "415": _error("A type that is not accepted"),
            },
        }
    },
    "/media/{media_id}/parts": {
        "post": {
            "summary": "Presigned URLs to PUT parts of a multipart upload to",
            "parameters": MEDIA_ID,
            "requestBody": _body(
                {
                    "type": "object",
                    "properties": {"part_numbers": {"type": "array", "items": {"type": "integer"}}},
                }
            ),
            "responses": {
                "200": _json("One URL per part", {"type": "object"}),
                "404": _error("No such media item of the caller's organization"),
                "409": _error("The item does not take parts"),
            },
        },
        "get": {
            "summary": "The parts stored so far (to resume an interrupted upload)",
            "parameters": MEDIA_ID,
            "responses": {
                "200": _json("The stored parts with their ETags", {"type": "object"}),
                "404": _error("No such media item of the caller's organization"),
            },
        },
    },
    "/media/{media_id}/complete": {
        "post": {
            "summary": "Finish the upload; processing starts",
            "parameters": MEDIA_ID,
            "requestBody": {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"parts": {"type": "array", "items": {"type": "object"}}},
                        }
                    }
                },
            },
            "responses": {
                "202": _json("Processing started", {"type": "object"}),
                "409": _error("Nothing uploaded yet, or already completed"),
                "413": _error("Larger than declared or than the limit"),
                "422": _error("An empty file"),
            },
        }
    },
    "/media/{media_id}": {
        "get": {
            "summary": "A media item: its state, and its URLs once ready",
            "parameters": MEDIA_ID,
            "responses": {
                "200": _json("The media item", MEDIA),
                "404": _error("No such item the caller may see"),
            },
        },
        "delete": {
            "summary": "Delete a media item and its stored objects",
            "parameters": MEDIA_ID,
            "responses": {
                "204": {"description": "Deleted"},
                "404": _error("No such media item of the caller's organization"),
                "409": _error("A booth still shows it"),
            },
        },
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
    from eexpo.api.openapi_visit import PATHS as VISIT_PATHS

    paths = {path: dict(operations) for path, operations in PATHS.items()}
    for path, operations in VISIT_PATHS.items():
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
