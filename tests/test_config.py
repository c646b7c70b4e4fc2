"""Configuration from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from service import create_app
from service.core.config import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_need_no_servers(tmp_path):
    settings = Settings.from_env({"VAR_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'tadrib.sqlite3'}"
    assert settings.redis_url is None and settings.smtp_url is None
    assert settings.outbox_dir == tmp_path / "outbox"
    assert settings.port == 5000 and settings.public_base_url == "http://127.0.0.1:5000"


def test_production_refuses_the_default_secret(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Settings.from_env({"VAR_DIR": str(tmp_path), "TADRIB_ENV": "production"}))
    env = {**os.environ, "TADRIB_ENV": "production", "SECRET_KEY": ""}
    started = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "routes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode != 0 and "SECRET_KEY" in started.stderr
    ok = Settings.from_env(
        {"VAR_DIR": str(tmp_path), "TADRIB_ENV": "production", "SECRET_KEY": "a-long-random-value"}
    )
    ok.check_production()
