"""``meahub mandates [--actor NAME] [--status S] [--instrument CODE] [--resolution KEY] [--json]``.

Lists the mandates the resolutions and decisions held give, narrowed by the filters given
(the console sees every mandate, as every management command does). With ``--json``, one
JSON object per mandate and line::

    {"id", "actor", "verb", "status", "resolution", "symbol", "paragraph", "action", "timing",
     "due", "due_text", "report_to", "instrument", "review"}

(``resolution`` is the citation key, "Resolution 11.10 (Rev.COP14)"; ``paragraph`` the
paragraph's anchor; ``due`` an ISO date or null); without, a table and a count. An unknown
actor, status, instrument or resolution is refused with a message naming it and the values
allowed, and a non-zero exit status.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from meahub.documents.models import Actor, Document
from meahub.instruments.models import Instrument
from meahub.mandates.models import Mandate
from meahub.mandates.selectors import (
    LIST_RELATED,
    actor_named,
    narrow_mandates,
    status_choices,
)

ACTION_WIDTH = 60


def as_json(mandate: Mandate) -> dict[str, Any]:
    """The stable JSON shape of one mandate (see the module doc)."""
    return {
        "id": mandate.pk,
        "actor": mandate.actor.name,
        "verb": mandate.verb,
        "status": mandate.status,
        "resolution": mandate.document.key,
        "symbol": mandate.document.symbol,
        "paragraph": mandate.paragraph.anchor if mandate.paragraph else None,
        "action": mandate.action,
        "timing": mandate.timing,
        "due": mandate.due_date.isoformat() if mandate.due_date else None,
        "due_text": mandate.due_text,
        "report_to": mandate.report_to,
        "instrument": mandate.instrument.code if mandate.instrument else None,
        "review": mandate.review,
    }


def table(mandates: list[Mandate]) -> list[str]:
    """One line per mandate: id, resolution ¶paragraph, verb, actor, status, due, action."""
    rows = [
        (
            str(m.pk),
            f"{m.document.key} ¶{m.paragraph.label if m.paragraph else '?'}",
            m.verb,
            m.actor.name,
            m.status,
            m.due_date.isoformat() if m.due_date else (m.due_text or m.timing),
            _shorten(m.action),
        )
        for m in mandates
    ]
    header = ("id", "resolution", "verb", "actor", "status", "due", "action")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]

    def line(cells: tuple[str, ...]) -> str:
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
        return "  ".join([*padded, cells[-1]]).rstrip()

    return [line(header), *(line(row) for row in rows)]


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= ACTION_WIDTH else text[: ACTION_WIDTH - 1] + "…"


def _allowed(values: list[str]) -> str:
    return ", ".join(values) if values else "none yet"


class Command(BaseCommand):
    help = "List the mandates of the resolutions and decisions held (filters, table or JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--actor", help="Actor asked to act, e.g. Secretariat or Parties.")
        parser.add_argument(
            "--status", help=f"Status: {', '.join(status_choices())} (open: the open ones)."
        )
        parser.add_argument("--instrument", help="Code of the instrument, e.g. CMS.")
        parser.add_argument(
            "--resolution", help='Citation key or symbol, e.g. "Resolution 11.10 (Rev.COP14)".'
        )
        parser.add_argument("--json", action="store_true", help="One JSON object per mandate.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = instrument = resolution = None
        if options["actor"]:
            actor = actor_named(options["actor"])
            if actor is None:
                names = list(Actor.objects.order_by("name").values_list("name", flat=True))
                raise CommandError(
                    f"no actor {options['actor']!r}; the actors are: {_allowed(names)}"
                )
        status = options["status"]
        if status and status not in status_choices():
            raise CommandError(
                f"no status {status!r}; the statuses are: {', '.join(status_choices())}"
            )
        if options["instrument"]:
            instrument = Instrument.objects.filter(code__iexact=options["instrument"]).first()
            if instrument is None:
                codes = list(Instrument.objects.order_by("code").values_list("code", flat=True))
                raise CommandError(
                    f"no instrument {options['instrument']!r}; the codes are: {_allowed(codes)}"
                )
        if options["resolution"]:
            key = " ".join(options["resolution"].split())
            resolution = Document.objects.filter(
                Q(key__iexact=key) | Q(symbol__iexact=key), is_placeholder=False
            ).first()
            if resolution is None:
                keys = list(
                    Document.objects.filter(mandates__isnull=False)
                    .distinct()
                    .order_by("key")
                    .values_list("key", flat=True)
                )
                raise CommandError(
                    f"no resolution {options['resolution']!r}; those with mandates are: "
                    f"{_allowed(keys)}"
                )
        mandates = list(
            narrow_mandates(
                Mandate.objects.select_related(*LIST_RELATED),
                actor=actor,
                status=status,
                instrument=instrument,
                resolution=resolution,
                search_notes=True,
            )
        )
        if options["json"]:
            for mandate in mandates:
                self.stdout.write(json.dumps(as_json(mandate), ensure_ascii=False))
            return
        if mandates:
            self.stdout.write("\n".join(table(mandates)))
        self.stdout.write(f"{len(mandates)} mandate{'s' if len(mandates) != 1 else ''}")
