"""Every JSON response the tests cause is checked against what its route declares: the status
must be one the OpenAPI document lists, and the body must validate against the model declared
for it (``ErrorOut`` for an error). A route that answers something undeclared fails the test."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from service.core.schemas import ErrorOut
from service.web.jsonapi import PREFIX


def check_declared_response(response: Response) -> Response:
    if not request.path.startswith(f"{PREFIX}/") or request.url_rule is None:
        return response
    from flask import current_app

    view: Any = current_app.view_functions[request.url_rule.endpoint]
    declared = view.operation
    status = response.status_code
    assert status in declared.responses, (
        f"{request.method} {request.path} answered {status}, which its route does not declare"
    )
    model = declared.responses[status]
    if declared.binary and status < 300:
        assert response.mimetype == declared.binary
        return response
    body = response.get_json()
    (ErrorOut if isinstance(model, str) else model).model_validate(body)
    return response
