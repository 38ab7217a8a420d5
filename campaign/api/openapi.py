"""GET /api/v1/openapi.json: the OpenAPI 3 document, assembled from each route module's paths."""

from flask import jsonify

from campaign.api import bp
from campaign.extensions import limiter


def build_document() -> dict:
    from campaign.api import claims, letters, parcels, tokens

    paths: dict = {}
    for module in (tokens, letters, claims, parcels):
        for path, operations in module.OPENAPI_PATHS.items():
            paths.setdefault(path, {}).update(operations)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Każdy Może Pomóc API",
            "version": "1.0.0",
            "description": "Letters, claims and parcels of MOPR Gdańsk's Christmas campaign.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message", "fields"],
                            "properties": {
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                                "fields": {
                                    "type": "object",
                                    "additionalProperties": {"type": "string"},
                                },
                            },
                        }
                    },
                }
            },
            "responses": {
                "Error": {
                    "description": "Error",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
            },
        },
    }


@bp.get("/openapi.json")
@limiter.exempt
def openapi_document():
    """The OpenAPI 3 description of this API."""
    return jsonify(build_document())
