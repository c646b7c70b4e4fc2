"""The catalogues: every string of the pages translated, and the committed .mo files current."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from service.core.config import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "service" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None}


def catalogue(language: str, kind: str = "po"):
    path = TRANSLATIONS / language / "LC_MESSAGES" / f"messages.{kind}"
    with path.open("rb") as handle:
        return read_po(handle, locale=language) if kind == "po" else read_mo(handle)


def _message_id(message) -> str:
    return message[0] if isinstance(message, tuple) else message


def extracted_ids() -> set[str]:
    method_map = [("service/**.py", "python"), ("service/**/templates/**.html", "jinja2")]
    found = extract_from_dir(
        PROJECT_ROOT, method_map=method_map, keywords=KEYWORDS, comment_tags=()
    )
    return {_message_id(message) for _, _, message, _, _ in found}


def test_every_page_string_is_in_every_catalogue():
    wanted = extracted_ids()
    assert len(wanted) > 50
    for language in ("ar", "en", "fr"):
        present = {_message_id(m.id) for m in catalogue(language) if m.id}
        assert wanted - present == set(), language
        assert present - wanted == set(), f"{language} holds strings no page uses"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_arabic_and_french_are_complete(language):
    po = catalogue(language)
    for message in po:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{language}: no translation for {message.id!r}"
        assert not message.fuzzy, f"{language}: fuzzy {message.id!r}"
        assert len(strings) == (po.num_plurals if message.pluralizable else 1)


@pytest.mark.parametrize("language", ["ar", "en", "fr"])
def test_committed_mo_matches_po(language):
    assert _translated(catalogue(language, "mo")) == _translated(catalogue(language)), (
        f"run: .venv/bin/pybabel compile -d {TRANSLATIONS}"
    )


def _translated(messages) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Message id to translation, leaving out untranslated ones (the .mo falls back to the id)."""
    pairs = {_strings(m.id): _strings(m.string) for m in messages if m.id}
    return {key: value for key, value in pairs.items() if any(value) and value != key}


def _strings(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list | tuple) else (value,)


def test_arabic_plurals_follow_cldr(app):
    from flask_babel import force_locale, ngettext

    with app.test_request_context(), force_locale("ar"):
        phrase = ("Use at most %(num)d character.", "Use at most %(num)d characters.")
        assert ngettext(*phrase, 2) == "لا تتجاوز حرفين."
        assert ngettext(*phrase, 5) == "لا تتجاوز 5 أحرف."
        assert ngettext(*phrase, 120) == "لا تتجاوز 120 حرفًا."
        assert ngettext(*phrase, 300) == "لا تتجاوز 300 حرف."
