"""GET /api/v1/openapi.json: the OpenAPI 3.1 document, built from the served routes.

Each route declares its operation with `@documented(...)`: summary, the pydantic models of its
body, query and responses (schemas.py). The document walks the URL map, so a served route
without a declaration fails loudly and nothing is documented that is not served. What every
route of a kind answers is added here once: 400 for any route, 401/403 for a token route,
404 and the 422 `check_character` for a route that takes a letter's code, 413/422 for a body.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, jsonify
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from campaign.api import bp
from campaign.api.schemas import ID_MAX, Error
from campaign.extensions import limiter

PDF = "application/pdf"
REF = "#/components/schemas/{model}"
METHODS = ("get", "post", "put", "patch", "delete")
CHECK_CHARACTER = (
    "A typo in the code: a wrong check character or an unknown campaign prefix "
    "(error.code `check_character`, error.fields.code: check the code)"
)
DEFAULT_DESCRIPTIONS = {
    400: "Not a well-formed request: a NUL character anywhere, or a body that is not a JSON object",
    401: "No valid bearer token (Authorization: Bearer ...)",
    403: "The token's role may not do this",
    404: "No such object, or not one this token may see",
    413: "The body is larger than the server accepts",
    422: "Field errors: error.fields maps a field to its message",
}


@dataclass
class Operation:
    summary: str
    tags: list[str]
    responses: dict[int, Any]
    description: str = ""
    body: type[BaseModel] | None = None
    body_required: bool = True
    query: type[BaseModel] | None = None
    headers: type[BaseModel] | None = None
    token_optional: bool = False  # anyone, but a token shows more
    roles: tuple[str, ...] | None = field(default=None)  # set by token_required


def documented(summary: str, *, tags: list[str], responses: dict[int, Any], **details):
    """Declare a route's operation. `responses` maps a status to a description (the error
    shape), to (model, description[, {header: description}]), or to (PDF, description); a model
    may be a tuple of models (the body is one of them)."""

    def decorator(view):
        view.openapi = Operation(summary, tags, responses, **details)
        return view

    return decorator


def build_document() -> dict:
    """The document for the current app (cached: routes do not change while it runs)."""
    cached = current_app.extensions.get("api_openapi")
    if cached is None:
        cached = current_app.extensions["api_openapi"] = _build(_operations())
    return cached


def _operations() -> list[tuple[str, str, Any, Operation]]:
    found = []
    for rule in current_app.url_map.iter_rules():
        if not rule.endpoint.startswith(f"{bp.name}.") or rule.endpoint == "api.openapi_document":
            continue
        view = current_app.view_functions[rule.endpoint]
        operation = getattr(view, "openapi", None)
        if operation is None:
            raise LookupError(f"{rule.endpoint} is served but not @documented")
        roles = getattr(view, "api_roles", None)
        for method in sorted(m.lower() for m in rule.methods if m.lower() in METHODS):
            found.append((rule.rule.removeprefix(bp.url_prefix), method, roles, operation))
    return found


def _build(operations) -> dict:
    models = {Error: "serialization"}
    for _path, _method, _roles, operation in operations:
        if operation.body:
            models.setdefault(operation.body, "validation")
        for reply in operation.responses.values():
            if isinstance(reply, tuple) and reply[0] is not PDF:
                for model in reply[0] if isinstance(reply[0], tuple) else (reply[0],):
                    models.setdefault(model, "serialization")
    refs, definitions = models_json_schema(list(models.items()), ref_template=REF)
    schemas = {model: refs[(model, mode)] for model, mode in models.items()}
    paths: dict[str, dict] = {}
    for path, method, roles, operation in operations:
        openapi_path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", path)
        paths.setdefault(openapi_path, {})[method] = _operation(path, roles, operation, schemas)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Każdy Może Pomóc API",
            "version": "1.0.0",
            "description": "Letters, claims and parcels of MOPR Gdańsk's Christmas campaign.",
        },
        "servers": [{"url": bp.url_prefix}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": definitions["$defs"],
        },
    }


def _operation(path: str, roles, operation: Operation, schemas: dict) -> dict:
    converters = dict(
        (name, converter) for converter, name in re.findall(r"<(?:([^:>]+):)?([^>]+)>", path)
    )
    parameters = [_path_parameter(name, converter) for name, converter in converters.items()]
    parameters += _parameters(operation.query, "query") + _parameters(operation.headers, "header")
    statuses: dict[int, str] = {400: DEFAULT_DESCRIPTIONS[400]}
    if roles is not None:
        statuses[401] = DEFAULT_DESCRIPTIONS[401]
        if roles:
            statuses[403] = DEFAULT_DESCRIPTIONS[403]
    if converters:
        statuses[404] = DEFAULT_DESCRIPTIONS[404]
    if operation.body:
        statuses[413] = DEFAULT_DESCRIPTIONS[413]
        statuses[422] = DEFAULT_DESCRIPTIONS[422]
    responses: dict[str, dict] = {}
    for status, reply in operation.responses.items():
        if isinstance(reply, str):
            statuses[status] = reply
        else:
            responses[str(status)] = _reply(*reply, schemas=schemas)
    if "code" in converters:
        earlier = statuses.get(422)
        statuses[422] = f"{earlier}; or {CHECK_CHARACTER}" if earlier else CHECK_CHARACTER
    for status, description in statuses.items():
        responses[str(status)] = _json_reply(schemas[Error], description)
    document = {
        "summary": operation.summary,
        "tags": operation.tags,
        "parameters": parameters,
        "responses": dict(sorted(responses.items())),
    }
    if operation.description:
        document["description"] = operation.description
    if roles is not None:
        document["security"] = [{"bearerAuth": []}]
    elif operation.token_optional:
        document["security"] = [{}, {"bearerAuth": []}]
    if operation.body:
        document["requestBody"] = {
            "required": operation.body_required,
            "content": {"application/json": {"schema": schemas[operation.body]}},
        }
    return document


def _path_parameter(name: str, converter: str) -> dict:
    if converter == "int":
        schema = {"type": "integer", "minimum": 0, "maximum": ID_MAX}
        description = ""
    else:
        schema = {"type": "string", "minLength": 1}
        description = "A letter's code in any case, with or without dashes, e.g. KMP26-7KQ4M-X"
    parameter = {"name": name, "in": "path", "required": True, "schema": schema}
    return {**parameter, "description": description} if description else parameter


def _parameters(model: type[BaseModel] | None, where: str) -> list[dict]:
    """Query or header parameters from a model's fields (flat: no nested models)."""
    if model is None:
        return []
    schema = model.model_json_schema(by_alias=True)
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema["properties"].items():
        prop = {
            k: v for k, v in prop.items() if k != "title" and not (k == "default" and v is None)
        }
        description = prop.pop("description", "")
        parameters.append(
            {
                "name": name,
                "in": where,
                "required": name in required,
                "schema": prop,
                "description": description,
            }
        )
    return parameters


def _reply(model, description: str, headers: dict | None = None, *, schemas: dict) -> dict:
    if model is PDF:
        reply = {
            "description": description,
            "content": {PDF: {"schema": {"type": "string", "format": "binary"}}},
        }
    elif isinstance(model, tuple):
        reply = _json_reply({"oneOf": [schemas[m] for m in model]}, description)
    else:
        reply = _json_reply(schemas[model], description)
    if headers:
        reply["headers"] = {
            name: {"description": text, "required": True, "schema": {"type": "string"}}
            for name, text in headers.items()
        }
    return reply


def _json_reply(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


@bp.get("/openapi.json")
@limiter.exempt
def openapi_document():
    """The OpenAPI 3 description of this API."""
    return jsonify(build_document())
