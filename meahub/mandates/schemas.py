"""What the API takes and gives for mandates, their evidence, suggestions, reporting
obligations, the dashboard and the review list.

A mandate in a list (``MandateOut``) has exactly the keys ``meahub mandates --json`` prints,
with the same meanings (``resolution`` the citation key, ``paragraph`` the anchor, ``due`` an
ISO date), plus ``document`` and ``url``, so a script can switch from the command line to the
API. Other rows are named by their codes: actors by name, instruments by code, meetings by
slug, users by username. The Secretariat's internal ``notes`` and a mandate's ``owner`` are
given to secretariat staff only; for everyone else both keys are there and null.
"""

import datetime as dt
import enum

from django.urls import reverse
from ninja import Field, Schema
from pydantic import JsonValue

from meahub.documents.schemas import absolute_url
from meahub.mandates.enums import (
    EvidenceKind,
    MandateStatus,
    ObligationStatus,
    ReportTo,
    ReviewReason,
    SuggestionStatus,
    Timing,
)
from meahub.mandates.models import EvidenceSuggestion, Mandate, ReportingObligation
from meahub.mandates.selectors import OPEN

STATUS_FILTER_VALUES = [*MandateStatus.values, OPEN]
STATUS_FILTER_ENUM: list[JsonValue] = [*STATUS_FILTER_VALUES]


def paragraph_path(symbol: str, anchor: str) -> str:
    """The stable address of a paragraph, from its document's symbol and its anchor (so a
    mandate's paragraph needs no query for its document)."""
    return reverse("documents:paragraph-detail", args=[symbol, anchor])


# --- mandates -----------------------------------------------------------------------------------


class MandateFields(Schema):
    """The keys of ``meahub mandates --json``, plus ``document`` and ``url``; the schemas of
    one mandate extend it (``MandateOut`` reads them from a ``Mandate``)."""

    id: int
    actor: str = Field(description="Name of the actor asked to act: 'Secretariat', 'Parties'.")
    verb: str = Field(description="Lower-case and active: 'requests', also for 'is requested'.")
    status: MandateStatus
    resolution: str = Field(description="Citation key: 'Resolution 11.10 (Rev.COP14)'.")
    symbol: str = Field(description="Symbol of the resolution or decision.")
    paragraph: str | None = Field(description="Anchor of the source paragraph ('5', '13.24').")
    action: str = Field(description="What is asked, in the paragraph's words.")
    timing: Timing = Field(description="standing ('continue to...') or time_bound ('by 2026').")
    due: dt.date | None = Field(description="Due date, when the text gives or implies one.")
    due_text: str = Field(description="The deadline as the text says it: 'by 2026'.")
    report_to: ReportTo = Field(description="The body it must be reported to ('' for none).")
    instrument: str | None = Field(description="Instrument code.")
    review: ReviewReason = Field(
        description="Why it waits on the review list after a revision ('' when it does not)."
    )
    document: int = Field(description="Id of the resolution or decision.")
    url: str = Field(description="The mandate's page.")


class MandateOut(MandateFields):
    """One mandate, from a ``Mandate`` with document, actor, paragraph and instrument loaded."""

    @staticmethod
    def resolve_actor(obj: Mandate) -> str:
        return obj.actor.name

    @staticmethod
    def resolve_resolution(obj: Mandate) -> str:
        return obj.document.key

    @staticmethod
    def resolve_symbol(obj: Mandate) -> str:
        return obj.document.symbol

    @staticmethod
    def resolve_paragraph(obj: Mandate) -> str | None:
        return obj.paragraph.anchor if obj.paragraph else None

    @staticmethod
    def resolve_due(obj: Mandate) -> dt.date | None:
        return obj.due_date

    @staticmethod
    def resolve_instrument(obj: Mandate) -> str | None:
        return obj.instrument.code if obj.instrument else None

    @staticmethod
    def resolve_document(obj: Mandate) -> int:
        return obj.document_id

    @staticmethod
    def resolve_url(obj: Mandate, context: dict[str, object] | None = None) -> str:
        return absolute_url(context, obj.get_absolute_url())


class SourceParagraphOut(Schema):
    document: int = Field(description="Id of the resolution or decision.")
    symbol: str
    anchor: str
    url: str = Field(description="The paragraph's stable address.")
    text: str = Field(description="The paragraph with its sub-items.")


class MandateVersionOut(Schema):
    """One version of a mandate in its chain."""

    id: int
    resolution: str = Field(description="Citation key of that version's resolution.")
    symbol: str
    paragraph: str | None = Field(description="Anchor of the source paragraph.")
    verb: str
    actor: str
    status: MandateStatus
    is_current: bool = Field(description="This is the mandate asked for.")
    url: str = Field(description="The mandate's page.")


class EvidenceOut(Schema):
    id: int
    kind: EvidenceKind
    document: int | None = Field(description="Id of the document that shows it, if you see it.")
    symbol: str | None = Field(description="Its symbol, if you see it.")
    paragraph: str | None = Field(description="Anchor of the paragraph that shows it.")
    target_url: str | None = Field(description="Page of the paragraph or document.")
    url: str = Field(description="The link given, for a link ('' otherwise).")
    note: str
    added_at: dt.datetime


class EvidenceVersionOut(Schema):
    """The evidence recorded on one version of the mandate."""

    mandate: int = Field(description="Id of the mandate (this one or a predecessor).")
    label: str = Field(description="The version: 'Resolution 10.21 ¶1'.")
    is_current: bool
    evidence: list[EvidenceOut]


class ObligationOut(Schema):
    """A reporting obligation: who reports, on what, how often, to which meeting. From a
    ``ReportingObligation`` with its mandate (document, paragraph), reporter and instrument
    loaded."""

    id: int
    mandate: int = Field(description="Id of the mandate that sets it.")
    resolution: str = Field(description="Citation key of the mandate's resolution.")
    symbol: str
    paragraph: str | None = Field(description="Anchor of the mandate's paragraph.")
    reporter: str = Field(description="Name of the actor who reports: 'Parties'.")
    subject: str
    every_meeting: bool = Field(description="Due before each meeting of the body reported to.")
    frequency_months: int | None = Field(description="How often, in months.")
    report_to: ReportTo
    days_before_meeting: int | None
    next_due: dt.date | None
    status: ObligationStatus = Field(description="proposed (staff only), confirmed or rejected.")
    instrument: str | None = Field(description="Instrument code.")

    @staticmethod
    def resolve_mandate(obj: ReportingObligation) -> int:
        return obj.mandate_id

    @staticmethod
    def resolve_resolution(obj: ReportingObligation) -> str:
        return obj.mandate.document.key

    @staticmethod
    def resolve_symbol(obj: ReportingObligation) -> str:
        return obj.mandate.document.symbol

    @staticmethod
    def resolve_paragraph(obj: ReportingObligation) -> str | None:
        return obj.mandate.paragraph.anchor if obj.mandate.paragraph else None

    @staticmethod
    def resolve_reporter(obj: ReportingObligation) -> str:
        return obj.reporter.name

    @staticmethod
    def resolve_instrument(obj: ReportingObligation) -> str | None:
        return obj.instrument.code if obj.instrument else None


class MandateDetailOut(MandateFields):
    """``MandateOut``'s keys, and the source paragraph, the tracking, the versions and the
    evidence. ``notes`` and ``owner`` are null unless you are Secretariat staff."""

    theme: str = Field(description="Section of the progress report it goes in.")
    due_meeting: str | None = Field(description="Slug of the meeting it is due at.")
    notes: str | None = Field(description="The Secretariat's internal notes; null unless staff.")
    owner: str | None = Field(
        description="Username of the staff member who owns it; null unless staff (or no owner)."
    )
    can_edit: bool = Field(description="You may change it (staff of its instrument).")
    source: SourceParagraphOut | None = Field(description="The paragraph that gives it.")
    predecessor: int | None = Field(
        description="Id of the mandate of the earlier version it carries on, if you see it."
    )
    successors: list[int] = Field(description="Ids of the mandates of later versions you see.")
    chain: list[MandateVersionOut] = Field(
        description="The versions it lived through that you see, oldest first."
    )
    evidence: list[EvidenceVersionOut] = Field(
        description="Its evidence, then that of its predecessors, newest version first."
    )
    obligations: list[ObligationOut] = Field(description="The reporting obligations it sets.")


class MandateFilter(Schema):
    actor: str | None = Field(None, description="Actor name or slug: 'Parties', 'secretariat'.")
    status: str | None = Field(
        None,
        description="A status, or 'open' (not started, in progress, ongoing).",
        json_schema_extra={"enum": STATUS_FILTER_ENUM},
    )
    instrument: str | None = Field(None, description="Instrument code.")
    resolution: str | None = Field(
        None, description="Citation key ('Resolution 11.10') or symbol of the resolution."
    )
    q: str = Field("", description="Words of the action, actor, resolution or theme.")
    overdue: bool | None = Field(
        None, description="true: open and due before today; false: the others."
    )


class MandatePatch(Schema):
    """What staff track; each field sent is changed (null or '' clears a text)."""

    status: MandateStatus | None = None
    owner: str | None = Field(None, description="Username of a staff member, or null.")
    notes: str | None = None
    due_text: str | None = None
    due_date: dt.date | None = None
    theme: str | None = None
    report_to: ReportTo | None = None


class EvidenceIn(Schema):
    kind: EvidenceKind
    document: str | None = Field(
        None,
        description="For a paragraph or a document: its id, symbol or citation key.",
    )
    paragraph: str | None = Field(
        None, description="For a paragraph: its anchor in the document ('7', 'preamble-2')."
    )
    url: str = Field("", description="For a link, an activity or a national report answer.")
    note: str = Field("", description="What it shows.")


# --- the dashboard -----------------------------------------------------------------------------


class CountsOut(Schema):
    """Mandates by status, and the open ones overdue, due at the next meeting, to review."""

    total: int
    not_started: int
    in_progress: int
    done: int
    ongoing: int
    superseded: int
    retired: int
    open: int = Field(description="Not started, in progress or ongoing.")
    overdue: int = Field(description="Open, with a due date before today.")
    due_next_meeting: int = Field(description="Open, due at its instrument's next meeting.")
    to_review: int = Field(description="Waiting on the review list after a revision.")


class ActorCountsOut(Schema):
    actor: str
    counts: CountsOut


class InstrumentCountsOut(Schema):
    instrument: str | None = Field(description="Instrument code.")
    next_meeting: str | None = Field(description="Slug of its next meeting.")
    counts: CountsOut


class DashboardOut(Schema):
    today: dt.date
    instrument: str | None = Field(description="The instrument asked for (code).")
    actor: str | None = Field(description="The actor asked for (name).")
    totals: CountsOut
    by_actor: list[ActorCountsOut] = Field(description="Most mandates first.")
    by_instrument: list[InstrumentCountsOut] = Field(description="By code.")


class DashboardQuery(Schema):
    instrument: str | None = Field(None, description="Instrument code.")
    actor: str | None = Field(None, description="Actor name or slug.")


# --- evidence suggestions ------------------------------------------------------------------------


class SuggestionOut(Schema):
    """A paragraph of a progress report that may report on a mandate, ranked. From an
    ``EvidenceSuggestion`` with its paragraph's document and its mandate loaded."""

    id: int
    document: int = Field(description="Id of the progress report.")
    symbol: str = Field(description="Symbol of the progress report.")
    paragraph: str = Field(description="Anchor of the report's paragraph.")
    paragraph_url: str = Field(description="The paragraph's stable address.")
    text: str = Field(description="The report's paragraph.")
    rank: int = Field(description="1 for the best suggestion of the paragraph.")
    score: float
    method: str = Field(description="lexical or semantic.")
    status: SuggestionStatus
    mandate: MandateOut

    @staticmethod
    def resolve_document(obj: EvidenceSuggestion) -> int:
        return obj.paragraph.document_id

    @staticmethod
    def resolve_symbol(obj: EvidenceSuggestion) -> str:
        return obj.paragraph.document.symbol

    @staticmethod
    def resolve_paragraph(obj: EvidenceSuggestion) -> str:
        return obj.paragraph.anchor

    @staticmethod
    def resolve_paragraph_url(
        obj: EvidenceSuggestion, context: dict[str, object] | None = None
    ) -> str:
        return absolute_url(context, obj.paragraph.get_absolute_url())

    @staticmethod
    def resolve_text(obj: EvidenceSuggestion) -> str:
        return obj.paragraph.full_text()


class SuggestionQuery(Schema):
    document: str = Field(description="The progress report: its id, symbol or citation key.")


class SuggestionDecisionIn(Schema):
    accept: bool = Field(description="true: the paragraph becomes evidence; false: rejected.")


# --- reporting obligations ---------------------------------------------------------------------


class ObligationQuery(Schema):
    instrument: str | None = Field(None, description="Instrument code.")
    status: ObligationStatus | None = Field(
        None, description="Staff: proposed, confirmed or rejected (default: not rejected)."
    )


class ObligationDecisionIn(Schema):
    """Confirm or reject a proposed obligation; the other fields sent correct it first."""

    confirm: bool = Field(description="true: confirmed into the register; false: rejected.")
    subject: str | None = None
    every_meeting: bool | None = None
    frequency_months: int | None = Field(None, ge=1)
    report_to: ReportTo | None = None
    days_before_meeting: int | None = Field(None, ge=0)
    next_due: dt.date | None = None


# --- the review list ---------------------------------------------------------------------------


class ReviewItemOut(MandateFields):
    """A mandate waiting for a person after a revision, with the mandates of the earlier
    versions it may carry on (for one with no predecessor), same actor first."""

    candidates: list[MandateVersionOut]


class ReviewDecision(enum.StrEnum):
    LINK = "link"
    RETIRE = "retire"
    KEEP = "keep"


class ReviewDecisionIn(Schema):
    decision: ReviewDecision = Field(
        description="link: it carries on `predecessor`; retire: no longer asked; keep: as is."
    )
    predecessor: int | None = Field(
        None, description="For link: id of the earlier version's mandate it carries on."
    )
