"""The overview report of a reporting cycle, compiled from the national reports received.

``compile_overview(cycle, as_at=...)`` reads, in a handful of queries, where each country's
report stood (``selectors.cycle_status``; received = submitted or accepted at the date), the
format's questions, and every answer of the received reports (their values at the date, from
the history, when a date is given); it then works out each question's figures in Python
(``overview_figures``) and sets the previous cycle's figures beside them (questions matched
by lineage). Answers to questions a report does not ask (conditions) are left out.

The result is JSON (stored in ``OverviewReport.data``)::

    {"cycle": {...}, "as_at": "2020-10-10" | None, "compiled_at": ...,
     "status": {"as_at", "summary", "counts", "countries": [{code, name, numeric, state,
                "state_label", "submitted_at", "on_behalf", "report"}]},
     "previous": {"id", "name", "received": [codes]} | None,
     "totals": {"questions", "reports", "answers"},
     "sections": [{"id", "name", "number", "title", "depth", "repeat",
                   "questions": [question entry]}]}

A question entry: ``name``, ``number``, ``label``, ``type``, ``kind``, ``unit``, ``repeat``
and, by how its section repeats: ``figure`` (and ``previous``) for a plain question;
``items`` (each with ``item``, ``label``, ``figure``, ``previous``) for a section repeated
per species or per item of a list, aggregated per item across countries; ``entries`` (each
answer with its country and item label: the item's first text answer) and the ``figure``
over all items for a section the countries repeat freely.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meahub.reporting import selectors, values
from meahub.reporting.enums import RECEIVED_STATES, QuestionType, RepeatSource
from meahub.reporting.models import (
    Answer,
    Question,
    ReportingCycle,
    Section,
    translated,
)
from meahub.reporting.overview_figures import Observation, comparable, figure, kind_of, source

Progress = Callable[[int, int], None]
ItemKey = tuple[int, str]  # (report id, item)


# --- who has reported --------------------------------------------------------------------------


def status_summary(names: list[str], total: int, day: dt.date) -> str:
    """The sentence of seed 000: "As at 10 October 2020, only Uzbekistan has submitted its
    national report." ``names`` are the countries whose report was received."""
    when = date_format(day, "j F Y")
    if total == 0:
        return _("No country has to report in this cycle.")
    if not names:
        return _("As at %(date)s, no country has submitted its national report.") % {"date": when}
    if len(names) == total:
        if total == 1:
            return _("As at %(date)s, %(country)s has submitted its national report.") % {
                "date": when,
                "country": names[0],
            }
        return _(
            "As at %(date)s, all %(total)s countries have submitted their national reports."
        ) % {
            "date": when,
            "total": total,
        }
    if len(names) == 1:
        return _("As at %(date)s, only %(country)s has submitted its national report.") % {
            "date": when,
            "country": names[0],
        }
    return ngettext(
        "As at %(date)s, %(count)s of %(total)s country have submitted their national reports: "
        "%(names)s.",
        "As at %(date)s, %(count)s of %(total)s countries have submitted their national "
        "reports: %(names)s.",
        total,
    ) % {"date": when, "count": len(names), "total": total, "names": ", ".join(names)}


def reporting_status(
    cycle: ReportingCycle, as_at: dt.date | None
) -> tuple[dict[str, Any], dict[int, str]]:
    """The status head of the overview, and the received reports (report id → country code)."""
    statuses = selectors.cycle_status(cycle, as_at=as_at)
    countries: list[dict[str, Any]] = []
    received: dict[int, str] = {}
    for status in statuses:
        report_id = status.report.pk if status.report is not None else None
        if status.state in RECEIVED_STATES and report_id is not None:
            received[report_id] = status.country.code
        countries.append(
            {
                "code": status.country.code,
                "name": status.country.name,
                "numeric": status.country.numeric,
                "state": status.state,
                "state_label": status.state_label,
                "submitted_at": status.submitted_at.isoformat() if status.submitted_at else None,
                "on_behalf": status.on_behalf,
                "report": report_id,
            }
        )
    day = as_at or timezone.localdate()
    names = [c["name"] for c in countries if c["report"] in received]
    head = {
        "as_at": day.isoformat(),
        "summary": status_summary(names, len(countries), day),
        "counts": selectors.status_counts(statuses),
        "countries": countries,
    }
    return head, received


# --- answers -----------------------------------------------------------------------------------

FIELDS = ("id", "report_id", "question_id", "item", "value_text", "other_text", "file")


def _decode(texts: list[str | None]) -> list[Any]:
    """JSON texts decoded at once: one ``json.loads`` of an array of 60,000 values is many
    times faster than 60,000 calls (through Django's JSONField converter)."""
    return json.loads("[" + ",".join("null" if t is None else t for t in texts) + "]")


def _answered(value: Any, file: str) -> bool:
    if file:
        return True
    kind = type(value)
    if kind is int or kind is float:
        return True
    if kind is str:
        return bool(value.strip())
    return not values.is_empty(value)


def load_observations(
    received: dict[int, str], as_at: dt.date | None
) -> dict[int, list[Observation]]:
    """Question id → the answers of the received reports, in the reports' (country) order;
    as they stood at the end of ``as_at`` when given (from the answers' history). One query."""
    order = {report_id: index for index, report_id in enumerate(received)}
    rows: list[tuple[Any, ...]]
    as_text = Cast("value", TextField())
    if as_at is None:
        rows = list(
            Answer.objects.filter(report_id__in=list(received))
            .annotate(value_text=as_text)
            .values_list(*FIELDS)
        )
    else:
        end = timezone.make_aware(dt.datetime.combine(as_at, dt.time.max))
        past = (
            Answer.history.filter(report_id__in=list(received), history_date__lte=end)
            .annotate(value_text=as_text)
            .order_by("id", "-history_date", "-history_id")
            .values_list(*FIELDS, "history_type")
        )
        latest: dict[int, tuple[Any, ...]] = {}
        for row in past:
            if row[0] not in latest:
                latest[row[0]] = row
        rows = [row[:-1] for row in latest.values() if row[-1] != "-"]
    rows.sort(key=lambda row: (order[row[1]], _item_order(row[3])))
    decoded = _decode([row[4] for row in rows])
    found: dict[int, list[Observation]] = defaultdict(list)
    for (answer_id, report_id, question_id, item, _text, other_text, file), value in zip(
        rows, decoded, strict=True
    ):
        if not _answered(value, file):
            continue
        country = received[report_id]
        origin = {"answer": answer_id, "report": report_id, "country": country}
        if item:
            origin["item"] = item
        found[question_id].append(
            Observation(answer_id, report_id, country, item, value, other_text, file, origin)
        )
    return found


def _item_order(item: str) -> tuple[int, str]:
    return (int(item), "") if item.isdigit() else (0, item)


class Conditions:
    """Whether a report asks a question (its and its sections' conditions), from the
    report's own answers; contexts are built only for questions that have conditions."""

    def __init__(
        self,
        questions: list[Question],
        sections: dict[int, Section],
        observations: dict[int, list[Observation]],
    ) -> None:
        self.questions = questions
        self.sections = sections
        self.chains = {
            q.pk: selectors.section_chain(sections[q.section_id], sections) for q in questions
        }
        self.conditional = {
            q.pk for q in questions if q.relevant or any(s.relevant for s in self.chains[q.pk])
        }
        self.answers: dict[int, dict[tuple[int, str], Any]] = defaultdict(dict)
        if self.conditional:
            for question_id, found in observations.items():
                for o in found:
                    self.answers[o.report][(question_id, o.item)] = o.value
        self.contexts: dict[ItemKey, dict[str, Any]] = {}

    def asked(self, question: Question, observation: Observation) -> bool:
        if question.pk not in self.conditional:
            return True
        key = (observation.report, observation.item)
        if key not in self.contexts:
            answers = self.answers[observation.report]
            context = {}
            for q in self.questions:
                value = answers.get((q.pk, observation.item), answers.get((q.pk, "")))
                context[q.name] = None if value is None else values.python_value(q, value)
            self.contexts[key] = context
        return selectors.is_asked(question, self.chains[question.pk], self.contexts[key])


# --- the questions' figures --------------------------------------------------------------------


def _repeat_items(cycle: ReportingCycle, section: Section | None) -> list[tuple[str, str]]:
    if section is None:
        return []
    if section.repeat_source == RepeatSource.SPECIES:
        return list(
            cycle.instrument.species.order_by("scientific_name").values_list(
                "slug", "scientific_name"
            )
        )
    if section.repeat_source == RepeatSource.CHOICES and section.repeat_choices is not None:
        return [
            (c.name, translated(c.label) or c.name) for c in section.repeat_choices.choices.all()
        ]
    return []


def free_item_labels(
    questions: list[Question],
    sections: dict[int, Section],
    observations: dict[int, list[Observation]],
) -> dict[ItemKey, str]:
    """(report, item) → the item's label in a freely repeated section: its first text answer
    (the name of the protected area), in question order."""
    labels: dict[ItemKey, str] = {}
    for question in questions:
        if question.type not in (QuestionType.TEXT, QuestionType.LONG_TEXT):
            continue
        repeated = selectors.repeated_ancestor(sections[question.section_id], sections)
        if repeated is None or repeated.repeat_source != RepeatSource.FREE:
            continue
        for o in observations.get(question.pk, []):
            labels.setdefault((o.report, o.item), str(o.value))
    return labels


def question_entries(
    cycle: ReportingCycle,
    questions: list[Question],
    sections: dict[int, Section],
    observations: dict[int, list[Observation]],
    *,
    tick: Callable[[], None] = lambda: None,
) -> dict[int, dict[str, Any]]:
    """Question id → its entry (see the module doc), for every question but notes."""
    conditions = Conditions(questions, sections, observations)
    labels = free_item_labels(questions, sections, observations)
    items_cache: dict[int, list[tuple[str, str]]] = {}
    entries: dict[int, dict[str, Any]] = {}
    for question in questions:
        tick()
        if not kind_of(question):
            continue
        found = [o for o in observations.get(question.pk, []) if conditions.asked(question, o)]
        repeated = selectors.repeated_ancestor(sections[question.section_id], sections)
        repeat = repeated.repeat_source if repeated is not None else ""
        entry: dict[str, Any] = {
            "id": question.pk,
            "name": question.name,
            "number": question.number,
            "label": translated(question.label) or question.name,
            "type": question.type,
            "kind": kind_of(question),
            "unit": question.unit,
            "lineage": question.lineage,
            "repeat": repeat,
        }
        if repeat in (RepeatSource.SPECIES, RepeatSource.CHOICES):
            assert repeated is not None
            if repeated.pk not in items_cache:
                items_cache[repeated.pk] = _repeat_items(cycle, repeated)
            known = items_cache[repeated.pk]
            by_item: dict[str, list[Observation]] = defaultdict(list)
            for o in found:
                by_item[o.item].append(o)
            listed = dict(known)
            for item in by_item:
                listed.setdefault(item, item)  # an item no longer in the list still shows
            entry["items"] = [
                {"item": item, "label": label, "figure": figure(question, by_item.get(item, []))}
                for item, label in listed.items()
            ]
        elif repeat == RepeatSource.FREE:
            entry["entries"] = [
                {
                    "label": labels.get((o.report, o.item)) or _("Item %(n)s") % {"n": o.item},
                    "text": values.display_value(question, o.value, other_text=o.other_text)
                    or o.file,
                    **source(o),
                }
                for o in found
            ]
            entry["figure"] = (
                figure(question, found) if entry["kind"] not in ("texts", "files") else None
            )
        else:
            entry["figure"] = figure(question, found)
        entries[question.pk] = entry
    return entries


def _format_parts(
    cycle: ReportingCycle,
) -> tuple[list[selectors.SectionNode], list[Question], dict[int, Section]]:
    tree = selectors.format_tree(cycle.format)
    nodes = [node for root in tree for node in root.walk()]
    questions = [q for node in nodes for q in node.questions]
    sections = {node.section.pk: node.section for node in nodes}
    return nodes, questions, sections


def attach_previous(entry: dict[str, Any], previous: dict[str, Any] | None) -> None:
    """Set the previous cycle's figures beside the current ones (per item where repeated)."""
    if previous is None:
        entry["previous"] = None
        return
    entry["previous"] = comparable(previous.get("figure"))
    entry["previous_name"] = previous["name"]  # the anchor on the earlier report's page
    if "items" in entry:
        earlier = {i["item"]: i["figure"] for i in previous.get("items", [])}
        for item in entry["items"]:
            item["previous"] = comparable(earlier.get(item["item"]))


# --- the overview ------------------------------------------------------------------------------


def compile_overview(
    cycle: ReportingCycle, *, as_at: dt.date | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """The overview of ``cycle`` as at the end of ``as_at`` (now by default): see the module
    doc. ``progress(done, total)`` is called as questions are compiled."""
    status, received = reporting_status(cycle, as_at)
    nodes, questions, sections = _format_parts(cycle)
    observations = load_observations(received, as_at)

    earlier = selectors.previous_cycle(cycle)
    lineages = {q.lineage for q in questions}
    previous_questions: list[Question] = []
    if earlier is not None:
        _p_nodes, previous_all, previous_sections = _format_parts(earlier)
        previous_questions = [q for q in previous_all if q.lineage in lineages]

    total = len(questions) + len(previous_questions)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    entries = question_entries(cycle, questions, sections, observations, tick=tick)
    previous_data = None
    if earlier is not None:
        previous_status, previous_received = reporting_status(earlier, as_at)
        previous_observations = load_observations(previous_received, as_at)
        previous_entries = question_entries(
            earlier, previous_all, previous_sections, previous_observations, tick=tick
        )
        by_lineage = {e["lineage"]: e for e in previous_entries.values()}
        for entry in entries.values():
            attach_previous(entry, by_lineage.get(entry["lineage"]))
        previous_data = {
            "id": earlier.pk,
            "name": str(earlier.name),
            "summary": previous_status["summary"],
            "received": list(previous_received.values()),
        }
    else:
        for entry in entries.values():
            attach_previous(entry, None)
    if progress is not None:
        progress(total, total)

    return {
        "cycle": {
            "id": cycle.pk,
            "name": cycle.name,
            "instrument": cycle.instrument.code,
            "instrument_name": cycle.instrument.short_name,
            "format": cycle.format.title,
            "format_version": cycle.format.version,
            "deadline": cycle.deadline.isoformat(),
            "period_start": cycle.period_start.isoformat(),
            "period_end": cycle.period_end.isoformat(),
        },
        "as_at": as_at.isoformat() if as_at else None,
        "compiled_at": timezone.now().isoformat(),
        "status": status,
        "previous": previous_data,
        "totals": {
            "questions": len(entries),
            "reports": len(received),
            "answers": sum(len(found) for found in observations.values()),
        },
        "sections": [
            {
                "id": node.section.pk,
                "name": node.section.name,
                "number": node.section.number,
                "title": translated(node.section.title) or node.section.name,
                "depth": node.depth,
                "repeat": node.section.repeat_source,
                "questions": [entries[q.pk] for q in node.questions if q.pk in entries],
            }
            for node in nodes
        ],
    }
