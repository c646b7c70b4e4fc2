"""Organiser pages in a real browser: the door-to-certificate journey with real workers, and
screenshots plus axe-core on every organiser page (ar and en, desktop and 360 px)."""

from __future__ import annotations

from typing import Any

import pytest
import test_web_browser as shared
from factories import create_training, held
from organiser_helpers import EMAIL, PASSWORD, set_password
from waiting import wait_for
from web_helpers import in_language, manage_path, register_via_api

from service.registrations.links import make_code

pytestmark = pytest.mark.slow  # drives Chromium

# The browser, the live server and the page opener are the participant pages' fixtures.
browser, live_server, page_at = shared.browser, shared.live_server, shared.page_at
SCREENSHOTS, VIEWPORTS = shared.SCREENSHOTS, shared.VIEWPORTS
check_accessibility, fits_the_screen = shared.check_accessibility, shared.fits_the_screen


def sign_in(page: Any, live_server: str, target: str) -> None:
    """Open an organiser page, get sent to the sign-in form, sign in, and land back there."""
    page.goto(f"{live_server}{target}")
    assert "/organiser/sign-in" in page.url
    page.locator("#f-email").fill(EMAIL)
    page.locator("#f-password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    assert page.url.startswith(f"{live_server}{target.split('?')[0]}"), page.url


def test_organiser_checks_in_marks_closes_and_participant_downloads(
    page_at,
    live_server,
    app,
    client,
    auth,
    worker,
    mailbox,
):
    training = create_training(client, auth, languages=["ar", "en"], **held())
    registered = register_via_api(client, training["id"], preferred_language="en")
    first, *others = training["sessions"]
    set_password(app)
    page = page_at("desktop")
    sign_in(page, live_server, f"/organiser/trainings/{training['id']}/check-in?lang=en")

    page.get_by_label("Session").select_option(str(first["id"]))
    code = page.get_by_label("Code (scan it or type it, then Enter)")
    code.press_sequentially(make_code(app.config["SECRET_KEY"], registered["reference"]))
    code.press("Enter")  # what a scanner does after typing the code
    result = page.get_by_role("status")
    assert "Welcome: checked in" in result.inner_text()
    assert "Aminata Diop" in result.inner_text()
    assert "checkin-result--good" in result.get_attribute("class")
    check_accessibility(page)

    for session in others:
        page.goto(f"{live_server}/organiser/trainings/{training['id']}/sessions/{session['id']}")
        page.get_by_label("Search by name").fill("Diop")
        page.get_by_role("button", name="Search").click()
        page.get_by_label("Present").check()
        page.get_by_role("button", name="Save attendance").click()
        assert "Attendance saved." in page.get_by_role("status").inner_text()
        assert page.get_by_label("Present").is_checked()

    page.goto(f"{live_server}/organiser/trainings/{training['id']}/issuance")
    page.get_by_role("button", name="Close the training and issue certificates").click()
    progress = f"/api/v1/trainings/{training['id']}/issuance"
    wait_for(lambda: client.get(progress, headers=auth).json["done"], 60, "the certificates")
    page.reload()
    assert "Issuance is complete." in page.locator("#issuance-state").inner_text()
    assert page.locator("#issuance-progress").inner_text().count("1") >= 3
    check_accessibility(page)
    page.locator("a[href^='/organiser/certificates/']").first.click()
    assert "Valid" in page.locator("#certificate-status").inner_text()
    check_accessibility(page)

    participant = page_at("phone")
    participant.goto(f"{live_server}{manage_path(registered, lang='en')}")
    with participant.expect_download() as download:
        participant.get_by_role("link", name="Download your certificate (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert fits_the_screen(participant)
    check_accessibility(participant)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_organiser_pages_look_right_and_pass_axe(
    page_at,
    live_server,
    app,
    client,
    auth,
    language,
):
    training = create_training(client, auth)
    for email, country in (("a@example.sn", "SN"), ("b@example.ma", "MA"), ("c@example.eg", "EG")):
        register_via_api(client, training["id"], email=email, country=country)
    set_password(app)
    base = f"/organiser/trainings/{training['id']}"
    pages = {
        "organiser-trainings": "/organiser/",
        "organiser-dashboard": base,
        "organiser-sheet": f"{base}/sessions/{training['sessions'][0]['id']}",
        "organiser-issuance": f"{base}/issuance",
        "organiser-checkin": f"{base}/check-in",  # last: its form is used next
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for viewport in VIEWPORTS:
        page = page_at(viewport)
        page.goto(f"{live_server}/organiser/sign-in?lang={language}")
        page.locator("#f-email").fill(EMAIL)
        page.locator("#f-password").fill("not the password")
        page.locator("form.form button[type=submit]").click()
        assert page.get_by_role("alert").is_visible()
        _record(page, f"organiser-sign-in-{language}-{viewport}", language)
        sign_in(page, live_server, in_language("/organiser/", language))
        for name, path in pages.items():
            page.goto(f"{live_server}{in_language(path, language)}")
            _record(page, f"{name}-{language}-{viewport}", language)
        page.locator("#f-code").fill("not-a-code")
        page.locator("#f-code").press("Enter")
        assert "checkin-result--bad" in page.get_by_role("status").get_attribute("class")
        _record(page, f"organiser-checkin-result-{language}-{viewport}", language)


def _record(page: Any, name: str, language: str) -> None:
    """Screenshot the page, then check its language, its width and axe-core's verdict."""
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    assert page.locator("html").get_attribute("lang") == language
    assert fits_the_screen(page), f"{name} scrolls sideways"
    check_accessibility(page)
