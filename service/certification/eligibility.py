"""Who earns which certificate: one pure rule, used by issuance and shown by the attendance API."""

from __future__ import annotations

from service.certification.models import Decision
from service.registrations.models import Role
from service.trainings.models import CertificateTemplate

APPRECIATED_ROLES = (Role.EXPERT, Role.SPEAKER)


def earned(
    role: str, rule_met: bool, decision: str | None, training_template: str
) -> CertificateTemplate | None:
    """The certificate a person has earned, or None.

    - an organiser's decision to withhold wins over everything;
    - experts and speakers receive appreciation, whatever they attended;
    - participants earn the training's certificate when the attendance rule is met, or granted;
    - anyone else (organisers) earns nothing unless granted, and then appreciation.
    """
    if decision == Decision.WITHHOLD:
        return None
    if role in APPRECIATED_ROLES:
        return CertificateTemplate.APPRECIATION
    if role == Role.PARTICIPANT and (decision == Decision.GRANT or rule_met):
        return CertificateTemplate(training_template)
    if decision == Decision.GRANT:
        return CertificateTemplate.APPRECIATION
    return None
