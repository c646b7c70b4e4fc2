"""Every word right in three languages, through the service: e-mails received by a real SMTP
server, pages through the test client, a woman expert's certificate issued end to end, and the
organisation's identity as data (file and command line)."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pypdfium2
import pytest
from factories import create_training, held, register
from waiting import wait_for

LRI, PDI, NNBSP = "\u2066", "\u2069", "\u202f"
FRENCH_TITLE = {
    "ar": "تعزيز الشراكات بين القطاعين العام والخاص في مجال سياحة فن الطبخ في السنغال",
    "en": "Strengthening Public-Private Partnerships in Culinary Tourism in Senegal",
    "fr": "Renforcer les partenariats public-privé dans le tourisme culinaire au Sénégal",
}


def plain_sections(message) -> dict[str, str]:
    """The plain text of an e-mail, cut into its two language sections (preferred first)."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    first, second = text.split("\n" + "-" * 40 + "\n")
    return {"first": first.strip(), "second": second.strip()}


def mail_to(mailbox, address):
    return wait_for(
        lambda: next((m for m in mailbox.messages if m["To"] == address), None),
        what=f"the e-mail to {address}",
    )


SEPTEMBER = {"starts_on": "2031-09-01", "ends_on": "2031-09-03"}


def test_confirmations_greet_and_word_as_natives_write(client, auth, worker, mailbox):
    training = create_training(client, auth, **SEPTEMBER)
    register(client, training["id"], email="fr@example.sn", title="ms")
    register(
        client,
        training["id"],
        email="ar@example.sn",
        preferred_language="ar",
        title="dr",
        gender="female",
    )
    register(
        client,
        training["id"],
        email="en@example.sn",
        preferred_language="en",
        given_name="Amadou",
        family_name="Ba",
        name_ar="أمادو با",
        gender="male",
    )

    french = plain_sections(mail_to(mailbox, "fr@example.sn"))
    assert french["first"].startswith("Madame Aminata Diop,\n")
    assert "Madame, Monsieur" not in french["first"]
    assert "Dates\u202f: du 1er au 3 " in french["first"]  # the engine's range, « : » spaced
    assert f"Séances (heure moyenne de Greenwich){NNBSP}:" in french["first"]
    sessions = re.findall(r"^- (.*)$", french["first"], re.MULTILINE)
    assert len(sessions) == 3
    assert all(s[0].isupper() and s.endswith(", 09:00–17:00") for s in sessions), sessions
    assert "'" not in french["first"]  # one apostrophe: ’
    assert "À l’entrée" in french["first"]
    assert "Centre de formation et de coopération technique" in french["first"]
    assert "Africa/Dakar" not in french["first"] + french["second"]
    # her Arabic section: the title's feminine form and the Arabic comma
    assert french["second"].startswith("السيدة أميناتا ديوب،\n")

    arabic = plain_sections(mail_to(mailbox, "ar@example.sn"))
    first = arabic["first"]
    assert first.startswith("الدكتورة أميناتا ديوب،\n")
    assert "الجلسات (توقيت غرينتش):" in first
    assert f"، {LRI}09:00–17:00{PDI}" in first  # hours isolated after an Arabic comma
    assert "," not in first.split("الجلسات")[1].split("\n\n")[0]  # no Latin comma there
    assert re.search(f"التواريخ: \u2068من 1 إلى 3 [^ ]+ \\d{{4}}{PDI}", first)
    reference = re.search(f"الرقم المرجعي: {LRI}([A-Z0-9-]+){PDI}", first)
    assert reference, first  # the reference isolated: never «-DKR26»
    code = re.search(f"رمز تسجيل الحضور: {LRI}([A-Z0-9.-]+){PDI}", first)
    assert code and code.group(1).startswith(reference.group(1).split("-")[0]), first
    assert "مركز التدريب والتعاون الفني" in first
    assert "Dr Diop" in arabic["second"] or arabic["second"].startswith("Dear Dr Diop,")

    english = plain_sections(mail_to(mailbox, "en@example.sn"))
    assert english["first"].startswith("Dear Amadou Ba,\n")
    assert "Sessions (Greenwich Mean Time):" in english["first"]
    assert "Dates: 1–3 " in english["first"]
    assert "Centre for Training and Technical Cooperation" in english["first"]
    assert english["second"].startswith("عزيزي أمادو با،\n")  # no title, a man


def test_the_html_part_keeps_links_whole_beside_isolated_codes(client, auth, worker, mailbox):
    training = create_training(client, auth)
    body = register(client, training["id"], preferred_language="ar")
    message = mail_to(mailbox, "aminata.diop@example.sn")
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="{body["manage_url"]}"' in html
    assert f"{LRI}{body['reference']}{PDI}" in html


def test_title_and_gender_through_the_api(client, auth):
    training = create_training(client, auth)
    refused = client.post(
        f"/api/v1/trainings/{training['id']}/registrations",
        json={**_person(), "title": "ms", "gender": "male"},
    )
    assert refused.status_code == 422
    assert set(refused.json["error"]["fields"]) == {"gender"}
    unknown = client.post(
        f"/api/v1/trainings/{training['id']}/registrations",
        json={**_person(), "title": "sir"},
    )
    assert unknown.status_code == 422 and "title" in unknown.json["error"]["fields"]
    body = register(client, training["id"], title="prof", gender="female")
    listed = client.get(f"/api/v1/trainings/{training['id']}/registrations", headers=auth).json[
        "registrations"
    ]
    assert [(r["title"], r["gender"]) for r in listed] == [("prof", "female")]
    assert body["status"] == "confirmed"


def _person():
    from factories import person

    return person()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", ["السيد", "السيدة", "الدكتور / الدكتورة"]),
        ("fr", ["M.", "Mme", "Dr", "Pr", "S. E."]),
        ("en", ["Mr", "Ms", "Dr", "Prof.", "H.E."]),
    ],
)
def test_the_form_offers_titles_in_the_page_language(client, auth, language, expected):
    training = create_training(client, auth)
    html = client.get(f"/trainings/{training['id']}/register?lang={language}").text
    block = html.split('id="f-title"')[1].split("</select>")[0]
    options = re.findall(r'<option value="([a-z]*)"[^>]*>([^<]+)</option>', block)
    assert options[0][0] == ""  # optional
    assert [label for _, label in options[1:]][: len(expected)] == expected


def test_the_form_records_title_and_gender(client, auth):
    training = create_training(client, auth)
    page = client.get(f"/trainings/{training['id']}/register?lang=fr").text
    data = {**_person(), "consent": "yes", "title": "dr", "gender": "female"}
    data["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(f"/trainings/{training['id']}/register?lang=fr", data=data)
    assert response.status_code == 302
    [saved] = client.get(f"/api/v1/trainings/{training['id']}/registrations", headers=auth).json[
        "registrations"
    ]
    assert (saved["title"], saved["gender"]) == ("dr", "female")
    data["email"], data["gender"], data["title"] = "other@example.sn", "male", "ms"
    refused = client.post(f"/trainings/{training['id']}/register?lang=fr", data=data)
    assert refused.status_code == 422
    assert "Cela ne concorde pas avec le titre choisi." in refused.text


@pytest.mark.parametrize(
    ("language", "dates", "zone", "header"),
    [
        ("ar", "من 1 إلى 3 ", "الأوقات بالتوقيت المحلي (توقيت غرينتش).", "مركز التدريب"),
        (
            "fr",
            "Du 1er au 3 ",
            "Heures locales (heure moyenne de Greenwich).",
            "Centre de formation",
        ),
        ("en", "1–3 ", "Local times (Greenwich Mean Time).", "Centre for Training"),
    ],
)
def test_training_page_words(client, auth, language, dates, zone, header):
    training = create_training(client, auth, **SEPTEMBER)
    html = client.get(f"/trainings/{training['id']}?lang={language}").text
    assert f'<dd class="dates"><bdi>{dates}' in html
    assert zone in html
    assert html.count('<bdi dir="ltr" class="nowrap session-hours">09:00–17:00</bdi>') == 3
    assert "Africa/Dakar" not in html
    assert f'<span class="brand__name">{header}' in html


def test_the_centres_country_names_on_the_form(client, auth):
    training = create_training(client, auth)
    for language, name in (("en", "State of Palestine"), ("fr", "État de Palestine")):
        html = client.get(f"/trainings/{training['id']}/register?lang={language}").text
        assert f'<option value="PS">{name}</option>' in html
    html = client.get(f"/trainings/{training['id']}/register?lang=ar").text
    assert '<option value="PS">دولة فلسطين</option>' in html
    assert "الأراضي الفلسطينية" not in html and "Palestinian Territories" not in html
    block = html.split('id="f-country"')[1]
    assert block.index("ألبانيا") < block.index("باكستان")


def _close_and_collect(client, auth, mailbox, training_id, count):
    assert client.post(f"/api/v1/trainings/{training_id}/close", headers=auth).status_code == 202
    wait_for(
        lambda: client.get(f"/api/v1/trainings/{training_id}/issuance", headers=auth).json["done"],
        90,
        "issuance",
    )

    def certificates():
        found = {}
        for message in mailbox.messages:
            for attachment in message.iter_attachments():
                name = attachment.get_filename() or ""
                if name.startswith("certificate-"):
                    serial = name.removeprefix("certificate-").removesuffix(".pdf")
                    found[message["To"]] = (message, attachment.get_content(), serial)
        return found if len(found) == count else None

    return wait_for(certificates, 30, "the certificates")


def pdf_text(pdf: bytes) -> str:
    page = pypdfium2.PdfDocument(pdf)[0]
    return page.get_textpage().get_text_range()


def test_a_woman_experts_appreciation_certificate_in_arabic_and_french(
    app, client, auth, worker, mailbox
):
    training = create_training(
        client,
        auth,
        title=FRENCH_TITLE,
        certificate_template="participation",
        certificate_languages=["ar", "fr"],  # one pair per training now, French here
        **held(),
    )
    tid = training["id"]
    for email, title, gender in (
        ("docteure@example.sn", "dr", "female"),
        ("madame@example.sn", "ms", None),
        ("neutre@example.sn", "dr", None),
    ):
        register(
            client,
            tid,
            headers=auth,
            role="expert",
            email=email,
            title=title,
            gender=gender,
            preferred_language="fr",
        )
    issued = _close_and_collect(client, auth, mailbox, tid, 3)

    for email in ("docteure@example.sn", "madame@example.sn"):
        message, pdf, _serial = issued[email]
        text = pdf_text(pdf)
        assert "en qualité d’experte" in text, text  # French agrees: experte
        assert "بصفتها" in text, text  # Arabic agrees: «بصفتها خبيرةً»
        assert "بصفته " not in text
        sections = plain_sections(message)
        assert sections["first"].startswith("Madame Aminata Diop,\n")
    docteure = pdf_text(issued["docteure@example.sn"][1])
    assert "الدكتورة" in docteure
    assert "السيدة" in pdf_text(issued["madame@example.sn"][1])
    assert plain_sections(issued["docteure@example.sn"][0])["second"].startswith(
        "الدكتورة أميناتا ديوب،"
    )
    neutral = pdf_text(issued["neutre@example.sn"][1])
    assert "son précieux apport d’expertise" in neutral  # no gender: neutral wording
    assert "experte" not in neutral and "بصفتها" not in neutral

    # verification in French, for an Arabic and French certificate
    serial_text = issued["docteure@example.sn"][2]
    page = client.get(f"/verify/{serial_text}?lang=fr")
    assert page.status_code == 200
    assert "Certificat valide" in page.text and FRENCH_TITLE["fr"] in page.text
    assert "<dd><bdi>Du " in page.text  # the range as French writes it, capitalised in a cell
    assert page.text.index('lang="fr"') < page.text.index('<section lang="ar"')
    assert "شهادة صالحة" in page.text  # Arabic beside it
    assert "Valid certificate" not in page.text
    arabic = client.get(f"/verify/{serial_text}?lang=ar").text
    assert arabic.index('<section lang="ar"') < arabic.index('<section lang="fr"')
    public = client.get(f"/api/v1/certificates/{serial_text}").json
    assert public["languages"] == ["ar", "fr"]
    assert public["training"]["title"]["fr"] == FRENCH_TITLE["fr"]


def png(width: int, height: int) -> bytes:
    raw = b"".join(b"\x00" + b"\x0d\x5c\x4a" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def identity_file(app, tmp_path):
    """IDENTITY_FILE in a folder of this test's own (absent until the first change)."""
    saved = app.config["IDENTITY_FILE"]
    path = tmp_path / "identity" / "identity.json"
    app.config["IDENTITY_FILE"] = path
    yield path
    app.config["IDENTITY_FILE"] = saved


def identity(app, *args):
    return app.test_cli_runner().invoke(args=["identity", *args])


def test_identity_commands_change_the_file_and_refuse_bad_images(app, identity_file, tmp_path):
    shown = identity(app, "show")
    assert shown.exit_code == 0 and "(absent: the default)" in shown.output
    assert "Centre for Training and Technical Cooperation" in shown.output

    assert identity(app, "name", "fr", "Centre d’essai").exit_code == 0
    assert identity_file.exists()  # the default copied, then changed
    assert (identity_file.parent / "emblem.svg").exists()

    small = tmp_path / "small.png"
    small.write_bytes(png(8, 8))
    refused = identity(app, "emblem", str(small))
    assert refused.exit_code == 1
    assert "identity.emblem: 8 × 8 pixels" in refused.output
    text = tmp_path / "notes.png"
    text.write_text("not an image")
    refused = identity(app, "seal", str(text))
    assert refused.exit_code == 1 and "identity.seal: neither a PNG nor an SVG" in refused.output

    good = tmp_path / "emblem.png"
    good.write_bytes(png(64, 64))
    assert identity(app, "emblem", str(good)).exit_code == 0
    signature = tmp_path / "signature.png"
    signature.write_bytes(png(120, 40))
    added = identity(
        app,
        "add-signatory",
        "--name-en",
        "Aïcha Ndiaye",
        "--name-ar",
        "عائشة انجاي",
        "--title-en",
        "Head of Programmes",
        "--title-fr",
        "Cheffe des programmes",
        "--title-ar",
        "رئيسة البرامج",
        "--signature",
        str(signature),
    )
    assert added.exit_code == 0, added.output
    assert identity(app, "remove-signatory", "9").exit_code == 1
    assert identity(app, "remove-signatory", "2").exit_code == 0
    assert identity(app, "seal", "--remove").exit_code == 0
    shown = identity(app, "show").output
    assert "Name (fr): Centre d’essai" in shown
    assert "Emblem: PNG, " in shown and "64 × 64" in shown
    assert "Seal: none" in shown
    assert "Signatory 2: Aïcha Ndiaye, Head of Programmes; signature: PNG" in shown
    assert "Mehmet" not in shown


def test_the_identity_names_pages_emails_and_certificates(
    app, client, auth, worker, mailbox, identity_file
):
    assert identity(app, "name", "fr", "Académie d’essai").exit_code == 0
    assert identity(app, "name", "ar", "أكاديمية التجربة").exit_code == 0
    training = create_training(
        client, auth, title=FRENCH_TITLE, certificate_languages=["ar", "fr"], **held()
    )
    assert "Académie d’essai" in client.get(f"/trainings/{training['id']}?lang=fr").text
    assert "أكاديمية التجربة" in client.get(f"/trainings/{training['id']}?lang=ar").text
    register(client, training["id"], headers=auth, role="expert", title="ms")
    message = mail_to(mailbox, "aminata.diop@example.sn")
    sections = plain_sections(message)
    assert sections["first"].rstrip().endswith("Académie d’essai")
    assert sections["second"].rstrip().endswith("أكاديمية التجربة")
    issued = _close_and_collect(client, auth, mailbox, training["id"], 1)
    pdf = issued["aminata.diop@example.sn"][1]
    assert "Académie d’essai" in pdf_text(pdf)


def test_organisation_name_overrides_the_identity_everywhere(app, client, auth):
    app.config["ORGANISATION_NAME"] = "Override Centre"
    try:
        training = create_training(client, auth)
        for language in ("ar", "en", "fr"):
            html = client.get(f"/trainings/{training['id']}?lang={language}").text
            assert '<span class="brand__name">Override Centre</span>' in html
    finally:
        app.config["ORGANISATION_NAME"] = None


def test_an_invalid_identity_file_is_reported_not_rendered(app, identity_file):
    identity_file.parent.mkdir(parents=True)
    identity_file.write_text('{"name": {"en": "X"}, "emblem": "missing.svg"}')
    shown = identity(app, "show")
    assert shown.exit_code == 1 and "identity.emblem: cannot read" in shown.output
    assert Path(identity_file).exists()
