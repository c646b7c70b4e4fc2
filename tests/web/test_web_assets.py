"""Pages load nothing from other hosts, and serve their own Arabic font."""

from __future__ import annotations

import re

from web_helpers import create_webinar, in_language, manage_path, page_paths, register_via_api

URL = re.compile(r"""(?:https?:)?//([^/\s"'<>)]+)""")


def test_no_page_refers_to_another_host(client, auth, training):
    online = register_via_api(client, create_webinar(client, auth)["id"])
    pages = [
        *page_paths(training["id"], register_via_api(client, training["id"])).values(),
        manage_path(online),
        "/assets/style.css",
        "/assets/fonts.css",
    ]
    for language in ("ar", "en", "fr"):
        for page in pages:
            text = client.get(in_language(page, language)).text
            hosts = set(URL.findall(text))
            # the join link points at the service's own public address (PUBLIC_BASE_URL)
            assert hosts <= {"tadrib.test"}, (page, hosts)
    assert "tadrib.test/j/" in client.get(manage_path(online)).text


def test_pages_forbid_other_hosts_and_keep_tokens_private(client, training):
    mine = register_via_api(client, training["id"])
    response = client.get(manage_path(mine))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "http" not in policy
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


def test_arabic_font_is_served_and_declared(client):
    css = client.get("/assets/fonts.css").text
    assert css.count("@font-face") == 2
    assert 'url("/assets/fonts/Amiri-Regular.ttf")' in css
    assert 'url("/assets/fonts/Amiri-Bold.ttf")' in css
    for name in ("Amiri-Regular.ttf", "Amiri-Bold.ttf"):
        font = client.get(f"/assets/fonts/{name}")
        assert font.status_code == 200
        assert font.mimetype == "font/ttf"
        assert font.data[:4] == b"\x00\x01\x00\x00"  # a TrueType font
    assert client.get("/assets/fonts/Amiri-Italic.ttf").status_code == 404
    assert client.get("/assets/fonts/..%2F__init__.py").status_code == 404
