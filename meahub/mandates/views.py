"""Mandate pages: the dashboard, the list, a mandate with its source and evidence, the review
list, the register of reporting obligations, and the progress reports (staff).

Staff of a mandate's instrument edit it; other staff read it; everyone else reads the
mandates of published resolutions, without the internal notes and owner. Progress reports
and the review list are staff's: 403 for anyone else signed in, sign-in for the anonymous.
"""

from __future__ import annotations

from copy import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meahub.core.htmx import (
    INVALID_FORM_STATUS,
    add_service_errors,
    redirect_after_post,
    render_form,
    render_page,
)
from meahub.core.pdf import PdfUnavailable
from meahub.mandates import pages, reports, selectors, services
from meahub.mandates.enums import ObligationStatus
from meahub.mandates.forms import (
    DashboardFilterForm,
    EntryForm,
    EvidenceForm,
    MandateFilterForm,
    MandateForm,
    NewReportForm,
    ObligationFilterForm,
    ObligationForm,
    ReportForm,
    SettleReviewForm,
)
from meahub.mandates.models import Mandate, ProgressReport
from meahub.permissions.mandates import (
    can_edit_mandate,
    can_edit_mandates_of,
    can_see_internal_notes,
    get_mandate_for_edit,
    get_mandate_for_view,
    get_progress_report_for_edit,
    obligations_visible_to,
    progress_reports_visible_to,
)
from meahub.permissions.roles import is_secretariat

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_staff(request: HttpRequest) -> None:
    """Progress reports and the review list are the Secretariat's (the anonymous are sent to
    sign in by ``login_required`` first)."""
    if not is_secretariat(request.user):
        raise PermissionDenied


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- dashboard and list ---------------------------------------------------------------------


def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None, user=request.user)
    instrument, actor = form.values()
    board = selectors.dashboard(request.user, instrument=instrument, actor=actor)
    context = {
        "form": form,
        "board": board,
        "is_staff": can_see_internal_notes(request.user),
    }
    return render_page(request, "mandates/dashboard.html", context, partial="results")


def mandate_list(request: HttpRequest) -> HttpResponse:
    form = MandateFilterForm(request.GET or None, user=request.user)
    mandates = pages.mandates_listed(request.user, form.filters()).select_related("owner")
    page = Paginator(mandates, pages.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "show_internal": can_see_internal_notes(request.user),
        "today": timezone.localdate(),
    }
    return render_page(request, "mandates/mandate_list.html", context, partial="results")


# --- one mandate ----------------------------------------------------------------------------


def _mandate_context(
    request: HttpRequest, mandate: Mandate, *, evidence_form: EvidenceForm | None = None
) -> dict[str, Any]:
    detail = pages.mandate_detail(request.user, mandate)
    context: dict[str, Any] = {
        "detail": detail,
        "page": detail.page,
        "mandate": mandate,
        "today": timezone.localdate(),
    }
    if detail.page.can_edit:
        context["form"] = MandateForm(instance=copy(mandate))
        context["evidence_form"] = evidence_form or EvidenceForm(user=request.user)
        context["obligation_forms"] = [
            (obligation, ObligationForm(instance=obligation, prefix=f"obligation-{obligation.pk}"))
            for obligation in detail.pending_obligations
        ]
    return context


def mandate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = get_mandate_for_view(request.user, pk)
    return render(request, "mandates/mandate_detail.html", _mandate_context(request, mandate))


@login_required
@require_http_methods(["GET", "POST"])
def mandate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = get_mandate_for_edit(request.user, pk)
    # The form validates a copy, so a refused edit leaves the page's mandate untouched.
    form = MandateForm(request.POST or None, instance=copy(mandate))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_mandate(mandate=mandate, by=request.user, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The mandate was saved."))
            return redirect_after_post(request, mandate.get_absolute_url())
    return render_form(request, "mandates/mandate_edit.html", {"mandate": mandate}, form=form)


def _evidence_response(
    request: HttpRequest,
    mandate: Mandate,
    *,
    notice: str = "",
    evidence_form: EvidenceForm | None = None,
) -> HttpResponse:
    """After an evidence action: for HTMX, the evidence part of the page (with ``notice``, or
    the form's errors) and, out of band, the page's history; else back to the page, or the
    page with the form's errors."""
    invalid = evidence_form is not None and bool(evidence_form.errors)
    status = INVALID_FORM_STATUS if invalid else 200
    htmx = getattr(request, "htmx", False)
    if not htmx and not invalid:
        messages.success(request, notice)
        return redirect_after_post(request, mandate.get_absolute_url() + "#evidence")
    context = _mandate_context(request, mandate, evidence_form=evidence_form)
    if not htmx:
        return render(request, "mandates/mandate_detail.html", context, status=status)
    context["notice"] = notice
    html = render_to_string("mandates/mandate_detail.html#evidence", context, request)
    html += render_to_string(
        "mandates/mandate_detail.html#history", {**context, "oob": True}, request
    )
    return HttpResponse(html, status=status)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = get_mandate_for_edit(request.user, pk)
    form = EvidenceForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.add_evidence(mandate=mandate, by=request.user, **form.evidence_fields())
        except ValidationError as error:
            add_service_errors(form, error, aliases={"document": "symbol", "paragraph": "anchor"})
        else:
            return _evidence_response(request, mandate, notice=_("The evidence was added."))
    return _evidence_response(request, mandate, evidence_form=form)


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    mandate = get_mandate_for_edit(request.user, pk)
    evidence = get_object_or_404(mandate.evidence.select_related("mandate"), pk=evidence_pk)
    services.remove_evidence(evidence=evidence, by=request.user)
    return _evidence_response(request, mandate, notice=_("The evidence was removed."))


@login_required
@require_POST
def suggestion_decide(request: HttpRequest, pk: int, suggestion_pk: int) -> HttpResponse:
    mandate = get_mandate_for_edit(request.user, pk)
    suggestion = get_object_or_404(
        mandate.suggestions.select_related("mandate", "paragraph__document"), pk=suggestion_pk
    )
    accept = request.POST.get("accept") == "1"
    services.decide_suggestion(suggestion=suggestion, by=request.user, accept=accept)
    notice = (
        _("The paragraph is now evidence of the mandate.")
        if accept
        else _("The suggestion was rejected.")
    )
    return _evidence_response(request, mandate, notice=notice)


# --- reporting obligations ------------------------------------------------------------------


def obligation_list(request: HttpRequest) -> HttpResponse:
    staff = can_see_internal_notes(request.user)
    form = ObligationFilterForm(request.GET or None, user=request.user, staff=staff)
    instrument, status = form.values()
    obligations = selectors.obligations_register(request.user, instrument, status=status or None)
    if not status:
        obligations = obligations.exclude(status=ObligationStatus.REJECTED)
    rows = [(o, can_edit_mandate(request.user, o.mandate)) for o in obligations]
    context = {"form": form, "rows": rows, "is_staff": staff, "instrument": instrument}
    return render_page(request, "mandates/obligation_list.html", context, partial="results")


@login_required
@require_http_methods(["GET", "POST"])
def obligation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = get_object_or_404(
        obligations_visible_to(request.user).select_related(
            "mandate__document", "mandate__paragraph", "mandate__actor", "reporter"
        ),
        pk=pk,
    )
    if not can_edit_mandate(request.user, obligation.mandate):
        raise PermissionDenied
    prefix = f"obligation-{obligation.pk}"
    form = ObligationForm(request.POST or None, instance=copy(obligation), prefix=prefix)
    if request.method == "POST" and form.is_valid():
        confirm = request.POST.get("decision") != "reject"
        try:
            services.decide_obligation(
                obligation=obligation, by=request.user, confirm=confirm, **form.changes()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if confirm:
                messages.success(request, _("The reporting obligation is confirmed."))
            else:
                messages.success(request, _("The reporting obligation was rejected."))
            return redirect_after_post(
                request, _next_url(request, obligation.mandate.get_absolute_url())
            )
    context = {"obligation": obligation, "next": _next_url(request, "")}
    return render_form(request, "mandates/obligation_decide.html", context, form=form)


# --- the review list ------------------------------------------------------------------------


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    items = pages.review_items(request.user)
    rows = [
        (item, SettleReviewForm(candidates=item.candidates, prefix=f"r{item.mandate.pk}"))
        for item in items
    ]
    return render(request, "mandates/review_list.html", {"rows": rows})


@login_required
@require_POST
def review_settle(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    mandate = get_mandate_for_edit(request.user, pk)
    item = next((i for i in pages.review_items(request.user) if i.mandate.pk == mandate.pk), None)
    if item is None:
        messages.error(request, _("This mandate is no longer on the review list."))
        return redirect_after_post(request, _review_url())
    form = SettleReviewForm(request.POST, candidates=item.candidates, prefix=f"r{pk}")
    if form.is_valid():
        try:
            services.settle_review(mandate=mandate, by=request.user, **form.settle_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _settled_message(mandate, form.settle_arguments())
            if getattr(request, "htmx", False):
                return HttpResponse(
                    render_to_string(
                        "mandates/review_list.html#settled",
                        {"item": item, "message": message},
                        request,
                    )
                )
            messages.success(request, message)
            return redirect_after_post(request, _review_url())
    if getattr(request, "htmx", False):
        return render(
            request,
            "mandates/review_list.html#review_item",
            {"item": item, "form": form},
            status=INVALID_FORM_STATUS,
        )
    rows = [
        (
            other,
            form
            if other.mandate.pk == pk
            else SettleReviewForm(candidates=other.candidates, prefix=f"r{other.mandate.pk}"),
        )
        for other in pages.review_items(request.user)
    ]
    return render(request, "mandates/review_list.html", {"rows": rows}, status=INVALID_FORM_STATUS)


def _settled_message(mandate: Mandate, decision: dict[str, Any]) -> str:
    predecessor = decision.get("predecessor")
    if predecessor is not None:
        return _("%(mandate)s now carries on %(predecessor)s.") % {
            "mandate": mandate,
            "predecessor": predecessor,
        }
    if decision.get("retire"):
        return _("%(mandate)s is retired.") % {"mandate": mandate}
    return _("%(mandate)s is kept as it is.") % {"mandate": mandate}


def _review_url() -> str:
    return reverse("mandates:review-list")


# --- progress reports -----------------------------------------------------------------------


def _report_for_view(request: HttpRequest, pk: int) -> ProgressReport:
    _require_staff(request)
    return get_object_or_404(
        progress_reports_visible_to(request.user).select_related("instrument", "meeting"), pk=pk
    )


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return render(
        request, "mandates/report_list.html", {"reports": pages.progress_reports(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = NewReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            report = reports.draft_progress_report(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft is ready: read it through and edit it."))
            return redirect_after_post(request, report.get_absolute_url())
    return render_form(request, "mandates/report_new.html", {}, form=form)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for_view(request, pk)
    context = {"page": pages.report_page(request.user, report), "report": report}
    return render(request, "mandates/report_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    report = get_progress_report_for_edit(request.user, pk)
    form = ReportForm(request.POST or None, instance=copy(report))
    if request.method == "POST" and form.is_valid():
        try:
            reports.update_progress_report(report=report, by=request.user, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report was saved."))
            return redirect_after_post(request, report.get_absolute_url())
    return render_form(request, "mandates/report_edit.html", {"report": report}, form=form)


@login_required
def entry_detail(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    report = _report_for_view(request, pk)
    entry = get_object_or_404(report.entries.select_related("mandate__document"), pk=entry_pk)
    if not getattr(request, "htmx", False):
        return redirect_after_post(request, f"{report.get_absolute_url()}#entry-{entry.pk}")
    page = {"can_edit": can_edit_mandates_of(request.user, report.instrument), "report": report}
    context = {"item": pages.page_entry(entry), "page": page}
    return render(request, "mandates/report_detail.html#entry", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    _require_staff(request)
    report = get_progress_report_for_edit(request.user, pk)
    entry = get_object_or_404(report.entries.select_related("mandate__document"), pk=entry_pk)
    form = EntryForm(request.POST or None, instance=copy(entry), prefix=f"entry-{entry.pk}")
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            entry = reports.update_progress_entry(
                entry=entry, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved = True
    if not getattr(request, "htmx", False):
        if saved:
            messages.success(request, _("The paragraph was saved."))
            return redirect_after_post(request, f"{report.get_absolute_url()}#entry-{entry.pk}")
        context = {
            "page": pages.report_page(request.user, report),
            "report": report,
            "editing": entry.pk,
            "entry_form": form,
        }
        status = INVALID_FORM_STATUS if form.is_bound else 200
        return render(request, "mandates/report_detail.html", context, status=status)
    context = {
        "item": pages.page_entry(entry),
        "page": {"can_edit": True, "report": report},
        "editing": None if saved else entry.pk,
        "entry_form": form,
    }
    status = INVALID_FORM_STATUS if form.is_bound and form.errors else 200
    return render(request, "mandates/report_detail.html#entry", context, status=status)


def _filename(report: ProgressReport, extension: str) -> str:
    return (
        f"{slugify(report.symbol.replace('/', '-')) or f'progress-report-{report.pk}'}.{extension}"
    )


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for_view(request, pk)
    response = HttpResponse(reports.progress_report_docx(report), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "docx")}"'
    return response


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for_view(request, pk)
    try:
        pdf = reports.progress_report_pdf(report)
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "pdf")}"'
    return response
