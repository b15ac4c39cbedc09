"""Editing a draft format in place (staff serving its instrument): add, change, move and
delete sections and questions, build choice lists, link a question to mandates.

With HTMX, a form opens where its button was; a refused form comes back in place with the
message beside the field (status 422) and nothing saved; a change that succeeds answers with
the format's outline, swapped over the old one. Without JavaScript every form is a page of
its own and a change goes back to the edit page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from meahub.core.htmx import INVALID_FORM_STATUS, add_service_errors, redirect_after_post
from meahub.permissions.reporting import (
    can_edit_format,
    can_manage_reporting,
    get_format_for_edit,
    get_format_for_view,
)
from meahub.reporting import format_pages
from meahub.reporting.format_forms import (
    ChoiceListForm,
    MandateLinkForm,
    QuestionForm,
    SectionForm,
)
from meahub.reporting.models import Question, ReportFormat, Section
from meahub.reporting.services import formats as services

EDIT_TEMPLATE = "reporting/format_edit.html"
PART_PAGE = "reporting/format_part_edit.html"
# A form's ``add_service_errors`` aliases: the service's field → the form's field.
TEXT_ALIASES = {"title": "title_", "label": "label_", "help": "help_"}


def edit_context(request: HttpRequest, report_format: ReportFormat) -> dict[str, Any]:
    """What the edit page's outline needs."""
    return {
        "report_format": report_format,
        "page": format_pages.format_page(request.user, report_format),
        "choice_lists": format_pages.choice_list_entries(report_format),
        "list_form": ChoiceListForm(report_format=report_format),
    }


def outline_response(
    request: HttpRequest,
    report_format: ReportFormat,
    *,
    notice: str = "",
    error: str = "",
    part: str = "outline",
) -> HttpResponse:
    """After a change (or a refusal not tied to a form): the outline (or the choice lists)
    swapped over the old one for HTMX; back to the edit page otherwise."""
    if not getattr(request, "htmx", False):
        if error:
            messages.error(request, error)
        elif notice:
            messages.success(request, notice)
        return redirect_after_post(
            request, reverse("reporting:format-edit", args=[report_format.pk])
        )
    context = {**edit_context(request, report_format), "notice": notice, "error": error}
    status = INVALID_FORM_STATUS if error else 200
    response = render(request, f"{EDIT_TEMPLATE}#{part}", context, status=status)
    retarget(response, f"#{part}")
    return reswap(response, "outerHTML")


def _aliases(form: Any) -> dict[str, str]:
    """Texts per language: the service's ``label`` error goes beside the first language."""
    aliases = {}
    for name, prefix in TEXT_ALIASES.items():
        fields = [f for f in form.fields if f.startswith(prefix)]
        if fields:
            aliases[name] = fields[0]
    return aliases


def part_form(
    request: HttpRequest,
    report_format: ReportFormat,
    *,
    form: Any,
    template: str,
    action: str,
    dom_id: str,
    heading: str,
    submit: str,
) -> HttpResponse:
    """A section, question or choice form: alone for HTMX (in place), else on a page."""
    context = {
        "report_format": report_format,
        "form": form,
        "action": action,
        "dom_id": dom_id,
        "heading": heading,
        "submit_label": submit,
        "part_template": template,
    }
    status = INVALID_FORM_STATUS if form.is_bound and form.errors else 200
    name = template if getattr(request, "htmx", False) else PART_PAGE
    return render(request, name, context, status=status)


def save_or_refuse(form: Any, action: Any) -> bool:
    """Run the service; put its refusal on the form. True when it saved."""
    try:
        action()
    except ValidationError as error:
        add_service_errors(form, error, aliases=_aliases(form))
        return False
    return True


def form_errors(form: Any) -> str:
    """A small inline form's errors as one sentence per field: "Name: ..."."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        prefix = f"{field.label}: " if field is not None else ""
        parts += [f"{prefix}{error}" for error in errors]
    return " ".join(parts)


# --- sections --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    report_format = get_format_for_edit(request.user, pk)
    parent = None
    if request.GET.get("parent"):
        parent = get_object_or_404(Section, format=report_format, pk=request.GET["parent"])
    form = SectionForm(
        request.POST or None, report_format=report_format, initial={"parent": parent}
    )
    if request.method == "POST" and form.is_valid():
        fields = form.section_fields()

        def add() -> None:
            services.add_section(
                report_format=report_format,
                parent=form.cleaned_data["parent"],
                by=request.user,
                **fields,
            )

        if save_or_refuse(form, add):
            return outline_response(request, report_format, notice=_("The section was added."))
    return part_form(
        request,
        report_format,
        form=form,
        template="reporting/_format_section_form.html",
        action=request.get_full_path(),
        dom_id=f"section-add-{parent.pk if parent else 'top'}",
        heading=_("Add a sub-section") if parent else _("Add a section"),
        submit=_("Add section"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    report_format = get_format_for_edit(request.user, pk)
    section = get_object_or_404(Section, format=report_format, pk=section_pk)
    form = SectionForm(request.POST or None, report_format=report_format, section=section)
    if request.method == "POST" and form.is_valid():
        fields = form.section_fields()
        parent = form.cleaned_data["parent"]

        def change() -> None:
            with transaction.atomic():  # moved and changed, or neither
                if parent != section.parent:
                    services.move_section(
                        section=section,
                        to=len(report_format.sections.all()),
                        parent=parent,
                        by=request.user,
                    )
                services.update_section(section=section, by=request.user, **fields)

        if save_or_refuse(form, change):
            return outline_response(request, report_format, notice=_("The section was saved."))
    return part_form(
        request,
        report_format,
        form=form,
        template="reporting/_format_section_form.html",
        action=request.path,
        dom_id=f"section-{section.pk}-form",
        heading=_("Change section %(section)s") % {"section": section},
        submit=_("Save section"),
    )


def move_index(request: HttpRequest) -> int:
    try:
        return max(0, int(request.POST.get("to", "")))
    except ValueError:
        return 0


@login_required
@require_POST
def section_move(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    report_format = get_format_for_edit(request.user, pk)
    section = get_object_or_404(Section, format=report_format, pk=section_pk)
    services.move_section(section=section, to=move_index(request), by=request.user)
    return outline_response(request, report_format, notice=_("The section was moved."))


@login_required
@require_POST
def section_delete(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    report_format = get_format_for_edit(request.user, pk)
    section = get_object_or_404(Section, format=report_format, pk=section_pk)
    try:
        services.delete_section(section=section, by=request.user)
    except ValidationError as error:
        return outline_response(request, report_format, error=" ".join(error.messages))
    return outline_response(request, report_format, notice=_("The section was deleted."))


# --- questions -------------------------------------------------------------------------------


QUESTION_FORM = "reporting/_format_question_form.html"


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    report_format = get_format_for_edit(request.user, pk)
    section = get_object_or_404(Section, format=report_format, pk=section_pk)
    form = QuestionForm(request.POST or None, report_format=report_format)
    if request.method == "POST" and form.is_valid():
        fields = form.question_fields()
        if save_or_refuse(
            form, lambda: services.add_question(section=section, by=request.user, **fields)
        ):
            return outline_response(request, report_format, notice=_("The question was added."))
    return part_form(
        request,
        report_format,
        form=form,
        template=QUESTION_FORM,
        action=request.path,
        dom_id=f"question-add-{section.pk}",
        heading=_("Add a question to %(section)s") % {"section": section},
        submit=_("Add question"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    report_format = get_format_for_edit(request.user, pk)
    question = get_object_or_404(Question, format=report_format, pk=question_pk)
    form = QuestionForm(request.POST or None, report_format=report_format, question=question)
    if request.method == "POST" and form.is_valid():
        fields = form.question_fields()
        if save_or_refuse(
            form, lambda: services.update_question(question=question, by=request.user, **fields)
        ):
            return outline_response(request, report_format, notice=_("The question was saved."))
    return part_form(
        request,
        report_format,
        form=form,
        template=QUESTION_FORM,
        action=request.path,
        dom_id=f"question-{question.pk}",
        heading=_("Change question %(question)s") % {"question": question},
        submit=_("Save question"),
    )


@login_required
@require_POST
def question_move(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    report_format = get_format_for_edit(request.user, pk)
    question = get_object_or_404(Question, format=report_format, pk=question_pk)
    services.move_question(question=question, to=move_index(request), by=request.user)
    return outline_response(request, report_format, notice=_("The question was moved."))


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    report_format = get_format_for_edit(request.user, pk)
    question = get_object_or_404(Question, format=report_format, pk=question_pk)
    try:
        services.delete_question(question=question, by=request.user)
    except ValidationError as error:
        return outline_response(request, report_format, error=" ".join(error.messages))
    return outline_response(request, report_format, notice=_("The question was deleted."))


@login_required
@require_http_methods(["GET", "POST"])
def question_mandates(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Link a question to mandates of the instrument's family: GET searches (``q``), POST
    sets the ticked ones. Adopted formats too: the links are not the questionnaire."""
    report_format = get_format_for_view(request.user, pk)
    if not can_manage_reporting(request.user, report_format.instrument):
        raise PermissionDenied
    question = get_object_or_404(
        Question.objects.select_related("format__instrument"), format=report_format, pk=question_pk
    )
    data = request.POST if request.method == "POST" else None
    form = MandateLinkForm(data, user=request.user, report_format=report_format)
    in_outline = bool(request.POST.get("in_outline")) and can_edit_format(
        request.user, report_format
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["mandates"]
        if save_or_refuse(
            form,
            lambda: services.link_question_mandates(
                question=question, mandates=chosen, by=request.user
            ),
        ):
            notice = _("The mandates of question %(question)s were saved.") % {"question": question}
            if in_outline:
                return outline_response(request, report_format, notice=notice)
            messages.success(request, notice)
            return redirect_after_post(
                request, report_format.get_absolute_url() + f"#q-{question.name}"
            )
    if request.method == "POST" and in_outline:
        return outline_response(request, report_format, error=form_errors(form))
    query = request.GET.get("q", "")
    context = {
        "report_format": report_format,
        "question": question,
        "form": form,
        "q": query,
        "linked": format_pages.family_mandates(request.user, report_format).filter(
            questions=question
        ),
        "results": format_pages.mandate_candidates(request.user, question, query),
    }
    status = INVALID_FORM_STATUS if form.errors else 200
    if getattr(request, "htmx", False) and request.method == "GET":
        return render(request, "reporting/_format_mandates.html#results", context)
    return render(request, "reporting/format_mandates.html", context, status=status)


urlpatterns = [
    path("formats/<int:pk>/sections/add/", section_add, name="format-section-add"),
    path(
        "formats/<int:pk>/sections/<int:section_pk>/edit/",
        section_edit,
        name="format-section-edit",
    ),
    path(
        "formats/<int:pk>/sections/<int:section_pk>/move/",
        section_move,
        name="format-section-move",
    ),
    path(
        "formats/<int:pk>/sections/<int:section_pk>/delete/",
        section_delete,
        name="format-section-delete",
    ),
    path(
        "formats/<int:pk>/sections/<int:section_pk>/questions/add/",
        question_add,
        name="format-question-add",
    ),
    path(
        "formats/<int:pk>/questions/<int:question_pk>/edit/",
        question_edit,
        name="format-question-edit",
    ),
    path(
        "formats/<int:pk>/questions/<int:question_pk>/move/",
        question_move,
        name="format-question-move",
    ),
    path(
        "formats/<int:pk>/questions/<int:question_pk>/delete/",
        question_delete,
        name="format-question-delete",
    ),
    path(
        "formats/<int:pk>/questions/<int:question_pk>/mandates/",
        question_mandates,
        name="format-question-mandates",
    ),
]
