"""The OpenAPI document is generated from the routes: every JSON route is declared, and the
document names each path, method, parameter and response model."""

from __future__ import annotations

from service.web.openapi import operations


def test_every_json_route_declares_its_operation(app):
    undeclared = [f"{method} {rule.rule}" for rule, method, op in operations(app) if op is None]
    assert undeclared == []


def test_the_document_matches_the_url_map(app, client):
    document = client.get("/api/v1/openapi.json").json
    declared = {
        (
            rule.rule.removeprefix("/api/v1")
            .replace("<int:", "{")
            .replace("<", "{")
            .replace(">", "}"),
            method,
        )
        for rule, method, _ in operations(app)
    }
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    assert documented == declared
    schemas = document["components"]["schemas"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert names == set(_placeholders(path)), (method, path)
            for status, response in operation["responses"].items():
                content = response.get("content", {})
                assert content, (method, path, status)
                for media in content.values():
                    ref = media["schema"].get("$ref")
                    if ref:
                        assert ref.rsplit("/", 1)[-1] in schemas


def _placeholders(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]
