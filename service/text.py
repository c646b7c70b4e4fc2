"""Cleaning of free text typed by people."""

from __future__ import annotations

import re
import unicodedata

# Explicit bidi embeddings, overrides, isolates and marks: they let one field reorder the text
# around it (in e-mails, PDFs and pages), so user input never keeps them.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """NFC-normalise, drop bidi controls and collapse runs of white space."""
    value = unicodedata.normalize("NFC", value)
    value = BIDI_CONTROLS.sub("", value)
    return " ".join(value.split())
