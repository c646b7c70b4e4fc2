"""E-mails sent by real workers on the real broker, received by a real SMTP server."""

from __future__ import annotations

from email import message_from_bytes, policy

from factories import create_training, register
from icalendar import Calendar
from waiting import wait_for, wait_until_idle


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    attachments = {a.get_filename(): a for a in message.iter_attachments()}
    return text, html, attachments


def test_confirmation_email_in_french_with_arabic_and_a_calendar(client, auth, worker, mailbox):
    training = create_training(client, auth)
    body = register(client, training["id"])
    [message] = wait_for(lambda: mailbox.messages, what="the confirmation e-mail")
    assert message["To"] == "aminata.diop@example.sn"
    assert message["Subject"].startswith("Inscription confirmée\u202f: ")  # narrow no-break space
    assert "تأكيد التسجيل" in message["Subject"]
    text, html, attachments = parts(message)
    assert body["manage_url"] in text
    assert "Dakar, Sénégal" in text and "داكار، السنغال" in text
    assert "Bonjour Aminata Diop," in text  # no title, no gender: neutral
    assert "مرحبًا أميناتا ديوب،" in text  # the Arabic name in the Arabic part
    assert '<div lang="ar" dir="rtl"' in html and '<div lang="fr" dir="ltr"' in html
    assert html.index('lang="fr"') < html.index('lang="ar"')  # preferred language first
    assert f'href="{body["manage_url"]}"' in html
    calendar = Calendar.from_ical(attachments[f"{body['reference']}.ics"].get_content())
    events = calendar.walk("VEVENT")
    assert [e.decoded("dtstart").isoformat() for e in events] == [
        s["starts_at"] for s in training["sessions"]
    ]
    assert all(str(e["location"]) == "Dakar, Sénégal" for e in events)  # her language


def test_waitlist_cancellation_and_promotion_emails(app, client, auth, worker, mailbox):
    training = create_training(client, auth, capacity=1)
    first = register(client, training["id"], email="first@example.sn", preferred_language="en")
    register(client, training["id"], email="second@example.sn", preferred_language="ar")
    wait_for(lambda: len(mailbox.messages) == 2, what="two e-mails")
    token = first["manage_url"].split("token=")[1]
    client.post(f"/api/v1/registrations/{first['reference']}/cancel?token={token}")
    wait_for(lambda: len(mailbox.messages) == 4, what="four e-mails")
    wait_until_idle(app)
    by_kind = {(m["To"], m["Subject"].split(":")[0]): m for m in mailbox.messages}
    assert set(by_kind) == {
        ("first@example.sn", "Registration confirmed"),
        ("second@example.sn", "قائمة الانتظار"),
        ("first@example.sn", "Registration cancelled"),
        ("second@example.sn", "توفر مقعد لك"),
    }
    promoted = by_kind[("second@example.sn", "توفر مقعد لك")]
    assert "A seat is yours" in promoted["Subject"]  # English beside Arabic
    assert any(a.get_filename().endswith(".ics") for a in promoted.iter_attachments())
    cancelled = by_kind[("first@example.sn", "Registration cancelled")]
    assert not list(cancelled.iter_attachments())


def test_a_message_delivered_twice_sends_one_email(app, client, auth, mailbox):
    from dramatiq import Worker

    from service.core.db import db
    from service.pipeline.broker import broker
    from service.pipeline.models import Delivery, OutboxEvent
    from workers import actors

    training = create_training(client, auth)
    register(client, training["id"])
    with app.app_context():
        event_id = db.session.query(OutboxEvent.id).scalar()
    duplicate = actors.process_event.message(event_id)
    broker.enqueue(duplicate)
    broker.enqueue(duplicate)
    worker = Worker(broker, worker_timeout=100, worker_threads=4)
    worker.start()
    try:
        wait_for(lambda: mailbox.messages, what="the e-mail")
        with app.app_context():
            delivery_id = db.session.query(Delivery.id).scalar()
        for _ in range(2):  # the e-mail message itself delivered twice more
            broker.enqueue(actors.send_deliveries.message([delivery_id]))
        broker.join("default")  # returns once every message is acknowledged: processed
        broker.join("email")
    finally:
        worker.stop()
    assert len(mailbox.messages) == 1
    with app.app_context():
        [delivery] = db.session.query(Delivery).all()
        assert (delivery.status, delivery.attempts) == ("sent", 1)


def test_without_smtp_the_email_is_an_eml_file_in_the_outbox(app, client, auth, worker):
    training = create_training(client, auth)
    body = register(client, training["id"], preferred_language="ar")
    outbox = app.config["OUTBOX_DIR"]
    [path] = wait_for(lambda: list(outbox.glob("*.eml")), what="an .eml file")
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("تأكيد التسجيل")
    assert "Registration confirmed" in message["Subject"]
    text, _html, attachments = parts(message)
    assert body["manage_url"] in text
    Calendar.from_ical(attachments[f"{body['reference']}.ics"].get_content())


def test_sweeper_resends_an_event_whose_message_was_lost(app, client, auth, mailbox):
    from datetime import timedelta

    from dramatiq import Worker

    from service.pipeline.broker import broker
    from workers.scheduler import sweep

    training = create_training(client, auth)
    register(client, training["id"])
    broker.flush_all()  # the message is lost, as if the process died right after commit
    with app.app_context():
        assert sweep(timedelta(seconds=60))["events"] == 0  # too recent
        assert sweep(timedelta(0))["events"] == 1
        assert sweep(timedelta(seconds=60))["events"] == 0  # not re-sent again at once
    worker = Worker(broker, worker_timeout=100, worker_threads=2)
    worker.start()
    try:
        wait_for(lambda: mailbox.messages, what="the e-mail")
    finally:
        worker.stop()
    assert len(mailbox.messages) == 1
