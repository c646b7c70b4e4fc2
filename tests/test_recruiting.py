"""How the centre recruits (issue 14): nomination by national focal points within quotas, the
nominee's confirmation, the organisers' decisions and their e-mails, public applications under
selection — through the HTTP API with real workers, broker and SMTP server."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from factories import (
    add_focal_point,
    create_training,
    decide,
    nominate,
    nominee,
    person,
    register,
    training_payload,
)
from waiting import wait_for, wait_until_idle

QUOTAS = {"SN": 3, "MA": 2}


def nomination_training(client, auth, **overrides):
    return create_training(
        client, auth, admission="nomination", quotas=QUOTAS, capacity=10, **overrides
    )


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, path: str) -> str:
    match = re.search(rf"https?://\S+{re.escape(path)}\S*", text_of(message))
    assert match, f"no {path} link in {message['Subject']}"
    return match.group(0)


def mail_to(mailbox, address: str) -> list:
    return [m for m in mailbox.messages if m["To"] == address]


def test_nomination_with_quotas_from_focal_points_to_decisions(app, client, auth, worker, mailbox):
    training = nomination_training(client, auth)
    tid = training["id"]
    assert training["admission"] == "nomination" and training["quotas"] == QUOTAS
    senegal = add_focal_point(app, "pf@gouv.sn", "SN", "--language", "fr")
    created = client.post(
        "/api/v1/focal-points",
        json={"email": "pf@gov.ma", "name": "Karim Alaoui", "country": "MA", "language": "ar"},
        headers=auth,
    )
    assert created.status_code == 201, created.json
    morocco = {"Authorization": f"Bearer {created.json['token']}"}

    listed = client.get("/api/v1/focal-points/me/trainings", headers=senegal).json["trainings"]
    assert [(t["id"], t["quota"]["quota"], t["quota"]["left"]) for t in listed] == [(tid, 3, 3)]

    first = nominate(client, tid, senegal, email="awa@gouv.sn", given_name="Awa")
    assert first["status"] == "nominated" and first["nominations_left"] == 2
    second = nominate(
        client, tid, senegal, email="moussa@gouv.sn", given_name="Moussa", preferred_language="en"
    )
    third = nominate(
        client, tid, senegal, email="fatou@gouv.sn", given_name="Fatou", preferred_language="ar"
    )
    over = client.post(
        f"/api/v1/trainings/{tid}/nominations", json=nominee(email="x@gouv.sn"), headers=senegal
    )
    assert over.status_code == 409 and over.json["error"]["code"] == "quota_exceeded"
    other_country = client.post(
        f"/api/v1/trainings/{tid}/nominations",
        json=nominee(email="y@gov.ma", country="MA"),
        headers=senegal,
    )
    assert other_country.status_code == 403
    assert other_country.json["error"]["code"] == "forbidden"
    moroccan = nominate(
        client,
        tid,
        morocco,
        email="salma@gov.ma",
        given_name="Salma",
        country="MA",
        name_ar="سلمى",
        preferred_language="ar",
    )

    # tokens open their own routes only
    assert client.get(f"/api/v1/trainings/{tid}/registrations", headers=senegal).status_code == 403
    assert (
        client.post(
            f"/api/v1/trainings/{tid}/nominations", json=nominee(email="z@gouv.sn"), headers=auth
        ).status_code
        == 403
    )
    public = client.post(f"/api/v1/trainings/{tid}/registrations", json=person(email="p@x.sn"))
    assert public.status_code == 409 and public.json["error"]["code"] == "nomination_only"

    # the nominee is e-mailed and confirms
    [invitation] = wait_for(lambda: mail_to(mailbox, "awa@gouv.sn"), what="the nomination e-mail")
    assert invitation["Subject"].startswith("Candidature proposée")
    assert "ترشيحك" in invitation["Subject"]
    confirm_url = link_in(invitation, f"/r/{first['reference']}/confirm")
    token = parse_qs(urlsplit(confirm_url).query)["token"][0]
    confirmed = client.post(
        f"/api/v1/registrations/{first['reference']}/confirm?token={token}",
        json={"consent": True, "preferred_language": "fr"},
    )
    assert confirmed.status_code == 200, confirmed.json
    assert confirmed.json["confirmed_by_person_at"] and confirmed.json["status"] == "nominated"

    # organisers decide, in bulk, before or after the nominees confirmed
    results = decide(
        client,
        tid,
        auth,
        {"reference": first["reference"], "decision": "accept"},
        {"reference": second["reference"], "decision": "accept"},
        {"reference": third["reference"], "decision": "reject", "reason": "Profile too junior"},
        {"reference": moroccan["reference"], "decision": "waitlist"},
        {"reference": "NOPE-0000", "decision": "accept"},
    )
    assert [(r["decided"], r["status"], r["error"]) for r in results] == [
        (True, "confirmed", None),
        (True, "confirmed", None),
        (True, "rejected", None),
        (True, "waitlisted", None),
        (False, None, "not_found"),
    ]
    again = decide(client, tid, auth, {"reference": third["reference"], "decision": "accept"})
    assert again == [
        {
            "reference": third["reference"],
            "decided": False,
            "status": "rejected",
            "error": "not_decidable",
        }
    ]
    history = client.get(f"/api/v1/trainings/{tid}/decisions", headers=auth).json["decisions"]
    assert [(d["decision"], d["by"]) for d in history][2] == ("reject", "Training Desk")
    assert history[2]["reason"] == "Profile too junior"

    wait_until_idle(app)
    decided = {
        "awa@gouv.sn": ("Candidature retenue", "قبول طلبك"),
        "moussa@gouv.sn": ("You are selected", "قبول طلبك"),
        "fatou@gouv.sn": ("طلب مشاركتك", "Your application"),
        "salma@gov.ma": ("قائمة الاحتياط", "Reserve list"),
    }
    decision_mail = {}
    for address, (first_words, second_words) in decided.items():
        received = mail_to(mailbox, address)
        assert sum("ترشيحك:" in m["Subject"] for m in received) == 1  # the nomination
        [decision_mail[address]] = [m for m in received if "ترشيحك:" not in m["Subject"]]
        subject = decision_mail[address]["Subject"]
        assert subject.startswith(first_words) and second_words in subject, subject
    accepted = decision_mail["awa@gouv.sn"]
    assert any(a.get_filename().endswith(".ics") for a in accepted.iter_attachments())
    assert "Profile too junior" not in text_of(decision_mail["fatou@gouv.sn"])
    to_senegal = [m["Subject"] for m in mail_to(mailbox, "pf@gouv.sn")]
    assert sum("Décision sur la candidature" in s for s in to_senegal) == 3
    to_morocco = mail_to(mailbox, "pf@gov.ma")
    assert sum("قرار بشأن ترشيحك" in m["Subject"] for m in to_morocco) == 1
    assert "قائمة الاحتياط" in text_of(next(m for m in to_morocco if "قرار" in m["Subject"]))

    # the focal point follows the statuses of their country's nominees
    followed = client.get(f"/api/v1/trainings/{tid}/nominations", headers=senegal).json
    assert {n["reference"]: n["status"] for n in followed["nominations"]} == {
        first["reference"]: "confirmed",
        second["reference"]: "confirmed",
        third["reference"]: "rejected",
    }
    assert [bool(n["confirmed_by_person_at"]) for n in followed["nominations"]] == [
        True,
        False,
        False,
    ]
    # the rejection freed a place in the quota
    mine = client.get("/api/v1/focal-points/me/trainings", headers=senegal).json["trainings"][0]
    assert mine["quota"] == {"country": "SN", "quota": 3, "nominated": 2, "left": 1, "accepted": 2}


def test_acceptances_never_exceed_a_lowered_quota(client, auth, app):
    training = nomination_training(client, auth)
    senegal = add_focal_point(app, "pf@gouv.sn", "SN")
    references = [
        nominate(client, training["id"], senegal, email=f"n{i}@gouv.sn")["reference"]
        for i in range(3)
    ]
    patched = client.patch(
        f"/api/v1/trainings/{training['id']}", json={"quotas": {"SN": 1}}, headers=auth
    )
    assert patched.status_code == 200, patched.json
    results = decide(
        client, training["id"], auth, *({"reference": r, "decision": "accept"} for r in references)
    )
    assert [r["error"] for r in results] == [None, "quota_exceeded", "quota_exceeded"]
    waitlisted = decide(
        client, training["id"], auth, {"reference": references[1], "decision": "waitlist"}
    )
    assert waitlisted[0]["status"] == "waitlisted"


def test_focal_points_see_only_trainings_of_their_country_and_programmes(client, auth, app):
    training = nomination_training(client, auth, eligible_countries=["SN", "ML"])
    egypt = add_focal_point(app, "pf@gov.eg", "EG")
    assert client.get("/api/v1/focal-points/me/trainings", headers=egypt).json["trainings"] == []
    refused = client.post(
        f"/api/v1/trainings/{training['id']}/nominations", json=nominee(country="EG"), headers=egypt
    )
    assert refused.status_code == 403
    other_programme = add_focal_point(app, "pf2@gouv.sn", "SN", "--programme", "Tourism-CaB")
    assert (
        len(
            client.get("/api/v1/focal-points/me/trainings", headers=other_programme).json[
                "trainings"
            ]
        )
        == 1
    )
    bad = app.test_cli_runner().invoke(
        args=[
            "focal-point",
            "add",
            "pf3@gouv.sn",
            "--country",
            "SN",
            "--name",
            "X",
            "--programme",
            "Nope",
        ]
    )
    assert bad.exit_code != 0 and "unknown programme Nope" in bad.output
    open_training = create_training(client, auth)
    sn = add_focal_point(app, "pf4@gouv.sn", "SN")
    response = client.post(
        f"/api/v1/trainings/{open_training['id']}/nominations", json=nominee(), headers=sn
    )
    assert response.status_code == 409 and response.json["error"]["code"] == "not_by_nomination"


def test_selection_applications_stay_applied_until_decided(app, client, auth, worker, mailbox):
    training = create_training(client, auth, admission="selection", capacity=1)
    applied = register(client, training["id"], preferred_language="en")
    assert applied["status"] == "applied"
    other = register(client, training["id"], email="omar@example.eg", country="EG")
    assert other["status"] == "applied"
    listed = client.get(
        f"/api/v1/trainings/{training['id']}/registrations?status=applied", headers=auth
    ).json["registrations"]
    assert len(listed) == 2
    training_now = client.get(f"/api/v1/trainings/{training['id']}").json
    assert training_now["seats_left"] == 1  # an application takes no seat
    [received] = wait_for(
        lambda: mail_to(mailbox, "aminata.diop@example.sn"), what="the acknowledgement"
    )
    assert received["Subject"].startswith("Application received")
    results = decide(
        client,
        training["id"],
        auth,
        {"reference": applied["reference"], "decision": "accept"},
        {"reference": other["reference"], "decision": "accept"},
    )
    assert [r["error"] for r in results] == [None, "no_seats"]
    candidates = client.get(
        f"/api/v1/trainings/{training['id']}/candidates?country=SN", headers=auth
    ).json
    assert [c["status"] for c in candidates["candidates"]] == ["confirmed"]
    assert candidates["seats_left"] == 0
    # a cancelled seat is not given away: the organisers decide under selection
    token = parse_qs(urlsplit(applied["manage_url"]).query)["token"][0]
    client.post(f"/api/v1/registrations/{applied['reference']}/cancel?token={token}")
    wait_until_idle(app)
    status = client.get(f"/api/v1/registrations/{other['reference']}", headers=auth).json
    assert status["status"] == "applied"


def test_each_kind_of_token_opens_its_own_routes(app, client, auth):
    training = nomination_training(client, auth)
    tid = training["id"]
    senegal = add_focal_point(app, "pf@gouv.sn", "SN")
    nominated = nominate(client, tid, senegal)
    participant = register(client, create_training(client, auth)["id"], email="p@example.sn")
    token = parse_qs(urlsplit(participant["manage_url"]).query)["token"][0]
    as_participant = {"Authorization": f"Bearer {token}"}
    for headers, path in (
        (senegal, f"/api/v1/trainings/{tid}/candidates"),
        (senegal, "/api/v1/focal-points"),
        (senegal, f"/api/v1/registrations/{nominated['reference']}"),
        (as_participant, "/api/v1/focal-points/me/trainings"),
        (as_participant, f"/api/v1/trainings/{tid}/nominations"),
        (auth, "/api/v1/focal-points/me/trainings"),
    ):
        assert client.get(path, headers=headers).status_code == 403, path
    assert client.get("/api/v1/focal-points/me/trainings").status_code == 401
    everyone = client.get(f"/api/v1/trainings/{tid}/nominations", headers=auth).json
    assert [n["reference"] for n in everyone["nominations"]] == [nominated["reference"]]
    listed = client.get("/api/v1/focal-points?country=sn", headers=auth).json["focal_points"]
    assert [(f["email"], f["country"], f["language"]) for f in listed] == [
        ("pf@gouv.sn", "SN", "en")
    ]
    taken = client.post(
        "/api/v1/focal-points",
        json={"email": "PF@gouv.sn", "name": "Again", "country": "SN"},
        headers=auth,
    )
    assert taken.status_code == 409 and taken.json["error"]["code"] == "already_exists"


def test_organisers_register_within_the_quota_unless_forced(app, client, auth):
    training = create_training(client, auth, admission="nomination", quotas={"*": 1}, capacity=5)
    tid = training["id"]
    first = register(client, tid, headers=auth, email="a@gouv.sn")
    assert first["status"] == "confirmed"  # an organiser's registration is a decision
    over = client.post(
        f"/api/v1/trainings/{tid}/registrations", json=person(email="b@gouv.sn"), headers=auth
    )
    assert over.status_code == 409 and over.json["error"]["code"] == "quota_exceeded"
    forced = register(client, tid, headers=auth, email="b@gouv.sn", force=True)
    assert forced["status"] == "confirmed"
    expert = register(client, tid, headers=auth, email="c@gouv.sn", role="expert")
    assert expert["status"] == "confirmed"  # experts take no seat and count in no quota
    morocco = add_focal_point(app, "pf@gov.ma", "MA")
    nominate(client, tid, morocco, email="m@gov.ma", country="MA")
    again = client.post(
        f"/api/v1/trainings/{tid}/nominations",
        json=nominee(email="m2@gov.ma", country="MA"),
        headers=morocco,
    )
    assert again.json["error"]["code"] == "quota_exceeded"  # "*": every country not listed


def test_quotas_belong_to_selection_and_nomination(client, auth):
    response = client.post(
        "/api/v1/trainings",
        json={**training_payload(), "quotas": {"SN": 2}},
        headers=auth,
    )
    assert response.status_code == 422
    assert "quotas apply to selection and nomination" in str(response.json["error"]["fields"])
    bad = client.post(
        "/api/v1/trainings",
        json={**training_payload(), "admission": "selection", "quotas": {"XX": 2}},
        headers=auth,
    )
    assert bad.status_code == 422 and "quotas" in str(bad.json["error"]["fields"])


def test_a_sign_in_link_expires(app, client):
    from datetime import timedelta

    from service.core.clock import utcnow
    from service.core.db import db
    from service.focalpoints.accounts import send_sign_in_link, sign_in_url, use_link
    from service.focalpoints.models import SignInLink

    add_focal_point(app, "pf@gouv.sn", "SN")
    with app.app_context():
        send_sign_in_link("PF@gouv.sn")
        db.session.commit()
        link = db.session.query(SignInLink).one()
        token = sign_in_url(link).rsplit("/", 1)[1]
        link.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert use_link(token) is None
        assert use_link("not a token") is None
        db.session.remove()
