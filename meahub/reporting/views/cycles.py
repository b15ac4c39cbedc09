"""The reporting home page, reporting cycles (create, edit, open the next one) and a cycle's
status page: who must report and where each report stands, as a table and a world map, as
at any date.

Everyone sees the home page and the status pages (who has reported is public); staff serving
an instrument create and edit its cycles (403 for anyone else signed in); links to a report
are shown only to those who may read it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meahub.core.htmx import add_service_errors, redirect_after_post, render_form, render_page
from meahub.instruments.models import Instrument
from meahub.permissions.reporting import (
    can_manage_reporting,
    get_cycle_for_manage,
    get_cycle_for_view,
)
from meahub.reporting import tracking
from meahub.reporting.cycle_forms import AsAtForm, CycleForm
from meahub.reporting.models import ReportingCycle
from meahub.reporting.services.cycles import save_cycle
from meahub.reporting.services.schedule import next_cycle

FORM_TEMPLATE = "reporting/cycle_form.html"


def home(request: HttpRequest) -> HttpResponse:
    page = tracking.reporting_home(request.user)
    return render_page(request, "reporting/home.html", {"page": page})


def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for_view(request.user, pk)
    form = AsAtForm(request.GET or None)
    as_at = form.cleaned_data.get("as_at") if form.is_valid() else None
    page = tracking.cycle_page(request.user, cycle, as_at=as_at)
    status = 422 if form.is_bound and form.errors else 200
    return render_page(
        request,
        "reporting/cycle_detail.html",
        {"page": page, "cycle": cycle, "form": form},
        partial="status",
        status=status,
    )


def _instrument_to_manage(request: HttpRequest) -> Instrument:
    code = (request.GET.get("instrument") or request.POST.get("instrument") or "").strip()
    if not code:
        raise Http404(_("Say which instrument the cycle is for (?instrument=CODE)."))
    instrument = get_object_or_404(Instrument, code__iexact=code)
    if not can_manage_reporting(request.user, instrument):
        raise PermissionDenied
    return instrument


def _save(request: HttpRequest, form: CycleForm, cycle: ReportingCycle) -> ReportingCycle | None:
    """The cycle saved through the service, or None with the service's refusal on the form."""
    try:
        return save_cycle(cycle=cycle, by=request.user, **form.service_fields())
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@login_required
def cycle_create(request: HttpRequest) -> HttpResponse:
    instrument = _instrument_to_manage(request)
    form = CycleForm(request.POST or None, instrument=instrument)
    action = f"{reverse('reporting:cycle-create')}?{urlencode({'instrument': instrument.code})}"
    context: dict[str, Any] = {"instrument": instrument, "cycle": None, "action": action}
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, ReportingCycle(instrument=instrument))
        if saved is not None:
            messages.success(request, _("Cycle %(cycle)s opened.") % {"cycle": saved})
            return redirect_after_post(request, saved.get_absolute_url())
    return render_form(request, FORM_TEMPLATE, context, form=form)


@login_required
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for_manage(request.user, pk)
    form = CycleForm(request.POST or None, instrument=cycle.instrument, cycle=cycle)
    context: dict[str, Any] = {
        "instrument": cycle.instrument,
        "cycle": cycle,
        "action": reverse("reporting:cycle-edit", args=[cycle.pk]),
    }
    if request.method == "POST" and form.is_valid():
        # Work on a fresh copy, so a refused save leaves the page's cycle as it was.
        saved = _save(request, form, ReportingCycle.objects.get(pk=cycle.pk))
        if saved is not None:
            messages.success(request, _("Cycle %(cycle)s saved.") % {"cycle": saved})
            return redirect_after_post(request, saved.get_absolute_url())
    return render_form(request, FORM_TEMPLATE, context, form=form)


@login_required
@require_POST
def cycle_next(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for_manage(request.user, pk)
    try:
        new = next_cycle(cycle, by=request.user, name=request.POST.get("name", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(cycle.get_absolute_url())
    messages.success(
        request,
        _("Cycle %(cycle)s opened: check its dates and reminders.") % {"cycle": new},
    )
    return redirect("reporting:cycle-edit", pk=new.pk)


urlpatterns: list[Any] = [
    path("", home, name="home"),
    path("cycles/new/", cycle_create, name="cycle-create"),
    path("cycles/<int:pk>/", cycle_detail, name="cycle-detail"),
    path("cycles/<int:pk>/edit/", cycle_edit, name="cycle-edit"),
    path("cycles/<int:pk>/next/", cycle_next, name="cycle-next"),
]
