"""``meahub formats import FILE.xlsx --instrument CODE [--json] [--title T]`` and
``meahub formats export ID --xlsform OUT.xlsx``.

Import prints what it created (sections, questions, choice lists) and every XLSForm feature it
dropped, with sheet, row and reason; or the errors, and exits non-zero. With ``--json`` it
prints ``{"format", "sections", "questions", "choice_lists", "dropped"}`` or ``{"errors"}``.
Imports from the command line are attributed to no user, with the reason
"meahub formats import (command line)". Export writes a file pyxform converts without error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meahub.instruments.models import Instrument
from meahub.reporting.models import ReportFormat
from meahub.reporting.services.xlsform import (
    XLSFormError,
    describe,
    export_xlsform,
    import_xlsform,
)


class Command(BaseCommand):
    help = "Import a report format from an XLSForm (.xlsx), or export one as XLSForm."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Import an XLSForm as a draft format.")
        importing.add_argument("file", help="The XLSForm, an .xlsx workbook.")
        importing.add_argument(
            "--instrument", required=True, help="Code of the instrument, e.g. BKD."
        )
        importing.add_argument("--title", help="Title of the format (default: form_title).")
        importing.add_argument("--json", action="store_true", help="Print the result as JSON.")
        exporting = actions.add_parser("export", help="Export a format as XLSForm.")
        exporting.add_argument("id", type=int, help="The format's number (id).")
        exporting.add_argument(
            "--xlsform", required=True, metavar="OUT.xlsx", help="The file to write."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self.import_file(options)
        else:
            self.export_format(options["id"], Path(options["xlsform"]))

    def fail(self, errors: list[dict[str, Any]], as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps({"errors": errors}, ensure_ascii=False))
        else:
            for error in errors:
                self.stderr.write(describe(error))
        count = len(errors)
        raise CommandError(f"{count} error{'s' if count != 1 else ''}; nothing was imported")

    def import_file(self, options: dict[str, Any]) -> None:
        as_json = options["json"]
        code = options["instrument"]
        instrument = Instrument.objects.filter(code=code).first()
        if instrument is None:
            codes = ", ".join(Instrument.objects.order_by("code").values_list("code", flat=True))
            message = f"No instrument with the code {code!r}; use one of: {codes or 'none yet'}."
            self.fail([{"sheet": None, "row": None, "message": message}], as_json)
            return
        path = Path(options["file"])
        if not path.is_file():
            message = f"{path}: no such file."
            self.fail([{"sheet": None, "row": None, "message": message}], as_json)
            return
        try:
            result = import_xlsform(
                data=path.read_bytes(), filename=path.name, instrument=instrument, by=None,
                title=options["title"],
            )  # fmt: skip
        except XLSFormError as error:
            self.fail(error.errors, as_json)
            return
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        made = result.format
        self.stdout.write(
            f"Imported {path.name} as format {made.pk}: {made} of {instrument.code} (draft): "
            f"{result.sections} sections, {result.questions} questions, "
            f"{result.choice_lists} choice lists."
        )
        if result.dropped:
            self.stdout.write(f"Dropped {len(result.dropped)}:")
            for dropped in result.dropped:
                self.stdout.write(f"  {describe(dropped)}")

    def export_format(self, format_id: int, out: Path) -> None:
        report_format = (
            ReportFormat.objects.select_related("instrument").filter(pk=format_id).first()
        )
        if report_format is None:
            raise CommandError(f"No report format with the id {format_id}.")
        if out.suffix.lower() != ".xlsx":
            raise CommandError(f"{out}: the XLSForm is written as .xlsx; name the file so.")
        try:
            out.write_bytes(export_xlsform(report_format))
        except OSError as error:
            raise CommandError(f"{out}: cannot write the file ({error.strerror}).") from error
        self.stdout.write(
            f"Wrote {out}: {report_format} of {report_format.instrument.code}, "
            f"{report_format.sections.count()} sections, "
            f"{report_format.questions.count()} questions."
        )
