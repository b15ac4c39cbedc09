"""The Secretariat's progress report on its mandates to a meeting: drafted from the tracker,
edited in the browser, exported as DOCX and PDF.

The shape is the one the Secretariat writes by hand: a heading (symbol, date, "Prepared by the
Secretariat"), a title, a summary, sections by theme with numbered paragraphs saying what was
done on each mandate and where it is written down, and "Action requested" of the meeting.

A draft (``draft_progress_report``) covers the mandates of the instrument and of the
instruments under it (its family) that are open, or that changed since the last meeting:
the previous meeting of the same instrument and kind (any kind when there is none of the
same), or every mandate not superseded when there was no earlier meeting. A superseded
mandate is left out: the version that carries it on speaks for it. Each mandate gives one
entry, prefilled from what the text asks, its status, the notes and the evidence; staff then
rewrite it (``update_progress_entry``), and the summary and action requested
(``update_progress_report``). Every write checks that ``by`` may edit the mandates of the
report's instrument, validates and is attributed in the history.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.utils import bulk_create_with_history

from meahub.core.audit import save_validated
from meahub.core.pdf import html_to_pdf
from meahub.instruments.models import Instrument
from meahub.mandates.enums import OPEN_STATUSES, EvidenceKind, MandateStatus
from meahub.mandates.models import Evidence, Mandate, ProgressEntry, ProgressReport
from meahub.meetings.enums import MeetingKind
from meahub.meetings.models import Meeting
from meahub.permissions.mandates import can_edit_mandates_of

PREPARED_BY = "Prepared by the Secretariat"
NO_THEME = "Other mandates"
REPORT_FIELDS = ("symbol", "title", "date", "summary", "action_requested")

STATUS_SENTENCES = {
    MandateStatus.NOT_STARTED: "Work on it has not started yet.",
    MandateStatus.IN_PROGRESS: "Work on it is in progress.",
    MandateStatus.DONE: "It has been carried out.",
    MandateStatus.ONGOING: "It is a standing task, and the work continues.",
    MandateStatus.SUPERSEDED: "A later version of the text has taken it over.",
    MandateStatus.RETIRED: "It is no longer pursued.",
}
# A mandate whose text asks in the passive ("the Secretariat is requested to").
PASSIVE_ASK = re.compile(
    r"\b(?:is|are)\s+(?:\w+\s+)?"
    r"(?:requested|invited|encouraged|urged|instructed|directed|called upon)\b",
    re.IGNORECASE,
)
# How the action requested names the body that meets ("The Standing Committee is invited").
BODY_NAMES = {
    MeetingKind.COP: "Conference of the Parties",
    MeetingKind.MOP: "Meeting of the Signatories",
    MeetingKind.STANDING_COMMITTEE: "Standing Committee",
    MeetingKind.SCIENTIFIC: "Scientific Council",
}


# --- what goes in the report ----------------------------------------------------------------


def family_ids(instrument: Instrument) -> list[int]:
    """The instrument and every instrument under it (children, their children...)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Instrument.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found = [instrument.pk]
    queue = [instrument.pk]
    while queue:
        for child in children.get(queue.pop(), []):
            if child not in found:
                found.append(child)
                queue.append(child)
    return found


def previous_meeting(instrument: Instrument, meeting: Meeting) -> Meeting | None:
    """The meeting before ``meeting`` that the report reports since: the last earlier one of
    the same instrument and kind, else the last earlier one of the instrument."""
    if meeting.starts_on is None:
        return None
    owner = meeting.instrument_id or instrument.pk
    earlier = Meeting.objects.filter(instrument=owner, starts_on__lt=meeting.starts_on).order_by(
        "-starts_on", "-pk"
    )
    return earlier.filter(kind=meeting.kind).first() or earlier.first()


def reported_mandates(instrument: Instrument, *, since: dt.date | None) -> QuerySet[Mandate]:
    """The mandates a report to a meeting covers (see the module doc), in resolution and
    paragraph order, with their resolution, paragraph, actor and evidence loaded."""
    mandates = Mandate.objects.filter(instrument__in=family_ids(instrument)).exclude(
        status=MandateStatus.SUPERSEDED
    )
    if since is not None:
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
        changed = Mandate.history.filter(history_date__gte=start).values("id")
        evidenced = Evidence.objects.filter(added_at__gte=start).values("mandate")
        mandates = mandates.filter(
            Q(status__in=OPEN_STATUSES) | Q(pk__in=changed) | Q(pk__in=evidenced)
        )
    return mandates.select_related("document", "paragraph", "actor").prefetch_related(
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related("document", "paragraph").order_by(
                "added_at", "pk"
            ),
        )
    )


def mandate_reference(mandate: Mandate) -> str:
    """How the report cites a mandate's source: "Resolution 40.2, paragraph 1"."""
    if mandate.paragraph is None:
        return mandate.document.key
    paragraph = mandate.paragraph
    if paragraph.number:
        return f"{mandate.document.key}, paragraph {paragraph.number}"
    return f"{mandate.document.key}, {paragraph.anchor}"


def evidence_reference(evidence: Evidence) -> str:
    """Where an evidence is written down: a document's symbol (and paragraph), or the link."""
    if evidence.kind == EvidenceKind.PARAGRAPH and evidence.paragraph is not None:
        symbol = evidence.document.symbol if evidence.document else ""
        return f"{symbol}, paragraph {evidence.paragraph.label}".strip(", ")
    if evidence.document is not None:
        return evidence.document.symbol
    if evidence.url:
        return evidence.url
    return evidence.note.strip()


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(";,: ")
    if text and text[-1] not in ".!?":
        text += "."
    return text


def entry_text(mandate: Mandate) -> str:
    """The prefilled paragraph of a mandate: what its text asks, its status, the notes and
    the evidence with their references (``mandate.evidence`` prefetched)."""
    action = " ".join(mandate.action.split())
    reference = mandate_reference(mandate)
    if PASSIVE_ASK.search(action[:300]):
        # "the Secretariat is requested to ...": the reference cannot be its subject.
        opening = f"Under {reference}, {action[:1].lower()}{action[1:]}"
    else:
        opening = f"{reference} {action[:1].lower()}{action[1:]}"
    parts = [_sentence(opening.strip())]
    parts.append(STATUS_SENTENCES.get(MandateStatus(mandate.status), ""))
    if mandate.notes.strip():
        parts.append(_sentence(mandate.notes))
    references = [evidence_reference(e) for e in mandate.evidence.all()]
    references = [r for r in dict.fromkeys(references) if r]
    if references:
        parts.append(_sentence("See " + "; ".join(references)))
    return " ".join(part for part in parts if part)


def _body_name(meeting: Meeting) -> str:
    return BODY_NAMES.get(MeetingKind(meeting.kind), "meeting") if meeting.kind else "meeting"


def summary_text(
    instrument: Instrument, meeting: Meeting, since: Meeting | None, mandates: list[Mandate]
) -> str:
    counts = Counter(m.status for m in mandates)
    by_status = ", ".join(
        f"{counts[value]} {label}" for value, label in MandateStatus.choices if counts[value]
    )
    themes = len({m.theme or NO_THEME for m in mandates})
    period = f"since the {since.name}" if since is not None else "to date"
    return (
        f"This document sets out the progress made {period} on the mandates that the "
        f"resolutions and decisions of {instrument.short_name} give, for the {meeting.name}. "
        f"It covers {len(mandates)} mandates that are open or changed in that period "
        f"({by_status or 'none'}), grouped in {themes} themes, with the documents where the "
        f"work is recorded."
    )


def action_requested_text(meeting: Meeting, mandates: list[Mandate]) -> str:
    lines = [
        f"The {_body_name(meeting)} is invited to:",
        "(a) take note of the present report;",
    ]
    waiting = sum(1 for m in mandates if m.status == MandateStatus.NOT_STARTED)
    if waiting:
        lines.append(
            f"(b) provide guidance on the {waiting} mandates on which work has not started."
        )
    else:
        lines.append("(b) provide guidance on the work ahead.")
    return "\n".join(lines)


def _theme_order(mandates: list[Mandate]) -> list[str]:
    return list(dict.fromkeys(m.theme.strip() or NO_THEME for m in mandates))


# --- writes ---------------------------------------------------------------------------------


@transaction.atomic
def draft_progress_report(
    *, instrument: Instrument, meeting: Meeting, by: Any, symbol: str = "", title: str = ""
) -> ProgressReport:
    """Create a draft progress report of ``instrument`` to ``meeting``: summary, one entry
    per mandate covered (see the module doc), grouped by theme in the order their first
    mandate appears, and the action requested. Raises PermissionDenied unless ``by`` may
    edit the instrument's mandates, ValidationError naming the field for a bad symbol or
    title (nothing is written then)."""
    if not can_edit_mandates_of(by, instrument):
        raise PermissionDenied
    since = previous_meeting(instrument, meeting)
    mandates = list(
        reported_mandates(instrument, since=since.starts_on if since is not None else None)
    )
    report = ProgressReport(
        instrument=instrument,
        meeting=meeting,
        symbol=symbol.strip(),
        title=title.strip() or f"Progress on the mandates of {instrument.short_name}",
        date=timezone.localdate(),
        summary=summary_text(instrument, meeting, since, mandates),
        action_requested=action_requested_text(meeting, mandates),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    save_validated(report, by=by)
    order = {theme: index for index, theme in enumerate(_theme_order(mandates))}
    ranked = sorted(
        enumerate(mandates), key=lambda pair: (order[pair[1].theme.strip() or NO_THEME], pair[0])
    )
    entries = [
        ProgressEntry(
            report=report,
            mandate=mandate,
            theme=mandate.theme.strip() or NO_THEME,
            position=position,
            text=entry_text(mandate),
        )
        for position, (_, mandate) in enumerate(ranked, start=1)
    ]
    for entry in entries:
        entry.full_clean(exclude=["report"])
    # One insert for all the entries (200 of them must export in seconds, and draft as fast);
    # their "created" history rows name the author.
    bulk_create_with_history(
        entries,
        ProgressEntry,
        default_user=by if getattr(by, "is_authenticated", False) else None,
    )
    return report


@transaction.atomic
def update_progress_report(*, report: ProgressReport, by: Any, **fields: Any) -> ProgressReport:
    """Change a draft's symbol, title, date, summary or action requested. Refuses another
    field (ValidationError) and a user who may not edit the instrument's mandates."""
    if not can_edit_mandates_of(by, report.instrument):
        raise PermissionDenied
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    for name, value in fields.items():
        setattr(report, name, value)
    return save_validated(report, by=by)


@transaction.atomic
def update_progress_entry(*, entry: ProgressEntry, by: Any, text: str) -> ProgressEntry:
    """Rewrite what a report says about one mandate (never empty)."""
    if not can_edit_mandates_of(by, entry.report.instrument):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": "Say what was done on this mandate."})
    entry.text = text.strip()
    return save_validated(entry, by=by)


# --- reading a report -----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportEntry:
    entry: ProgressEntry
    number: int
    reference: str


@dataclass(frozen=True)
class ReportSection:
    theme: str
    entries: list[ReportEntry]


def report_sections(report: ProgressReport) -> list[ReportSection]:
    """The report's entries by theme, numbered through the report (one query)."""
    rows = report.entries.select_related("mandate__document", "mandate__paragraph").order_by(
        "position", "pk"
    )
    sections: list[ReportSection] = []
    for number, entry in enumerate(rows, start=1):
        theme = entry.theme or NO_THEME
        if not sections or sections[-1].theme != theme:
            sections.append(ReportSection(theme=theme, entries=[]))
        reference = mandate_reference(entry.mandate) if entry.mandate is not None else ""
        sections[-1].entries.append(ReportEntry(entry=entry, number=number, reference=reference))
    return sections


def with_reference(item: ReportEntry) -> str:
    """The entry's text, with its mandate's reference added when an edit took it out."""
    text = item.entry.text.strip()
    if item.reference and item.reference.split(",")[0] not in text:
        return f"{text} ({item.reference})"
    return text


def report_date(report: ProgressReport) -> str:
    return date_format(report.date or report.created_at.date(), "j F Y")


# --- exports --------------------------------------------------------------------------------


def progress_report_docx(report: ProgressReport) -> bytes:
    """The report as a Word document: the heading (symbol, date, original language), the
    meeting, the title and "Prepared by the Secretariat", the summary in a box, the themed
    sections with numbered paragraphs, and the action requested."""
    from docx import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = WordDocument()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    heading.add_run(report.symbol or "(symbol to be assigned)").bold = True
    heading.add_run(f"\n{report_date(report)}\nOriginal: English")

    meeting = document.add_paragraph(report.meeting.name)
    meeting.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.meeting.place or report.meeting.starts_on:
        when = date_format(report.meeting.starts_on, "j F Y") if report.meeting.starts_on else ""
        where = ", ".join(part for part in (report.meeting.place, when) if part)
        meeting.add_run(f"\n{where}")

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_run = title.add_run(report.title.upper())
    title_run.bold = True
    title_run.font.size = Pt(13)
    prepared = document.add_paragraph(f"({PREPARED_BY})")
    prepared.alignment = WD_ALIGN_PARAGRAPH.CENTER

    box = document.add_table(rows=1, cols=1)
    box.style = document.styles["Table Grid"]
    cell = box.cell(0, 0)
    cell.paragraphs[0].add_run("Summary").bold = True
    for part in report.summary.split("\n\n"):
        if part.strip():
            cell.add_paragraph(" ".join(part.split()))

    for section in report_sections(report):
        document.add_heading(section.theme, level=2)
        for item in section.entries:
            paragraph = document.add_paragraph(f"{item.number}.\t{with_reference(item)}")
            paragraph.paragraph_format.space_after = Pt(6)

    document.add_heading("Action requested", level=2)
    for line in report.action_requested.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def progress_report_pdf(report: ProgressReport) -> bytes:
    """The report as a PDF, from the ``mandates/report_print.html`` template; raises
    PdfUnavailable with what is missing when WeasyPrint cannot run."""
    html = render_to_string(
        "mandates/report_print.html",
        {
            "report": report,
            "sections": [
                (section.theme, [(item.number, with_reference(item)) for item in section.entries])
                for section in report_sections(report)
            ],
            "date": report_date(report),
            "prepared_by": PREPARED_BY,
        },
    )
    return html_to_pdf(html, stylesheet="mandates/report_print.css")
