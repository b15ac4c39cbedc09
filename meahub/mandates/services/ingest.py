"""Mandates from the text: created, and brought up to date, when a resolution or decision
is ingested (step 1 of the lifecycle in ``meahub.mandates.services``)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from meahub.core.audit import delete_attributed, save_validated
from meahub.documents.enums import Section
from meahub.documents.models import Document, Paragraph, ParagraphVerb
from meahub.documents.services import CONSOLE_REASON
from meahub.instruments.enums import InstrumentKind
from meahub.mandates.enums import (
    ACTION_VERBS,
    MandateStatus,
    ObligationStatus,
    ReportTo,
    ReviewReason,
)
from meahub.mandates.models import Mandate, ReportingObligation
from meahub.mandates.rules import MandateReading, MeetingRef, read_mandate
from meahub.meetings.models import Meeting
from meahub.permissions.mandates import can_edit_mandates_of

# What the text decides; everything else on a mandate is tracked by staff.
TEXT_FIELDS = ("verb", "action", "timing", "due_text", "due_date", "due_meeting", "report_to")
# How alike (word sequence ratio) a mandate's action must be to the one of a renumbered
# paragraph to be taken for the same mandate.
RENUMBERED_SIMILARITY = 0.8


def history_user(by: Any) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def change_reason(by: Any) -> str:
    return "" if by is not None else CONSOLE_REASON


def validate_rows(rows: Iterable[Mandate | ReportingObligation]) -> None:
    """Field validation (lengths, choices) and ``clean()`` without a query per row: the keys
    are unique by construction and the related rows were just read (validating a foreign
    key costs a query)."""
    for row in rows:
        relations = [f.name for f in row._meta.concrete_fields if f.many_to_one]
        row.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def update_rows(rows: Sequence[Mandate], fields: Sequence[str], *, by: Any) -> None:
    """Save ``fields`` of mandates already validated, with one "changed" history row each
    attributed to ``by``: one UPDATE per set of equal values (carry-over sets the same status
    and review on many rows), which is several times faster than ``bulk_update``'s CASE
    expressions for the few dozen rows of a resolution."""
    if not rows:
        return
    attnames = [Mandate._meta.get_field(name).attname for name in fields]  # type: ignore[union-attr]
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for row in rows:
        groups[tuple(getattr(row, name) for name in attnames)].append(row.pk)
    for values, ids in groups.items():
        Mandate.objects.filter(pk__in=ids).update(**dict(zip(attnames, values, strict=True)))
    Mandate.history.bulk_history_create(
        list(rows),
        update=True,
        default_user=history_user(by),
        default_change_reason=change_reason(by),
    )


def issuing_body(document: Document) -> str:
    """The kind of meeting that adopted the text ("its next meeting"): the document's meeting
    when it is a COP, MOP, StC or Scientific Council meeting; else the Meeting of the
    Signatories or Parties for an MOU or Agreement, the COP otherwise."""
    meeting = document.meeting
    if meeting is not None and meeting.kind in ReportTo.values and meeting.kind:
        return str(meeting.kind)
    instrument = document.instrument
    if instrument is not None and instrument.kind in (InstrumentKind.MOU, InstrumentKind.AGREEMENT):
        return ReportTo.MOP
    return ReportTo.COP


def adopted_on(document: Document) -> dt.date | None:
    """When the text was adopted: its date, else the last day of its meeting."""
    if document.date:
        return document.date
    meeting = document.meeting
    return (meeting.ends_on or meeting.starts_on) if meeting is not None else None


class MeetingFinder:
    """The meetings of a document's instrument (and of its parent), read once when a
    mandate first names one, to resolve "the next meeting of the COP" or "COP15"."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.after = adopted_on(document)
        self._meetings: list[Meeting] | None = None

    @property
    def meetings(self) -> list[Meeting]:
        if self._meetings is None:
            instrument = self.document.instrument
            if instrument is None:
                rows = Meeting.objects.filter(instrument__isnull=True)
            else:
                family = [instrument.pk, *([instrument.parent_id] if instrument.parent_id else [])]
                rows = Meeting.objects.filter(instrument__in=family)
            self._meetings = list(rows.exclude(starts_on=None).order_by("starts_on", "pk"))
        return self._meetings

    def find(self, ref: MeetingRef | None) -> Meeting | None:
        """The meeting ``ref`` names: by number ("15th", "COP15") in its name or slug, or the
        first of its kind after the document was adopted; None when not held here."""
        if ref is None:
            return None
        of_kind = [m for m in self.meetings if m.kind == ref.kind]
        if ref.number is not None:
            number = re.compile(
                rf"\b{ref.number}(?:st|nd|rd|th)\b|\b{ref.kind}[\s-]?{ref.number}\b", re.I
            )
            return next((m for m in of_kind if number.search(f"{m.name} {m.slug}")), None)
        return self.next_of_kind(ref.kind)

    def next_of_kind(self, kind: str) -> Meeting | None:
        if self.after is None or not kind:
            return None
        return next(
            (
                m
                for m in self.meetings
                if m.kind == kind
                and m.starts_on is not None
                and m.starts_on > self.after
                and m.pk != self.document.meeting_id
            ),
            None,
        )


@dataclass(frozen=True)
class _Wanted:
    """A mandate the text asks for, before it is matched to a row."""

    paragraph: Paragraph
    verb_index: int
    actor_id: int
    verb: str
    reading: MandateReading
    due_meeting: Meeting | None

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.paragraph.pk, self.verb_index, self.actor_id)

    def text_values(self) -> dict[str, Any]:
        due_date = self.reading.due_date
        if due_date is None and self.due_meeting is not None:
            due_date = self.due_meeting.starts_on
        return {
            "verb": self.verb[:60],
            "action": self.reading.action,
            "timing": self.reading.timing,
            "due_text": self.reading.due_text[:200],
            "due_date": due_date,
            "due_meeting": self.due_meeting,
            "report_to": self.reading.report_to,
        }


def _wanted_mandates(document: Document, meetings: MeetingFinder) -> list[_Wanted]:
    """What the operative paragraphs ask, read with ``rules.read_mandate``."""
    paragraphs = {
        p.pk: p for p in document.paragraphs.filter(section=Section.OPERATIVE).order_by("position")
    }
    rows = ParagraphVerb.objects.filter(paragraph__in=list(paragraphs)).values_list(
        "paragraph_id", "verb_index", "verb", "actor_id", "actor__name"
    )
    verbs: dict[int, dict[int, str]] = defaultdict(dict)
    actors: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    names: dict[int, str] = {}
    for paragraph_id, verb_index, verb, actor_id, actor_name in rows.order_by(
        "paragraph_id", "verb_index", "actor_index"
    ):
        verbs[paragraph_id][verb_index] = verb
        if actor_id is not None and actor_id not in actors[paragraph_id][verb_index]:
            actors[paragraph_id][verb_index].append(actor_id)
            names[actor_id] = actor_name
    body, adopted = issuing_body(document), adopted_on(document)
    wanted: list[_Wanted] = []
    for paragraph_id, paragraph in paragraphs.items():
        verb_list = [verb for _, verb in sorted(verbs.get(paragraph_id, {}).items())]
        subitems = [(item.get("label", ""), item.get("text", "")) for item in paragraph.subitems]
        for verb_index, verb in enumerate(verb_list):
            if verb not in ACTION_VERBS:
                continue
            for actor_id in actors[paragraph_id].get(verb_index, []):
                reading = read_mandate(
                    paragraph.text,
                    subitems,
                    verb_list,
                    verb_index,
                    names[actor_id],
                    body=body,
                    adopted=adopted,
                )
                wanted.append(
                    _Wanted(
                        paragraph=paragraph,
                        verb_index=verb_index,
                        actor_id=actor_id,
                        verb=verb,
                        reading=reading,
                        due_meeting=meetings.find(reading.due_meeting),
                    )
                )
    return wanted


def _same_words(first: str, second: str) -> bool:
    """Whether two actions say the same, give or take a few words (a renumbered paragraph
    whose wording was touched up in the same edit)."""
    a, b = first.lower().split(), second.lower().split()
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= RENUMBERED_SIMILARITY and matcher.ratio() >= (
        RENUMBERED_SIMILARITY
    )


def _match_rows(
    wanted: Sequence[_Wanted], existing: Sequence[Mandate]
) -> tuple[dict[tuple[int, int, int], Mandate], set[int], list[Mandate]]:
    """Which existing row each wanted mandate is: (wanted key -> row, ids of rows that moved
    to another verb position or paragraph, rows left over).

    1. by key (paragraph, verb position, actor);
    2. on the same paragraph, by verb and actor (a verb inserted before it moved it);
    3. anywhere in the document, by verb, actor and wording (a paragraph inserted or removed
       before it renumbered it, so its anchor now names another paragraph).

    The key a row moves to is in the text and was not matched in step 1, so no other row
    holds it. Retired rows are only found by key: a text that asks again what was retired
    does not reopen it without a person.
    """
    by_key = {(m.paragraph_id, m.verb_index, m.actor_id): m for m in existing if m.paragraph_id}
    matched: dict[tuple[int, int, int], Mandate] = {}
    for want in wanted:
        if want.key in by_key:
            matched[want.key] = by_key.pop(want.key)
    leftovers = [m for m in by_key.values() if m.status != MandateStatus.RETIRED]
    leftovers += [
        m for m in existing if m.paragraph_id is None and m.status != MandateStatus.RETIRED
    ]
    moved: set[int] = set()
    steps = (
        lambda want, row: row.paragraph_id == want.paragraph.pk,
        lambda want, row: _same_words(row.action, want.reading.action),
    )
    for same_place in steps:
        for want in wanted:
            if want.key in matched:
                continue
            for row in leftovers:
                if (
                    row.actor_id == want.actor_id
                    and row.verb == want.verb
                    and same_place(want, row)
                ):
                    row.paragraph = want.paragraph
                    row.verb_index = want.verb_index
                    matched[want.key] = row
                    moved.add(row.pk)
                    leftovers.remove(row)
                    break
    retired_left = [m for m in by_key.values() if m.status == MandateStatus.RETIRED]
    return matched, moved, [*leftovers, *retired_left]


def sync_mandates(document: Document, *, by: Any) -> list[Mandate]:
    """Create, or bring up to date, the mandates of a held resolution or decision.

    Returns the document's mandates that its text asks for now, in paragraph order. Other
    documents (placeholders, working documents, reports) get none and are left alone. A row
    is found as ``_match_rows`` says (by key; by verb and actor when a verb or paragraph
    inserted before it moved it), else created *not started*. Found rows
    get the text's reading (action, timing, deadline, body reported to) and keep what staff
    track (status, owner, notes, evidence; a theme once set). Mandates the text no longer
    asks for are retired with a note. Raises PermissionDenied for a user who may not edit the
    mandates of the document's instrument.
    """
    if document.is_placeholder or not document.is_decision_text:
        return []
    if by is not None and not can_edit_mandates_of(by, document.instrument):
        raise PermissionDenied
    meetings = MeetingFinder(document)
    wanted = _wanted_mandates(document, meetings)
    existing = list(
        Mandate.objects.filter(document=document).select_related("paragraph").order_by()
    )
    matched, moved, leftovers = _match_rows(wanted, existing)

    theme_default = (document.title or "")[:200]
    created: list[Mandate] = []
    changed: list[Mandate] = []
    result: list[Mandate] = []
    for want in wanted:
        values = want.text_values()
        found = matched.get(want.key)
        if found is None:
            mandate = Mandate(
                document=document,
                paragraph=want.paragraph,
                instrument=document.instrument,
                actor_id=want.actor_id,
                verb_index=want.verb_index,
                theme=(want.paragraph.heading or theme_default)[:200],
                status=MandateStatus.NOT_STARTED,
                **values,
            )
            created.append(mandate)
        else:
            mandate = found
            before = (mandate.verb_index, *(getattr(mandate, f) for f in TEXT_FIELDS))
            for name, value in values.items():
                setattr(mandate, name, value)
            mandate.instrument = document.instrument
            mandate.theme = mandate.theme or (want.paragraph.heading or theme_default)[:200]
            after = (mandate.verb_index, *(getattr(mandate, f) for f in TEXT_FIELDS))
            if mandate.pk in moved or before != after:
                changed.append(mandate)
        result.append(mandate)

    retired = [m for m in leftovers if m.status != MandateStatus.RETIRED]
    today = timezone.localdate().isoformat()
    for mandate in retired:
        where = f"¶{mandate.paragraph.label}" if mandate.paragraph else "its paragraph"
        note = (
            f"Retired on {today}: the text of {document.key} ingested again no longer asks "
            f"this ({where}, {mandate.verb})."
        )
        mandate.notes = f"{mandate.notes}\n\n{note}".strip()
        mandate.status = MandateStatus.RETIRED
        mandate.review = ReviewReason.NONE

    validate_rows([*created, *changed, *retired])
    user, reason = history_user(by), change_reason(by)
    if created:
        bulk_create_with_history(created, Mandate, default_user=user, default_change_reason=reason)
    update_rows(changed, ["paragraph", "verb_index", "instrument", "theme", *TEXT_FIELDS], by=by)
    update_rows(retired, ["status", "notes", "review"], by=by)
    if existing or any(want.reading.obligation for want in wanted):
        _propose_obligations(document, wanted, result, retired, meetings, by=by)
    return result


def _obligation_next_due(
    want: _Wanted, meetings: MeetingFinder, report_to: str, days: int | None
) -> dt.date | None:
    """When the first report is due: before the meeting it goes to, else the deadline."""
    meeting = want.due_meeting if want.due_meeting and want.due_meeting.kind == report_to else None
    meeting = meeting or meetings.next_of_kind(report_to)
    if meeting is not None and meeting.starts_on is not None:
        return meeting.starts_on - dt.timedelta(days=days or 0)
    return want.reading.due_date


def _propose_obligations(
    document: Document,
    wanted: Sequence[_Wanted],
    mandates: Sequence[Mandate],
    retired: Sequence[Mandate],
    meetings: MeetingFinder,
    *,
    by: Any,
) -> None:
    """One *proposed* reporting obligation per mandate whose text sets one; a proposal the
    text no longer supports goes (a confirmed or rejected one is a person's and stays)."""
    held = {o.mandate_id: o for o in ReportingObligation.objects.filter(mandate__document=document)}
    created: list[ReportingObligation] = []
    for want, mandate in zip(wanted, mandates, strict=True):
        proposal = want.reading.obligation
        obligation = held.pop(mandate.pk, None)
        if proposal is None:
            if obligation is not None and obligation.status == ObligationStatus.PROPOSED:
                delete_attributed(obligation, by=by, reason=change_reason(by))
            continue
        values = {
            "subject": proposal.subject[:300] or mandate.action[:300],
            "every_meeting": proposal.every_meeting,
            "frequency_months": proposal.frequency_months,
            "report_to": proposal.report_to,
            "days_before_meeting": proposal.days_before_meeting,
            "next_due": _obligation_next_due(
                want, meetings, proposal.report_to, proposal.days_before_meeting
            ),
        }
        if obligation is None:
            created.append(
                ReportingObligation(
                    mandate=mandate,
                    instrument=document.instrument,
                    reporter_id=want.actor_id,
                    status=ObligationStatus.PROPOSED,
                    **values,
                )
            )
        elif obligation.status == ObligationStatus.PROPOSED and any(
            getattr(obligation, name) != value for name, value in values.items()
        ):
            for name, value in values.items():
                setattr(obligation, name, value)
            save_validated(obligation, by=by, reason=change_reason(by))
    retired_ids = {m.pk for m in retired}
    for mandate_id, obligation in held.items():
        if mandate_id in retired_ids and obligation.status == ObligationStatus.PROPOSED:
            delete_attributed(obligation, by=by, reason=change_reason(by))
    if created:
        validate_rows(created)
        bulk_create_with_history(
            created,
            ReportingObligation,
            default_user=history_user(by),
            default_change_reason=change_reason(by),
        )
