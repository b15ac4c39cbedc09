"""``meahub parse FILE [--json]``: show a document's structure without touching the database.

With ``--json`` it prints the stable shape of ``meahub.documents.parser.to_json`` (scripts
depend on it); without, a short summary. A file it cannot read is refused with one line
naming the file and the reason, and a non-zero exit status.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from meahub.documents.extraction import DEFAULT_MAX_BYTES, UnreadableDocument, read_document_text
from meahub.documents.parser import ParsedDocument, parse_text, to_json


def summary(name: str, parsed: ParsedDocument) -> list[str]:
    """A few human lines about a parsed document."""
    title = f'"{parsed.title}"' if parsed.title else "(no title)"
    lines = [f"{name}: {parsed.kind} {title}" + (f" {parsed.symbol}" if parsed.symbol else "")]
    if parsed.date:
        lines.append(f"date: {parsed.date.isoformat()}")
    if parsed.meeting:
        where = ", ".join(p for p in (parsed.meeting.place, parsed.meeting.dates) if p)
        lines.append(f"meeting: {parsed.meeting.name}" + (f" ({where})" if where else ""))
    sections = Counter(p.section for p in parsed.paragraphs)
    inferred = sum(1 for p in parsed.paragraphs if p.number_inferred)
    counted = ", ".join(f"{count} {section}" for section, count in sections.items()) or "none"
    lines.append(
        f"paragraphs: {counted}" + (f" ({inferred} number(s) inferred)" if inferred else "")
    )
    verbs = Counter(v.verb for p in parsed.paragraphs for v in p.verbs)
    if verbs:
        lines.append("verbs: " + ", ".join(f"{verb} {n}" for verb, n in verbs.most_common()))
    kinds = Counter(r.kind for r in parsed.references)
    lines.append(
        f"references: {len(parsed.references)}"
        + (" (" + ", ".join(f"{n} {kind}" for kind, n in kinds.items()) + ")" if kinds else "")
    )
    return lines


class Command(BaseCommand):
    help = "Parse a document (.txt, .md, .pdf, .docx) and print its structure; stores nothing."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The document file.")
        parser.add_argument(
            "--json", action="store_true", help="Print the structure as JSON (stable shape)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        limit = getattr(settings, "MEAHUB_MAX_DOCUMENT_BYTES", DEFAULT_MAX_BYTES)
        try:
            text = read_document_text(path, max_bytes=limit)
        except UnreadableDocument as error:
            raise CommandError(str(error)) from error
        parsed = parse_text(text)
        if options["json"]:
            self.stdout.write(json.dumps(to_json(parsed), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(summary(str(path), parsed)))
