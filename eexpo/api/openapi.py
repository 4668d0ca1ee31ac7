"""The OpenAPI 3.1 document of /api/v1; a test checks that it names every API route."""

from __future__ import annotations

from typing import Any

ERROR = {
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
    "/openapi.json": {
        "get": {
            "summary": "This document",
            "security": [],
            "responses": {"200": {"description": "The OpenAPI document"}},
        }
    },
}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "eexpo API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": PATHS,
        "components": {
            "schemas": {"Error": ERROR},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }
