"""Fixtures for the page tests."""

from __future__ import annotations

from typing import Any

import pytest
from factories import create_training


@pytest.fixture
def training(client: Any, auth: dict[str, str]) -> dict[str, Any]:
    """An open on-site workshop in Dakar, for the member states, with 20 places."""
    return create_training(client, auth, capacity=20)
