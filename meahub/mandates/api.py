"""Mandates in the API: what resolutions ask of whom, their status, evidence and versions, the
dashboard, evidence suggestions, reporting obligations and the review list.

Anyone reads the mandates of published resolutions and decisions, without the Secretariat's
internal notes and owner; secretariat staff read every mandate and change those of the
instruments they serve (403 for other staff, 404 for what one cannot see). Suggestions and the
review list are staff's. A mandate in a list has the keys of ``meahub mandates --json``.
An unknown filter value is refused (422) with the parameter and the values allowed.
"""

import dataclasses
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.errors import AuthenticationError
from ninja.pagination import paginate

from meahub.accounts.models import User
from meahub.core.api_auth import acting_user, read_auth, write_auth
from meahub.core.schemas import (
    CHANGE_ERRORS,
    DETAIL_ERRORS,
    LIST_ERRORS,
    ErrorOut,
    Pagination,
)
from meahub.documents.models import Actor, Document, Paragraph
from meahub.instruments.models import Instrument
from meahub.mandates import pages, selectors, services
from meahub.mandates.enums import (
    EvidenceKind,
    MandateStatus,
    ObligationStatus,
    SuggestionStatus,
)
from meahub.mandates.models import Evidence, EvidenceSuggestion, Mandate, ReportingObligation
from meahub.mandates.schemas import (
    STATUS_FILTER_VALUES,
    ActorCountsOut,
    CountsOut,
    DashboardOut,
    DashboardQuery,
    EvidenceIn,
    EvidenceOut,
    EvidenceVersionOut,
    InstrumentCountsOut,
    MandateDetailOut,
    MandateFilter,
    MandateOut,
    MandatePatch,
    MandateVersionOut,
    ObligationDecisionIn,
    ObligationOut,
    ObligationQuery,
    ReviewDecision,
    ReviewDecisionIn,
    ReviewItemOut,
    SourceParagraphOut,
    SuggestionDecisionIn,
    SuggestionOut,
    SuggestionQuery,
    paragraph_path,
)
from meahub.permissions.documents import documents_visible_to
from meahub.permissions.mandates import (
    can_see_internal_notes,
    get_mandate_for_edit,
    mandates_visible_to,
    obligations_visible_to,
)
from meahub.permissions.registers import instruments_visible_to
from meahub.permissions.roles import AnyUser, is_secretariat, is_signed_in

router = Router(tags=["mandates"])

# Reads for secretariat staff only: the public is asked to sign in, others are refused.
STAFF_READ_ERRORS: dict[int, Any] = {**LIST_ERRORS, 403: ErrorOut}
# How many allowed values an error message lists before it says how many more there are.
ALLOWED_SHOWN = 30
SUGGESTION_RELATED = (
    "paragraph__document",
    *(f"mandate__{name}" for name in selectors.LIST_RELATED),
)
OBLIGATION_RELATED = (
    "mandate__document",
    "mandate__paragraph",
    "mandate__actor",
    "reporter",
    "instrument",
)


# --- what the filters and inputs name -----------------------------------------------------------


def _allowed(values: list[str]) -> str:
    if not values:
        return "none yet"
    shown = ", ".join(values[:ALLOWED_SHOWN])
    more = len(values) - ALLOWED_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def actor_from_input(name: str, *, field: str = "actor") -> Actor:
    """The actor an input names by name or slug; else ValidationError naming the field and
    the actors."""
    actor = selectors.actor_named(name)
    if actor is None:
        names = list(Actor.objects.order_by("name").values_list("name", flat=True))
        raise ValidationError(
            {field: f"Unknown actor '{name}'; the actors are: {_allowed(names)}."}
        )
    return actor


def status_from_input(status: str, *, field: str = "status") -> str:
    """A status filter value (a status, or ``open``); else ValidationError naming them."""
    if status not in STATUS_FILTER_VALUES:
        allowed = _allowed(STATUS_FILTER_VALUES)
        raise ValidationError({field: f"Unknown status '{status}'; the statuses are: {allowed}."})
    return status


def instrument_from_input(user: AnyUser, code: str, *, field: str = "instrument") -> Instrument:
    """An instrument the user can see, by code (any case); else ValidationError naming the
    field and the codes."""
    instruments = instruments_visible_to(user)
    instrument = instruments.filter(code__iexact=code.strip()).first()
    if instrument is None:
        codes = list(instruments.order_by("code").values_list("code", flat=True))
        raise ValidationError(
            {field: f"Unknown instrument code '{code}'; the codes are: {_allowed(codes)}."}
        )
    return instrument


def resolution_from_input(user: AnyUser, key: str, *, field: str = "resolution") -> Document:
    """A resolution or decision with mandates the user can see, by citation key or symbol;
    else ValidationError naming the field and those there are."""
    resolution = selectors.resolution_named(user, key)
    if resolution is None:
        keys = list(
            Document.objects.filter(pk__in=mandates_visible_to(user).values("document"))
            .order_by("key")
            .values_list("key", flat=True)
        )
        raise ValidationError(
            {
                field: f"No resolution '{key}' with mandates; those with mandates are: "
                f"{_allowed(keys)}."
            }
        )
    return resolution


def document_from_input(user: AnyUser, value: str, *, field: str = "document") -> Document:
    """A held document the user can see, by id, symbol or citation key (any case); else
    ValidationError naming the field."""
    value = " ".join(value.split())
    documents = documents_visible_to(user).filter(is_placeholder=False)
    is_id = value.isdigit() and len(value) < 19  # a longer number is no database id
    document = documents.filter(pk=int(value)).first() if is_id else None
    document = document or documents.filter(Q(symbol__iexact=value) | Q(key__iexact=value)).first()
    if document is None:
        raise ValidationError(
            {field: f"No document '{value}' is held here (give its id, symbol or citation key)."}
        )
    return document


def owner_from_input(username: str | None) -> User | None:
    """The active user with this username (``update_mandate`` refuses one who is not staff);
    None for none; else ValidationError naming ``owner``."""
    if not username:
        return None
    owner = User.objects.filter(username=username, is_active=True).first()
    if owner is None:
        raise ValidationError({"owner": f"Unknown user '{username}'."})
    return owner


def _require_staff(user: AnyUser) -> None:
    """Suggestions and the review list are the Secretariat's: 401 for the public, 403 for
    anyone else signed in."""
    if not is_signed_in(user):
        raise AuthenticationError
    if not is_secretariat(user):
        raise PermissionDenied("Only secretariat staff may see this.")


# --- reads the pages do not need ----------------------------------------------------------------


def pending_suggestions(user: AnyUser, report: Document) -> QuerySet[EvidenceSuggestion]:
    """The pending evidence suggestions of a progress report's paragraphs, for mandates the
    user can see, in paragraph and rank order, with paragraph and mandate loaded."""
    return (
        EvidenceSuggestion.objects.filter(
            paragraph__document=report,
            status=SuggestionStatus.PENDING,
            mandate__in=mandates_visible_to(user),
        )
        .select_related(*SUGGESTION_RELATED)
        .order_by("paragraph__position", "rank", "pk")
    )


# --- building one mandate -----------------------------------------------------------------------


def _version_out(request: HttpRequest, mandate: Mandate, *, current: int) -> MandateVersionOut:
    return MandateVersionOut(
        id=mandate.pk,
        resolution=mandate.document.key,
        symbol=mandate.document.symbol,
        paragraph=mandate.paragraph.anchor if mandate.paragraph else None,
        verb=mandate.verb,
        actor=mandate.actor.name,
        status=MandateStatus(mandate.status),
        is_current=mandate.pk == current,
        url=request.build_absolute_uri(mandate.get_absolute_url()),
    )


def _evidence_out(request: HttpRequest, evidence: Evidence, visible: set[int]) -> EvidenceOut:
    """One piece of evidence; the document it names is left out (null) for a reader who
    cannot see it, as an unpublished document cited by a published one is."""
    document = evidence.document if evidence.document_id in visible else None
    paragraph = evidence.paragraph if document is not None else None
    target = None
    if document is not None:
        path = (
            paragraph_path(document.symbol, paragraph.anchor)
            if paragraph is not None
            else document.get_absolute_url()
        )
        target = request.build_absolute_uri(path)
    return EvidenceOut(
        id=evidence.pk,
        kind=EvidenceKind(evidence.kind),
        document=document.pk if document else None,
        symbol=document.symbol if document else None,
        paragraph=paragraph.anchor if paragraph else None,
        target_url=target,
        url=evidence.url,
        note=evidence.note,
        added_at=evidence.added_at,
    )


def mandate_detail(request: HttpRequest, user: AnyUser, mandate: Mandate) -> MandateDetailOut:
    """One mandate as ``get_mandate`` gives it (``selectors.mandate_page``'s data)."""
    page = selectors.mandate_page(user, mandate)
    internal = can_see_internal_notes(user)
    document = mandate.document
    source = None
    if mandate.paragraph is not None:
        source = SourceParagraphOut(
            document=document.pk,
            symbol=document.symbol,
            anchor=mandate.paragraph.anchor,
            url=request.build_absolute_uri(
                paragraph_path(document.symbol, mandate.paragraph.anchor)
            ),
            text=mandate.paragraph.full_text(),
        )
    chain_ids = {m.pk for m in page.chain}
    successors = list(
        mandates_visible_to(user)
        .filter(predecessor=mandate)
        .order_by("document__date", "pk")
        .values_list("pk", flat=True)
    )
    evidence = [item for version in page.evidence for item in version.evidence]
    visible = set(
        documents_visible_to(user)
        .filter(pk__in={item.document_id for item in evidence if item.document_id})
        .values_list("pk", flat=True)
    )
    for obligation in page.obligations:
        obligation.mandate = mandate
    fields = MandateOut.model_validate(mandate, context={"request": request}).model_dump()
    return MandateDetailOut(
        **fields,
        theme=mandate.theme,
        due_meeting=mandate.due_meeting.slug if mandate.due_meeting else None,
        notes=mandate.notes if internal else None,
        owner=mandate.owner.username if internal and mandate.owner else None,
        can_edit=page.can_edit,
        source=source,
        predecessor=mandate.predecessor_id if mandate.predecessor_id in chain_ids else None,
        successors=successors,
        chain=[_version_out(request, m, current=mandate.pk) for m in page.chain],
        evidence=[
            EvidenceVersionOut(
                mandate=version.mandate.pk,
                label=version.label,
                is_current=version.is_current,
                evidence=[_evidence_out(request, item, visible) for item in version.evidence],
            )
            for version in page.evidence
        ],
        obligations=[ObligationOut.model_validate(o) for o in page.obligations],
    )


def mandate_with_id(user: AnyUser, mandate_id: int) -> Mandate:
    """A mandate the user can see with what its detail shows loaded; else 404."""
    return get_object_or_404(
        mandates_visible_to(user).select_related(*selectors.LIST_RELATED, "owner"),
        pk=mandate_id,
    )


def _evidence_fields(user: AnyUser, payload: EvidenceIn) -> dict[str, Any]:
    """``payload`` as keyword arguments of ``services.add_evidence``: the document and
    paragraph it names turned into rows, or ValidationError naming what is missing."""
    fields: dict[str, Any] = {"kind": payload.kind, "url": payload.url, "note": payload.note}
    names_document = payload.kind in (EvidenceKind.PARAGRAPH, EvidenceKind.DOCUMENT)
    if not names_document:
        if payload.document or payload.paragraph:
            raise ValidationError(
                {"document": "Only evidence of kind paragraph or document names a document."}
            )
        return fields
    if not payload.document:
        raise ValidationError({"document": "Give the document: its id, symbol or citation key."})
    document = document_from_input(user, payload.document)
    fields["document"] = document
    if payload.kind == EvidenceKind.DOCUMENT:
        if payload.paragraph:
            raise ValidationError(
                {"paragraph": "Evidence of kind document names no paragraph; use kind paragraph."}
            )
        return fields
    if not payload.paragraph:
        raise ValidationError({"paragraph": "Give the anchor of the paragraph ('7')."})
    paragraph = Paragraph.objects.filter(document=document, anchor=payload.paragraph).first()
    if paragraph is None:
        raise ValidationError(
            {"paragraph": f"{document.symbol} has no paragraph '{payload.paragraph}'."}
        )
    fields["paragraph"] = paragraph
    return fields


# --- endpoints: fixed paths first, since "/mandates/{mandate_id}" would match them too ---------


@router.get(
    "/mandates",
    response={200: list[MandateOut], **LIST_ERRORS},
    auth=read_auth,
    summary="List mandates",
)
@paginate(Pagination)
def list_mandates(request: HttpRequest, filters: Query[MandateFilter]) -> QuerySet[Mandate]:
    """What resolutions and decisions ask of whom, by resolution and paragraph, each with the
    keys of `meahub mandates --json`. Filter by `actor` (name or slug), `status` (or `open`),
    `instrument` (code), `resolution` (citation key or symbol), `overdue`; search with `q`.
    The public sees the mandates of published resolutions."""
    user = acting_user(request)
    return selectors.mandate_list(
        user,
        actor=actor_from_input(filters.actor) if filters.actor else None,
        status=status_from_input(filters.status) if filters.status else None,
        instrument=instrument_from_input(user, filters.instrument) if filters.instrument else None,
        resolution=resolution_from_input(user, filters.resolution) if filters.resolution else None,
        q=filters.q or None,
        overdue=filters.overdue,
    )


@router.get(
    "/mandates/dashboard",
    response={200: DashboardOut, **LIST_ERRORS},
    auth=read_auth,
    summary="Get the mandate dashboard",
)
def get_mandate_dashboard(request: HttpRequest, query: Query[DashboardQuery]) -> DashboardOut:
    """Counts of the mandates you can see by status, open, overdue, due at the next meeting
    and waiting for review: in all, per actor and per instrument (with its next meeting),
    for one `instrument` (code) and/or `actor` (name or slug) when given."""
    user = acting_user(request)
    board = selectors.dashboard(
        user,
        instrument=instrument_from_input(user, query.instrument) if query.instrument else None,
        actor=actor_from_input(query.actor) if query.actor else None,
    )
    return DashboardOut(
        today=board.today,
        instrument=board.instrument.code if board.instrument else None,
        actor=board.actor.name if board.actor else None,
        totals=CountsOut(**dataclasses.asdict(board.totals)),
        by_actor=[
            ActorCountsOut(actor=row.actor.name, counts=CountsOut(**dataclasses.asdict(row.counts)))
            for row in board.by_actor
        ],
        by_instrument=[
            InstrumentCountsOut(
                instrument=row.instrument.code if row.instrument else None,
                next_meeting=row.next_meeting.slug if row.next_meeting else None,
                counts=CountsOut(**dataclasses.asdict(row.counts)),
            )
            for row in board.by_instrument
        ],
    )


@router.get(
    "/mandates/suggestions",
    response={200: list[SuggestionOut], **STAFF_READ_ERRORS},
    auth=read_auth,
    summary="List the evidence suggestions of a progress report",
)
@paginate(Pagination)
def list_mandate_suggestions(
    request: HttpRequest, query: Query[SuggestionQuery]
) -> QuerySet[EvidenceSuggestion]:
    """The pending suggestions of the mandates each paragraph of a progress report (named by
    id, symbol or citation key) may report on, best first; accept or reject each with
    `POST /mandates/suggestions/{id}`. Secretariat staff only."""
    user = acting_user(request)
    _require_staff(user)
    return pending_suggestions(user, document_from_input(user, query.document))


@router.post(
    "/mandates/suggestions/{suggestion_id}",
    response={200: SuggestionOut, **CHANGE_ERRORS},
    auth=write_auth,
    summary="Accept or reject an evidence suggestion",
)
def set_suggestion_decision(
    request: HttpRequest, suggestion_id: int, payload: SuggestionDecisionIn
) -> EvidenceSuggestion:
    """`{"accept": true}`: the report's paragraph becomes evidence of the mandate;
    `{"accept": false}`: the suggestion is rejected and not made again. Staff of the
    mandate's instrument."""
    user = acting_user(request)
    _require_staff(user)
    suggestion = get_object_or_404(
        EvidenceSuggestion.objects.filter(mandate__in=mandates_visible_to(user)).select_related(
            *SUGGESTION_RELATED
        ),
        pk=suggestion_id,
    )
    services.decide_suggestion(suggestion=suggestion, by=user, accept=payload.accept)
    return suggestion


@router.get(
    "/mandates/obligations",
    response={200: list[ObligationOut], **LIST_ERRORS},
    auth=read_auth,
    summary="List reporting obligations",
)
@paginate(Pagination)
def list_reporting_obligations(
    request: HttpRequest, query: Query[ObligationQuery]
) -> QuerySet[ReportingObligation]:
    """The register of reporting obligations that mandates set, soonest due first, for one
    `instrument` (code) when given. The public sees the confirmed ones of published
    resolutions; staff also those proposed from the text (and rejected ones with
    `status=rejected`)."""
    user = acting_user(request)
    instrument = instrument_from_input(user, query.instrument) if query.instrument else None
    obligations = selectors.obligations_register(
        user, instrument, status=query.status or None
    ).select_related(*OBLIGATION_RELATED)
    if not query.status:
        obligations = obligations.exclude(status=ObligationStatus.REJECTED)
    return obligations


@router.post(
    "/mandates/obligations/{obligation_id}",
    response={200: ObligationOut, **CHANGE_ERRORS},
    auth=write_auth,
    summary="Confirm or reject a reporting obligation",
)
def set_obligation_decision(
    request: HttpRequest, obligation_id: int, payload: ObligationDecisionIn
) -> ReportingObligation:
    """`{"confirm": true}` puts a proposed obligation in the register, with the corrections
    sent (subject, every_meeting, frequency_months, report_to, days_before_meeting,
    next_due); `{"confirm": false}` rejects it. Staff of the mandate's instrument."""
    user = acting_user(request)
    obligation = get_object_or_404(
        obligations_visible_to(user).select_related(*OBLIGATION_RELATED), pk=obligation_id
    )
    fields = payload.model_dump(exclude_unset=True, exclude={"confirm"})
    if "report_to" in fields and fields["report_to"] is None:
        fields["report_to"] = ""
    return services.decide_obligation(
        obligation=obligation, by=user, confirm=payload.confirm, **fields
    )


@router.get(
    "/mandates/review",
    response={200: list[ReviewItemOut], **STAFF_READ_ERRORS},
    auth=read_auth,
    summary="List the mandates to review",
)
@paginate(Pagination)
def list_mandates_to_review(request: HttpRequest) -> list[ReviewItemOut]:
    """The mandates a revision left without a predecessor (`review`: `no_predecessor`, with
    the `candidates` of the earlier versions it may carry on) or without a successor
    (`no_successor`); settle each with `POST /mandates/{id}/review`. Secretariat staff only."""
    user = acting_user(request)
    _require_staff(user)
    context = {"request": request}
    return [
        ReviewItemOut(
            **MandateOut.model_validate(item.mandate, context=context).model_dump(),
            candidates=[
                _version_out(request, candidate, current=item.mandate.pk)
                for candidate in item.candidates
            ],
        )
        for item in pages.review_items(user)
    ]


@router.get(
    "/mandates/{mandate_id}",
    response={200: MandateDetailOut, **DETAIL_ERRORS},
    auth=read_auth,
    summary="Get a mandate",
)
def get_mandate(request: HttpRequest, mandate_id: int) -> MandateDetailOut:
    """One mandate with its source paragraph (address and text), its evidence and that of
    its predecessors, the chain of versions it lived through, its predecessor and successors
    and the reporting obligations it sets. `notes` and `owner` are null unless you are
    Secretariat staff."""
    user = acting_user(request)
    return mandate_detail(request, user, mandate_with_id(user, mandate_id))


@router.patch(
    "/mandates/{mandate_id}",
    response={200: MandateDetailOut, **CHANGE_ERRORS},
    auth=write_auth,
    summary="Update a mandate",
)
def update_mandate(
    request: HttpRequest, mandate_id: int, payload: MandatePatch
) -> MandateDetailOut:
    """Change what the Secretariat tracks: `status`, `owner` (a staff member's username, or
    null), `notes`, `due_text`, `due_date`, `theme`, `report_to`. Staff of the mandate's
    instrument; each change is in the mandate's history under your name."""
    user = acting_user(request)
    mandate = get_mandate_for_edit(user, mandate_id)
    fields = payload.model_dump(exclude_unset=True)
    if "owner" in fields:
        fields["owner"] = owner_from_input(fields["owner"])
    for name in ("notes", "due_text", "theme", "report_to"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    if fields:
        services.update_mandate(mandate=mandate, by=user, **fields)
    return mandate_detail(request, user, mandate_with_id(user, mandate_id))


@router.post(
    "/mandates/{mandate_id}/evidence",
    response={201: EvidenceOut, **CHANGE_ERRORS},
    auth=write_auth,
    summary="Create evidence of a mandate",
)
def create_mandate_evidence(
    request: HttpRequest, mandate_id: int, payload: EvidenceIn
) -> Status[EvidenceOut]:
    """Record what shows progress: `{"kind": "paragraph", "document": "UNEP/CMS/StC54/Doc.5",
    "paragraph": "7"}`, `{"kind": "document", "document": 12}`, or a `link` (also
    `activity`, `report_answer`) with its `url` and/or a `note`. Staff of the mandate's
    instrument."""
    user = acting_user(request)
    mandate = get_mandate_for_edit(user, mandate_id)
    evidence = services.add_evidence(mandate=mandate, by=user, **_evidence_fields(user, payload))
    visible = {evidence.document_id} if evidence.document_id else set()
    return Status(201, _evidence_out(request, evidence, visible))


@router.delete(
    "/mandates/{mandate_id}/evidence/{evidence_id}",
    response={204: None, **CHANGE_ERRORS},
    auth=write_auth,
    summary="Delete evidence of a mandate",
)
def delete_mandate_evidence(
    request: HttpRequest, mandate_id: int, evidence_id: int
) -> Status[None]:
    """Remove a piece of evidence from the mandate (its history keeps who added and removed
    it). Staff of the mandate's instrument."""
    user = acting_user(request)
    mandate = get_mandate_for_edit(user, mandate_id)
    evidence = get_object_or_404(mandate.evidence.select_related("mandate"), pk=evidence_id)
    services.remove_evidence(evidence=evidence, by=user)
    return Status(204, None)


@router.post(
    "/mandates/{mandate_id}/review",
    response={200: MandateDetailOut, **CHANGE_ERRORS},
    auth=write_auth,
    summary="Settle a mandate on the review list",
)
def set_review_decision(
    request: HttpRequest, mandate_id: int, payload: ReviewDecisionIn
) -> MandateDetailOut:
    """Take a mandate off the review list: `{"decision": "link", "predecessor": 12}` (it
    carries on that mandate of a version its resolution supersedes, which becomes
    superseded), `{"decision": "retire"}` (no longer asked) or `{"decision": "keep"}`.
    Staff of the mandate's instrument."""
    user = acting_user(request)
    mandate = get_mandate_for_edit(user, mandate_id)
    predecessor = None
    if payload.decision == ReviewDecision.LINK:
        if payload.predecessor is None:
            raise ValidationError({"predecessor": "Choose the earlier mandate it carries on."})
        predecessor = mandates_visible_to(user).filter(pk=payload.predecessor).first()
        if predecessor is None:
            raise ValidationError({"predecessor": f"No mandate {payload.predecessor}."})
    elif payload.predecessor is not None:
        raise ValidationError({"predecessor": "Only a decision to link names a predecessor."})
    services.settle_review(
        mandate=mandate,
        by=user,
        predecessor=predecessor,
        retire=payload.decision == ReviewDecision.RETIRE,
    )
    return mandate_detail(request, user, mandate_with_id(user, mandate_id))
