"""Exports: XLSX that openpyxl opens with the Arabic names exactly as typed, CSV in UTF-8 with a
BOM, formula-looking text neutralised in both, headers in the organiser's language, and 10,000
rows streamed without sitting in memory at once."""

from __future__ import annotations

import csv
import io
import tracemalloc

from factories import create_training, held, register
from openpyxl import load_workbook

FORMULA = '=HYPERLINK("x")'
ARABIC = "عبد الرحمن بن خلدون"


def _xlsx_rows(data: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_registrations_keep_arabic_and_neutralise_formulas(client, auth, app):
    training = create_training(client, auth)
    tid = training["id"]
    # Latin names may hold "=", quotes and brackets (only letters are checked for their script),
    # so the formula can be a name; the institution and job title can hold it too.
    named = client.post(
        f"/api/v1/trainings/{tid}/registrations",
        json={
            "given_name": FORMULA,
            "family_name": "-1+2",
            "name_ar": ARABIC,
            "email": "formula@example.sn",
            "country": "SN",
            "institution": "@SUM(1,2)",
            "job_title": "+33 directeur",
            "consent": True,
        },
    )
    assert named.status_code == 201, named.json
    register(
        client,
        tid,
        given_name="Khadija",
        family_name="Ben Ali",
        name_ar="خديجة بن علي",
        email="khadija@example.tn",
        country="TN",
        institution=FORMULA,
    )

    xlsx = client.get(f"/api/v1/trainings/{tid}/exports/registrations.xlsx?lang=ar", headers=auth)
    assert xlsx.status_code == 200
    assert xlsx.headers["Content-Disposition"].endswith('registrations.xlsx"')
    book = load_workbook(io.BytesIO(xlsx.data))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["الرقم المرجعي", "الاسم الأول", "اسم العائلة", "الاسم بالعربية"]
    first = sheet[2]
    assert [first[1].value, first[2].value, first[3].value] == [FORMULA, "-1+2", ARABIC]
    assert first[1].data_type == "s" and first[1].quotePrefix  # text, never a formula
    assert first[7].value == "@SUM(1,2)" and first[7].data_type == "s"
    second = sheet[3]
    assert second[3].value == "خديجة بن علي" and second[7].value == FORMULA
    assert second[7].data_type == "s"
    assert second[6].value == "تونس"  # the country in the organiser's language

    data = client.get(f"/api/v1/trainings/{tid}/exports/registrations.csv?lang=fr", headers=auth)
    assert data.status_code == 200 and data.mimetype == "text/csv"
    rows = _csv_rows(data.data)
    assert rows[0][:3] == ["Référence", "Prénom(s)", "Nom de famille"]
    assert rows[1][1:4] == ["'" + FORMULA, "'-1+2", ARABIC]
    assert rows[1][7:9] == ["'@SUM(1,2)", "'+33 directeur"]
    assert rows[2][7] == "'" + FORMULA and rows[2][3] == "خديجة بن علي"


def test_a_name_that_looks_like_a_formula_is_text_in_every_export(client, auth, app, worker):
    """A name row written directly (as an import or a correction could) goes through the same
    writers as the registrations: certificates carry the holder's names as printed."""
    from sqlalchemy import update
    from waiting import wait_until_idle

    from service.certification.models import Certificate
    from service.core.db import db

    training = create_training(client, auth, **held())
    person = register(client, training["id"], email="x@example.sn")
    for session in training["sessions"]:
        client.put(
            f"/api/v1/trainings/{training['id']}/sessions/{session['id']}/attendance",
            json={"records": [{"reference": person["reference"], "status": "present"}]},
            headers=auth,
        )
    client.post(f"/api/v1/trainings/{training['id']}/close", headers=auth)
    wait_until_idle(app, 60)
    with app.app_context():
        db.session.execute(update(Certificate).values(holder_name={"en": FORMULA, "ar": ARABIC}))
        db.session.commit()
    base = f"/api/v1/trainings/{training['id']}/exports/certificates"
    rows = _xlsx_rows(client.get(f"{base}.xlsx", headers=auth).data)
    assert rows[1][2:4] == [FORMULA, ARABIC]
    assert _csv_rows(client.get(f"{base}.csv", headers=auth).data)[1][2:4] == [
        "'" + FORMULA,
        ARABIC,
    ]
    attendance = _xlsx_rows(
        client.get(
            f"/api/v1/trainings/{training['id']}/exports/attendance.xlsx?lang=en", headers=auth
        ).data
    )
    assert attendance[0][-2:] == ["Sessions attended", "Attendance rule met"]
    assert attendance[1][-2:] == [3, "Yes"]
    assert attendance[1][5] == "present"


def test_ten_thousand_rows_are_streamed(client, auth, app):
    """10,000 registrations (inserted as rows: the API would take minutes) come out whole, and
    neither export holds them in memory at once."""
    from sqlalchemy import insert

    from service.core.clock import utcnow
    from service.core.db import db
    from service.registrations.models import Registration

    training = create_training(client, auth)
    now = utcnow()
    with app.app_context():
        db.session.execute(
            insert(Registration),
            [
                {
                    "training_id": training["id"],
                    "reference": f"BULK-{n:05d}",
                    "given_name": "Bulk",
                    "family_name": f"Person{n}",
                    "name_ar": ARABIC,
                    "email": f"p{n}@example.org",
                    "country": "SN",
                    "preferred_language": "ar",
                    "role": "participant",
                    "status": "confirmed",
                    "access_salt": f"{n:032d}",
                    "access_token_hash": f"{n:064d}",
                    "join_token_hash": f"{n + 10_000:064d}",
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(10_000)
            ],
        )
        db.session.commit()
    url = f"/api/v1/trainings/{training['id']}/exports/registrations"
    tracemalloc.start()
    response = client.get(f"{url}.csv", headers=auth, buffered=False)
    assert response.is_streamed
    chunks = sum(1 for _ in response.response)
    csv_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    workbook = client.get(f"{url}.xlsx", headers=auth)
    xlsx_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert chunks > 10  # sent as it is written, a batch of rows at a time
    assert len(_csv_rows(client.get(f"{url}.csv", headers=auth).data)) == 10_001
    rows = load_workbook(io.BytesIO(workbook.data), read_only=True).active
    assert sum(1 for _ in rows.iter_rows(values_only=True)) == 10_001
    # Whole, the rows would take well over 20 MB as Python objects.
    assert csv_peak < 12_000_000, csv_peak
    assert xlsx_peak < 25_000_000, xlsx_peak


def test_exports_are_for_organisers(client, auth, app):
    training = create_training(client, auth)
    url = f"/api/v1/trainings/{training['id']}/exports/attendance.csv"
    assert client.get(url).status_code == 401
    assert (
        client.get("/api/v1/trainings/999/exports/attendance.csv", headers=auth).status_code == 404
    )
    assert client.get(f"{url}?lang=de", headers=auth).status_code == 422
