"""The recruiting pages (issue 14) in ar/en/fr: applying under selection, a nominee confirming,
the follow-up form, the focal points' pages (sign-in by link or password, quota, nominating,
their nominees), and the organisers' selection, questions and focal points pages."""

from __future__ import annotations

import re

from factories import add_focal_point, create_training, nominate
from organiser_helpers import post_form, set_password, sign_in
from web_helpers import csrf_token, field_error, manage_path, register_via_api

from service.core.db import db

REQUIRED_TEXT = {
    "key": "unit",
    "kind": "text",
    "required": True,
    "label": {"ar": "الوحدة", "en": "Your unit", "fr": "Votre service"},
}
TOPICS = {
    "key": "topics",
    "kind": "multiple_choice",
    "label": {"en": "Topics", "fr": "Thèmes", "ar": "المواضيع"},
    "choices": [
        {"key": "data", "label": {"en": "Data", "fr": "Données", "ar": "البيانات"}},
        {"key": "law", "label": {"en": "Law", "fr": "Droit", "ar": "القانون"}},
    ],
}
FORM = {
    "given_name": "Aminata",
    "family_name": "Diop",
    "email": "aminata@example.sn",
    "country": "SN",
    "preferred_language": "en",
    "consent": "yes",
}


def put_questions(client, auth, training_id, *questions):
    response = client.put(
        f"/api/v1/trainings/{training_id}/questions",
        json={"questions": list(questions)},
        headers=auth,
    )
    assert response.status_code == 200, response.json


def test_applying_under_selection_with_the_training_questions(client, auth):
    training = create_training(client, auth, admission="selection")
    put_questions(client, auth, training["id"], REQUIRED_TEXT, TOPICS)
    page = client.get(f"/trainings/{training['id']}?lang=en").text
    assert ">Apply</a>" in page and "The organisers select the participants" in page
    path = f"/trainings/{training['id']}/register"
    form = client.get(f"{path}?lang=fr").text
    assert "Votre service" in form and "Données" in form and "Envoyer ma candidature" in form
    token = csrf_token(form)
    refused = client.post(f"{path}?lang=en", data={**FORM, "csrf_token": token})
    assert refused.status_code == 422
    assert '<a href="#q-unit">Your unit: Answer this question.</a>' in refused.text
    assert 'aria-describedby="q-unit-error" aria-invalid="true"' in refused.text
    accepted = client.post(
        f"{path}?lang=en",
        data={**FORM, "csrf_token": token, "q-unit": "Statistics", "q-topics": ["data", "law"]},
    )
    assert accepted.status_code == 302
    manage = client.get(accepted.headers["Location"] + "&lang=en").text
    assert "Your application is recorded" in manage and "Applied" in manage


def test_nomination_trainings_take_no_public_registration(client, auth):
    training = create_training(client, auth, admission="nomination")
    for path in (f"/trainings/{training['id']}", f"/trainings/{training['id']}/register"):
        page = client.get(f"{path}?lang=ar").text
        assert "نقاط الاتصال الوطنية" in page
        assert 'name="given_name"' not in page and ">تسجيل</a>" not in page


def test_a_nominee_confirms_then_fills_in_the_follow_up_form(app, client, auth):
    training = create_training(client, auth, admission="nomination", quotas={"SN": 2})
    defaults = client.get(f"/api/v1/trainings/{training['id']}/questions", headers=auth).json
    follow_up = [{k: v for k, v in q.items() if k != "withdrawn"} for q in defaults["questions"]]
    put_questions(client, auth, training["id"], REQUIRED_TEXT, *follow_up)
    focal_point = add_focal_point(app, "pf@gouv.sn", "SN")
    nominated = nominate(client, training["id"], focal_point, preferred_language="fr")
    with app.app_context():
        from service.registrations.links import access_token
        from service.registrations.operations import find_by_reference

        token = access_token(find_by_reference(nominated["reference"]))
        db.session.remove()
    mine = {"path": f"/r/{nominated['reference']}", "token": token}
    manage = client.get(manage_path(mine, lang="fr")).text
    assert "Confirmer et compléter mon inscription" in manage
    confirm = client.get(manage_path(mine, "/confirm", lang="fr")).text
    assert "Votre service" in confirm
    posted = client.post(
        f"{mine['path']}/confirm?lang=fr",
        data={"token": token, "csrf_token": csrf_token(confirm), "preferred_language": "fr"},
    )
    assert posted.status_code == 422
    assert field_error(posted.text, "consent")
    assert "Votre service : Répondez à cette question." in posted.text
    posted = client.post(
        f"{mine['path']}/confirm?lang=fr",
        data={
            "token": token,
            "csrf_token": csrf_token(confirm),
            "preferred_language": "ar",
            "consent": "yes",
            "q-unit": "Statistique",
        },
    )
    assert posted.status_code == 302
    page = client.get(manage_path(mine, lang="fr")).text
    assert "Confirmer et compléter" not in page

    # accepted (on site): the follow-up form, with the default questions
    decided = client.post(
        f"/api/v1/trainings/{training['id']}/decisions",
        json={"decisions": [{"reference": nominated["reference"], "decision": "accept"}]},
        headers=auth,
    )
    assert decided.json["results"][0]["decided"]
    page = client.get(manage_path(mine, lang="ar")).text
    assert "استمارة المتابعة" in page
    follow_up = client.get(manage_path(mine, "/follow-up", lang="en")).text
    assert "Passport number" in follow_up and 'type="date"' in follow_up
    posted = client.post(
        f"{mine['path']}/follow-up?lang=en",
        data={"token": token, "csrf_token": csrf_token(follow_up), "q-arrival": "soon"},
    )
    assert posted.status_code == 422
    assert "Date of arrival: Enter a date." in posted.text
    assert "Passport number: Answer this question." in posted.text
    answers = {
        "q-passport_name": "AMINATA DIOP",
        "q-passport_number": "A123",
        "q-nationality": "Sénégalaise",
        "q-date_of_birth": "1980-01-02",
        "q-arrival": "2030-01-01",
        "q-departure": "2030-01-04",
    }
    posted = client.post(
        f"{mine['path']}/follow-up?lang=en",
        data={"token": token, "csrf_token": csrf_token(follow_up), **answers},
    )
    assert posted.status_code == 302
    again = client.get(manage_path(mine, "/follow-up", lang="en")).text
    assert 'value="A123"' in again and 'value="2030-01-01"' in again


def _sign_in_link(app) -> str:
    from service.focalpoints.accounts import sign_in_url
    from service.focalpoints.models import SignInLink

    with app.app_context():
        link = db.session.query(SignInLink).order_by(SignInLink.id.desc()).first()
        url = sign_in_url(link)
        db.session.remove()
    return url.removeprefix("http://tadrib.test")


def test_a_focal_point_signs_in_by_link_and_nominates(app, client, auth):
    training = create_training(client, auth, admission="nomination", quotas={"SN": 1})
    add_focal_point(app, "pf@gouv.sn", "SN")
    page = client.get("/focal-point/sign-in?lang=en").text
    sent = client.post(
        "/focal-point/sign-in?lang=en",
        data={"method": "link", "link_email": "pf@gouv.sn", "csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    assert "a sign-in link is on its way" in sent.text
    unknown = client.post(
        "/focal-point/sign-in?lang=en",
        data={"method": "link", "link_email": "nobody@x.org", "csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    assert "a sign-in link is on its way" in unknown.text  # the same words: nothing learnt
    link = _sign_in_link(app)
    assert client.get("/focal-point/?lang=en").status_code == 302  # not signed in yet
    landing = client.get(f"{link}?lang=en").text
    assert "Press the button to sign in." in landing
    signed = client.post(link, data={"csrf_token": csrf_token(landing)})
    assert signed.status_code == 302
    fresh = csrf_token(client.get("/focal-point/sign-in").text)  # the session is new
    used = client.post(link, data={"csrf_token": fresh})
    assert used.status_code == 410  # single use
    assert "expired or was already used" in client.get(f"{link}?lang=en").text

    listing = client.get("/focal-point/?lang=en").text
    assert training["title"]["en"] in listing
    path = f"/focal-point/trainings/{training['id']}"
    form = client.get(f"{path}?lang=en").text
    assert 'id="nominations-left">1<' in form
    refused = client.post(
        f"{path}?lang=en",
        data={
            "csrf_token": csrf_token(form),
            "given_name": "Awa",
            "family_name": "",
            "email": "awa@gouv.sn",
            "preferred_language": "fr",
        },
    )
    assert refused.status_code == 422 and field_error(refused.text, "family_name")
    done = client.post(
        f"{path}?lang=en",
        data={
            "csrf_token": csrf_token(form),
            "given_name": "Awa",
            "family_name": "Ndiaye",
            "email": "awa@gouv.sn",
            "preferred_language": "fr",
        },
        follow_redirects=True,
    )
    assert "Awa Ndiaye is nominated" in done.text
    assert "quota for this training is reached." in done.text, done.text[done.text.find("<main") :]
    assert "Nominated" in done.text and "Not yet" in done.text
    # organiser pages stay closed to a focal point, and the other way round
    assert client.get("/organiser/").status_code == 302

    set_password_page = client.get("/focal-point/password?lang=en").text
    short = client.post(
        "/focal-point/password?lang=en",
        data={"csrf_token": csrf_token(set_password_page), "password": "short", "repeat": "short"},
    )
    assert short.status_code == 422
    chosen = "a long enough password"
    client.post(
        "/focal-point/password",
        data={"csrf_token": csrf_token(set_password_page), "password": chosen, "repeat": chosen},
    )
    client.post("/focal-point/sign-out", data={"csrf_token": csrf_token(set_password_page)})
    page = client.get("/focal-point/sign-in").text
    wrong = client.post(
        "/focal-point/sign-in",
        data={
            "method": "password",
            "email": "pf@gouv.sn",
            "password": "nope",
            "csrf_token": csrf_token(page),
        },
    )
    assert wrong.status_code == 401
    right = client.post(
        "/focal-point/sign-in",
        data={
            "method": "password",
            "email": "pf@gouv.sn",
            "password": chosen,
            "csrf_token": csrf_token(page),
        },
    )
    assert right.status_code == 302 and right.headers["Location"].endswith("/focal-point/")


def test_organisers_decide_in_bulk_on_the_selection_page(app, client, auth):
    training = create_training(client, auth, admission="selection", capacity=1)
    put_questions(client, auth, training["id"], TOPICS)
    first = register_via_api(client, training["id"], answers={"topics": ["law"]})
    second = register_via_api(
        client, training["id"], email="omar@example.eg", country="EG", institution="CAPMAS"
    )
    set_password(app)
    sign_in(client)
    path = f"/organiser/trainings/{training['id']}/selection"
    page = client.get(f"{path}?lang=en").text
    assert first["reference"] in page and second["reference"] in page
    filtered = client.get(f"{path}?lang=en&question=topics&answer=law").text
    assert first["reference"] in filtered and second["reference"] not in filtered
    by_institution = client.get(f"{path}?lang=en&institution=capmas").text
    assert second["reference"] in by_institution and first["reference"] not in by_institution
    response = client.post(
        f"{path}?lang=en",
        data={
            "csrf_token": csrf_token(page),
            "reference": [first["reference"], second["reference"]],
            "decision": "accept",
        },
        follow_redirects=True,
    )
    assert "1 decision applied." in response.text
    assert f"{second['reference']}: not applied (no seat left)." in response.text
    rejected = client.post(
        path,
        data={
            "csrf_token": csrf_token(page),
            "reference": second["reference"],
            "decision": "reject",
        },
        follow_redirects=True,
    )
    assert "Give the reason for rejecting" in rejected.text
    statuses = client.get(f"/api/v1/trainings/{training['id']}/registrations", headers=auth).json[
        "registrations"
    ]
    assert [r["status"] for r in statuses] == ["confirmed", "applied"]


def test_organisers_edit_the_questions_and_add_focal_points(app, client, auth):
    training = create_training(client, auth)
    set_password(app)
    sign_in(client)
    path = f"/organiser/trainings/{training['id']}/questions"
    page = client.get(f"{path}?lang=en").text
    assert "Passport number" in page  # the on-site default follow-up form
    data = {
        "q-dietary_needs-withdraw": "1",
        "new-key": "shirt",
        "new-kind": "single_choice",
        "new-label-en": "T-shirt size",
        "new-label-ar": "مقاس القميص",
        "new-choices": "s: صغير | Small | Petit\nm: Medium",
        "new-stage": "follow_up",
        "new-roles": "participant",
    }
    for key in (
        "passport_name",
        "passport_number",
        "nationality",
        "date_of_birth",
        "arrival",
        "departure",
    ):
        data[f"q-{key}-stage"] = "follow_up"
        data[f"q-{key}-required"] = "1"
    response = post_form(client, path, data, page=f"{path}?lang=en")
    assert response.status_code == 303
    questions = client.get(f"/api/v1/trainings/{training['id']}/questions", headers=auth).json[
        "questions"
    ]
    by_key = {q["key"]: q for q in questions}
    assert by_key["dietary_needs"]["withdrawn"] is True
    assert by_key["shirt"]["choices"][0] == {
        "key": "s",
        "label": {"ar": "صغير", "en": "Small", "fr": "Petit"},
    }
    assert by_key["shirt"]["roles"] == ["participant"]
    assert by_key["passport_number"]["required"] is True

    page = client.get("/organiser/focal-points?lang=fr").text
    added = post_form(
        client,
        "/organiser/focal-points",
        {"name": "Karim Alaoui", "email": "pf@gov.ma", "country": "MA", "language": "ar"},
    )
    assert added.status_code == 303
    listed = client.get("/organiser/focal-points?lang=fr").text
    assert "pf@gov.ma" in listed and "Maroc" in listed
    again = post_form(
        client,
        "/organiser/focal-points",
        {"name": "Karim", "email": "pf@gov.ma", "country": "MA", "language": "ar"},
    )
    assert again.status_code == 409 and field_error(again.text, "email")
    assert re.search(r"<h1>Points focaux nationaux</h1>", page)
