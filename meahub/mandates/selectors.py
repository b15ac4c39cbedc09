"""Reads of mandates for pages, the API and the command line.

Every read that takes the acting user returns only what that user may see
(``permissions.mandates``: staff everything, everyone else the mandates of published
resolutions and decisions). Lists load their related rows (``select_related``) so that a
page of mandates costs the same few queries whatever its length; the dashboard is a handful
of aggregate queries, whatever the number of mandates.

"Due at the next meeting" (dashboard): for each instrument, its next meeting is the first of
its own meetings starting today or later. An open mandate of the instrument is due there when
its ``due_meeting`` is that meeting, or when it names no meeting and reports to the kind of
body that meets next (a standing "report to each meeting of the Standing Committee" is due at
the next Standing Committee). "Overdue": open with a due date before today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from meahub.documents.models import Actor, Document, Paragraph, Supersession
from meahub.instruments.models import Instrument
from meahub.mandates.enums import OPEN_STATUSES, MandateStatus, ReviewReason, SuggestionStatus
from meahub.mandates.models import Evidence, EvidenceSuggestion, Mandate, ReportingObligation
from meahub.meetings.models import Meeting
from meahub.permissions.mandates import (
    can_edit_mandate,
    can_see_internal_notes,
    mandates_visible_to,
    obligations_visible_to,
)
from meahub.permissions.roles import AnyUser

# ``status`` filter value for all open statuses (not started, in progress, ongoing).
OPEN = "open"
# A chain of versions longer than this is cut (a guard against a corrupted chain).
MAX_CHAIN = 50
LIST_RELATED = ("document", "actor", "paragraph", "instrument", "due_meeting")


# --- lookups by name ------------------------------------------------------------------------


def actor_named(name: str) -> Actor | None:
    """The actor with this name or slug, case-insensitive ("parties", "Secretariat")."""
    name = name.strip()
    return (
        Actor.objects.filter(name__iexact=name).first()
        or Actor.objects.filter(slug__iexact=name).first()
    )


def resolution_named(user: AnyUser, key: str) -> Document | None:
    """The held resolution or decision the user may see, by citation key ("Resolution 11.10
    (Rev.COP14)") or symbol; None when there is none."""
    key = " ".join(key.split())
    visible = mandates_visible_to(user).values("document")
    documents = Document.objects.filter(pk__in=visible)
    return documents.filter(key__iexact=key).first() or documents.filter(symbol__iexact=key).first()


def status_choices() -> list[str]:
    """The values the ``status`` filter takes: each status, and ``open``."""
    return [*MandateStatus.values, OPEN]


# --- lists ----------------------------------------------------------------------------------


def mandate_list(
    user: AnyUser,
    *,
    actor: Actor | None = None,
    status: str | None = None,
    instrument: Instrument | None = None,
    resolution: Document | None = None,
    q: str | None = None,
    overdue: bool | None = None,
    today: dt.date | None = None,
) -> QuerySet[Mandate]:
    """The mandates the user may see, narrowed by each filter given (see
    ``narrow_mandates``), in resolution and paragraph order, with document, actor,
    paragraph, instrument and due meeting loaded. Staff's search also looks in the notes."""
    return narrow_mandates(
        mandates_visible_to(user).select_related(*LIST_RELATED),
        actor=actor,
        status=status,
        instrument=instrument,
        resolution=resolution,
        q=q,
        overdue=overdue,
        today=today,
        search_notes=can_see_internal_notes(user),
    )


def narrow_mandates(
    mandates: QuerySet[Mandate],
    *,
    actor: Actor | None = None,
    status: str | None = None,
    instrument: Instrument | None = None,
    resolution: Document | None = None,
    q: str | None = None,
    overdue: bool | None = None,
    today: dt.date | None = None,
    search_notes: bool = False,
) -> QuerySet[Mandate]:
    """``mandates`` narrowed by each filter given: ``status`` is a status value or ``OPEN``;
    ``q`` searches the action, actor, resolution (key, symbol, title), theme (and the notes
    with ``search_notes``); ``overdue`` True keeps the open mandates due before ``today``,
    False the others. For callers that already decided what may be seen (``mandate_list``,
    the command line, which sees everything as every management command does)."""
    if actor is not None:
        mandates = mandates.filter(actor=actor)
    if status == OPEN:
        mandates = mandates.filter(status__in=OPEN_STATUSES)
    elif status:
        mandates = mandates.filter(status=status)
    if instrument is not None:
        mandates = mandates.filter(instrument=instrument)
    if resolution is not None:
        mandates = mandates.filter(document=resolution)
    if q and q.strip():
        words = q.strip()
        match = (
            Q(action__icontains=words)
            | Q(actor__name__icontains=words)
            | Q(document__key__icontains=words)
            | Q(document__symbol__icontains=words)
            | Q(document__title__icontains=words)
            | Q(theme__icontains=words)
        )
        if search_notes:
            match |= Q(notes__icontains=words)
        mandates = mandates.filter(match)
    if overdue is not None:
        late = _overdue(today or timezone.localdate())
        mandates = mandates.filter(late) if overdue else mandates.exclude(late)
    return mandates


def _overdue(today: dt.date) -> Q:
    return Q(status__in=OPEN_STATUSES, due_date__lt=today)


def review_list(user: AnyUser, instrument: Instrument | None = None) -> QuerySet[Mandate]:
    """The mandates waiting for a person after a carry-over (no predecessor, no successor),
    that the user may see, with their predecessor loaded."""
    mandates = (
        mandates_visible_to(user)
        .exclude(review=ReviewReason.NONE)
        .select_related(*LIST_RELATED, "predecessor__document")
    )
    if instrument is not None:
        mandates = mandates.filter(instrument=instrument)
    return mandates.order_by("review", "document__symbol", "paragraph__position", "verb_index")


def predecessor_candidates(user: AnyUser, mandate: Mandate) -> list[Mandate]:
    """What a mandate with no predecessor may carry on: the mandates of the versions its
    resolution supersedes, not retired, those of the same actor first."""
    older = Supersession.objects.filter(new=mandate.document_id).values("old")
    candidates = (
        mandates_visible_to(user)
        .filter(document__in=older)
        .exclude(status=MandateStatus.RETIRED)
        .select_related(*LIST_RELATED)
    )
    return sorted(
        candidates, key=lambda m: (m.actor_id != mandate.actor_id, m.verb != mandate.verb)
    )


def obligations_register(
    user: AnyUser, instrument: Instrument | None, *, status: str | None = None
) -> QuerySet[ReportingObligation]:
    """The reporting obligations of an instrument (all instruments: None) that the user may
    see (the public: confirmed ones of published resolutions), soonest due first (those
    without a date last), with the mandate, its resolution and paragraph, and the reporter
    loaded."""
    obligations = obligations_visible_to(user).select_related(
        "mandate__document", "mandate__paragraph", "mandate__actor", "reporter", "instrument"
    )
    if instrument is not None:
        obligations = obligations.filter(instrument=instrument)
    if status:
        obligations = obligations.filter(status=status)
    return obligations.order_by(F("next_due").asc(nulls_last=True), "pk")


# --- dashboard ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCounts:
    """Mandates by status; the open ones, and of those the overdue ones and the ones due at
    the next meeting; and those waiting on the review list."""

    total: int = 0
    not_started: int = 0
    in_progress: int = 0
    done: int = 0
    ongoing: int = 0
    superseded: int = 0
    retired: int = 0
    open: int = 0
    overdue: int = 0
    due_next_meeting: int = 0
    to_review: int = 0

    def by_status(self) -> list[tuple[str, str, int]]:
        """(value, label, count) per status, in lifecycle order."""
        return [(value, str(label), getattr(self, value)) for value, label in MandateStatus.choices]


@dataclass(frozen=True)
class ActorCounts:
    actor: Actor
    counts: StatusCounts


@dataclass(frozen=True)
class InstrumentCounts:
    instrument: Instrument | None
    next_meeting: Meeting | None
    counts: StatusCounts


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    instrument: Instrument | None
    actor: Actor | None
    totals: StatusCounts
    by_actor: list[ActorCounts] = field(default_factory=list)
    by_instrument: list[InstrumentCounts] = field(default_factory=list)


def next_meetings(
    today: dt.date, instrument_ids: Iterable[int] | None = None
) -> dict[int, Meeting]:
    """Each instrument's next meeting: the first of its own meetings starting ``today`` or
    later (one query)."""
    meetings = Meeting.objects.filter(starts_on__gte=today, instrument__isnull=False)
    if instrument_ids is not None:
        meetings = meetings.filter(instrument__in=list(instrument_ids))
    found: dict[int, Meeting] = {}
    for meeting in meetings.order_by("starts_on", "pk"):
        found.setdefault(meeting.instrument_id, meeting)  # type: ignore[arg-type]
    return found


def due_at_next_meeting(meetings: dict[int, Meeting]) -> Q:
    """Open mandates due at their instrument's next meeting (``meetings``, from
    ``next_meetings``; see the module doc)."""
    due = Q(pk__in=[])
    for instrument_id, meeting in meetings.items():
        due |= Q(instrument_id=instrument_id) & (
            Q(due_meeting=meeting) | Q(due_meeting__isnull=True, report_to=meeting.kind)
        )
    return Q(status__in=OPEN_STATUSES) & due


_due_at = due_at_next_meeting  # the name the list page first used


class _Tally:
    """Adds up rows of (status, count, overdue, due next, to review) into StatusCounts."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = dict.fromkeys(StatusCounts.__dataclass_fields__, 0)

    def add(self, row: dict[str, Any]) -> None:
        self.counts["total"] += row["n"]
        self.counts[row["status"]] += row["n"]
        if row["status"] in OPEN_STATUSES:
            self.counts["open"] += row["n"]
        for name in ("overdue", "due_next_meeting", "to_review"):
            self.counts[name] += row[name]

    def result(self) -> StatusCounts:
        return StatusCounts(**self.counts)


def dashboard(
    user: AnyUser,
    *,
    instrument: Instrument | None = None,
    actor: Actor | None = None,
    today: dt.date | None = None,
) -> Dashboard:
    """Counts of the mandates the user may see, by status, overdue and due at the next
    meeting: in total, per actor (most mandates first) and per instrument (by code), for
    one instrument and/or actor when given.

    One aggregate query grouped by actor, instrument and status (a few hundred rows at most)
    is added up here, plus the next meetings, actors and instruments: four queries, whatever
    the number of mandates."""
    today = today or timezone.localdate()
    mandates = mandates_visible_to(user)
    if instrument is not None:
        mandates = mandates.filter(instrument=instrument)
    if actor is not None:
        mandates = mandates.filter(actor=actor)
    meetings = next_meetings(today, [instrument.pk] if instrument is not None else None)
    rows = (
        mandates.order_by()
        .values("actor", "instrument", "status")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=_overdue(today)),
            due_next_meeting=Count("pk", filter=due_at_next_meeting(meetings)),
            to_review=Count("pk", filter=~Q(review=ReviewReason.NONE)),
        )
    )
    totals = _Tally()
    per_actor: dict[int, _Tally] = {}
    per_instrument: dict[int | None, _Tally] = {}
    for row in rows:
        totals.add(row)
        per_actor.setdefault(row["actor"], _Tally()).add(row)
        per_instrument.setdefault(row["instrument"], _Tally()).add(row)
    actors = Actor.objects.in_bulk(list(per_actor))
    instruments = Instrument.objects.in_bulk([pk for pk in per_instrument if pk is not None])
    by_actor = [ActorCounts(actors[pk], tally.result()) for pk, tally in per_actor.items()]
    by_actor.sort(key=lambda r: (-r.counts.total, r.actor.name))
    by_instrument = [
        InstrumentCounts(
            instrument=instruments.get(pk) if pk is not None else None,
            next_meeting=meetings.get(pk) if pk is not None else None,
            counts=tally.result(),
        )
        for pk, tally in per_instrument.items()
    ]
    by_instrument.sort(
        key=lambda r: (r.instrument is None, r.instrument.code if r.instrument else "")
    )
    return Dashboard(
        today=today,
        instrument=instrument,
        actor=actor,
        totals=totals.result(),
        by_actor=by_actor,
        by_instrument=by_instrument,
    )


# --- one mandate ----------------------------------------------------------------------------


def mandate_chain(mandate: Mandate, *, user: AnyUser | None = None) -> list[Mandate]:
    """The versions a mandate lived through, oldest first: its predecessors, itself, and the
    mandates that carry it on in later versions (the first successor at each step). With
    ``user``, versions the user may not see are left out."""
    related = ("document", "paragraph", "actor")
    earlier: list[Mandate] = []
    seen = {mandate.pk}
    current = mandate
    while current.predecessor_id is not None and len(seen) < MAX_CHAIN:
        if current.predecessor_id in seen:
            break
        previous = (
            Mandate.objects.select_related(*related).filter(pk=current.predecessor_id).first()
        )
        if previous is None:
            break
        earlier.append(previous)
        seen.add(previous.pk)
        current = previous
    later: list[Mandate] = []
    current = mandate
    while len(seen) < MAX_CHAIN:
        following = (
            Mandate.objects.select_related(*related)
            .filter(predecessor=current)
            .exclude(pk__in=seen)
            .order_by("document__date", "pk")
            .first()
        )
        if following is None:
            break
        later.append(following)
        seen.add(following.pk)
        current = following
    chain = [*reversed(earlier), mandate, *later]
    if user is not None:
        visible = set(
            mandates_visible_to(user)
            .filter(pk__in=[m.pk for m in chain])
            .values_list("pk", flat=True)
        )
        chain = [m for m in chain if m.pk in visible]
    return chain


@dataclass(frozen=True)
class EvidenceVersion:
    """The evidence recorded on one version of a mandate."""

    mandate: Mandate
    label: str
    is_current: bool
    evidence: list[Evidence]


def _version_label(mandate: Mandate) -> str:
    where = f" ¶{mandate.paragraph.label}" if mandate.paragraph else ""
    return f"{mandate.document.key}{where}"


def evidence_trail(mandate: Mandate, *, user: AnyUser | None = None) -> list[EvidenceVersion]:
    """The evidence of a mandate and of its predecessors, labelled by version ("Resolution
    10.21 ¶1"), the mandate's own first, then older versions newest first (one query for all
    the evidence, besides the chain)."""
    chain = mandate_chain(mandate, user=user)
    versions = list(reversed(chain[: chain.index(mandate) + 1])) if mandate in chain else [mandate]
    evidence = Evidence.objects.filter(mandate__in=versions).select_related(
        "paragraph__document", "document", "added_by"
    )
    grouped: dict[int, list[Evidence]] = {m.pk: [] for m in versions}
    for item in evidence:
        grouped[item.mandate_id].append(item)
    return [
        EvidenceVersion(
            mandate=version,
            label=_version_label(version),
            is_current=version.pk == mandate.pk,
            evidence=grouped[version.pk],
        )
        for version in versions
    ]


@dataclass(frozen=True)
class MandatePage:
    """What the mandate page shows. ``show_internal`` says whether notes and owner may be
    shown to this user; ``context`` is the source paragraph with its neighbours."""

    mandate: Mandate
    can_edit: bool
    show_internal: bool
    context: list[Paragraph]
    chain: list[Mandate]
    evidence: list[EvidenceVersion]
    obligations: list[ReportingObligation]
    suggestions: list[EvidenceSuggestion]


def mandate_page(user: AnyUser, mandate: Mandate) -> MandatePage:
    """Everything the page of one mandate needs (fetch it with
    ``permissions.mandates.get_mandate_for_view`` first). Pending evidence suggestions are
    for those who may edit it."""
    context: list[Paragraph] = []
    if mandate.paragraph is not None:
        position = mandate.paragraph.position
        context = list(
            Paragraph.objects.filter(
                document=mandate.document_id, position__range=(max(0, position - 1), position + 1)
            ).order_by("position")
        )
    can_edit = can_edit_mandate(user, mandate)
    suggestions: list[EvidenceSuggestion] = []
    if can_edit:
        suggestions = list(
            mandate.suggestions.filter(status=SuggestionStatus.PENDING)
            .select_related("paragraph__document")
            .order_by("rank", "-score")
        )
    return MandatePage(
        mandate=mandate,
        can_edit=can_edit,
        show_internal=can_see_internal_notes(user),
        context=context,
        chain=mandate_chain(mandate, user=user),
        evidence=evidence_trail(mandate, user=user),
        obligations=list(
            obligations_visible_to(user).filter(mandate=mandate).select_related("reporter")
        ),
        suggestions=suggestions,
    )


def mandates_with_evidence(mandates: QuerySet[Mandate]) -> QuerySet[Mandate]:
    """``mandates`` with their evidence prefetched (one more query for any number)."""
    return mandates.prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.select_related("paragraph", "document"))
    )
