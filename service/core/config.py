"""Settings read once from environment variables (documented in README.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_SECRET = "dev-secret-change-me"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    env: str
    var_dir: Path
    database_url: str
    redis_url: str | None
    broker_namespace: str
    smtp_url: str | None
    outbox_dir: Path
    certificates_dir: Path
    secret_key: str
    public_base_url: str
    mail_from: str
    port: int
    organisation: str | None
    identity_file: Path
    identity_file_required: bool
    sweep_delay_seconds: float
    broker_heartbeat_timeout_ms: int
    broker_maintenance_chance: int
    session_margin_minutes: int
    delivery_lease_seconds: float
    delivery_retry_min_seconds: float
    delivery_retry_max_seconds: float
    delivery_retry_for_seconds: float

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        var_dir = Path(env.get("VAR_DIR") or PROJECT_ROOT / "var").resolve()
        port = int(env.get("PORT", "5000"))
        return cls(
            env=env.get("TADRIB_ENV", "development"),
            var_dir=var_dir,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{var_dir / 'tadrib.sqlite3'}",
            redis_url=env.get("REDIS_URL") or None,
            broker_namespace=env.get("BROKER_NAMESPACE", "tadrib"),
            smtp_url=env.get("SMTP_URL") or None,
            outbox_dir=Path(env.get("OUTBOX_DIR") or var_dir / "outbox"),
            certificates_dir=Path(env.get("CERTIFICATES_DIR") or var_dir / "certificates"),
            secret_key=env.get("SECRET_KEY", DEFAULT_SECRET),
            public_base_url=(env.get("PUBLIC_BASE_URL") or f"http://127.0.0.1:{port}").rstrip("/"),
            mail_from=env.get("MAIL_FROM", "Tadrib <no-reply@tadrib.local>"),
            port=port,
            organisation=env.get("ORGANISATION_NAME") or None,
            identity_file=Path(env.get("IDENTITY_FILE") or var_dir / "identity" / "identity.json"),
            identity_file_required=bool(env.get("IDENTITY_FILE")),
            sweep_delay_seconds=float(env.get("OUTBOX_SWEEP_DELAY", "5")),
            broker_heartbeat_timeout_ms=int(env.get("BROKER_HEARTBEAT_TIMEOUT_MS", "10000")),
            broker_maintenance_chance=int(env.get("BROKER_MAINTENANCE_CHANCE", "100000")),
            session_margin_minutes=int(env.get("SESSION_MARGIN_MINUTES", "30")),
            delivery_lease_seconds=float(env.get("DELIVERY_LEASE_SECONDS", "600")),
            delivery_retry_min_seconds=float(env.get("DELIVERY_RETRY_MIN_SECONDS", "60")),
            delivery_retry_max_seconds=float(env.get("DELIVERY_RETRY_MAX_SECONDS", "3600")),
            delivery_retry_for_seconds=float(env.get("DELIVERY_RETRY_FOR_SECONDS", "86400")),
        )

    def flask_config(self) -> dict[str, Any]:
        """The application's configuration: the one place where settings become config keys."""
        return {
            "SECRET_KEY": self.secret_key,
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
            "SMTP_URL": self.smtp_url,
            "OUTBOX_DIR": self.outbox_dir,
            "CERTIFICATES_DIR": self.certificates_dir,
            "SESSION_MARGIN_MINUTES": self.session_margin_minutes,
            "PUBLIC_BASE_URL": self.public_base_url,
            "MAIL_FROM": self.mail_from,
            "ORGANISATION_NAME": self.organisation,
            "IDENTITY_FILE": self.identity_file,
            "IDENTITY_FILE_REQUIRED": self.identity_file_required,
            "OUTBOX_SWEEP_DELAY": self.sweep_delay_seconds,
            "DELIVERY_LEASE_SECONDS": self.delivery_lease_seconds,
            "DELIVERY_RETRY_MIN_SECONDS": self.delivery_retry_min_seconds,
            "DELIVERY_RETRY_MAX_SECONDS": self.delivery_retry_max_seconds,
            "DELIVERY_RETRY_FOR_SECONDS": self.delivery_retry_for_seconds,
            "JSON_AS_ASCII": False,
        }

    def check_production(self) -> None:
        """Refuse to run in production with the development secret."""
        if self.env == "production" and self.secret_key in ("", DEFAULT_SECRET):
            raise RuntimeError("SECRET_KEY must be set to a private random value in production")
