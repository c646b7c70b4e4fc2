"""A certificate's states, the categories of revocation and where issuance stopped, in the page
language (keyed by their enums)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from service.certification.models import CertificateStatus, RevocationReason
from service.certification.progress import FailedStage

CERTIFICATE_STATUSES: dict[CertificateStatus, LazyString] = {
    CertificateStatus.PENDING: _l("Being rendered"),
    CertificateStatus.RENDERED: _l("Valid, not e-mailed yet"),
    CertificateStatus.SENT: _l("Valid, e-mailed"),
    CertificateStatus.FAILED: _l("Rendering failed"),
    CertificateStatus.REVOKED: _l("Revoked"),
}

# Shown publicly (the verification page gives them in English and Arabic).
REVOCATION_REASONS: dict[RevocationReason, LazyString] = {
    RevocationReason.NAME_CORRECTED: _l("The holder's name was corrected"),
    RevocationReason.ISSUED_IN_ERROR: _l("Issued in error"),
    RevocationReason.ELIGIBILITY_WITHDRAWN: _l("The organisers withdrew it"),
    RevocationReason.OTHER: _l("Other reason"),
}

FAILED_STAGES: dict[FailedStage, LazyString] = {
    FailedStage.CLOSING: _l("Closing"),
    FailedStage.RENDERING: _l("Rendering the PDF"),
    FailedStage.EMAIL: _l("E-mail"),
}
