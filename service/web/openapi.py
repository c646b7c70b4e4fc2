"""The OpenAPI 3.1 document, generated from the URL map and each route's ``@operation``.

Paths, methods and path parameters come from the routes themselves; bodies, query parameters
and responses from the pydantic models the routes declare. Nothing is written twice, so the
document cannot drift from the code (``tests/unit/test_openapi.py`` checks every route is
declared).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify
from flask.typing import ResponseReturnValue
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema
from werkzeug.routing import Rule

from service.core.schemas import ErrorOut
from service.web.jsonapi import PREFIX, Access, Operation, operation

openapi = Blueprint("openapi", __name__)

_PARAMETER = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
_METHODS = ("get", "post", "put", "patch", "delete")
BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
TOKEN_QUERY = {
    "name": "token",
    "in": "query",
    "required": False,
    "schema": {"type": "string"},
    "description": "the participant's access token (instead of the Authorization header)",
}


def operations(app: Flask) -> list[tuple[Rule, str, Operation | None]]:
    """Every JSON route with each of its methods and its declaration (None if undeclared)."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(f"{PREFIX}/"):
            continue
        declared = getattr(app.view_functions[rule.endpoint], "operation", None)
        for method in sorted(rule.methods or ()):
            if method.lower() in _METHODS:
                found.append((rule, method.lower(), declared))
    return found


def document(app: Flask) -> dict[str, Any]:
    declared = [(rule, method, op) for rule, method, op in operations(app) if op is not None]
    models: set[tuple[type[BaseModel], JsonSchemaMode]] = {(ErrorOut, "serialization")}
    for _, _, op in declared:
        models |= {(m, "validation") for m in (op.body, op.query) if m is not None}
        models |= {(m, "serialization") for m in op.responses.values() if isinstance(m, type)}
    _, schemas = models_json_schema(
        sorted(models, key=lambda pair: pair[0].__name__),
        ref_template="#/components/schemas/{model}",
    )
    paths: dict[str, dict[str, Any]] = {}
    for rule, method, op in declared:
        path = _PARAMETER.sub(r"{\g<name>}", rule.rule.removeprefix(PREFIX))
        paths.setdefault(path, {})[method] = _operation(rule, method, op)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tadrib API", "version": "1"},
        "servers": [{"url": PREFIX}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": schemas.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def _operation(rule: Rule, method: str, op: Operation) -> dict[str, Any]:
    result: dict[str, Any] = {
        "operationId": f"{rule.endpoint.removeprefix('api.')}.{method}",
        "summary": op.summary,
        "responses": {
            str(status): _response(op, status, model) for status, model in op.responses.items()
        },
    }
    parameters = [_path_parameter(match) for match in _PARAMETER.finditer(rule.rule)]
    if op.query is not None:
        parameters += _query_parameters(op.query)
    if op.access == Access.PARTICIPANT:
        parameters.append(TOKEN_QUERY)
    if parameters:
        result["parameters"] = parameters
    if op.access in (Access.ORGANISER, Access.PARTICIPANT, Access.FOCAL_POINT):
        result["security"] = BEARER
    elif op.access == Access.PUBLIC_OR_ORGANISER:
        result["security"] = [{}, *BEARER]
    if op.body is not None:
        result["requestBody"] = {"required": True, **_json(_ref(op.body))}
    elif op.form:
        properties = {
            name: {"type": "string", "description": text} for name, text in op.form.items()
        }
        properties["file"] = {**properties.get("file", {}), "format": "binary"}
        result["requestBody"] = {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {"type": "object", "properties": properties, "required": ["file"]}
                }
            },
        }
    return result


def _response(op: Operation, status: int, model: type[BaseModel] | str) -> dict[str, Any]:
    if op.binary and status < 300:
        return {
            "description": str(model),
            "content": {op.binary: {"schema": {"type": "string", "format": "binary"}}},
        }
    if isinstance(model, str):
        return {"description": model, **_json(_ref(ErrorOut))}
    description = (model.__doc__ or model.__name__).strip().splitlines()[0]
    return {"description": description, **_json(_ref(model))}


def _path_parameter(match: re.Match[str]) -> dict[str, Any]:
    kind = "integer" if match["converter"] == "int" else "string"
    return {"name": match["name"], "in": "path", "required": True, "schema": {"type": kind}}


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    return [
        {
            "name": name,
            "in": "query",
            "required": name in schema.get("required", ()),
            "schema": {k: v for k, v in prop.items() if k != "title"},
        }
        for name, prop in schema["properties"].items()
    ]


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


class OpenApiDocument(BaseModel):
    """The OpenAPI 3.1 document of this API."""

    openapi: str
    info: dict[str, Any]
    servers: list[dict[str, Any]]
    paths: dict[str, Any]
    components: dict[str, Any]


@openapi.get("/openapi.json")
@operation("This document", responses={200: OpenApiDocument})
def openapi_json() -> ResponseReturnValue:
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if "openapi" not in app.extensions:
        app.extensions["openapi"] = document(app)
    return jsonify(app.extensions["openapi"])
