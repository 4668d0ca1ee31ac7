"""The OpenAPI document's paths of the upload protocol."""

from __future__ import annotations

from typing import Any

from eexpo.api.openapi_parts import (
    BOOTH_ID,
    MEDIA,
    MEDIA_ID,
    MEDIA_UPLOAD_REQUEST,
    UPLOAD,
    error,
    json_content,
    request_body,
)

PATHS: dict[str, Any] = {
    "/booths/{booth_id}/media": {
        "post": {
            "summary": "Start uploading a photo or video for one of the caller's booths",
            "parameters": BOOTH_ID,
            "requestBody": request_body(MEDIA_UPLOAD_REQUEST),
            "responses": {
                "201": json_content(
                    "The media item and how to upload its bytes",
                    {"type": "object", "properties": {"media": MEDIA, "upload": UPLOAD}},
                ),
                "404": error("No such booth of the caller's organization"),
                "413": error("Larger than the limit"),
                "415": error("A type that is not accepted"),
                "422": error("A missing or invalid field"),
            },
        }
    },
    "/media": {
        "post": {
            "summary": "Start uploading a file of the caller's organization itself (its logo)",
            "requestBody": request_body({"$ref": "#/components/schemas/MediaUploadRequest"}),
            "responses": {
                "201": json_content(
                    "The media item and how to upload its bytes",
                    {"type": "object", "properties": {"media": MEDIA, "upload": UPLOAD}},
                ),
                "404": error("The caller's organization is not approved"),
                "413": error("Larger than the limit"),
                "415": error("A type that is not accepted"),
            },
        }
    },
    "/media/{media_id}/parts": {
        "post": {
            "summary": "Presigned URLs to PUT parts of a multipart upload to",
            "parameters": MEDIA_ID,
            "requestBody": request_body(
                {
                    "type": "object",
                    "properties": {"part_numbers": {"type": "array", "items": {"type": "integer"}}},
                }
            ),
            "responses": {
                "200": json_content("One URL per part", {"type": "object"}),
                "404": error("No such media item of the caller's organization"),
                "409": error("The item does not take parts"),
            },
        },
        "get": {
            "summary": "The parts stored so far (to resume an interrupted upload)",
            "parameters": MEDIA_ID,
            "responses": {
                "200": json_content("The stored parts with their ETags", {"type": "object"}),
                "404": error("No such media item of the caller's organization"),
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
                "202": json_content("Processing started", {"type": "object"}),
                "409": error("Nothing uploaded yet, or already completed"),
                "413": error("Larger than declared or than the limit"),
                "422": error("An empty file"),
            },
        }
    },
    "/media/{media_id}": {
        "get": {
            "summary": "A media item: its state, and its URLs once ready",
            "parameters": MEDIA_ID,
            "responses": {
                "200": json_content("The media item", MEDIA),
                "404": error("No such item the caller may see"),
            },
        },
        "delete": {
            "summary": "Delete a media item and its stored objects",
            "parameters": MEDIA_ID,
            "responses": {
                "204": {"description": "Deleted"},
                "404": error("No such media item of the caller's organization"),
                "409": error("A booth still shows it"),
            },
        },
    },
}
