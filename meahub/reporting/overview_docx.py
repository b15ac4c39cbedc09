"""The overview report as a Word document: a draft the Secretariat turns into the meeting
document. Who has reported, then each section's questions with their figures as tables
(choices, numbers, merged tables), the quotes with their country, the previous cycle beside
the current one, and after every figure the countries it came from (linked to the answers
when the site's address is given)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from meahub.reporting.charts import percent


def _link(paragraph: Any, url: str, text: str) -> None:
    """A hyperlink run (python-docx has no API for one)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1F5F8B")
    properties.extend([colour, underline])
    run.append(properties)
    content = OxmlElement("w:t")
    content.text = text
    run.append(content)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def _sources(document: Any, sources: list[dict[str, Any]], *, label: str = "") -> None:
    """ "Sources: KZ, TJ, UZ" with each code linked to the answer when links are known."""
    if not sources:
        return
    paragraph = document.add_paragraph(style="Normal")
    paragraph.add_run(label or _("Sources: ")).italic = True
    for index, found in enumerate(sources):
        if index:
            paragraph.add_run(", ")
        if found.get("href"):
            _link(paragraph, found["href"], found["country"])
        else:
            paragraph.add_run(f"{found['country']} (#{found['answer']})")


def _table(document: Any, header: list[str], rows: list[list[Any]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def _number(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,}"


def _figure(document: Any, figure: dict[str, Any] | None, previous: dict[str, Any] | None,
            names: dict[str, str]) -> None:  # fmt: skip
    if not figure:
        return
    kind = figure["kind"]
    if kind == "choices":
        earlier = {o["name"]: o for o in (previous or {}).get("options", [])}
        header = [_("Choice"), _("Countries"), _("Share")]
        if previous:
            header.append(_("Previous cycle"))
        rows = []
        for option in figure["options"]:
            row = [option["label"], option["count"], percent(option["share"])]
            if previous:
                before = earlier.get(option["name"])
                row.append(f"{before['count']} ({percent(before['share'])})" if before else "0")
            rows.append(row)
        document.add_paragraph(_("%(n)s countries answered.") % {"n": figure["n"]})
        _table(document, header, rows)
        for option in figure["options"]:
            _sources(document, option["sources"], label=f"{option['label']}: ")
        for other in figure["other"]:
            document.add_paragraph(
                f"{names.get(other['country'], other['country'])} ({_('other')}): {other['text']}"
            )
    elif kind == "numbers":
        header = [_("Total"), _("Mean"), _("Minimum"), _("Maximum"), _("Countries")]
        rows = [[_number(figure[k]) for k in ("total", "mean", "min", "max")] + [figure["n"]]]
        if previous:
            rows.append([_number(previous.get(k)) for k in ("total", "mean", "min", "max")]
                        + [previous.get("n")])  # fmt: skip
            header = [_("Cycle"), *header]
            rows = [[_("This cycle"), *rows[0]], [_("Previous cycle"), *rows[1]]]
        _table(document, header, rows)
        _sources(document, figure["min_sources"], label=_("Minimum: "))
        _sources(document, figure["max_sources"], label=_("Maximum: "))
        _sources(document, figure["sources"])
    elif kind == "dates":
        if figure["n"]:
            document.add_paragraph(
                _("Earliest %(earliest)s, latest %(latest)s (%(n)s countries).") % figure
            )
            _sources(document, figure["sources"])
    elif kind == "texts":
        for quote in figure["quotes"]:
            _quote(document, names, quote, quote["text"])
    elif kind == "files":
        for file in figure["files"]:
            _quote(document, names, file, file["name"])
    elif kind == "table":
        columns = figure["columns"]
        rows = []
        for row in figure["rows"]:
            cells = []
            for cell in row["cells"]:
                if "total" in cell:
                    cells.append(_number(cell["total"]) if cell["n"] else "")
                else:
                    cells.append("; ".join(f"{t['country']}: {t['text']}" for t in cell["texts"]))
            rows.append([row["label"], *cells])
        _table(document, ["", *[c["label"] for c in columns]], rows)
        sources = {
            (s["answer"]): s
            for row in figure["rows"]
            for cell in row["cells"]
            for s in cell.get("sources", []) + cell.get("texts", [])
        }
        _sources(document, list(sources.values()))


def _quote(document: Any, names: dict[str, str], found: dict[str, Any], text: str) -> None:
    paragraph = document.add_paragraph()
    country = names.get(found["country"], found["country"])
    if found.get("href"):
        _link(paragraph, found["href"], country)
    else:
        paragraph.add_run(country).bold = True
    paragraph.add_run(f": {text}")


def overview_docx(data: dict[str, Any], *, base: str = "") -> bytes:
    """The overview as a Word document (see the module doc)."""
    from docx import Document as WordDocument
    from docx.shared import Pt

    from meahub.reporting.overview_exports import _title, add_links, status_rows

    if base:
        add_links(data, base=base)
    names = {c["code"]: c["name"] for c in data["status"]["countries"]}
    document = WordDocument()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    document.add_heading(_title(data), level=1)
    document.add_paragraph(data["status"]["summary"])
    rows = list(status_rows(data))
    _table(document, rows[0][:4], [row[:4] for row in rows[1:]])
    if data.get("previous"):
        document.add_paragraph(
            _("Figures of the previous cycle (%(name)s) are given beside this cycle's.")
            % {"name": data["previous"]["name"]}
        )
    for section in data["sections"]:
        document.add_heading(f"{section['number']} {section['title']}".strip(), level=2)
        for question in section["questions"]:
            document.add_heading(f"{question['number']} {question['label']}".strip(), level=3)
            if question.get("items") is not None:
                for item in question["items"]:
                    document.add_paragraph().add_run(item["label"]).bold = True
                    _figure(document, item["figure"], item.get("previous"), names)
                continue
            for entry in question.get("entries") or []:
                _quote(document, names, entry, f"{entry['label']} — {entry['text']}")
            _figure(document, question.get("figure"), question.get("previous"), names)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
