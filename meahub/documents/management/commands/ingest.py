"""``meahub ingest FILE... [--instrument CODE] [--meeting SLUG] [--symbol S] [--publish]``.

Stores each file idempotently (a file already held changes nothing) and prints, per file,
what was created or updated, or why it was refused. The exit status is non-zero when any file
was refused. On a terminal a progress bar shows how far it is; with ``--json`` it prints one
JSON object per file instead (``{"file", "status", "message", "symbol"}``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meahub.accounts.models import User
from meahub.documents.services import ActorTable, ingest_path
from meahub.instruments.models import Instrument
from meahub.meetings.models import Meeting


def progress_bar(done: int, total: int, width: int = 30) -> str:
    filled = int(width * done / total) if total else width
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"


class Command(BaseCommand):
    help = "Ingest documents (.txt, .md, .pdf, .docx): store them with their structure."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="The document files.")
        parser.add_argument("--instrument", help="Code of the instrument, e.g. CMS or BKD.")
        parser.add_argument("--meeting", help="Identifier (slug) of the meeting, e.g. cms-cop14.")
        parser.add_argument(
            "--symbol", help="The symbol, when the text does not give it (one file only)."
        )
        parser.add_argument("--publish", action="store_true", help="Publish what is ingested.")
        parser.add_argument(
            "--user", help="Username to record as the author of the change (default: none)."
        )
        parser.add_argument("--json", action="store_true", help="One JSON object per file.")

    def handle(self, *args: Any, **options: Any) -> None:
        files = [Path(name) for name in options["files"]]
        if options["symbol"] and len(files) > 1:
            raise CommandError("--symbol names one document: give one file with it")
        instrument = meeting = by = None
        if options["instrument"]:
            instrument = Instrument.objects.filter(code=options["instrument"]).first()
            if instrument is None:
                raise CommandError(f"no instrument with the code {options['instrument']!r}")
        if options["meeting"]:
            meeting = Meeting.objects.filter(slug=options["meeting"]).first()
            if meeting is None:
                raise CommandError(f"no meeting {options['meeting']!r} (give its slug)")
        if options["user"]:
            by = User.objects.filter(username=options["user"]).first()
            if by is None:
                raise CommandError(f"no user {options['user']!r}")
        actors = ActorTable.load()
        interactive = sys.stderr.isatty() and not options["json"]
        refused = 0
        for index, path in enumerate(files, start=1):
            outcome = ingest_path(
                path,
                by=by,
                instrument=instrument,
                meeting=meeting,
                symbol=options["symbol"],
                publish=options["publish"],
                actors=actors,
            )
            refused += outcome.refused
            if interactive:
                sys.stderr.write("\r\033[K")
            if options["json"]:
                self.stdout.write(
                    json.dumps(
                        {
                            "file": str(path),
                            "status": outcome.status,
                            "message": outcome.message,
                            "symbol": outcome.document.symbol if outcome.document else None,
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                line = outcome.message if outcome.refused else f"{path}: {outcome.message}"
                (self.stderr if outcome.refused else self.stdout).write(line)
            if interactive:
                sys.stderr.write(progress_bar(index, len(files)))
                sys.stderr.flush()
        if interactive:
            sys.stderr.write("\r\033[K")
        if refused:
            raise CommandError(f"{refused} of {len(files)} file(s) refused")
