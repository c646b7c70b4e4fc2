"""How e-mails greet a person in Arabic, English and French: with their title where they gave
one, in the form that agrees with their gender in Arabic and French, and neutral otherwise —
never « Madame, Monsieur Aminata Diop ».

- en: ``Dear Ms Diop,``, ``Dear Professor Diop,``, ``Your Excellency,``; ``Dear Aminata Diop,``
- fr: « Madame Aminata Diop, », « Monsieur Amadou Ba, », « Excellence, »; « Bonjour Aminata
  Diop, » when the gender is unknown
- ar: «السيدة أميناتا ديوب،», «الدكتورة أميناتا ديوب،», «سعادة السيد …،» (the titles of the
  certificates, ``certificates/vocabulary.json``); without a title «عزيزتي أميناتا ديوب،»,
  «عزيزي …،», or «مرحبًا …،» when the gender is unknown
"""

from __future__ import annotations

from certificates.formatting import vocabulary
from service.core.dates import ltr
from service.registrations.models import Gender, Title

DEAR = {Gender.FEMALE: "عزيزتي", Gender.MALE: "عزيزي"}
ENGLISH_TITLES = {Title.MR: "Mr", Title.MS: "Ms", Title.DR: "Dr", Title.PROF: "Professor"}


def salutation(
    language: str,
    *,
    title: Title | None,
    gender: Gender | None,
    latin_name: str,
    family_name: str,
    arabic_name: str | None,
) -> str:
    """The greeting line of an e-mail, with its comma."""
    if language == "ar":
        return _arabic(title, gender, arabic_name or ltr(latin_name))
    if language == "fr":
        if title == Title.HE:
            return "Excellence,"
        if gender == Gender.FEMALE:
            return f"Madame {latin_name},"
        if gender == Gender.MALE:
            return f"Monsieur {latin_name},"
        return f"Bonjour {latin_name},"
    if title == Title.HE:
        return "Your Excellency,"
    if title is not None:
        return f"Dear {ENGLISH_TITLES[title]} {family_name},"
    return f"Dear {latin_name},"


def _arabic(title: Title | None, gender: Gender | None, name: str) -> str:
    if title is not None:
        forms: dict[str, str] = vocabulary()["titles"][title.value]["ar"]
        word = forms.get(gender.value if gender else "neutral") or next(iter(forms.values()))
        return f"{word} {name}،"
    greeting = (
        "مرحبًا" if gender is None else {Gender.FEMALE: "عزيزتي", Gender.MALE: "عزيزي"}[gender]
    )
    return f"{greeting} {name}،"
