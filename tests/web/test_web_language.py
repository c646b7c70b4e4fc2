"""Page language: lang and dir, ?lang= remembered in a cookie, Accept-Language on a first visit."""

from __future__ import annotations

import pytest
from web_helpers import html_root, in_language, manage_path, page_paths, register_via_api


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("en", "ltr"), ("fr", "ltr")])
def test_every_page_sets_lang_and_dir(client, training, language, direction):
    mine = register_via_api(client, training["id"])
    for name, path in page_paths(training["id"], mine).items():
        response = client.get(in_language(path, language))
        assert html_root(response.text) == (language, direction), name


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("ar-SA,fr;q=0.8", "ar"),  # a regional Arabic beats an exact French of lower quality
        ("de-DE,fr-CA;q=0.8,en;q=0.5", "fr"),
        ("fr-FR,fr;q=0.9", "fr"),
        ("de, es;q=0.5", "en"),
        ("", "en"),
    ],
)
def test_first_visit_follows_accept_language(client, accept, expected):
    response = client.get("/", headers={"Accept-Language": accept})
    assert html_root(response.text)[0] == expected
    assert "lang=" not in response.headers.get("Set-Cookie", "")


def test_chosen_language_is_remembered_over_accept_language(client, training):
    chosen = client.get("/?lang=fr", headers={"Accept-Language": "ar"})
    assert html_root(chosen.text) == ("fr", "ltr")
    assert "lang=fr" in chosen.headers["Set-Cookie"]
    later = client.get(f"/trainings/{training['id']}", headers={"Accept-Language": "ar"})
    assert html_root(later.text) == ("fr", "ltr")
    assert "Formations et inscriptions" in later.text
    assert client.get("/?lang=xx").headers.get("Set-Cookie") is None


def test_language_switcher_keeps_the_manage_token(client, training):
    mine = register_via_api(client, training["id"])
    html = client.get(manage_path(mine, lang="en")).text
    assert f'href="{mine["path"]}?token={mine["token"]}&amp;lang=ar"' in html
    assert 'lang="ar" hreflang="ar"' in html
    assert 'aria-current="true">English</a>' in html


def test_page_text_is_translated(client, training):
    titles = {
        "ar": "التدريبات المفتوحة للتسجيل",
        "en": "Open trainings",
        "fr": "Formations ouvertes",
    }
    for language, heading in titles.items():
        assert f"<h1>{heading}</h1>" in client.get(f"/?lang={language}").text
