"""Meeting pages: the list, and one meeting with its documents by agenda item."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meahub.meetings.selectors import meeting_list, meeting_page
from meahub.permissions.documents import get_meeting_for_view


def meeting_index(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/meeting_list.html", {"meetings": meeting_list(request.user)})


def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_meeting_for_view(request.user, slug)
    page = meeting_page(request.user, meeting)
    return render(request, "meetings/meeting_detail.html", {"page": page})
