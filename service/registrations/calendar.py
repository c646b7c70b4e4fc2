"""iCalendar (.ics) files for a registration: one event per session, in the person's language."""

from __future__ import annotations

from icalendar import Calendar, Event

from certificates.formatting import sentence_case
from service.core.clock import utcnow
from service.core.i18n import pick, venue_text
from service.registrations.models import Registration


def registration_calendar(registration: Registration, manage_url: str) -> bytes:
    """The same file whether attached to the confirmation or downloaded from the manage page."""
    training = registration.training
    language = registration.preferred_language
    title = pick(training.title, language)
    location = sentence_case(
        venue_text(training.modality, training.venue_city, training.venue_country, language)
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Tadrib//Training registrations//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    stamp = utcnow()
    for number, session in enumerate(training.sessions, start=1):
        event = Event()
        event.add("uid", f"{registration.reference}-{session.id}@tadrib")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        summary = f"{title} ({number}/{len(training.sessions)})"
        event.add("summary", f"{summary}: {session.title}" if session.title else summary)
        event.add("location", location)
        event.add("description", manage_url)
        event.add("url", manage_url)
        calendar.add_component(event)
    return calendar.to_ical()
