"""Arabic pages and e-mails in a real browser: ranges of times and dates, and codes, laid out in
the order they are read. What Chromium draws is measured (the boxes of the start and of the end
of each range), since the DOM's text order says nothing of the order on the screen."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
import test_web_browser as shared
from factories import create_training, register
from test_web_browser import SCREENSHOTS, VIEWPORTS, check_accessibility, fits_the_screen
from waiting import wait_for

pytestmark = pytest.mark.slow  # drives Chromium

# The Playwright set-up of the browser tests (Debian's Chromium, no other host reached).
browser, live_server, page_at = shared.browser, shared.live_server, shared.page_at

SEPTEMBER = {"starts_on": "2031-09-22", "ends_on": "2031-09-24"}

# The horizontal extent [left, right] of the first occurrence of ``needle`` in ``element``'s text.
EXTENT = """([element, needle]) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(needle);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const box = range.getBoundingClientRect();
      return [box.left, box.right];
    }
  }
  return null;
}"""


def extent(locator: Any, needle: str) -> list[float]:
    found = locator.evaluate(f"(element) => ({EXTENT})([element, {needle!r}])")
    assert found is not None, f"{needle!r} not in {locator}"
    return found


def centre(locator: Any, needle: str) -> float:
    left, right = extent(locator, needle)
    return (left + right) / 2


def reads_left_to_right(locator: Any, first: str, second: str) -> bool:
    return centre(locator, first) < centre(locator, second)


def reads_right_to_left(locator: Any, first: str, second: str) -> bool:
    return centre(locator, first) > centre(locator, second)


def test_an_unisolated_range_is_reversed_in_arabic(page_at, live_server):
    """The measure itself: without isolation Chromium draws «09:00–17:00» as 17:00–09:00."""
    page = page_at("desktop")
    page.goto(f"{live_server}/?lang=ar")
    page.evaluate(
        """() => { const p = document.createElement('p'); p.id = 'raw';
                   p.textContent = 'من الساعة 09:00–17:00';
                   document.querySelector('main').append(p); }"""
    )
    raw = page.locator("#raw")
    assert raw.inner_text() == "من الساعة 09:00–17:00"  # the text order is right…
    assert reads_left_to_right(raw, "17:00", "09:00")  # …and the screen's is reversed


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_arabic_training_page_reads_times_and_dates_in_order(
    page_at, live_server, client, auth, viewport
):
    training = create_training(client, auth, **SEPTEMBER)
    page = page_at(viewport, locale="ar-SA")
    page.goto(f"{live_server}/trainings/{training['id']}?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"

    sessions = page.locator("ol.sessions li")
    assert sessions.count() == 3
    for index in range(3):
        hours = sessions.nth(index).locator(".session-hours")
        assert hours.inner_text() == "09:00–17:00"
        assert reads_left_to_right(hours, "09:00", "17:00")  # the start where it is read first
    dates = page.locator("dd.dates")
    assert dates.inner_text().startswith("من 22 إلى 24 سبتمبر 2031")
    assert reads_right_to_left(dates, "22", "24")  # right to left: from the 22nd to the 24th
    zone = page.get_by_text("توقيت غرينتش", exact=False)
    assert zone.count() >= 1 and "Africa/Dakar" not in page.content()

    page.screenshot(path=SCREENSHOTS / f"words-training-ar-{viewport}.png", full_page=True)
    assert fits_the_screen(page)
    check_accessibility(page)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_english_training_page_reads_the_same_ranges(page_at, live_server, client, auth, viewport):
    training = create_training(client, auth, **SEPTEMBER)
    page = page_at(viewport)
    page.goto(f"{live_server}/trainings/{training['id']}?lang=en")
    hours = page.locator("ol.sessions li .session-hours").first
    assert reads_left_to_right(hours, "09:00", "17:00")
    dates = page.locator("dd.dates")
    assert dates.inner_text() == "22–24 September 2031"
    assert reads_left_to_right(dates, "22", "24")
    page.screenshot(path=SCREENSHOTS / f"words-training-en-{viewport}.png", full_page=True)
    check_accessibility(page)


def _inline_images(message: Any) -> str:
    """The HTML part with its cid: image as a data: URL, as a mail client shows it."""
    html = message.get_body(preferencelist=("html",)).get_content()
    for part in message.walk():
        content_id = part.get("Content-ID")
        if content_id:
            data = base64.b64encode(part.get_content()).decode()
            html = html.replace(f"cid:{content_id.strip('<>')}", f"data:image/png;base64,{data}")
    return html


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_confirmation_email_reads_in_order(page_at, client, auth, worker, mailbox, language):
    training = create_training(client, auth, **SEPTEMBER)
    body = register(client, training["id"], preferred_language=language, title="ms")
    [message] = wait_for(lambda: mailbox.messages, what="the confirmation")
    html = _inline_images(message)
    for viewport in VIEWPORTS:
        page = page_at(viewport)
        page.set_content(html)
        arabic = page.locator('div[lang="ar"]')
        assert arabic.inner_text().startswith("تأكيد التسجيل")
        assert "السيدة أميناتا ديوب،" in arabic.inner_text()
        assert reads_left_to_right(arabic, "09:00", "17:00")
        assert reads_right_to_left(arabic, "22", "24")
        reference = body["reference"]
        prefix, suffix = reference.split("-")
        assert reads_left_to_right(arabic, prefix, f"-{suffix}")  # never «-DKR26»
        code = re.search(rf"{reference}\.[A-Z0-9]+", arabic.inner_text()).group(0)
        assert reads_left_to_right(arabic, f"{prefix}-", code.split(".")[1])
        page.screenshot(path=SCREENSHOTS / f"words-email-{language}-{viewport}.png", full_page=True)
        assert fits_the_screen(page), f"the e-mail scrolls sideways at {viewport}"
