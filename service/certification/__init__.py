"""Certification: who earns which certificate, issuing, rendering and e-mailing certificates,
public verification, revocation and name corrections."""
