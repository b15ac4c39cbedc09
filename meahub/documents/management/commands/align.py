"""``meahub align OLD NEW [--json]``: which paragraphs of a new version carry on the old one's.

OLD and NEW are document files (.txt, .md, .pdf, .docx), parsed as ``meahub parse`` does, or,
when no such file exists, the symbols of documents the platform holds. With ``--json`` it
prints the stable shape of ``Alignment.to_json``::

    {"pairs": [{"old": "1", "new": "3", "score": 0.91}], "unmatched_old": ["2"],
     "unmatched_new": ["5"]}

without, a table of pairs and the unmatched paragraphs of each side. A file it cannot read or
a symbol it does not hold is refused with one line naming it, and a non-zero exit status.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from meahub.documents.alignment import AlignItem, Alignment, align, items_from_parsed
from meahub.documents.extraction import (
    DEFAULT_MAX_BYTES,
    TEXT_SUFFIXES,
    UnreadableDocument,
    read_document_text,
)
from meahub.documents.parser import parse_text

DOCUMENT_SUFFIXES = TEXT_SUFFIXES | {".pdf", ".docx"}


def load_items(source: str) -> list[AlignItem]:
    """The paragraphs of a document file, or of a held document when ``source`` names no
    file; raises CommandError naming ``source`` when it is neither.

    An argument ending in a document extension (".txt", ".pdf"...) is always taken as a
    file, so a mistyped file name is reported as a missing file, not an unknown symbol.
    """
    path = Path(source)
    if path.exists() or path.suffix.lower() in DOCUMENT_SUFFIXES:
        limit = getattr(settings, "MEAHUB_MAX_DOCUMENT_BYTES", DEFAULT_MAX_BYTES)
        try:
            text = read_document_text(path, max_bytes=limit)
        except UnreadableDocument as error:
            raise CommandError(str(error)) from error
        return items_from_parsed(parse_text(text))

    # Imported here: the selectors need the database, reading files does not.
    from meahub.documents.selectors import alignment_items_for_symbol

    items = alignment_items_for_symbol(source)
    if items is None:
        raise CommandError(f"{source}: no such file, and no document with that symbol is held")
    return items


def table(old_name: str, new_name: str, alignment: Alignment) -> list[str]:
    """The alignment as human lines: the two versions, one line per pair (old key, new key,
    score), then the unmatched keys of each side."""
    old_width = max((len(p.old) for p in alignment.pairs), default=0)
    new_width = max((len(p.new) for p in alignment.pairs), default=0)
    lines = [f"old: {old_name}", f"new: {new_name}"]
    lines += [
        f"{p.old:<{old_width}} -> {p.new:<{new_width}}  {p.score:.2f}" for p in alignment.pairs
    ]
    lines.append(f"unmatched old: {', '.join(alignment.unmatched_old) or 'none'}")
    lines.append(f"unmatched new: {', '.join(alignment.unmatched_new) or 'none'}")
    return lines


class Command(BaseCommand):
    help = (
        "Align the paragraphs of two versions of a document (files or held symbols) and print "
        "which new paragraph(s) carry on each old one; stores nothing."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("old", help="The old version: a document file or a document symbol.")
        parser.add_argument("new", help="The new version: a document file or a document symbol.")
        parser.add_argument(
            "--json", action="store_true", help="Print the alignment as JSON (stable shape)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        old, new = load_items(options["old"]), load_items(options["new"])
        alignment = align(old, new)
        if options["json"]:
            self.stdout.write(json.dumps(alignment.to_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(table(options["old"], options["new"], alignment)))
