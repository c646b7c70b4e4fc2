"""The reports page, its charts and exports, the survey page and the evaluation page (test
client: the pages work without script; the browser test looks at them)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from organiser_helpers import post_form, set_password, sign_in
from reports_fixture import YEAR, seed_year, survey_tokens
from web_helpers import csrf_token


@pytest.fixture
def seeded(client, auth, app, worker):
    return seed_year(client, auth, app)


def test_reports_page_paragraph_charts_and_exports(client, auth, app, seeded):
    set_password(app)
    assert client.get(f"/organiser/reports?year={YEAR}").status_code == 302  # sign in first
    sign_in(client)
    for language in ("ar", "en", "fr"):
        page = client.get(f"/organiser/reports?year={YEAR}&lang={language}")
        assert page.status_code == 200
        paragraph = client.get(f"/api/v1/reports/annual?year={YEAR}", headers=auth).json[
            "paragraph"
        ][language]
        assert f'id="summary-paragraph" class="summary-paragraph" lang="{language}"' in page.text
        assert paragraph.replace("’", "&#39;") in page.text.replace("’", "&#39;")
        assert "hidden data-copy" in page.text  # the copy button waits for its script
    for name in ("months", "programmes", "satisfaction", "map"):
        svg = client.get(f"/organiser/reports/charts/{name}.svg?year={YEAR}&lang=ar")
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
        assert svg.text.startswith("<svg") and "<script" not in svg.text
    assert client.get("/organiser/reports/charts/pie.svg").status_code == 404
    workbook = client.get(f"/organiser/reports/report.xlsx?year={YEAR}&lang=fr")
    sheets = load_workbook(io.BytesIO(workbook.data)).sheetnames
    assert sheets[:3] == ["Synthèse", "Activités", "Participants"]
    table = client.get(f"/organiser/reports/countries.csv?year={YEAR}&lang=en")
    assert table.data.decode("utf-8-sig").splitlines()[1] == "MA,Morocco,2"
    course = seeded["course"]["id"]
    export = client.get(f"/organiser/trainings/{course}/exports/attendance.csv?lang=en")
    assert export.status_code == 200 and export.mimetype == "text/csv"


def test_survey_page_takes_one_answer(client, auth, app, seeded):
    token = survey_tokens(app, seeded["course"]["id"])[0]
    page = client.get(f"/e/{token}?lang=ar")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text and "ما مدى رضاك" in page.text
    form = {"csrf_token": csrf_token(page.text), "q-satisfaction": "5"}
    incomplete = client.post(f"/e/{token}", data=form)
    assert incomplete.status_code == 422 and 'id="q-relevance-error"' in incomplete.text
    complete = {
        **form,
        "q-relevance": "4",
        "q-experts": "5",
        "q-organisation": "3",
        "q-improve": "مزيد من الأمثلة",
    }
    sent = client.post(f"/e/{token}", data=complete)
    assert sent.status_code == 303
    assert "لا يمكن استخدام هذا الرابط مرة أخرى" in client.get(f"/e/{token}?lang=ar").text
    assert client.post(f"/e/{token}", data=complete).status_code == 409
    assert client.get("/e/not-a-token").status_code == 404


def test_organisers_set_the_mode_and_the_questions_on_the_evaluation_page(
    client, auth, app, seeded
):
    set_password(app)
    sign_in(client)
    webinar = seeded["webinar"]["id"]
    path = f"/organiser/trainings/{webinar}/evaluation"
    assert client.get(f"{path}?lang=fr").status_code == 200
    moved = post_form(client, f"{path}/mode", {"mode": "required"}, page=path)
    assert moved.status_code == 303, moved.text
    assert client.get(f"/api/v1/trainings/{webinar}", headers=auth).json["evaluation"] == "required"
    fields = {
        "label-satisfaction-en": "Satisfied overall?",
        "required-satisfaction": "1",
        "remove-improve": "1",
        "new-key": "again",
        "new-kind": "yes_no",
        "new-label-en": "Would you come again?",
        "new-label-ar": "هل ستعود؟",
        "new-label-fr": "Reviendriez-vous ?",
    }
    for key in ("relevance", "experts", "organisation"):
        fields[f"required-{key}"] = "1"
    post_form(client, f"{path}/questions", fields, page=path)
    questions = client.get(f"/api/v1/trainings/{webinar}/evaluation", headers=auth).json[
        "questions"
    ]
    assert [q["key"] for q in questions] == [
        "satisfaction",
        "relevance",
        "experts",
        "organisation",
        "again",
    ]
    assert questions[0]["label"]["en"] == "Satisfied overall?"
    assert questions[0]["label"]["ar"] == "ما مدى رضاك عن هذا النشاط التدريبي بشكل عام؟"
