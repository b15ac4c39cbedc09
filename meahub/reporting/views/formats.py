"""Report format pages: the list (per instrument), a format as a reader sees it with its
versions, lineage, mappings and linked mandates; starting a format, the edit page of a draft
(its outline edited in place: see ``format_editing``), adoption, new versions, retirement,
and the mappings of its questions to questions of other formats and instruments.

Staff serving the instrument author and adopt its formats; other staff read every format,
drafts too; focal points, partners and the public read adopted (and retired) formats only:
a draft is a 404 to them, and every change a 403 (or sign-in for the anonymous).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meahub.core.htmx import add_service_errors, redirect_after_post, render_form, render_page
from meahub.instruments.models import Instrument
from meahub.permissions.reporting import (
    can_manage_reporting,
    get_format_for_edit,
    get_format_for_view,
)
from meahub.reporting import format_pages
from meahub.reporting.format_forms import (
    FormatForm,
    FormatSettingsForm,
    MappingForm,
)
from meahub.reporting.models import QuestionMapping
from meahub.reporting.services import formats as services
from meahub.reporting.views import format_choices, format_editing
from meahub.reporting.views.format_editing import edit_context

PARTS = ("outline", "choices")


def format_list(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("instrument", "")
    instrument = Instrument.objects.filter(code=code).first() if code else None
    context = {
        "formats": format_pages.format_list(request.user, instrument=instrument),
        "instrument": instrument,
        "instruments": Instrument.objects.filter(report_formats__isnull=False)
        .distinct()
        .order_by("code"),
        "can_create": bool(format_pages.managed_instruments(request.user)),
    }
    return render_page(request, "reporting/format_list.html", context, partial="results")


def format_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report_format = get_format_for_view(request.user, pk)
    context = {
        "report_format": report_format,
        "page": format_pages.format_page(request.user, report_format),
    }
    return render(request, "reporting/format_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def format_create(request: HttpRequest) -> HttpResponse:
    instruments = format_pages.managed_instruments(request.user)
    if not instruments:
        raise PermissionDenied
    initial = {"instrument": request.GET.get("instrument")} if request.GET.get("instrument") else {}
    form = FormatForm(request.POST or None, instruments=instruments, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report_format = services.create_format(
                instrument=data["instrument"],
                title=data["title"],
                languages=data["languages"],
                description=data["description"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The format was started: add its sections and questions."))
            return redirect_after_post(
                request, reverse("reporting:format-edit", args=[report_format.pk])
            )
    return render_form(request, "reporting/format_create.html", {}, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def format_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft's edit page; a POST changes its settings (title, languages...)."""
    report_format = get_format_for_edit(request.user, pk)
    form = FormatSettingsForm.for_format(report_format, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_format(
                report_format=report_format, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The format's settings were saved."))
            return redirect_after_post(
                request, reverse("reporting:format-edit", args=[report_format.pk])
            )
        report_format.refresh_from_db()
    context = edit_context(request, report_format)
    part = request.GET.get("part")
    if request.method == "GET" and getattr(request, "htmx", False) and part in PARTS:
        # "Cancel" on a form opened in place: the outline (or the lists) as they are.
        return render(request, f"reporting/format_edit.html#{part}", {**context, "form": form})
    return render_form(
        request, "reporting/format_edit.html", context, form=form, partial="settings"
    )


def _lifecycle(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Adopt, make a new version, retire or renumber; a refusal is shown as a message."""
    report_format = get_format_for_view(request.user, pk)
    target = report_format.get_absolute_url()
    try:
        if action == "adopt":
            services.adopt_format(
                report_format=report_format,
                adopted_by=request.POST.get("adopted_by", ""),
                by=request.user,
            )
            notice = _("The format is adopted; it can no longer change.")
        elif action == "new-version":
            draft = services.new_version(report_format=report_format, by=request.user)
            notice = _("Version %(version)s is a draft: change it here.") % {
                "version": draft.version
            }
            target = reverse("reporting:format-edit", args=[draft.pk])
        elif action == "retire":
            services.retire_format(report_format=report_format, by=request.user)
            notice = _("The format is retired.")
        else:
            services.renumber(report_format=report_format, by=request.user)
            notice = _("The sections and questions were numbered.")
            target = reverse("reporting:format-edit", args=[report_format.pk])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        if action in ("adopt", "renumber"):
            target = reverse("reporting:format-edit", args=[report_format.pk])
    else:
        messages.success(request, notice)
    return redirect_after_post(request, target)


@login_required
@require_POST
def format_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    return _lifecycle(request, pk, "adopt")


@login_required
@require_POST
def format_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    return _lifecycle(request, pk, "new-version")


@login_required
@require_POST
def format_retire(request: HttpRequest, pk: int) -> HttpResponse:
    return _lifecycle(request, pk, "retire")


@login_required
@require_POST
def format_renumber(request: HttpRequest, pk: int) -> HttpResponse:
    return _lifecycle(request, pk, "renumber")


# --- mappings --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def mapping_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The mappings of the format's questions; staff serving the instrument map more (pick
    another format, then a question of it) and unmap."""
    report_format = get_format_for_view(request.user, pk)
    can_map = can_manage_reporting(request.user, report_format.instrument)
    if request.method == "POST" and not can_map:
        raise PermissionDenied
    others = format_pages.other_formats(request.user, report_format)
    other_id = request.POST.get("other_format") or request.GET.get("other_format") or ""
    other = others.filter(pk=int(other_id)).first() if other_id.isdigit() else None
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        report_format=report_format,
        other=other,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.map_questions(
                question_a=data["question"],
                question_b=data["other_question"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"question_b": "other_question"})
        else:
            messages.success(request, _("The questions were mapped."))
            return redirect_after_post(
                request, reverse("reporting:mapping-list", args=[report_format.pk])
            )
    context = {
        "report_format": report_format,
        "rows": format_pages.mapping_rows(request.user, report_format),
        "can_map": can_map,
        "other": other,
    }
    return render_form(request, "reporting/mapping_list.html", context, form=form)


@login_required
@require_POST
def mapping_remove(request: HttpRequest, pk: int, mapping_pk: int) -> HttpResponse:
    report_format = get_format_for_view(request.user, pk)
    lineages = report_format.questions.values("lineage")
    mapping = get_object_or_404(
        QuestionMapping.objects.filter(lineage_a__in=lineages)
        | QuestionMapping.objects.filter(lineage_b__in=lineages),
        pk=mapping_pk,
    )
    services.unmap_questions(mapping=mapping, by=request.user)
    messages.success(request, _("The mapping was removed."))
    return redirect_after_post(request, reverse("reporting:mapping-list", args=[report_format.pk]))


urlpatterns = [
    path("formats/", format_list, name="format-list"),
    path("formats/new/", format_create, name="format-create"),
    path("formats/<int:pk>/", format_detail, name="format-detail"),
    path("formats/<int:pk>/edit/", format_edit, name="format-edit"),
    path("formats/<int:pk>/adopt/", format_adopt, name="format-adopt"),
    path("formats/<int:pk>/new-version/", format_new_version, name="format-new-version"),
    path("formats/<int:pk>/retire/", format_retire, name="format-retire"),
    path("formats/<int:pk>/renumber/", format_renumber, name="format-renumber"),
    path("formats/<int:pk>/mappings/", mapping_list, name="mapping-list"),
    path(
        "formats/<int:pk>/mappings/<int:mapping_pk>/remove/",
        mapping_remove,
        name="mapping-remove",
    ),
    *format_editing.urlpatterns,
    *format_choices.urlpatterns,
]
