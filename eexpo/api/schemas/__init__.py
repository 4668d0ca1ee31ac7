"""The API's request and response bodies as pydantic models, by area; `spec` turns them into
the OpenAPI document and checks requests against them."""
