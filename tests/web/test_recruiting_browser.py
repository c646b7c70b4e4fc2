"""Recruiting in a real browser: a focal point signs in with the e-mailed link and nominates in
Arabic (real worker and SMTP server), an organiser accepts in bulk, and every recruiting page
in ar and en, desktop and 360 px, passes axe-core and fits the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
import test_web_browser as shared
from factories import add_focal_point, create_training, nominate
from organiser_helpers import set_password
from test_organiser_browser import sign_in
from waiting import wait_for
from web_helpers import in_language, register_via_api

from service.core.db import db

pytestmark = pytest.mark.slow  # drives Chromium

browser, live_server, page_at = shared.browser, shared.live_server, shared.page_at
SCREENSHOTS, VIEWPORTS = shared.SCREENSHOTS, shared.VIEWPORTS
check_accessibility, fits_the_screen = shared.check_accessibility, shared.fits_the_screen

TOPICS = {
    "key": "topics",
    "kind": "multiple_choice",
    "required": True,
    "label": {"en": "Topics", "fr": "Thèmes", "ar": "المواضيع"},
    "choices": [
        {"key": "data", "label": {"en": "Data", "fr": "Données", "ar": "البيانات"}},
        {"key": "law", "label": {"en": "Law", "fr": "Droit", "ar": "القانون"}},
    ],
}


def test_focal_point_signs_in_by_link_and_nominates_in_arabic(
    page_at, live_server, app, client, auth, worker, mailbox
):
    training = create_training(client, auth, admission="nomination", quotas={"SN": 2})
    add_focal_point(app, "pf@gouv.sn", "SN", "--language", "ar")
    page = page_at("phone", locale="ar-SA")
    page.goto(f"{live_server}/focal-point/")
    assert "/focal-point/sign-in" in page.url
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#f-link_email").fill("pf@gouv.sn")
    page.get_by_role("button", name="أرسل إليّ رابط تسجيل الدخول").click()
    assert "رابط" in page.get_by_role("status").inner_text()
    check_accessibility(page)

    message = wait_for(
        lambda: next(
            (
                m
                for m in mailbox.messages
                if m["To"] == "pf@gouv.sn" and "رابط تسجيل الدخول" in m["Subject"]
            ),
            None,
        ),
        what="the sign-in link",
    )
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://tadrib\.test(/focal-point/sign-in/\S+)", text).group(1)
    page.goto(f"{live_server}{link}")
    page.get_by_role("button", name="دخول", exact=True).click()
    assert page.url.endswith("/focal-point/")
    page.get_by_role("link", name=training["title"]["ar"]).click()
    assert page.locator("#nominations-left").inner_text() == "2"

    page.get_by_label("الاسم الأول").fill("Awa")
    page.get_by_label("اسم العائلة").fill("Ndiaye")
    page.get_by_label("الاسم بالعربية").fill("عوا نجاي")
    page.get_by_label("البريد الإلكتروني").fill("awa@gouv.sn")
    page.get_by_label("اللغة المفضلة").select_option("fr")
    page.get_by_role("button", name="ترشيح", exact=True).click()
    assert "تم ترشيح Awa Ndiaye" in page.get_by_role("status").inner_text()
    assert page.locator("#nominations-left").inner_text() == "1"
    row = page.get_by_role("row", name=re.compile("Awa Ndiaye"))
    assert "تم الترشيح" in row.inner_text() and "ليس بعد" in row.inner_text()
    assert fits_the_screen(page)
    check_accessibility(page)
    wait_for(
        lambda: any(m["To"] == "awa@gouv.sn" for m in mailbox.messages),
        what="the nominee's e-mail",
    )


def test_organiser_accepts_in_bulk(page_at, live_server, app, client, auth):
    training = create_training(client, auth, admission="selection", capacity=2)
    people = [
        register_via_api(client, training["id"], email=f"p{i}@example.sn", given_name=name)
        for i, name in enumerate(("Awa", "Moussa", "Fatou"))
    ]
    set_password(app)
    page = page_at("desktop")
    path = f"/organiser/trainings/{training['id']}/selection?lang=en"
    sign_in(page, live_server, path)
    for person in people[:2]:
        page.locator(f"#pick-{person['reference']}").check()
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Apply the decision").click()
    assert "2 decisions applied." in page.get_by_role("status").first.inner_text()
    table = page.locator("table.candidates")
    for person, status in zip(people, ("Confirmed", "Confirmed", "Applied"), strict=True):
        row = table.get_by_role("row", name=re.compile(person["reference"]))
        assert status in row.inner_text()
    check_accessibility(page)


def _recruiting_pages(app: Any, client: Any, auth: dict[str, str]) -> dict[str, str]:
    """Every recruiting page, with data on each."""
    selection = create_training(client, auth, admission="selection", capacity=5)
    client.put(
        f"/api/v1/trainings/{selection['id']}/questions",
        json={"questions": [TOPICS]},
        headers=auth,
    )
    applied = register_via_api(client, selection["id"], answers={"topics": ["law"]})
    nomination = create_training(client, auth, admission="nomination", quotas={"SN": 3})
    focal_point = add_focal_point(app, "pf@gouv.sn", "SN")
    nominated = nominate(client, nomination["id"], focal_point, name_ar="عوا نجاي")
    with app.app_context():
        from service.registrations.links import access_token
        from service.registrations.operations import find_by_reference

        token = access_token(find_by_reference(nominated["reference"]))
        db.session.remove()
    client.post(
        f"/api/v1/trainings/{nomination['id']}/decisions",
        json={"decisions": [{"reference": nominated["reference"], "decision": "accept"}]},
        headers=auth,
    )
    nominee = f"/r/{nominated['reference']}"
    return {
        "apply": f"/trainings/{selection['id']}/register",
        "applied": f"{applied['path']}?token={applied['token']}",
        "nominee-manage": f"{nominee}?token={token}",
        "nominee-confirm": f"{nominee}/confirm?token={token}",
        "follow-up": f"{nominee}/follow-up?token={token}",
        "nomination-training": f"/trainings/{nomination['id']}",
        "focal-point-sign-in": "/focal-point/sign-in",
        "organiser-selection": f"/organiser/trainings/{selection['id']}/selection",
        "organiser-nomination-selection": f"/organiser/trainings/{nomination['id']}/selection",
        "organiser-questions": f"/organiser/trainings/{nomination['id']}/questions",
        "organiser-focal-points": "/organiser/focal-points",
        "focal-point-trainings": "/focal-point/",
        "focal-point-training": f"/focal-point/trainings/{nomination['id']}",
        "focal-point-password": "/focal-point/password",
    }


@pytest.mark.parametrize("language", ["ar", "en"])
def test_recruiting_pages_look_right_and_pass_axe(
    page_at, live_server, app, client, auth, language
):
    pages = _recruiting_pages(app, client, auth)
    set_password(app)
    app.test_cli_runner().invoke(
        args=["focal-point", "password", "pf@gouv.sn"], input="a long password\na long password\n"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for viewport in VIEWPORTS:
        page = page_at(viewport)
        sign_in(page, live_server, in_language("/organiser/", language))
        for name, path in pages.items():
            if name == "focal-point-trainings":  # the focal point's pages: their own session
                page.goto(f"{live_server}/focal-point/sign-in")
                page.locator("#f-email").fill("pf@gouv.sn")
                page.locator("#f-password").fill("a long password")
                page.get_by_role("button", name=re.compile("^(Sign in|دخول)$")).click()
            page.goto(f"{live_server}{in_language(path, language)}")
            assert page.locator("html").get_attribute("lang") == language, name
            page.screenshot(path=SCREENSHOTS / f"{name}-{language}-{viewport}.png", full_page=True)
            assert fits_the_screen(page), f"{name} scrolls sideways at {viewport}"
            check_accessibility(page)
