"""A country's report: the form the focal point fills in (each answer saves itself), items of
repeated sections, files, prefill from the previous cycle, reuse of mapped answers, delegation
of sections, validation and submission; the Secretariat's review (comments per question,
return, accept, publish); the edit log.

Who sees what follows ``meahub.permissions.reporting``: a report the person may not read is a
404 (another country's focal point, a partner, the public unless accepted and published); a
change the person may not make is a 403; a refused value is answered in place with 422, a
conflict with someone else's save with 409, both keeping what the person typed. Without
JavaScript every form still posts and comes back to the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meahub.core.htmx import INVALID_FORM_STATUS, render_page
from meahub.countries.models import Country
from meahub.permissions.reporting import (
    can_see_working_papers,
    get_cycle_for_view,
    get_report_for_view,
)
from meahub.reporting import pages
from meahub.reporting.enums import QuestionType
from meahub.reporting.models import Answer, NationalReport, Question, Section
from meahub.reporting.services import answers as answer_services
from meahub.reporting.services import review as review_services
from meahub.reporting.services.answers import AnswerConflict
from meahub.reporting.services.cycles import open_report
from meahub.reporting.views import review as review_views

CONFLICT_STATUS = 409
# What a save may change on the report (read again without losing the loaded cycle).
SAVED_FIELDS = ["state", "repeat_counts"]
TEMPLATE = "reporting/report_detail.html"


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _page_url(report: NationalReport, anchor: str = "") -> str:
    return report.get_absolute_url() + (f"#{anchor}" if anchor else "")


# --- opening and reading a report --------------------------------------------------------------


def report_open(request: HttpRequest, cycle_pk: int, country_code: str) -> HttpResponse:
    """The country's report in the cycle, started the first time someone acting for the
    country opens it; anyone else is shown an existing report they may read, or a 404."""
    cycle = get_cycle_for_view(request.user, cycle_pk)
    country = get_object_or_404(Country, code=country_code.upper())
    try:
        report = open_report(cycle=cycle, country=country, by=request.user)
    except PermissionDenied:
        raise Http404("No such report.") from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(cycle.get_absolute_url())
    get_report_for_view(request.user, report.pk)  # 404 unless they may read it
    return redirect(report.get_absolute_url())


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_view(request.user, pk)
    page = pages.report_page(report, request.user)
    context = {"report": report, "page": page, "validate": "validate" in request.GET}
    partial = "validation" if context["validate"] else None
    return render_page(request, TEMPLATE, context, partial=partial)


def report_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The edit log: every answer change (who, when, old → new), for the country and the
    Secretariat only."""
    report = get_report_for_view(request.user, pk)
    if not can_see_working_papers(request.user, report):
        raise Http404("No such report.")
    log = pages.report_history(report, page=request.GET.get("page"))
    return render(request, "reporting/report_history.html", {"report": report, "log": log})


def answer_file(request: HttpRequest, pk: int, answer_pk: int) -> FileResponse:
    report = get_report_for_view(request.user, pk)
    answer = get_object_or_404(Answer.objects.exclude(file=""), report=report, pk=answer_pk)
    name = str(answer.value or answer.file.name.rsplit("/", 1)[-1])
    return FileResponse(answer.file.open("rb"), as_attachment=True, filename=name)


# --- saving one answer -------------------------------------------------------------------------


def _question(report: NationalReport, question_pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("section", "choice_list").prefetch_related(
            "choice_list__choices"
        ),
        pk=question_pk,
        format_id=report.cycle.format_id,
    )


def _version(request: HttpRequest) -> int | None:
    text = request.POST.get("version", "")
    return int(text) if text.isdigit() else None


def _raw(question: Question, request: HttpRequest) -> Any:
    """What the person entered, as ``values.clean_value`` takes it."""
    if question.type == QuestionType.MULTIPLE_CHOICE:
        return request.POST.getlist("value")
    if question.type == QuestionType.TABLE:
        view = pages.question_view(question)
        return {
            row: {
                column: request.POST.get(f"cell-{row}-{column}", "")
                for column, _label, _kind in view.columns
            }
            for row, _row_label in view.rows
        }
    return request.POST.get("value", "")


def _oob_update(request: HttpRequest, report: NationalReport, update: pages.AnswerUpdate) -> str:
    """The rest of the page a save changes: dependent answers, sections, the progress."""
    context: dict[str, Any] = {"report": report, "oob": True}
    html = [
        render_to_string("reporting/_answer.html", {**context, "slot": slot}, request)
        for slot in update.dependents
    ]
    html += [
        render_to_string("reporting/_section.html", {**context, "section": section}, request)
        for section in update.sections
    ]
    html.append(
        render_to_string(
            f"{TEMPLATE}#nav",
            {**context, "page": update},
            request,
        )
    )
    return "".join(html)


def _saved(
    request: HttpRequest,
    report: NationalReport,
    question: Question,
    item: str,
    *,
    whole: bool = False,
) -> HttpResponse:
    """After a save: for HTMX, the answer's status ("Saved") and new version, or the whole
    answer when its field changes (a file, a reused answer), and the rest of the page it
    changes; else back to the page at the answer."""
    whole = whole or question.type == QuestionType.FILE
    update = pages.answer_update(report, request.user, question, item, whole=whole)
    if not _is_htmx(request):
        messages.success(request, _("Saved."))
        return redirect(_page_url(report, update.slot.dom_id))
    context = {"report": report, "slot": update.slot}
    if whole:
        main = render_to_string("reporting/_answer.html", context, request)
    else:
        main = render_to_string("reporting/_answer.html#status", context, request)
        main += render_to_string(
            "reporting/_answer.html#version", {**context, "version_oob": True}, request
        )
    return HttpResponse(main + _oob_update(request, report, update))


def _refused(
    request: HttpRequest,
    report: NationalReport,
    question: Question,
    item: str,
    *,
    error: ValidationError | None = None,
    conflict: AnswerConflict | None = None,
    whole: bool = False,
) -> HttpResponse:
    """Answer a refused save in place, keeping what the person entered: for HTMX, the
    answer's status (or, ``whole``, the whole answer: a file, a reuse), else the page."""
    status = CONFLICT_STATUS if conflict is not None else INVALID_FORM_STATUS
    state = {
        "entered": _raw(question, request),
        "entered_other": request.POST.get("other_text", ""),
        "has_entered": question.type != QuestionType.FILE,
        "error": " ".join(error.messages) if error is not None else "",
        "conflict": str(conflict) if conflict is not None else "",
        "conflict_answer": conflict.current if conflict is not None else None,
    }
    if not _is_htmx(request):
        page = pages.report_page(report, request.user)
        slot = page.slots.get((question.pk, item))
        if slot is None:
            raise Http404("No such answer.")
        for name, value in state.items():
            setattr(slot, name, value)
        context = {"report": report, "page": page, "validate": False}
        return render(request, TEMPLATE, context, status=status)
    slot = pages.SlotView(
        q=pages.question_view(question), item=item, item_label="", asked=True, answer=None,
        editable=True, **state,
    )  # fmt: skip
    context = {"report": report, "slot": slot}
    if whole or question.type == QuestionType.FILE:
        update = pages.answer_update(report, request.user, question, item, whole=True)
        update.slot.saved = False
        for name, value in state.items():
            setattr(update.slot, name, value)
        return HttpResponse(
            render_to_string("reporting/_answer.html", {**context, "slot": update.slot}, request),
            status=status,
        )
    html = render_to_string("reporting/_answer.html#status", context, request)
    if conflict is not None:
        html += render_to_string(
            "reporting/_answer.html#version", {**context, "version_oob": True}, request
        )
    return HttpResponse(html, status=status)


@login_required
@require_POST
def answer_save(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    report = get_report_for_view(request.user, pk)
    question = _question(report, question_pk)
    item = request.POST.get("item", "")
    version = _version(request)
    try:
        if question.type == QuestionType.FILE:
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError({"file": _("Choose a file to upload.")})
            answer_services.save_file_answer(
                report=report, question=question, upload=upload, by=request.user, item=item,
                expected_version=version,
            )  # fmt: skip
        else:
            answer_services.save_answer(
                report=report, question=question, raw=_raw(question, request), by=request.user,
                item=item, other_text=request.POST.get("other_text", ""),
                expected_version=version,
            )  # fmt: skip
    except AnswerConflict as conflict:
        return _refused(request, report, question, item, conflict=conflict)
    except ValidationError as error:
        return _refused(request, report, question, item, error=error)
    report.refresh_from_db(fields=SAVED_FIELDS)
    return _saved(request, report, question, item)


@login_required
@require_POST
def answer_reuse(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Take the answer the country gave to a mapped question in another report."""
    report = get_report_for_view(request.user, pk)
    question = _question(report, question_pk)
    source_pk = request.POST.get("source", "")
    source = get_object_or_404(
        Answer.objects.filter(report__country_id=report.country_id).select_related("question"),
        pk=int(source_pk) if source_pk.isdigit() else 0,
    )
    try:
        answer_services.reuse_answer(
            report=report, question=question, source=source, by=request.user,
            expected_version=_version(request),
        )  # fmt: skip
    except AnswerConflict as conflict:
        return _refused(request, report, question, "", conflict=conflict, whole=True)
    except ValidationError as error:
        return _refused(request, report, question, "", error=error, whole=True)
    report.refresh_from_db(fields=SAVED_FIELDS)
    return _saved(request, report, question, "", whole=True)


@login_required
@require_POST
def repeat_item_add(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    """Add an item (a protected area, a project) to a section the country repeats."""
    report = get_report_for_view(request.user, pk)
    section = get_object_or_404(Section, pk=section_pk, format_id=report.cycle.format_id)
    try:
        key = answer_services.add_repeat_item(report=report, section=section, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_page_url(report, f"s-{section.pk}"))
    return redirect(_page_url(report, f"s-{section.pk}-i-{key}"))


@login_required
@require_POST
def report_prefill(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_view(request.user, pk)
    try:
        copied = answer_services.prefill_from_previous(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report.get_absolute_url())
    report.refresh_from_db()
    source = report.prefilled_from
    messages.success(
        request,
        ngettext(
            "%(count)s answer was copied from %(report)s.",
            "%(count)s answers were copied from %(report)s.",
            copied,
        )
        % {"count": copied, "report": source.cycle if source else ""},
    )
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_view(request.user, pk)
    try:
        report = review_services.submit_report(report=report, by=request.user)
    except ValidationError as error:
        # Missing answers are named by question; anything else is about the whole report.
        missing = hasattr(error, "error_dict") and NON_FIELD_ERRORS not in error.error_dict
        count = len(error.error_dict) if missing else 0
        text = (
            ngettext(
                "The report cannot be submitted yet: %(count)s required answer is missing.",
                "The report cannot be submitted yet: %(count)s required answers are missing.",
                count,
            )
            % {"count": count}
            if missing
            else " ".join(error.messages)
        )
        messages.error(request, text)
        return redirect(report.get_absolute_url() + "?validate=1#validation")
    if report.submitted_on_behalf:
        text = _(
            "The report was submitted on %(country)s's behalf. It is read-only until the "
            "Secretariat returns it."
        ) % {"country": report.country.name}
    else:
        text = _(
            "The report was submitted to the Secretariat. It is read-only until the "
            "Secretariat returns it."
        )
    messages.success(request, text)
    return redirect(report.get_absolute_url())


urlpatterns: list = [
    path("reports/open/<int:cycle_pk>/<str:country_code>/", report_open, name="report-open"),
    path("reports/<int:pk>/", report_detail, name="report-detail"),
    path("reports/<int:pk>/questions/<int:question_pk>/save/", answer_save, name="answer-save"),
    path("reports/<int:pk>/questions/<int:question_pk>/reuse/", answer_reuse, name="answer-reuse"),
    path("reports/<int:pk>/answers/<int:answer_pk>/file/", answer_file, name="answer-file"),
    path(
        "reports/<int:pk>/sections/<int:section_pk>/add-item/",
        repeat_item_add,
        name="repeat-item-add",
    ),
    path("reports/<int:pk>/prefill/", report_prefill, name="report-prefill"),
    path("reports/<int:pk>/submit/", report_submit, name="report-submit"),
    path("reports/<int:pk>/history/", report_history, name="report-history"),
    *review_views.urlpatterns,
]
