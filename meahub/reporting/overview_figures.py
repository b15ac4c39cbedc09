"""The figures of one question of the overview report, from the answers of received reports.

Pure functions over ``Observation`` rows (one stored answer each): no database access, so the
overview compiles 60,000 answers in well under a second. Every figure carries its *sources*,
``{"answer": id, "report": id, "country": "UZ"}`` (plus ``"item"`` inside a repeated section),
so a reader can go from a number to the answers it came from.

Figure shapes, by ``kind``:

- ``choices`` (one or several choices, yes/no): ``n`` answering, ``options`` (name, label,
  count, share of ``n``, sources) in the list's order, ``other`` texts with their country;
- ``numbers``: ``n``, ``total``, ``mean`` (2 decimals), ``min``, ``max``, ``min_sources``,
  ``max_sources``, ``sources``;
- ``texts``: ``n`` and ``quotes`` (text and source), country by country;
- ``dates``: ``n``, ``earliest``, ``latest`` (ISO dates) with their sources, ``sources``;
- ``files``: ``n`` and ``files`` (file name and source);
- ``table``: ``n``, ``columns``, ``rows`` of ``cells``; a number column's cell has the
  ``total`` of the countries' cells, a text column's cell lists the ``texts`` per country.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from meahub.reporting import values
from meahub.reporting.enums import CHOICE_TYPES, NUMBER_TYPES, QuestionType
from meahub.reporting.models import Question, translated

Figure = dict[str, Any]
NUMBER_COLUMN_TYPES = frozenset({"integer", "decimal"})


class Observation(NamedTuple):
    """One stored answer of a received report."""

    answer: int
    report: int
    country: str
    item: str
    value: Any
    other_text: str
    file: str
    # {"answer", "report", "country"(, "item")}: built once, shared by the figures citing it.
    origin: dict[str, Any]


def source(observation: Observation) -> dict[str, Any]:
    return observation.origin


def share(count: int, n: int) -> float:
    """``count`` as a share of ``n`` (0..1, four decimals)."""
    return round(count / n, 4) if n else 0.0


def json_number(number: Decimal) -> int | float:
    """A Decimal as JSON holds it: an int when whole, else a float."""
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def as_number(value: Any) -> Decimal | None:
    kind = type(value)
    if kind is int:
        return Decimal(value)
    if value is None or isinstance(value, bool | dict | list):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def kind_of(question: Question) -> str:
    """Which figure a question gets (see the module doc); "" for a note."""
    kind = question.type
    if kind in CHOICE_TYPES or kind == QuestionType.YES_NO:
        return "choices"
    if kind in NUMBER_TYPES or kind == QuestionType.CALCULATED:
        return "numbers"
    if kind in (QuestionType.TEXT, QuestionType.LONG_TEXT):
        return "texts"
    if kind == QuestionType.DATE:
        return "dates"
    if kind == QuestionType.FILE:
        return "files"
    if kind == QuestionType.TABLE:
        return "table"
    return ""


def figure(question: Question, observations: Sequence[Observation]) -> Figure | None:
    """The figure of ``question`` over ``observations`` (answered ones only, in country
    order), or None for a note. A calculated value that is not a number is quoted as text."""
    kind = kind_of(question)
    if kind == "choices":
        return choice_figure(question, observations)
    if kind == "numbers":
        if question.type == QuestionType.CALCULATED and any(
            as_number(o.value) is None for o in observations
        ):
            return text_figure(observations)
        return number_figure(observations)
    if kind == "texts":
        return text_figure(observations)
    if kind == "dates":
        return date_figure(observations)
    if kind == "files":
        return file_figure(observations)
    if kind == "table":
        return table_figure(question, observations)
    return None


def _options(question: Question) -> list[tuple[str, str]]:
    if question.type == QuestionType.YES_NO:
        return [("yes", _("Yes")), ("no", _("No"))]
    options = [(name, translated(labels) or name) for name, labels in values.choices_of(question)]
    if question.has_other:
        options.append((values.OTHER, _("Other")))
    return options


def choice_figure(question: Question, observations: Sequence[Observation]) -> Figure:
    options = _options(question)
    chosen: dict[str, list[dict[str, Any]]] = {name: [] for name, _label in options}
    labels = dict(options)
    others = []
    multiple = question.type == QuestionType.MULTIPLE_CHOICE
    for observation in observations:
        value = observation.value
        if multiple:
            names = value if isinstance(value, list) else str(value).split()
            if len(names) > 1:
                names = list(dict.fromkeys(names))
        else:
            names = [value]
        for name in names:
            name = name if type(name) is str else str(name)
            found = chosen.get(name)
            if found is None:
                # A choice since removed from the list still counts, under its name.
                found = chosen[name] = []
                labels[name] = name
            found.append(observation.origin)
        if observation.other_text and values.OTHER in names:
            others.append({"text": observation.other_text, **observation.origin})
    n = len(observations)
    return {
        "kind": "choices",
        "n": n,
        "multiple": question.type == QuestionType.MULTIPLE_CHOICE,
        "options": [
            {
                "name": name,
                "label": labels[name],
                "count": len(sources),
                "share": share(len(sources), n),
                "sources": sources,
            }
            for name, sources in chosen.items()
        ],
        "other": others,
    }


def number_figure(observations: Sequence[Observation]) -> Figure:
    numbers = [(as_number(o.value), o) for o in observations]
    numbered = [(number, o) for number, o in numbers if number is not None]
    if not numbered:
        return {"kind": "numbers", "n": 0, "total": None, "mean": None, "min": None,
                "max": None, "min_sources": [], "max_sources": [], "sources": []}  # fmt: skip
    total = sum((number for number, _o in numbered), Decimal(0))
    low = min(number for number, _o in numbered)
    high = max(number for number, _o in numbered)
    mean = (total / len(numbered)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {
        "kind": "numbers",
        "n": len(numbered),
        "total": json_number(total),
        "mean": json_number(mean),
        "min": json_number(low),
        "max": json_number(high),
        "min_sources": [source(o) for number, o in numbered if number == low],
        "max_sources": [source(o) for number, o in numbered if number == high],
        "sources": [source(o) for _number, o in numbered],
    }


def text_figure(observations: Sequence[Observation]) -> Figure:
    return {
        "kind": "texts",
        "n": len(observations),
        "quotes": [{"text": str(o.value), **source(o)} for o in observations],
    }


def date_figure(observations: Sequence[Observation]) -> Figure:
    dated = [o for o in observations if isinstance(o.value, str) and o.value]
    if not dated:
        return {"kind": "dates", "n": 0, "earliest": None, "latest": None,
                "earliest_sources": [], "latest_sources": [], "sources": []}  # fmt: skip
    earliest = min(o.value for o in dated)
    latest = max(o.value for o in dated)
    return {
        "kind": "dates",
        "n": len(dated),
        "earliest": earliest,
        "latest": latest,
        "earliest_sources": [source(o) for o in dated if o.value == earliest],
        "latest_sources": [source(o) for o in dated if o.value == latest],
        "sources": [source(o) for o in dated],
    }


def file_figure(observations: Sequence[Observation]) -> Figure:
    return {
        "kind": "files",
        "n": len(observations),
        "files": [
            {"name": PurePath(o.file).name if o.file else str(o.value), **source(o)}
            for o in observations
        ],
    }


def table_parts(entries: Any) -> list[dict[str, str]]:
    """A table's rows or columns as {name, label, type}."""
    parts = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            name = str(entry.get("name", ""))
            label = entry.get("label")
            text = translated(label) if isinstance(label, dict) else str(label or "")
            parts.append(
                {"name": name, "label": text or name, "type": str(entry.get("type") or "text")}
            )
        else:
            parts.append({"name": str(entry), "label": str(entry), "type": "text"})
    return parts


def table_figure(question: Question, observations: Sequence[Observation]) -> Figure:
    """The countries' tables merged: per cell, numbers summed, texts listed per country."""
    rows, columns = table_parts(question.table_rows), table_parts(question.table_columns)
    cells: dict[tuple[str, str], list[tuple[Any, Observation]]] = {}
    for observation in observations:
        table = observation.value if isinstance(observation.value, dict) else {}
        for row, row_cells in table.items():
            if not isinstance(row_cells, dict):
                continue
            for column, content in row_cells.items():
                if not values.is_empty(content):
                    cells.setdefault((str(row), str(column)), []).append((content, observation))
    merged_rows = []
    for row in rows:
        merged_cells = []
        for column in columns:
            found = cells.get((row["name"], column["name"]), [])
            cell: dict[str, Any] = {"column": column["name"], "n": len(found)}
            if column["type"] in NUMBER_COLUMN_TYPES:
                numbers = [(as_number(v), o) for v, o in found]
                cell["total"] = json_number(
                    sum((number for number, _o in numbers if number is not None), Decimal(0))
                )
                cell["sources"] = [source(o) for number, o in numbers if number is not None]
            else:
                cell["texts"] = [{"text": str(v), **source(o)} for v, o in found]
            merged_cells.append(cell)
        merged_rows.append({"name": row["name"], "label": row["label"], "cells": merged_cells})
    return {"kind": "table", "n": len(observations), "columns": columns, "rows": merged_rows}


def comparable(previous: Figure | None) -> Figure | None:
    """What of a previous cycle's figure stands beside the current one: counts, shares,
    totals and ``n`` with their sources; texts and files only by how many there were."""
    if previous is None:
        return None
    kind = previous["kind"]
    if kind in ("choices", "numbers", "dates"):
        kept = dict(previous)
        kept.pop("other", None)
        return kept
    if kind == "table":
        rows = [
            {
                **row,
                "cells": [{k: v for k, v in cell.items() if k != "texts"} for cell in row["cells"]],
            }
            for row in previous["rows"]
        ]
        return {**previous, "rows": rows}
    return {"kind": kind, "n": previous["n"]}
