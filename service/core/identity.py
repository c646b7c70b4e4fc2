"""The organisation's identity — its name in Arabic, English and French, emblem, colours,
default signatories with their signatures, seal — as data: the JSON file ``IDENTITY_FILE``
(images beside it), edited with ``flask --app wsgi identity …``, never in Python.

While no such file exists the engine's own default identity (``certificates/identity/``)
applies. The file is validated by the engine (``certificates.load_identity``: image types, sizes
and dimensions) and read once per process, again only when it changes (its modification time),
so a worker renders batch after batch with the same ``Identity`` object and its images are
converted once.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import current_app

from certificates import Identity, IdentityError, default_identity, load_identity
from service.core.i18n import pick

log = logging.getLogger(__name__)
_lock = threading.Lock()
_loaded: dict[Path, tuple[tuple[int, int], Identity]] = {}


def identity_path() -> Path:
    return Path(current_app.config["IDENTITY_FILE"])


def read_identity(path: Path, *, required: bool = False) -> Identity:
    """The identity in ``path`` (the engine's default while the file does not exist, unless
    ``required``), from this process's cache while the file is unchanged. Raises IdentityError."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        if required:
            raise IdentityError("identity", f"no identity file at {path}") from None
        return default_identity()
    version = (stat.st_mtime_ns, stat.st_size)
    with _lock:
        cached = _loaded.get(path)
        if cached is not None and cached[0] == version:
            return cached[1]
    identity = load_identity(path)
    with _lock:
        _loaded[path] = (version, identity)
    return identity


def organisation_identity() -> Identity:
    """The identity the application is configured with; IdentityError when it is invalid."""
    return read_identity(identity_path(), required=current_app.config["IDENTITY_FILE_REQUIRED"])


def organisation_name(language: str) -> str:
    """The organisation's name in ``language`` (falling back to another of its languages), or
    ``ORGANISATION_NAME`` when that is set: the e-mails' signature and the pages' header."""
    override = current_app.config.get("ORGANISATION_NAME")
    if override:
        return str(override)
    try:
        identity = organisation_identity()
    except IdentityError as error:  # pages and e-mails still go out; rendering reports it
        log.error("the organisation's identity is invalid: %s", error)
        identity = default_identity()
    return pick(identity.name.model_dump(exclude_none=True), language)
