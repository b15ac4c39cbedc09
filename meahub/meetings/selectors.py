"""Reads of meetings for the pages: the list, and one meeting with its documents."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, Q

from meahub.documents.models import Document
from meahub.meetings.models import Meeting
from meahub.permissions.documents import documents_visible_to, meetings_visible_to
from meahub.permissions.roles import AnyUser

_NUMBER = re.compile(r"(\d+)")


def meeting_list(user: AnyUser) -> list[Meeting]:
    """The meetings the user can see, latest first, with their instrument and the number of
    documents the user can see (``document_count``), in one query."""
    return list(
        meetings_visible_to(user)
        .select_related("instrument")
        .annotate(
            document_count=Count(
                "documents", filter=Q(documents__in=documents_visible_to(user)), distinct=True
            )
        )
        .order_by("-starts_on", "name")
    )


def agenda_order(item: str) -> tuple[bool, list[tuple[int, int, str]]]:
    """A key that puts agenda items in their natural order ("2", "2a", "10.3", "10.11",
    numbers before words) and documents without an item last."""
    parts = [
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in _NUMBER.split(item.strip())
        if part
    ]
    return (not item.strip(), parts)


@dataclass(frozen=True)
class AgendaItem:
    item: str
    documents: list[Document]


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    agenda: list[AgendaItem]

    @property
    def document_count(self) -> int:
        return sum(len(entry.documents) for entry in self.agenda)


def meeting_page(user: AnyUser, meeting: Meeting) -> MeetingPage:
    """A meeting and the documents of it that the user can see, grouped by agenda item in
    the agenda's order (documents without an item last), by symbol within an item."""
    documents = (
        documents_visible_to(user)
        .filter(meeting=meeting)
        .select_related("instrument")
        .order_by("symbol")
    )
    groups: dict[str, list[Document]] = {}
    for document in documents:
        groups.setdefault(document.agenda_item.strip(), []).append(document)
    agenda = [AgendaItem(item, groups[item]) for item in sorted(groups, key=agenda_order)]
    return MeetingPage(meeting=meeting, agenda=agenda)
