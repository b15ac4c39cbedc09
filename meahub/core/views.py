"""The home page, the name search and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from meahub.core.htmx import render_page
from meahub.core.selectors import home_page, search_names


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"page": home_page(request.user)})


def search(request: HttpRequest) -> HttpResponse:
    """Search results: the whole page without JS, the results fragment for htmx."""
    results = search_names(request.GET.get("q", ""), user=request.user)
    return render_page(request, "core/search.html", {"results": results}, partial="results")


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
