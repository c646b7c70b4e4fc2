"""The reports' words: table titles and column headers in the page (or API caller's) language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from service.trainings.models import CertificateTemplate

DESIGNS: dict[CertificateTemplate, LazyString] = {
    CertificateTemplate.PARTICIPATION: _l("Participation"),
    CertificateTemplate.ATTENDANCE: _l("Attendance"),
    CertificateTemplate.APPRECIATION: _l("Appreciation"),
}

ANNUAL_TABLES: dict[str, LazyString] = {
    "summary": _l("Summary"),
    "activities": _l("Activities"),
    "participants": _l("Participants"),
    "countries": _l("Countries"),
    "programmes": _l("Programmes"),
    "months": _l("Months"),
    "certificates": _l("Certificates"),
    "satisfaction": _l("Satisfaction"),
}

TRAINING_TABLES: dict[str, LazyString] = {
    "registrations": _l("Registrations"),
    "attendance": _l("Attendance"),
    "certificates": _l("Certificates"),
    "evaluation": _l("Evaluation answers"),
}

H = {
    "kind": _l("Kind of activity"),
    "total": _l("Total"),
    "activities": _l("Activities"),
    "registered": _l("Registered"),
    "participants": _l("Participants"),
    "certified": _l("Certified"),
    "experts": _l("Experts"),
    "country_code": _l("Country code"),
    "country": _l("Country"),
    "member": _l("Member country"),
    "programme": _l("Programme"),
    "programme_name": _l("Programme name"),
    "month": _l("Month"),
    "design": _l("Certificate design"),
    "certificates": _l("Certificates"),
    "question": _l("Question"),
    "answers": _l("Answers"),
    "mean": _l("Mean"),
    "figure": _l("Figure"),
    "value": _l("Value"),
    "reference": _l("Reference"),
    "given_name": _l("Given name(s)"),
    "family_name": _l("Family name"),
    "name_ar": _l("Name in Arabic"),
    "email": _l("E-mail address"),
    "institution": _l("Institution"),
    "job_title": _l("Job title"),
    "language": _l("Preferred language"),
    "role": _l("Role"),
    "status": _l("Status"),
    "registered_at": _l("Registered on"),
    "sessions_attended": _l("Sessions attended"),
    "minutes": _l("Minutes"),
    "rule_met": _l("Attendance rule met"),
    "serial": _l("Serial number"),
    "holder_en": _l("Name on the certificate"),
    "holder_ar": _l("Name on the certificate (Arabic)"),
    "issued_on": _l("Issued on"),
    "revoked": _l("Revoked"),
    "revoke_reason": _l("Reason for revoking"),
    "replaces": _l("Replaces"),
    "paragraph": _l("Summary paragraph"),
    "yes": _l("Yes"),
    "no": _l("No"),
    "withdrawn": _l("withdrawn"),
}
