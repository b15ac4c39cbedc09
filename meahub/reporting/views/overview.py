"""The overview report of a cycle: staff ask for it (optionally as at a date), follow the
compilation on its page (polled every second), then read it — who has reported, a map, each
question's figures, charts and quotes, the previous cycle beside the current one, every
figure linked to the answers it came from — and download it as XLSX, CSV, DOCX or PDF.

Overviews are the Secretariat's working drafts: staff read every one; focal points, partners
and the public get 404 (see ``permissions.reporting.overviews_visible_to``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from meahub.core.htmx import add_service_errors, redirect_after_post, render_form, render_page
from meahub.core.maps import WorldMap
from meahub.permissions.reporting import (
    get_cycle_for_manage,
    get_overview_for_view,
    overviews_visible_to,
)
from meahub.reporting import charts, overview_exports
from meahub.reporting.enums import OverviewStatus
from meahub.reporting.models import OverviewReport, ReportingCycle
from meahub.reporting.services.overview import start_overview

RECENT = 10
# Up to this many answers the page shows every section at once; beyond, one section at a
# time (the others load as the reader scrolls to them), so the page stays light.
INLINE_ANSWERS = 5_000


class OverviewForm(forms.Form):
    as_at = forms.DateField(
        label=gettext_lazy("As at"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "Reports as they stood at the end of this day (e.g. the day the meeting document "
            "was written). Empty: as they stand now."
        ),
    )


@dataclass
class OverviewPage:
    overview: OverviewReport
    finished: bool
    percent: int
    cycle_url: str
    context: dict[str, Any] = field(default_factory=dict)  # overview_exports.reading_context
    map: WorldMap | None = None
    formats: list[str] = field(default_factory=lambda: list(overview_exports.FORMATS))


def _url(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def overview_page(report: OverviewReport, *, section: str = "") -> OverviewPage:
    """What the overview's page shows: progress while it compiles, then the overview: every
    section of a small one; of a large one, ``section`` (the first by default)."""
    finished = report.status in (OverviewStatus.DONE, OverviewStatus.FAILED)
    percent = round(100 * report.progress / report.total) if report.total else 0
    page = OverviewPage(
        overview=report,
        finished=finished,
        percent=100 if report.status == OverviewStatus.DONE else percent,
        cycle_url=_url("reporting:cycle-detail", report.cycle_id),
    )
    if report.status == OverviewStatus.DONE and report.data:
        names = [s["name"] for s in report.data["sections"]]
        shown = None
        if report.data["totals"]["answers"] > INLINE_ANSWERS or section:
            shown = {section if section in names else names[0]} if names else set()
        page.context = overview_exports.reading_context(report.data, sections=shown)
        countries = report.data["status"]["countries"]
        page.map = charts.status_map(countries)
        for country in countries:
            country["href"] = (
                overview_exports.report_url(country["report"]) if country["report"] else ""
            )
    return page


def recent_overviews(user: Any, cycle: ReportingCycle) -> list[OverviewReport]:
    return list(
        overviews_visible_to(user)
        .filter(cycle=cycle)
        .select_related("created_by")
        .defer("data")
        .order_by("-created_at")[:RECENT]
    )


@login_required
@require_http_methods(["GET", "POST"])
def overview_start(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for_manage(request.user, pk)
    form = OverviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            report = start_overview(
                cycle=cycle, by=request.user, as_at=form.cleaned_data.get("as_at")
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect_after_post(request, report.get_absolute_url())
    context = {
        "cycle": cycle,
        "cycle_url": _url("reporting:cycle-detail", cycle.pk),
        "overviews": recent_overviews(request.user, cycle),
    }
    return render_form(request, "reporting/overview_start.html", context, form=form)


@login_required
def overview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_overview_for_view(request.user, pk)
    name = request.GET.get("section", "")
    page = overview_page(report, section=name)
    sections = page.context.get("data", {}).get("sections", [])
    chosen = next((s for s in sections if s["name"] == name), None)
    if chosen is not None and getattr(request, "htmx", False):
        context = {"page": page, "section": chosen, "linked": True}
        return render_page(request, "reporting/overview_detail.html", context, partial="section")
    return render_page(
        request, "reporting/overview_detail.html", {"page": page}, partial="progress"
    )


@login_required
def overview_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = get_overview_for_view(request.user, pk)
    if fmt not in overview_exports.FORMATS:
        raise Http404(_("No such format."))
    if report.status != OverviewStatus.DONE:
        return HttpResponse(
            _("The overview is not compiled yet."), status=409, content_type="text/plain"
        )
    base = request.build_absolute_uri("/").rstrip("/")
    try:
        content = overview_exports.export(report.data, fmt, base=base)
    except overview_exports.PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=overview_exports.FORMATS[fmt])
    name = overview_exports.filename(report.data, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns: list[Any] = [
    path("cycles/<int:pk>/overview/", overview_start, name="overview-start"),
    path("overviews/<int:pk>/", overview_detail, name="overview-detail"),
    path("overviews/<int:pk>/<str:fmt>/", overview_export, name="overview-export"),
]
