"""The reports page in a real browser: screenshots in ar and en, desktop and 360 px, axe-core,
the charts drawn (their images load), the copy button; and the survey and evaluation pages."""

from __future__ import annotations

import pytest
import test_web_browser as shared
from organiser_helpers import EMAIL, PASSWORD, set_password
from reports_fixture import YEAR, answer, seed_year, survey_tokens

pytestmark = pytest.mark.slow  # drives Chromium

browser, live_server, page_at = shared.browser, shared.live_server, shared.page_at
SCREENSHOTS, VIEWPORTS = shared.SCREENSHOTS, shared.VIEWPORTS
check_accessibility, fits_the_screen = shared.check_accessibility, shared.fits_the_screen

FULL = {"relevance": 4, "experts": 5, "organisation": 4}


def _record(page, name, language):
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    assert page.locator("html").get_attribute("lang") == language
    assert fits_the_screen(page), f"{name} scrolls sideways"
    check_accessibility(page)


def test_reports_page_looks_right_and_passes_axe(page_at, live_server, app, client, auth, worker):
    seeded = seed_year(client, auth, app)
    for token, score in zip(survey_tokens(app, seeded["course"]["id"]), (5, 4, 3), strict=True):
        assert answer(client, token, satisfaction=score, **FULL).status_code == 201
    set_password(app)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for language in ("ar", "en"):
        for viewport in VIEWPORTS:
            page = page_at(viewport)
            page.goto(f"{live_server}/organiser/sign-in?lang={language}")
            page.locator("#f-email").fill(EMAIL)
            page.locator("#f-password").fill(PASSWORD)
            page.locator("form.form button[type=submit]").click()
            page.goto(f"{live_server}/organiser/reports?year={YEAR}&lang={language}")
            images = page.locator("img.chart-image")
            assert images.count() == 4
            for index in range(4):  # every chart is drawn
                images.nth(index).scroll_into_view_if_needed()
                page.wait_for_function(
                    "img => img.complete && img.naturalWidth > 0",
                    arg=images.nth(index).element_handle(),
                )
            assert page.locator("#summary-paragraph").get_attribute("lang") == language
            _record(page, f"reports-{language}-{viewport}", language)
            evaluation = f"/organiser/trainings/{seeded['course']['id']}/evaluation"
            page.goto(f"{live_server}{evaluation}?lang={language}")
            _record(page, f"organiser-evaluation-{language}-{viewport}", language)


def test_copy_button_copies_the_paragraph(page_at, live_server, app, client, auth):
    set_password(app)
    page = page_at("desktop")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{live_server}/organiser/sign-in?lang=en")
    page.locator("#f-email").fill(EMAIL)
    page.locator("#f-password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.goto(f"{live_server}/organiser/reports?year=2023&lang=en")
    button = page.get_by_role("button", name="Copy the paragraph")
    button.click()
    assert page.locator("#copy-status").inner_text() == "Copied."
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "In 2023, the centre held no activity."


def test_survey_page_looks_right_and_passes_axe(page_at, live_server, app, client, auth, worker):
    seeded = seed_year(client, auth, app)
    token = survey_tokens(app, seeded["course"]["id"])[0]
    for language, viewport in (("ar", "phone"), ("en", "desktop")):
        page = page_at(viewport)
        page.goto(f"{live_server}/e/{token}?lang={language}")
        _record(page, f"survey-{language}-{viewport}", language)
    page.locator("input[name=q-satisfaction][value='5']").check()
    page.locator("input[name=q-relevance][value='4']").check()
    page.locator("input[name=q-experts][value='4']").check()
    page.locator("input[name=q-organisation][value='3']").check()
    page.locator("textarea").fill("More exercises, please.")
    page.get_by_role("button", name="Send my answers").click()
    assert "Thank you" in page.locator("h1").inner_text()
    check_accessibility(page)
