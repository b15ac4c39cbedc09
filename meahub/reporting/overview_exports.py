"""The overview report for readers: its page and PDF (``reading_context``), and its files:
XLSX and CSV (one row per figure or quote, with the countries and answer ids it came from),
DOCX (a draft for the meeting document, ``overview_docx``) and PDF (with the bar charts).
Each takes the overview's ``data`` (``overview.compile_overview``).

Provenance: ``add_links`` gives every source the address of its answer, the country's
report page anchored at the question (``#q-<name>`` or ``#q-<name>-<item>``). ``base`` is the
site's address ("https://meahub.example.org"): given, the DOCX and PDF link each country's
figure or quote to that answer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from meahub.core.pdf import PdfUnavailable, html_to_pdf
from meahub.reporting import charts

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
HEADER = [
    "Section", "Number", "Question", "Item", "Figure", "Value", "Share", "n",
    "Previous value", "Previous share", "Previous n", "Countries", "Answers",
]  # fmt: skip
SHARE_COLUMNS = (HEADER.index("Share"), HEADER.index("Previous share"))
CELL_LIMIT = 32_000  # Excel holds at most 32,767 characters in a cell
Row = list[Any]

__all__ = [
    "FORMATS", "PdfUnavailable", "export", "filename", "overview_rows", "reading_context",
]  # fmt: skip


def filename(data: dict[str, Any], fmt: str) -> str:
    cycle = data["cycle"]
    return f"overview-{slugify(cycle['instrument'])}-{slugify(cycle['name'])}.{fmt}"


def _codes(sources: list[dict[str, Any]]) -> str:
    return " ".join(s["country"] for s in sources)


def _ids(sources: list[dict[str, Any]]) -> str:
    text = " ".join(str(s["answer"]) for s in sources)
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


def _previous_option(previous: dict[str, Any] | None, name: str) -> tuple[Any, Any, Any]:
    if not previous:
        return None, None, None
    for option in previous.get("options", []):
        if option["name"] == name:
            return option["count"], option["share"], previous["n"]
    return 0, 0.0, previous["n"]


def figure_rows(figure: dict[str, Any] | None, previous: dict[str, Any] | None) -> Iterator[Row]:
    """[figure, value, share, n, previous value, previous share, previous n, countries,
    answers] for each figure (or quote) of one question (or item)."""
    if not figure:
        return
    kind = figure["kind"]
    n = figure["n"]
    if kind == "choices":
        for option in figure["options"]:
            before = _previous_option(previous, option["name"])
            yield [option["label"], option["count"], option["share"], n, *before,
                   _codes(option["sources"]), _ids(option["sources"])]  # fmt: skip
        for other in figure["other"]:
            yield [_("Other (specified)"), other["text"], None, None, None, None, None,
                   other["country"], str(other["answer"])]  # fmt: skip
    elif kind == "numbers":
        earlier = previous or {}
        for label, key, sources in (
            (_("Total"), "total", "sources"),
            (_("Mean"), "mean", "sources"),
            (_("Minimum"), "min", "min_sources"),
            (_("Maximum"), "max", "max_sources"),
        ):
            found = figure.get(sources, [])
            yield [label, figure[key], None, n, earlier.get(key), None, earlier.get("n"),
                   _codes(found), _ids(found)]  # fmt: skip
    elif kind == "dates":
        for label, key in ((_("Earliest"), "earliest"), (_("Latest"), "latest")):
            found = figure.get(f"{key}_sources", [])
            yield [label, figure[key], None, n, (previous or {}).get(key), None,
                   (previous or {}).get("n"), _codes(found), _ids(found)]  # fmt: skip
    elif kind == "texts":
        for quote in figure["quotes"]:
            yield [_("Answer"), quote["text"], None, None, None, None, None,
                   quote["country"], str(quote["answer"])]  # fmt: skip
    elif kind == "files":
        for file in figure["files"]:
            yield [_("File"), file["name"], None, None, None, None, None,
                   file["country"], str(file["answer"])]  # fmt: skip
    elif kind == "table":
        yield from _table_rows(figure, previous)


def _table_rows(figure: dict[str, Any], previous: dict[str, Any] | None) -> Iterator[Row]:
    columns = {c["name"]: c["label"] for c in figure["columns"]}
    earlier = {
        (row["name"], cell["column"]): cell
        for row in (previous or {}).get("rows", [])
        for cell in row["cells"]
    }
    for row in figure["rows"]:
        for cell in row["cells"]:
            where = f"{row['label']} / {columns.get(cell['column'], cell['column'])}"
            if "total" in cell:
                before = earlier.get((row["name"], cell["column"]), {})
                yield [where, cell["total"], None, cell["n"], before.get("total"), None,
                       before.get("n"), _codes(cell["sources"]), _ids(cell["sources"])]  # fmt: skip
            else:
                for text in cell["texts"]:
                    yield [where, text["text"], None, None, None, None, None,
                           text["country"], str(text["answer"])]  # fmt: skip


def overview_rows(data: dict[str, Any]) -> Iterator[Row]:
    """The overview as rows under ``HEADER``: each figure or quote with the countries and
    answer ids it came from, question by question in the format's order."""
    names = {c["code"]: c["name"] for c in data["status"]["countries"]}
    for section in data["sections"]:
        heading = f"{section['number']} {section['title']}".strip()
        for question in section["questions"]:
            start = [heading, question["number"], question["label"]]
            if question.get("items") is not None:
                for item in question["items"]:
                    for row in figure_rows(item["figure"], item.get("previous")):
                        yield [*start, item["label"], *row]
                continue
            for entry in question.get("entries") or []:
                label = f"{names.get(entry['country'], entry['country'])}: {entry['label']}"
                yield [*start, label, _("Answer"), entry["text"], None, None, None, None,
                       None, entry["country"], str(entry["answer"])]  # fmt: skip
            item_label = _("All items") if question.get("entries") is not None else None
            for row in figure_rows(question.get("figure"), question.get("previous")):
                yield [*start, item_label, *row]


def status_rows(data: dict[str, Any]) -> Iterator[Row]:
    yield [
        _("Country"),
        _("Code"),
        _("Status"),
        _("Submitted at"),
        _("On the country's behalf"),
        _("Report"),
    ]
    for c in data["status"]["countries"]:
        yield [c["name"], c["code"], c["state_label"], c["submitted_at"] or "",
               _("yes") if c["on_behalf"] else "", c["report"]]  # fmt: skip


def _title(data: dict[str, Any]) -> str:
    cycle = data["cycle"]
    return _("Overview of the national reports: %(instrument)s %(cycle)s") % {
        "instrument": cycle["instrument_name"] or cycle["instrument"],
        "cycle": cycle["name"],
    }


# --- provenance links --------------------------------------------------------------------------


def answer_anchor(question_name: str, item: str = "") -> str:
    """The anchor of an answer on its report's page: ``q-<name>`` or ``q-<name>-<item>``."""
    return f"q-{question_name}-{item}" if item else f"q-{question_name}"


def report_url(report_id: int) -> str:
    """The page of a country's report ("" while that page does not exist)."""
    try:
        return reverse("reporting:report-detail", args=[report_id])
    except NoReverseMatch:
        return ""


def add_links(data: dict[str, Any], *, base: str = "") -> dict[str, Any]:
    """Give every source, quote and entry of ``data`` (in place) an ``href``: its report's
    page, anchored at the question (and item), prefixed with ``base`` (a site's address for
    exports read outside the site), and the ``country_name``. Returns ``data``."""
    urls: dict[int, str] = {}
    names = {c["code"]: c["name"] for c in data.get("status", {}).get("countries", [])}

    def link(node: Any, name: str) -> None:
        if isinstance(node, dict):
            if "answer" in node and "report" in node:
                if node["report"] not in urls:
                    urls[node["report"]] = report_url(node["report"])
                page = urls[node["report"]]
                anchor = answer_anchor(name, node.get("item", ""))
                node["href"] = f"{base}{page}#{anchor}" if page else ""
                node["country_name"] = names.get(node["country"], node["country"])
            for value in node.values():
                if isinstance(value, dict | list):
                    link(value, name)
        elif isinstance(node, list):
            for value in node:
                link(value, name)

    for section in data.get("sections", []):
        for question in section["questions"]:
            for key in ("figure", "items", "entries"):
                link(question.get(key), question["name"])
            link(question.get("previous"), question.get("previous_name", question["name"]))
    return data


# --- spreadsheets ------------------------------------------------------------------------------


def overview_xlsx(data: dict[str, Any]) -> bytes:
    """Sheets "Overview" (``HEADER`` and ``overview_rows``; shares as percentages) and
    "Status" (the summary sentence, then each country's report status)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Overview")
    sheet.freeze_panes = "A2"
    sheet.append(HEADER)
    for row in overview_rows(data):
        cells: list[Any] = list(row)
        for index in SHARE_COLUMNS:
            if isinstance(row[index], float):
                cell = WriteOnlyCell(sheet, value=row[index])
                cell.number_format = "0.0%"
                cells[index] = cell
        sheet.append(cells)
    status = workbook.create_sheet("Status")
    status.append([_title(data)])
    status.append([data["status"]["summary"]])
    status.append([])
    for row in status_rows(data):
        status.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def overview_csv(data: dict[str, Any]) -> bytes:
    """``HEADER`` and ``overview_rows`` as UTF-8 CSV (shares as fractions, 0..1)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(overview_rows(data))
    return buffer.getvalue().encode("utf-8")


# --- documents ---------------------------------------------------------------------------------


def pair_previous(figure: dict[str, Any] | None, previous: dict[str, Any] | None) -> None:
    """Put the previous cycle's count and share on each option, and its total on each table
    cell, of ``figure`` (in place), so a reader sees them side by side."""
    if not figure or not previous or not previous.get("n"):
        return
    if figure["kind"] == "choices":
        earlier = {o["name"]: o for o in previous.get("options", [])}
        for option in figure["options"]:
            before = earlier.get(option["name"], {"count": 0, "share": 0.0})
            option["previous"] = {"count": before["count"], "share": before["share"]}
    elif figure["kind"] == "table":
        cells = {
            (row["name"], cell["column"]): cell
            for row in previous.get("rows", [])
            for cell in row["cells"]
        }
        for row in figure["rows"]:
            for cell in row["cells"]:
                before = cells.get((row["name"], cell["column"]))
                if before is not None and before.get("n") and "total" in before:
                    cell["previous"] = {"total": before["total"], "n": before["n"]}


def _chart(chart_id: str, label: str, figure: dict[str, Any] | None,
           previous: dict[str, Any] | None) -> Any:  # fmt: skip
    if figure and figure["kind"] == "choices" and figure["n"]:
        return charts.choice_chart(
            chart_id, label, figure, previous if previous and previous.get("n") else None
        )
    return None


def reading_context(
    data: dict[str, Any], *, base: str = "", sections: set[str] | None = None
) -> dict[str, Any]:
    """What the overview's page and its PDF show (``data`` is changed in place): every
    source linked to its answer, the previous cycle's figures paired with the current ones,
    a bar chart per choice question (and per item), the title and the date. Only the
    ``sections`` named are prepared (all when None)."""
    if sections is not None:
        shown = [s for s in data["sections"] if s["name"] in sections]
        add_links({"status": data["status"], "sections": shown}, base=base)
    else:
        shown = data["sections"]
        add_links(data, base=base)
    for section in shown:
        for question in section["questions"]:
            # Templates look "items" up on the dict before dict.items(): the key must exist.
            question.setdefault("items", None)
            question.setdefault("entries", None)
            previous = question.get("previous")
            pair_previous(question.get("figure"), previous)
            question["chart"] = _chart(
                f"chart-{question['name']}", question["label"], question.get("figure"), previous
            )
            for item in question["items"] or []:
                pair_previous(item["figure"], item.get("previous"))
                item["chart"] = _chart(
                    f"chart-{question['name']}-{item['item']}",
                    f"{question['label']} — {item['label']}",
                    item["figure"],
                    item.get("previous"),
                )
    day = data["status"]["as_at"]
    return {
        "data": data,
        "shown": {s["name"] for s in shown},
        "title": _title(data),
        "date": date_format(_date(day), "j F Y") if day else "",
        "linked": bool(base),
    }


def _date(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text[:10])


def overview_docx(data: dict[str, Any], *, base: str = "") -> bytes:
    """The overview as a Word document (``overview_docx.overview_docx``)."""
    from meahub.reporting import overview_docx as word

    return word.overview_docx(data, base=base)


def overview_pdf(data: dict[str, Any], *, base: str = "") -> bytes:
    """The overview printed from ``reporting/overview_print.html``; raises PdfUnavailable
    with what is missing when WeasyPrint cannot run here."""
    html = render_to_string("reporting/overview_print.html", reading_context(data, base=base))
    return html_to_pdf(html, stylesheet="reporting/overview_print.css", base_url=base or None)


def export(data: dict[str, Any], fmt: str, *, base: str = "") -> bytes:
    """The overview in ``fmt`` (xlsx, csv, docx or pdf); ValueError for another format."""
    if fmt == "xlsx":
        return overview_xlsx(data)
    if fmt == "csv":
        return overview_csv(data)
    if fmt == "docx":
        return overview_docx(data, base=base)
    if fmt == "pdf":
        return overview_pdf(data, base=base)
    raise ValueError(
        _("Unknown format %(format)s: use %(formats)s.")
        % {"format": fmt, "formats": ", ".join(FORMATS)}
    )
