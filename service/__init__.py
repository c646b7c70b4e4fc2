"""Tadrib: registration, attendance and certificates for training programmes.

``service.app.create_app`` builds the application; each feature is a package here (trainings,
registrations, attendance, certification, organisers, dashboard), on top of ``core`` (what every
feature shares), ``pipeline`` (the outbox and what carries its work) and ``mail``, ``web``
(what every e-mail, JSON route and page shares). See the README's architecture section.
"""

from service.app import create_app

__all__ = ["create_app"]
