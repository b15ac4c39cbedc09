"""Organisation pages: the list and one organisation."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from meahub.core.htmx import render_page
from meahub.organisations.models import Organisation
from meahub.organisations.selectors import organisation_list_page, organisation_page


def organisation_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    organisations = organisation_list_page(query, user=request.user)
    return render_page(
        request,
        "organisations/organisation_list.html",
        {"organisations": organisations, "query": query},
        partial="results",
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("country"), slug=slug)
    page = organisation_page(organisation, user=request.user)
    return render(request, "organisations/organisation_detail.html", {"page": page})
