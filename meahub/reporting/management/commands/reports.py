"""``meahub reports overview CYCLE --format xlsx|csv|docx|pdf -o OUT [--as-at YYYY-MM-DD]``
and ``meahub reports remind [--date YYYY-MM-DD]``.

``remind`` queues, for the task worker, the reminders of every open cycle due on the day
(today by default); run it daily (cron) as a safety net beside the reminders each cycle
schedules when it is saved. Nothing is sent twice.

Compiles the overview report of a reporting cycle from the reports submitted or accepted (as
at the date, when given), writes it in the format asked, and prints one line: the file, the
reports and answers it was compiled from, and who has reported. CYCLE is the cycle's id or
``CODE/NAME`` (``BKD/2020``: the instrument's code and the cycle's name). An unknown cycle
(the known ones are listed), format or date is refused with a non-zero exit status.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meahub.reporting import overview_exports
from meahub.reporting.models import ReportingCycle
from meahub.reporting.overview import compile_overview


def find_cycle(text: str) -> ReportingCycle:
    """The cycle named by id or ``CODE/NAME``; CommandError listing the known ones."""
    cycles = ReportingCycle.objects.select_related("instrument", "format")
    found = None
    if text.isdigit():
        found = cycles.filter(pk=int(text)).first()
    elif "/" in text:
        code, name = text.split("/", 1)
        found = cycles.filter(instrument__code__iexact=code.strip(), name=name.strip()).first()
    if found is None:
        known = [
            f"{c.pk} ({c.instrument.code}/{c.name})"
            for c in cycles.order_by("instrument__code", "-deadline")
        ]
        raise CommandError(
            f"no reporting cycle {text!r}; the cycles are: {', '.join(known) or 'none yet'}"
        )
    return found


class Command(BaseCommand):
    help = "Reports of reporting cycles: the overview compiled from the national reports."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="overview|remind")
        remind = commands.add_parser(
            "remind", help="Queue the reminders due today (or on --date) for the task worker."
        )
        remind.add_argument("--date", help="The day as YYYY-MM-DD (default: today, UTC).")
        overview = commands.add_parser(
            "overview", help="Compile a cycle's overview report and write it to a file."
        )
        overview.add_argument("cycle", help="The cycle's id or CODE/NAME, e.g. BKD/2020.")
        overview.add_argument("--format", dest="fmt", required=True, help="xlsx, csv, docx or pdf.")
        overview.add_argument("-o", "--output", required=True, help="The file to write.")
        overview.add_argument(
            "--as-at", dest="as_at", help="The reports as they stood on YYYY-MM-DD."
        )
        overview.add_argument(
            "--base-url",
            default="",
            help="The site's address, to link figures to the answers in DOCX and PDF.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            self.remind(options.get("date"))
            return
        fmt = (options["fmt"] or "").lower()
        if fmt not in overview_exports.FORMATS:
            raise CommandError(
                f"unknown format {options['fmt']!r}; use {', '.join(overview_exports.FORMATS)}"
            )
        as_at = None
        if options["as_at"]:
            try:
                as_at = dt.date.fromisoformat(options["as_at"])
            except ValueError as error:
                raise CommandError(
                    f"--as-at {options['as_at']!r} is not a date as YYYY-MM-DD"
                ) from error
        cycle = find_cycle(options["cycle"])
        data = compile_overview(cycle, as_at=as_at)
        try:
            content = overview_exports.export(data, fmt, base=options["base_url"].rstrip("/"))
        except overview_exports.PdfUnavailable as error:
            raise CommandError(str(error)) from error
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from error
        totals = data["totals"]
        self.stdout.write(
            f"wrote {output} ({fmt}, {len(content):,} bytes): {cycle.instrument.code} "
            f"{cycle.name}, {totals['reports']} reports, {totals['answers']} answers to "
            f"{totals['questions']} questions. {data['status']['summary']}"
        )

    def remind(self, date_text: str | None) -> None:
        from meahub.reporting.reminders import send_due_reminders, utc_today

        try:
            day = dt.date.fromisoformat(date_text) if date_text else utc_today()
        except ValueError as error:
            raise CommandError(f"--date {date_text!r} is not a date as YYYY-MM-DD") from error
        due = send_due_reminders(day)
        for cycle, days_before in due:
            self.stdout.write(f"{cycle.instrument.code} {cycle.name}: {days_before} days before")
        self.stdout.write(f"{len(due)} reminder runs queued for {day.isoformat()}")
