"""Choice lists of a draft format, edited in place on its edit page (staff serving its
instrument): a new list with its first choices, a choice added, renamed or moved. A refusal
comes back above the lists (or beside the new list's fields) with 422, nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from meahub.core.htmx import INVALID_FORM_STATUS
from meahub.permissions.reporting import get_format_for_edit
from meahub.reporting.format_forms import ChoiceForm, ChoiceListForm, FormatSettingsForm
from meahub.reporting.models import ChoiceList, ReportFormat
from meahub.reporting.services import formats as services
from meahub.reporting.views.format_editing import (
    EDIT_TEMPLATE,
    edit_context,
    form_errors,
    move_index,
    outline_response,
    save_or_refuse,
)


@login_required
@require_POST
def choice_list_add(request: HttpRequest, pk: int) -> HttpResponse:
    report_format = get_format_for_edit(request.user, pk)
    form = ChoiceListForm(request.POST, report_format=report_format)
    if form.is_valid():
        data = form.cleaned_data

        def create() -> None:
            services.create_choice_list(
                report_format=report_format,
                name=data["name"],
                choices=data["choices"],
                by=request.user,
            )

        if save_or_refuse(form, create):
            return outline_response(
                request, report_format, notice=_("The list was added."), part="choices"
            )
    return _choices_invalid(request, report_format, list_form=form)


@login_required
@require_POST
def choice_add(request: HttpRequest, pk: int, list_pk: int) -> HttpResponse:
    report_format = get_format_for_edit(request.user, pk)
    choice_list = get_object_or_404(ChoiceList, format=report_format, pk=list_pk)
    form = ChoiceForm(request.POST, report_format=report_format, prefix=f"list-{list_pk}")
    if form.is_valid():
        name, label = form.cleaned_data["name"], form.texts("label")
        if save_or_refuse(
            form,
            lambda: services.add_choice(
                choice_list=choice_list, name=name, label=label, by=request.user
            ),
        ):
            return outline_response(
                request, report_format, notice=_("The choice was added."), part="choices"
            )
    return _choices_invalid(request, report_format, error=form_errors(form))


@login_required
@require_POST
def choice_edit(request: HttpRequest, pk: int, list_pk: int, choice_pk: int) -> HttpResponse:
    report_format = get_format_for_edit(request.user, pk)
    choice_list = get_object_or_404(ChoiceList, format=report_format, pk=list_pk)
    choice = get_object_or_404(choice_list.choices, pk=choice_pk)
    form = ChoiceForm(
        request.POST, report_format=report_format, with_name=False, prefix=f"choice-{choice_pk}"
    )
    if form.is_valid():
        label = form.texts("label")
        if save_or_refuse(
            form, lambda: services.rename_choice(choice=choice, label=label, by=request.user)
        ):
            return outline_response(
                request, report_format, notice=_("The choice was renamed."), part="choices"
            )
    return _choices_invalid(request, report_format, error=form_errors(form))


@login_required
@require_POST
def choice_move(request: HttpRequest, pk: int, list_pk: int, choice_pk: int) -> HttpResponse:
    report_format = get_format_for_edit(request.user, pk)
    choice_list = get_object_or_404(ChoiceList, format=report_format, pk=list_pk)
    names = list(choice_list.choices.order_by("position", "pk").values_list("pk", "name"))
    moving = next((name for key, name in names if key == choice_pk), None)
    if moving is None:
        raise PermissionDenied
    order = [name for _key, name in names if name != moving]
    order.insert(min(move_index(request), len(order)), moving)
    services.reorder_choices(choice_list=choice_list, order=order, by=request.user)
    return outline_response(
        request, report_format, notice=_("The choice was moved."), part="choices"
    )


def _choices_invalid(
    request: HttpRequest,
    report_format: ReportFormat,
    *,
    list_form: ChoiceListForm | None = None,
    error: str = "",
) -> HttpResponse:
    """The choice lists again with the refusal (422): the new list's form with its
    messages beside the fields, or a choice's refusal above the lists."""
    htmx = getattr(request, "htmx", False)
    context = {
        **edit_context(request, report_format),
        "list_form": list_form or ChoiceListForm(report_format=report_format),
        "error": error,
    }
    if not htmx:
        if error:
            messages.error(request, error)
        context["form"] = FormatSettingsForm.for_format(report_format)
        return render(request, EDIT_TEMPLATE, context, status=INVALID_FORM_STATUS)
    response = render(request, f"{EDIT_TEMPLATE}#choices", context, status=INVALID_FORM_STATUS)
    retarget(response, "#choices")
    return reswap(response, "outerHTML")


urlpatterns = [
    path("formats/<int:pk>/choices/add/", choice_list_add, name="format-choice-list-add"),
    path("formats/<int:pk>/choices/<int:list_pk>/add/", choice_add, name="format-choice-add"),
    path(
        "formats/<int:pk>/choices/<int:list_pk>/<int:choice_pk>/edit/",
        choice_edit,
        name="format-choice-edit",
    ),
    path(
        "formats/<int:pk>/choices/<int:list_pk>/<int:choice_pk>/move/",
        choice_move,
        name="format-choice-move",
    ),
]
