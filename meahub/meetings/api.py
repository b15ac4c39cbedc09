"""Meetings in the API: where documents are tabled and decisions taken.

The public sees the meetings that have a published document; staff see all. A meeting's
page lists the documents the reader can see, grouped by agenda item.
"""

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from meahub.core.api_auth import acting_user, read_auth
from meahub.core.schemas import DETAIL_ERRORS, LIST_ERRORS, Pagination
from meahub.documents.selectors import DocumentFilters, documents_matching
from meahub.meetings.models import Meeting
from meahub.meetings.schemas import MeetingDetailOut, MeetingFilter, MeetingOut
from meahub.meetings.selectors import AgendaItem, agenda_order
from meahub.permissions.documents import get_meeting_for_view, meetings_visible_to
from meahub.permissions.roles import AnyUser

router = Router(tags=["meetings"])


@dataclass(frozen=True)
class MeetingAgenda:
    """What ``MeetingDetailOut`` reads: the meeting's own fields (read through) and its
    documents by agenda item."""

    meeting: Meeting
    agenda: list[AgendaItem]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.meeting, name)


def meetings_matching(
    user: AnyUser, *, q: str = "", instrument: str | None = None, kind: str | None = None
) -> QuerySet[Meeting]:
    """The meetings the user can see whose name, place or slug contains ``q``, of an
    instrument (code), of a kind; latest first (undated last), with the instrument loaded."""
    meetings = meetings_visible_to(user).select_related("instrument")
    if q:
        meetings = meetings.filter(
            Q(name__icontains=q) | Q(place__icontains=q) | Q(slug__icontains=q)
        )
    if instrument:
        meetings = meetings.filter(instrument__code=instrument.upper())
    if kind:
        meetings = meetings.filter(kind=kind)
    # Meetings without dates last on every database (PostgreSQL puts NULL first when descending).
    return meetings.order_by(F("starts_on").desc(nulls_last=True), "name")


@router.get(
    "/meetings",
    response={200: list[MeetingOut], **LIST_ERRORS},
    auth=read_auth,
    summary="List meetings",
)
@paginate(Pagination)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilter]) -> QuerySet[Meeting]:
    """Meetings of the instruments, latest first; filter by instrument (code) or kind, search
    name, place and slug with `q`. The public sees those with a published document."""
    return meetings_matching(acting_user(request), **filters.model_dump())


@router.get(
    "/meetings/{slug}",
    response={200: MeetingDetailOut, **DETAIL_ERRORS},
    auth=read_auth,
    summary="Get a meeting",
)
def get_meeting(request: HttpRequest, slug: str) -> MeetingAgenda:
    """One meeting by slug (`cms-cop40`), with the documents you can see grouped by agenda
    item in agenda order (documents without an item last)."""
    user = acting_user(request)
    meeting = get_meeting_for_view(user, slug)
    # The register's query (versions annotated, meeting loaded), in the meeting page's order.
    documents = sorted(
        documents_matching(user, DocumentFilters(meeting=meeting)).order_by("symbol"),
        key=lambda d: agenda_order(d.agenda_item.strip()),
    )
    agenda = [
        AgendaItem(item, list(group))
        for item, group in groupby(documents, key=lambda d: d.agenda_item.strip())
    ]
    return MeetingAgenda(meeting=meeting, agenda=agenda)
