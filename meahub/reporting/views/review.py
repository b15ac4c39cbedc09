"""The Secretariat's review of a submitted report (comments per question, return, accept,
publish or withdraw) and the focal point's delegation of sections to contributors. Both are
forms on the report page; they post here and come back to it with a message. Part of the
``filling`` pages (its ``urlpatterns`` lists these)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meahub.accounts.models import User
from meahub.permissions.reporting import get_report_for_view
from meahub.reporting.models import NationalReport, Question, Section, SectionDelegation
from meahub.reporting.services import review as services

COMMENT_PREFIX = "comment:"


def _comments(
    request: HttpRequest, report: NationalReport
) -> list[tuple[Question | None, str, str]]:
    """The per-question comments of the review form: fields ``comment:<question>:<item>``."""
    wanted: list[tuple[int, str, str]] = []
    for name in request.POST:
        text = request.POST.get(name, "")
        if not name.startswith(COMMENT_PREFIX) or not text.strip():
            continue
        number, _sep, item = name.removeprefix(COMMENT_PREFIX).partition(":")
        if not number.isdigit():
            raise ValidationError({"comment": _("A comment names no question.")})
        wanted.append((int(number), item, text))
    questions = Question.objects.filter(
        format_id=report.cycle.format_id, pk__in={q for q, _item, _text in wanted}
    ).in_bulk()
    comments: list[tuple[Question | None, str, str]] = []
    for question_id, item, text in wanted:
        if question_id not in questions:
            raise ValidationError({"comment": _("A comment is on a question not in this report.")})
        comments.append((questions[question_id], item, text))
    return comments


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """``action``: accept, return (with ``note`` and per-question comments), publish or
    withdraw."""
    report = get_report_for_view(request.user, pk)
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    try:
        if action == "accept":
            services.accept_report(report=report, by=request.user, note=note)
            done = _("The report was accepted.")
        elif action == "return":
            services.return_report(
                report=report, by=request.user, note=note, comments=_comments(request, report)
            )
            done = _("The report was returned to %(country)s with your comments.") % {
                "country": report.country.name
            }
        elif action in ("publish", "withdraw"):
            services.publish_report(report=report, by=request.user, published=action == "publish")
            done = (
                _("The report is published: everyone may read it.")
                if action == "publish"
                else _("The report is no longer published.")
            )
        else:
            raise ValidationError({"action": _("Choose to accept, return, publish or withdraw.")})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report.get_absolute_url() + "#review")
    messages.success(request, done)
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def report_delegate(request: HttpRequest, pk: int) -> HttpResponse:
    """Delegate a section to a contributor of the country (``section``, ``contributor``), or
    remove a delegation (``remove``: its id)."""
    report = get_report_for_view(request.user, pk)
    back = redirect(report.get_absolute_url() + "#delegation")
    remove = request.POST.get("remove", "")
    if remove:
        delegation = SectionDelegation.objects.filter(
            report=report, pk=int(remove) if remove.isdigit() else 0
        ).first()
        if delegation is None:
            messages.error(request, _("This delegation no longer exists."))
            return back
        services.remove_delegation(delegation=delegation, by=request.user)
        messages.success(
            request,
            _("%(person)s no longer drafts %(section)s.")
            % {"person": delegation.contributor, "section": delegation.section},
        )
        return back
    section = Section.objects.filter(
        format_id=report.cycle.format_id, pk=_number(request.POST.get("section"))
    ).first()
    contributor = User.objects.filter(
        contact__country_id=report.country_id, is_active=True,
        pk=_number(request.POST.get("contributor")),
    ).first()  # fmt: skip
    errors = []
    if section is None:
        errors.append(_("Choose the section to delegate."))
    if contributor is None:
        errors.append(_("Choose a person of %(country)s.") % {"country": report.country.name})
    if errors:
        messages.error(request, " ".join(errors))
        return back
    assert section is not None and contributor is not None
    try:
        services.delegate_section(
            report=report, section=section, contributor=contributor, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back
    name = contributor.get_full_name() or contributor.username
    messages.success(
        request,
        _("%(person)s may now draft %(section)s.") % {"person": name, "section": section},
    )
    return back


def _number(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0


urlpatterns: list = [
    path("reports/<int:pk>/review/", report_review, name="report-review"),
    path("reports/<int:pk>/delegate/", report_delegate, name="report-delegate"),
]
