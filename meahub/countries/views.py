"""Country pages: the searchable list and one country's memberships and focal points."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from meahub.core.htmx import render_page
from meahub.countries.models import Country
from meahub.countries.selectors import country_list_page, country_page


def country_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    countries = country_list_page(query, user=request.user)
    return render_page(
        request,
        "countries/country_list.html",
        {"countries": countries, "query": query},
        partial="results",
    )


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = get_object_or_404(Country, code=code.upper())
    page = country_page(country, user=request.user)
    return render(request, "countries/country_detail.html", {"page": page})
