"""The pieces the OpenAPI document's paths share: the error body, media and draft schemas, path
parameters, and helpers for responses and request bodies."""

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


def error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def json_content(description: str, schema: dict[str, Any]) -> dict[str, Any]:
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


def request_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}
