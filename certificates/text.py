"""Cleaning of text typed by people: one definition for the engine and the service.

The service imports this module (``service`` may depend on ``certificates``, never the reverse),
so a registration and the certificate printed from it agree on what a clean text is.
"""

import unicodedata

#: Explicit bidi embeddings, overrides, isolates and marks (LRE RLE PDF LRO RLO, LRI RLI FSI PDI,
#: LRM RLM, ALM). They let one field reorder the text around it in e-mails, pages and PDFs, so
#: input never keeps them: whoever draws the text decides its direction.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_DROP_CONTROLS = str.maketrans("", "", BIDI_CONTROLS)


def strip_controls(text: str) -> str:
    """Remove bidi formatting characters."""
    return text.translate(_DROP_CONTROLS)


def clean_text(text: str) -> str:
    """NFC-normalise, drop bidi controls and collapse runs of white space (trimming the ends)."""
    return " ".join(unicodedata.normalize("NFC", strip_controls(text)).split())
