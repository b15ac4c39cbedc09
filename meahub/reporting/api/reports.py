"""Countries' reports in the API: list and read them, open one, write answers (one, or several
together, with optimistic locking), submit, and the Secretariat's review (return with
comments, accept, publish). A report one may not read is 404."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from meahub.core.api_auth import acting_user, read_auth, write_auth
from meahub.core.schemas import (
    CHANGE_ERRORS,
    CONFLICT_ERRORS,
    CREATE_ERRORS,
    DETAIL_ERRORS,
    LIST_ERRORS,
    Pagination,
)
from meahub.countries.selectors import country_from_input
from meahub.permissions.reporting import (
    can_see_working_papers,
    get_cycle_for_view,
    get_report_for_view,
    reports_visible_to,
)
from meahub.permissions.roles import AnyUser
from meahub.reporting import selectors, values
from meahub.reporting.models import Answer, NationalReport, Question, ReviewComment
from meahub.reporting.schemas import (
    AcceptIn,
    AnswerIn,
    AnswerOut,
    AnswersIn,
    CommentOut,
    PublishIn,
    ReportDetailOut,
    ReportFilter,
    ReportOpenIn,
    ReportOut,
    ReturnIn,
    answer_key,
)
from meahub.reporting.services import answers as answer_services
from meahub.reporting.services import review
from meahub.reporting.services.cycles import open_report

router = Router(tags=["reporting"])

REPORT_RELATED = ("cycle__instrument", "cycle__format", "country")


# --- what inputs name ----------------------------------------------------------------------


def question_from_input(report: NationalReport, name: str, *, field: str = "question") -> Question:
    """The question of the report's format with this name; else ValidationError naming the
    field."""
    question = (
        selectors.format_questions(report.cycle.format).filter(name=name.strip()).first()
        if name
        else None
    )
    if question is None:
        raise ValidationError({field: f"The format of this report has no question '{name}'."})
    return question


# --- building the answers ------------------------------------------------------------------


def _answers_out(request: HttpRequest, user: AnyUser, report: NationalReport) -> list[AnswerOut]:
    questions = {q.pk: q for q in selectors.format_questions(report.cycle.format)}
    order = {pk: index for index, pk in enumerate(questions)}
    show_who = can_see_working_papers(user, report)
    found = []
    for answer in Answer.objects.filter(report=report).select_related("updated_by"):
        answer.question = questions[answer.question_id]
        found.append(answer)
    found.sort(key=lambda a: (order[a.question_id], a.item))
    return [_answer_out(request, answer, show_who=show_who) for answer in found]


def _answer_out(request: HttpRequest, answer: Answer, *, show_who: bool = True) -> AnswerOut:
    return AnswerOut.from_answer(
        answer,
        display=values.display_value(answer.question, answer.value, other_text=answer.other_text)
        if answer.value is not None
        else "",
        file_url=request.build_absolute_uri(answer.file.url) if answer.file else None,
        show_who=show_who,
    )


def report_detail(request: HttpRequest, user: AnyUser, report: NationalReport) -> ReportDetailOut:
    """The report with its answers; the review note and comments only for the country and
    the Secretariat."""
    working = can_see_working_papers(user, report)
    comments: list[CommentOut] = []
    if working:
        comments = [
            CommentOut(
                question=c.question.name if c.question else None,
                item=c.item,
                text=c.text,
                created_at=c.created_at,
                resolved_at=c.resolved_at,
            )
            for c in ReviewComment.objects.filter(report=report).select_related("question")
        ]
    fields = ReportOut.model_validate(report).model_dump()
    return ReportDetailOut(
        **fields,
        review_note=report.review_note if working else "",
        repeat_counts={k: int(v) for k, v in (report.repeat_counts or {}).items()},
        answers=_answers_out(request, user, report),
        comments=comments,
    )


def _conflict(
    request: HttpRequest, error: answer_services.AnswerConflict
) -> Status[dict[str, Any]]:
    current = error.current
    current.question = Question.objects.select_related("choice_list").get(pk=current.question_id)
    key = answer_key(current.question.name, current.item)
    return Status(
        409,
        {
            "detail": str(error),
            "errors": {key: [str(error)]},
            "current": _answer_out(request, current).model_dump(mode="json"),
        },
    )


def _report(user: AnyUser, report_id: int) -> NationalReport:
    return get_report_for_view(user, report_id)


# --- reports -------------------------------------------------------------------------------


@router.get(
    "/reports",
    response={200: list[ReportOut], **LIST_ERRORS},
    auth=read_auth,
    summary="List national reports",
)
@paginate(Pagination)
def list_national_reports(
    request: HttpRequest, filters: Query[ReportFilter]
) -> QuerySet[NationalReport]:
    """The reports you may read: your country's (as its focal point), every report (staff),
    and those accepted and published (everyone). Filter by `cycle` (id), `country` (ISO code)
    and `state`."""
    user = acting_user(request)
    reports = reports_visible_to(user).select_related(*REPORT_RELATED)
    if filters.cycle is not None:
        reports = reports.filter(cycle_id=filters.cycle)
    if filters.country:
        reports = reports.filter(country=country_from_input(filters.country))
    if filters.state:
        reports = reports.filter(state=filters.state)
    return reports.order_by("-cycle__deadline", "cycle__instrument__code", "country__name_en", "pk")


@router.post(
    "/reports",
    response={200: ReportOut, 201: ReportOut, **CREATE_ERRORS},
    auth=write_auth,
    summary="Create (open) a country's report in a cycle",
)
def create_national_report(request: HttpRequest, payload: ReportOpenIn) -> Status[NationalReport]:
    """Open the country's report in the cycle, as its focal point (or staff serving the
    instrument, on the country's behalf): 201 with the new report, or 200 with the report
    that is already there. Refused (422) for a country that does not report in the cycle."""
    user = acting_user(request)
    cycle = get_cycle_for_view(user, payload.cycle)
    country = country_from_input(payload.country)
    existed = NationalReport.objects.filter(cycle=cycle, country=country).exists()
    report = open_report(cycle=cycle, country=country, by=user)
    report = NationalReport.objects.select_related(*REPORT_RELATED).get(pk=report.pk)
    return Status(200 if existed else 201, report)


@router.get(
    "/reports/{report_id}",
    response={200: ReportDetailOut, **DETAIL_ERRORS},
    auth=read_auth,
    summary="Get a national report with its answers",
)
def get_national_report(request: HttpRequest, report_id: int) -> ReportDetailOut:
    """A report and every answer in it (`key`, `item`, `value`, `version`…). Who changed an
    answer, the review note and the Secretariat's comments are given to the country and the
    Secretariat only."""
    user = acting_user(request)
    return report_detail(request, user, _report(user, report_id))


@router.put(
    "/reports/{report_id}/answers",
    response={200: AnswerOut, **CONFLICT_ERRORS},
    auth=write_auth,
    summary="Set one answer of a national report",
)
def set_report_answer(
    request: HttpRequest, report_id: int, payload: AnswerIn
) -> AnswerOut | Status:
    """Save one answer: the question's name, the item (for a repeated section), the value
    and the `version` you read (0 when there was no answer). 409 with the answer as it now
    stands if someone changed it since; 422 with the reason for a value of the wrong type or
    out of range; 403 once the report is submitted or for someone who may not change it."""
    user = acting_user(request)
    report = _report(user, report_id)
    question = question_from_input(report, payload.question)
    try:
        answer = answer_services.save_answer(
            report=report, question=question, raw=payload.value, by=user, item=payload.item,
            other_text=payload.other_text, expected_version=payload.version,
        )  # fmt: skip
    except answer_services.AnswerConflict as error:
        return _conflict(request, error)
    answer.question = question
    return _answer_out(request, answer)


@router.patch(
    "/reports/{report_id}/answers",
    response={200: list[AnswerOut], **CONFLICT_ERRORS},
    auth=write_auth,
    summary="Update several answers of a national report together",
)
def update_report_answers(
    request: HttpRequest, report_id: int, payload: AnswersIn
) -> list[AnswerOut] | Status:
    """Save several answers at once, each as in `PUT …/answers`: all are saved or none. A
    bad value is refused (422) under the answer's key (`area_deer[2]`); an outdated version
    (409) gives that answer as it now stands."""
    user = acting_user(request)
    report = _report(user, report_id)
    saved = []
    try:
        with transaction.atomic():
            for n, entry in enumerate(payload.answers):
                question = question_from_input(report, entry.question, field=f"answers.{n}")
                try:
                    answer = answer_services.save_answer(
                        report=report, question=question, raw=entry.value, by=user,
                        item=entry.item, other_text=entry.other_text,
                        expected_version=entry.version,
                    )  # fmt: skip
                except ValidationError as error:
                    raise _keyed(error, answer_key(question.name, entry.item)) from error
                answer.question = question
                saved.append(answer)
    except answer_services.AnswerConflict as error:
        return _conflict(request, error)
    return [_answer_out(request, answer) for answer in saved]


def _keyed(error: ValidationError, key: str) -> ValidationError:
    """A service's refusal of one answer, filed under the answer's key."""
    return ValidationError({key: error.messages})


@router.post(
    "/reports/{report_id}/submit",
    response={200: ReportOut, **CHANGE_ERRORS},
    auth=write_auth,
    summary="Submit a national report",
)
def set_report_submitted(request: HttpRequest, report_id: int) -> NationalReport:
    """Submit the report to the Secretariat, as the country's focal point (or as staff, on the
    country's behalf, recorded as such). Every required question that is asked must be
    answered: 422 names each missing one. The report is then read-only for the country."""
    user = acting_user(request)
    report = review.submit_report(report=_report(user, report_id), by=user)
    return _reloaded(report)


@router.post(
    "/reports/{report_id}/return",
    response={200: ReportDetailOut, **CHANGE_ERRORS},
    auth=write_auth,
    summary="Return a national report with comments",
)
def set_report_returned(request: HttpRequest, report_id: int, payload: ReturnIn) -> ReportDetailOut:
    """Staff return a submitted report to the country with a note and/or comments per
    question (`question` by name, `item` for a repeated section); the country can change its
    answers again and resubmit."""
    user = acting_user(request)
    report = _report(user, report_id)
    comments = [
        (
            question_from_input(report, c.question, field=f"comments.{n}.question")
            if c.question
            else None,
            c.item,
            c.text,
        )
        for n, c in enumerate(payload.comments)
    ]
    report = review.return_report(report=report, by=user, note=payload.note, comments=comments)
    return report_detail(request, user, _reloaded(report))


@router.post(
    "/reports/{report_id}/accept",
    response={200: ReportOut, **CHANGE_ERRORS},
    auth=write_auth,
    summary="Accept a national report",
)
def set_report_accepted(request: HttpRequest, report_id: int, payload: AcceptIn) -> NationalReport:
    """Staff accept a submitted report; its open comments count as dealt with."""
    user = acting_user(request)
    report = review.accept_report(report=_report(user, report_id), by=user, note=payload.note)
    return _reloaded(report)


@router.post(
    "/reports/{report_id}/publish",
    response={200: ReportOut, **CHANGE_ERRORS},
    auth=write_auth,
    summary="Publish a national report (or withdraw it)",
)
def set_report_published(
    request: HttpRequest, report_id: int, payload: PublishIn
) -> NationalReport:
    """Staff publish an accepted report, so the public may read it; `published: false`
    withdraws it."""
    user = acting_user(request)
    report = review.publish_report(
        report=_report(user, report_id), by=user, published=payload.published
    )
    return _reloaded(report)


def _reloaded(report: NationalReport) -> NationalReport:
    return NationalReport.objects.select_related(*REPORT_RELATED).get(pk=report.pk)
