"""The pages in a real browser (Debian's Chromium, headless): a participant's journey in Arabic,
screenshots of the main pages (ar and en, desktop and 360 px), and axe-core on every page."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import zxingcpp
from factories import create_training
from PIL import Image
from web_helpers import create_webinar, in_language, page_paths, register_via_api
from werkzeug.serving import make_server

from service.core.config import PROJECT_ROOT
from service.registrations.links import read_code

pytestmark = pytest.mark.slow  # drives Chromium

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests need Debian's Chromium at /usr/bin/chromium "
            "(apt-get install chromium; `make test` installs it when run as root)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def live_server(app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def page_at(browser: Any, live_server: str) -> Iterator[Any]:
    """Open pages in a fresh context; fails the test if a page asks another host for anything."""
    contexts: list[Any] = []
    foreign: list[str] = []

    def open_page(viewport: str = "desktop", locale: str = "en-GB") -> Any:
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "request",
            lambda request: (
                foreign.append(request.url)
                if not request.url.startswith((live_server, "data:"))
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert foreign == [], f"pages loaded something from another host: {foreign}"


def check_accessibility(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    blocking = [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert blocking == [], f"axe on {page.url}: {blocking}"


def fits_the_screen(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_participant_registers_in_arabic_then_cancels(page_at, live_server, app, client, training):
    page = page_at("phone", locale="ar-SA")
    page.goto(f"{live_server}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    page.get_by_role("link", name=training["title"]["ar"]).click()
    page.get_by_role("link", name="تسجيل", exact=True).click()

    form = page.locator("form.form")
    assert form.evaluate("f => getComputedStyle(f).direction") == "rtl"
    page.get_by_label("الاسم الأول").fill("Aminata")
    page.get_by_label("اسم العائلة").fill("Diop")
    page.get_by_label("الاسم بالعربية").fill("أميناتا ديوب")
    page.get_by_label("البريد الإلكتروني").fill("aminata(at)example.sn")
    page.get_by_label("البلد").select_option("SN")
    page.get_by_label("أوافق").check()
    page.get_by_role("button", name="تسجيل", exact=True).click()

    email = page.get_by_label("البريد الإلكتروني")
    assert email.input_value() == "aminata(at)example.sn"
    assert email.get_attribute("aria-invalid") == "true"
    error = page.locator("#" + email.get_attribute("aria-describedby").split()[-1])
    assert "بريد إلكتروني صحيح" in error.inner_text()
    assert page.get_by_label("الاسم بالعربية").input_value() == "أميناتا ديوب"
    assert page.get_by_label("البلد").input_value() == "SN"
    assert page.get_by_label("أوافق").is_checked()

    email.fill("aminata@example.sn")
    email.press("Enter")  # the keyboard submits the form

    assert "/r/" in page.url
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "مؤكد" in page.locator(".status").inner_text()
    qr = page.get_by_role("img", name="رمز QR")
    [scanned] = zxingcpp.read_barcodes(Image.open(BytesIO(qr.screenshot())))
    assert scanned.text == page.locator("#checkin-code").inner_text()
    assert fits_the_screen(page)

    page.get_by_role("link", name="إلغاء تسجيلي").click()
    page.get_by_role("button", name="نعم، ألغِ تسجيلي").click()
    assert "ملغى" in page.locator(".status").inner_text()
    link = urlsplit(page.url)
    reference = link.path.rsplit("/", 1)[-1]
    assert read_code(app.config["SECRET_KEY"], scanned.text) == reference
    shown = client.get(f"/api/v1/registrations/{reference}?{link.query}").json
    assert (shown["status"], shown["name_ar"]) == ("cancelled", "أميناتا ديوب")


def _pages(client: Any, auth: dict[str, str]) -> dict[str, str]:
    """The main pages, with trainings that show each kind of place count and modality."""
    hybrid = create_training(client, auth, modality="hybrid", capacity=20)
    full = create_training(
        client,
        auth,
        capacity=1,
        kind="training_course",
        title={"ar": "إدارة المخاطر في المشاريع السياحية", "en": "Risk management in tourism"},
    )
    create_webinar(
        client,
        auth,
        title={"ar": "التسويق الرقمي للوجهات", "fr": "Marketing numérique des destinations"},
    )
    register_via_api(client, full["id"], email="first@example.sn")
    paths = page_paths(hybrid["id"], register_via_api(client, hybrid["id"]))
    return {**paths, "verify": "/verify/TDR-2026-NOSUCHSERIAL"}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_main_pages_look_right_and_pass_axe(page_at, live_server, client, auth, language):
    pages = _pages(client, auth)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for viewport in VIEWPORTS:
        page = page_at(viewport)
        for name, path in pages.items():
            page.goto(f"{live_server}{in_language(path, language)}")
            assert page.locator("html").get_attribute("lang") == language
            page.screenshot(path=SCREENSHOTS / f"{name}-{language}-{viewport}.png", full_page=True)
            assert fits_the_screen(page), f"{name} scrolls sideways at {viewport}"
            check_accessibility(page)
        page.goto(f"{live_server}{pages['register']}")
        page.locator("form.form button[type=submit]").click()
        assert page.locator(".error-summary").is_visible()
        page.screenshot(
            path=SCREENSHOTS / f"register-errors-{language}-{viewport}.png", full_page=True
        )
        check_accessibility(page)


def test_keyboard_reaches_skip_link_and_language_switcher(page_at, live_server):
    page = page_at("desktop")
    page.goto(f"{live_server}/?lang=en")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.goto(f"{live_server}/?lang=en")
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.lang") == "ar"
    page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto(f"{live_server}/")  # the choice is remembered
    assert page.locator("html").get_attribute("lang") == "ar"
