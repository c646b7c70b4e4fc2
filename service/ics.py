"""iCalendar (.ics) files for a registration: one event per session."""

from __future__ import annotations

from icalendar import Calendar, Event

from service.clock import utcnow
from service.i18n import pick
from service.models import Registration


def registration_calendar(registration: Registration, manage_url: str, location: str) -> bytes:
    training = registration.training
    title = pick(training.title, registration.preferred_language)
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
