"""Registrations: registering (with the waiting list), the participant's links and page, and the
e-mails and reminders a registration receives."""
