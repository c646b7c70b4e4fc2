"""Building e-mails from template files.

Each feature keeps its e-mails' templates in its own ``mail/`` folder: one plain-text template
per kind and language (``<kind>.<lang>.txt``); a template sets ``subject`` and its output is the
body. The HTML layout shared by every e-mail is in this package's ``templates/``. A message carries
the recipient's preferred language and a companion language (Arabic beside English or French),
as plain text and as HTML in which each language block has its own ``lang`` and ``dir``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email import encoders
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from flask import current_app
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from certificates.formatting import typography
from service.core.i18n import companion_language

LAYOUT = Path(__file__).parent / "templates"
_URL = re.compile(r"https?://[^\s<>\"\u2066-\u2069]+")  # isolates (LRI…PDI) end a URL
_ISOLATED_LTR = re.compile("\u2066[^\u2066-\u2069]*\u2069")  # a code or time range in Arabic

_html_env = Environment(
    loader=FileSystemLoader(LAYOUT),
    undefined=StrictUndefined,
    autoescape=select_autoescape(["html"]),
)


def _paragraphs(text: str) -> Markup:
    """Plain text to HTML paragraphs, with links made clickable."""
    blocks = [block.strip() for block in text.strip().split("\n\n") if block.strip()]
    html = []
    for block in blocks:
        escaped = str(escape(block))
        linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        linked = _ISOLATED_LTR.sub(  # kept on one line: a code is never cut at its hyphen
            lambda m: f'<span style="white-space:nowrap">{m.group(0)}</span>', linked
        )
        html.append("<p>" + linked.replace("\n", "<br>\n") + "</p>")
    return Markup("\n".join(html))


_html_env.filters["paragraphs"] = _paragraphs


@dataclass(frozen=True)
class Section:
    language: str
    subject: str
    body: str

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str


@dataclass(frozen=True)
class InlineImage:
    """A PNG shown inside the HTML part (the check-in QR code)."""

    cid: str
    content: bytes
    alt: str


class MailTemplates:
    """A feature's e-mail templates (a folder of ``<kind>.<lang>.txt`` files); the folders after
    the first are searched for what its templates include (another feature's parts)."""

    def __init__(self, folder: Path, *included: Path) -> None:
        self.folder = folder
        self._env = Environment(
            loader=FileSystemLoader([folder, *included]),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            autoescape=False,
        )

    def section(self, kind: str, language: str, context: dict[str, Any]) -> Section:
        """The template's subject and body, with the language's typography (the engine's rule:
        ’ in English and French, a narrow no-break space before French ``: ; ! ?``, the Arabic
        comma, semicolon and question mark in Arabic text)."""
        module = self._env.get_template(f"{kind}.{language}.txt").make_module(context)
        subject = str(module.subject).strip()  # type: ignore[attr-defined]
        lang = language if language in ("ar", "en", "fr") else "en"
        return Section(
            language=language,
            subject=typography(subject, lang),  # type: ignore[arg-type]
            body=typography(str(module).strip(), lang),  # type: ignore[arg-type]
        )


def build_message(
    *,
    sender: str,
    recipient: str,
    sections: list[Section],
    attachments: list[Attachment],
    image: InlineImage | None = None,
) -> Message:
    """The MIME message: text and HTML alternatives, then the attachments.

    Built with the email package's classic (compat32) classes: with a certificate attached they
    take about half the time of ``EmailMessage`` and its header registry, which counts when
    thousands of certificates go out after a closing.
    """
    separator = "\n\n" + "-" * 40 + "\n\n"
    text = MIMEText(separator.join(section.body for section in sections) + "\n", "plain", "utf-8")
    html = _html_env.get_template("layout.html").render(sections=sections, image=image)
    html_part: MIMEBase = MIMEText(html, "html", "utf-8")
    if image is not None:
        picture = MIMEImage(image.content, "png")
        picture.add_header("Content-ID", f"<{image.cid}>")
        picture.add_header("Content-Disposition", "inline")
        html_part = MIMEMultipart("related", _subparts=[html_part, picture])
    message: MIMEBase = MIMEMultipart("alternative", _subparts=[text, html_part])
    if attachments:
        message = MIMEMultipart("mixed", _subparts=[message, *map(_attachment, attachments)])
    subject = Header(" / ".join(section.subject for section in sections), "utf-8")
    message["Subject"] = subject  # type: ignore[assignment]  # compat32 takes a Header
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain="tadrib")
    message["Content-Language"] = ", ".join(section.language for section in sections)
    return message


def _attachment(attachment: Attachment) -> MIMEBase:
    part = MIMEBase(attachment.maintype, attachment.subtype)
    if attachment.maintype == "text":
        part.set_param("charset", "utf-8")
    part.set_payload(attachment.content)
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
    return part


def bilingual_message(
    templates: MailTemplates,
    kind: str,
    *,
    recipient: str,
    preferred: str,
    context_for: Callable[[str], dict[str, Any]],
    attachments: Sequence[Attachment] = (),
    image: InlineImage | None = None,
) -> Message:
    """The e-mail of ``kind`` in the recipient's language, with its companion language after."""
    languages = [preferred, companion_language(preferred)]
    return build_message(
        sender=current_app.config["MAIL_FROM"],
        recipient=recipient,
        sections=[templates.section(kind, lang, context_for(lang)) for lang in languages],
        attachments=list(attachments),
        image=image,
    )
