"""The year's figures: the API, the XLSX and the paragraph in ar/en/fr give the same numbers,
on a year seeded through the API whose figures are written here."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from reports_fixture import YEAR, answer, seed_year, survey_tokens

EXPECTED_TOTALS = {
    "activities": 3,  # a course, a workshop, a webinar; not the draft, the cancelled, 2023's
    "registered": 9,  # confirmed participants: 4 + 3 + 2 (the cancelled one is not)
    "participants": 7,  # at least one session: 3 + 2 + 2
    "certified": 5,  # attendance rule met: 2 + 1 + 2
    "experts": 1,
    "countries": 5,  # SN, MA, EG, CI, FR
    "member_countries": 4,  # FR is not a member state
    "certificates": 6,  # 5 participation + 1 appreciation (the expert)
    "satisfaction": 4.0,  # (5 + 4 + 3) / 3
    "satisfaction_answers": 3,
}
EXPECTED_PARAGRAPH = {
    "en": (
        "In 2024, the centre held 1 training course, 1 workshop and 1 webinar: 2 online and 1 on "
        "site. These activities brought together 7 participants from 5 countries (4 member "
        "countries): 3 participants in the training course, 2 in the workshop and 2 in the "
        "webinar. 1 expert contributed. The centre issued 6 certificates. According to 3 "
        "responses to the evaluation survey, overall satisfaction averaged 4 out of 5."
    ),
    "fr": (
        "En 2024, le centre a organisé 1 cours de formation, 1 atelier et 1 webinaire\u202f: 2 en "
        "ligne et 1 en présentiel. Ces activités ont réuni 7 participants venus de 5 pays (dont 4 "
        "pays membres)\u202f: 3 participants au cours de formation, 2 à l’atelier et 2 au "
        "webinaire. 1 expert y a contribué. Le centre a délivré 6 certificats. D’après 3 réponses "
        "à l’enquête d’évaluation, la satisfaction globale moyenne est de 4 sur 5."
    ),
    "ar": (
        "خلال عام 2024، نظّم المركز دورة تدريبية واحدة وورشة عمل تدريبية واحدة وندوة واحدة عبر "
        "الإنترنت، عُقد منها 2 افتراضيًا و1 حضوريًا. وبلغ عدد المشاركين فيها 7 مشاركين من 5 "
        "بلدان، منها 4 بلدان أعضاء، بواقع 3 مشاركين في الدورة التدريبية ومشاركين في ورشة العمل "
        "التدريبية ومشاركين في الندوة عبر الإنترنت. وأسهم فيها خبير واحد. وأصدر المركز 6 شهادات. "
        "وبلغ متوسط الرضا العام 4 من 5، بحسب 3 إجابات على استبيان التقييم."
    ),
}


@pytest.fixture
def year(client, auth, app, worker):
    seeded = seed_year(client, auth, app)
    course, workshop = seeded["course"]["id"], seeded["workshop"]["id"]
    full = {"relevance": 4, "experts": 4, "organisation": 5}
    first, second, _mona = survey_tokens(app, course)  # Awa, Youssef, Mona
    assert (
        answer(client, first, satisfaction=5, improve="أكثر من التمارين", **full).status_code == 201
    )
    assert answer(client, second, satisfaction=4, **full).status_code == 201
    [fatou, _koffi] = survey_tokens(app, workshop)
    assert answer(client, fatou, satisfaction=3, **full).status_code == 201
    return seeded


def test_the_api_the_xlsx_and_the_paragraph_give_the_years_figures(client, auth, year):
    report = client.get(f"/api/v1/reports/annual?year={YEAR}", headers=auth)
    assert report.status_code == 200, report.json
    body = report.json
    assert body["totals"] == EXPECTED_TOTALS
    assert body["by_kind"]["training_course"] == {
        "activities": 1,
        "by_modality": {"virtual": 1, "onsite": 0, "hybrid": 0},
        "registered": 4,
        "participants": 3,
        "certified": 2,
        "experts": 1,
    }
    assert body["by_kind"]["workshop"]["by_modality"] == {"virtual": 0, "onsite": 1, "hybrid": 0}
    assert {k: v["participants"] for k, v in body["by_kind"].items()} == {
        "training_course": 3,
        "workshop": 2,
        "webinar": 2,
        "study_visit": 0,
        "meeting": 0,
    }
    assert body["countries"] == [
        {"code": "MA", "participants": 2},
        {"code": "SN", "participants": 2},
        {"code": "CI", "participants": 1},
        {"code": "EG", "participants": 1},
        {"code": "FR", "participants": 1},
    ]
    assert body["certificates"] == {"participation": 5, "appreciation": 1}
    assert [(p["code"], p["activities"], p["participants"]) for p in body["programmes"]] == [
        ("Tourism-CaB", 2, 4),
        ("StatCaB", 1, 3),
    ]
    assert [
        (m["month"], m["by_modality"]["virtual"], m["by_modality"]["onsite"])
        for m in body["months"]
    ] == [
        ("2024-03", 1, 0),
        ("2024-09", 1, 1),
    ]
    assert body["evaluation"]["invited"] == 5 and body["evaluation"]["responses"] == 3
    assert body["paragraph"] == EXPECTED_PARAGRAPH

    period = client.get(f"/api/v1/reports?from={YEAR}-01-01&to={YEAR}-12-31", headers=auth)
    assert period.json["totals"] == EXPECTED_TOTALS
    spring = client.get(f"/api/v1/reports?from={YEAR}-01-01&to={YEAR}-06-30", headers=auth)
    assert spring.json["totals"]["activities"] == 1
    tourism = client.get(f"/api/v1/reports/annual?year={YEAR}&programme=tourism-cab", headers=auth)
    assert tourism.json["totals"]["participants"] == 4

    for language in ("ar", "en", "fr"):
        xlsx = client.get(f"/api/v1/reports/annual.xlsx?year={YEAR}&lang={language}", headers=auth)
        assert xlsx.status_code == 200
        book = load_workbook(io.BytesIO(xlsx.data), read_only=True)
        sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}
        summary = dict(next(iter(sheets.values()))[1:])
        paragraph = next(iter(sheets.values()))[1][1]
        assert paragraph == EXPECTED_PARAGRAPH[language]
        values = list(summary.values())
        assert values[1:9] == [3, 9, 7, 5, 1, 5, 4, 6]
        participants = list(sheets.values())[2]
        assert [row[1:] for row in participants[1:]] == [
            [1, 4, 3, 2, 1],
            [1, 3, 2, 1, 0],
            [1, 2, 2, 2, 0],
            [0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0],
        ]

    for language in ("ar", "en", "fr"):
        result = client.application.test_cli_runner().invoke(
            args=["report", "annual", "--year", str(YEAR), "--lang", language]
        )
        assert result.exit_code == 0, result.output
        assert result.output.strip() == EXPECTED_PARAGRAPH[language]


def test_reports_are_for_organisers_and_check_their_query(client, auth, app):
    assert client.get("/api/v1/reports/annual?year=2024").status_code == 401
    assert client.get("/api/v1/reports/annual?year=99", headers=auth).status_code == 422
    assert (
        client.get("/api/v1/reports/annual?year=2024&programme=NOPE", headers=auth).status_code
        == 422
    )
    wrong = client.get("/api/v1/reports?from=2024-02-01&to=2024-01-01", headers=auth)
    assert wrong.status_code == 422
    empty = client.get("/api/v1/reports/annual?year=2024", headers=auth).json
    assert empty["totals"]["activities"] == 0
    assert empty["paragraph"]["en"] == "In 2024, the centre held no activity."
