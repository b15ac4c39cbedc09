"""What the API takes and gives for national reporting: report formats (sections, questions,
choices), reporting cycles and where their reports stand, countries' reports and answers.

Rows are named by their codes, as in the rest of the API: instruments by code, countries by
ISO code, meetings by slug, questions by name (their ``name`` in the format, as in XLSForm).
Multilingual texts (titles, labels, help, choices) are objects keyed by language code:
``{"en": "Threats", "fr": "Menaces"}``. An answer's ``key`` is its question's name, with
the item of a repeated section in brackets (``area_deer[2]``), as in error messages.
"""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from meahub.reporting.enums import (
    CycleFrequency,
    DeadlineRule,
    FormatStatus,
    QuestionType,
    RepeatSource,
    ReportState,
)
from meahub.reporting.models import Answer, NationalReport, Question, ReportFormat

Texts = dict[str, str]


def answer_key(question_name: str, item: str) -> str:
    return f"{question_name}[{item}]" if item else question_name


def _given(obj: Any, name: str) -> Any:
    """The value a schema built from another schema's output (a dict or a schema) already
    has: ninja runs resolvers on those too."""
    return obj[name] if isinstance(obj, dict) else getattr(obj, name)


# --- formats -------------------------------------------------------------------------------


class ChoiceOut(Schema):
    name: str
    label: Texts


class ChoiceListOut(Schema):
    name: str = Field(description="The list's name (XLSForm's list_name).")
    choices: list[ChoiceOut]


class QuestionOut(Schema):
    name: str = Field(description="The question's identity in the format; answers name it.")
    number: str = Field(description="As printed: '1.2'.")
    type: QuestionType
    label: Texts
    help: Texts
    required: bool
    unit: str
    min_value: float | None
    max_value: float | None
    choice_list: str | None = Field(description="Name of its list of choices.")
    has_other: bool = Field(description="Offers 'other' with a text to specify.")
    relevant: str = Field(description="Asked only when this condition holds ('' always).")
    calculation: str
    table_rows: list[Any]
    table_columns: list[Any]
    lineage: str = Field(description="The question's identity across versions of the format.")

    @staticmethod
    def resolve_choice_list(obj: Any) -> str | None:
        if not isinstance(obj, Question):
            return _given(obj, "choice_list")
        return obj.choice_list.name if obj.choice_list_id and obj.choice_list else None


class SectionOut(Schema):
    name: str
    number: str
    title: Texts
    help: Texts
    parent: str | None = Field(description="Name of the section it is part of.")
    depth: int = Field(description="0 for a top-level section.")
    relevant: str
    repeat_source: RepeatSource = Field(
        description="What the section is repeated for: '' (not), species, choices, free."
    )
    repeat_choices: str | None = Field(description="For 'choices': the list it repeats over.")
    questions: list[QuestionOut]


class FormatOut(Schema):
    id: int
    instrument: str = Field(description="Instrument code.")
    title: str
    version: int
    status: FormatStatus
    languages: list[str]
    description: str
    adopted_by: str
    previous: int | None = Field(description="Id of the version it replaces.")
    created_at: dt.datetime

    @staticmethod
    def resolve_instrument(obj: Any) -> str:
        if not isinstance(obj, ReportFormat):
            return str(_given(obj, "instrument"))
        return str(obj.instrument.code)

    @staticmethod
    def resolve_previous(obj: Any) -> int | None:
        if not isinstance(obj, ReportFormat):
            return _given(obj, "previous")
        return obj.previous_id


class FormatDetailOut(FormatOut):
    sections: list[SectionOut] = Field(description="Every section in order, sub-sections after.")
    choice_lists: list[ChoiceListOut]


class FormatFilter(Schema):
    instrument: str | None = Field(None, description="Instrument code.")
    status: FormatStatus | None = None


# --- cycles --------------------------------------------------------------------------------


class CycleOut(Schema):
    id: int
    instrument: str = Field(description="Instrument code.")
    name: str
    format: int = Field(description="Id of the report format.")
    format_title: str
    frequency: CycleFrequency
    every_years: int
    period_start: dt.date
    period_end: dt.date
    deadline_rule: DeadlineRule
    deadline: dt.date
    meeting: str | None = Field(description="Slug of the meeting the deadline is set from.")
    months_before_meeting: int | None
    aligned_with: int | None = Field(description="Id of the cycle it follows.")
    reminder_days: list[int] = Field(description="Days before the deadline reminders go out.")
    member_roles: list[str] = Field(description="Roles that must report; [] for every member.")
    is_open: bool
    counts: dict[str, int] = Field(description="Reports per state, now.")
    url: str = Field(description="The cycle's status page.")


class CycleFilter(Schema):
    instrument: str | None = Field(None, description="Instrument code.")
    is_open: bool | None = Field(None, description="Only open (true) or closed (false) cycles.")


class CountryStatusOut(Schema):
    country: str = Field(description="ISO code.")
    name: str
    state: ReportState
    submitted_at: dt.datetime | None
    submitted_on_behalf: bool = Field(description="Submitted by the Secretariat for the country.")
    report: int | None = Field(description="Id of the report, when you may read it.")


class CycleDetailOut(CycleOut):
    as_at: dt.date | None = Field(description="The date the status is given for; null: now.")
    summary: str = Field(
        description="'As at 10 October 2020, 1 of 4 signatories has submitted its report: …'"
    )
    status: list[CountryStatusOut]


class StatusQuery(Schema):
    as_at: dt.date | None = Field(
        None, description="Where the reports stood at the end of this day (ISO date)."
    )


# --- reports and answers -----------------------------------------------------------------------


class ReportOut(Schema):
    id: int
    cycle: int
    instrument: str
    cycle_name: str
    country: str = Field(description="ISO code.")
    country_name: str
    state: ReportState
    submitted_at: dt.datetime | None
    submitted_on_behalf: bool
    reviewed_at: dt.datetime | None
    is_published: bool

    @staticmethod
    def resolve_cycle(obj: Any) -> int:
        if not isinstance(obj, NationalReport):
            return int(_given(obj, "cycle"))
        return obj.cycle_id

    @staticmethod
    def resolve_instrument(obj: Any) -> str:
        if not isinstance(obj, NationalReport):
            return str(_given(obj, "instrument"))
        return str(obj.cycle.instrument.code)

    @staticmethod
    def resolve_cycle_name(obj: Any) -> str:
        if not isinstance(obj, NationalReport):
            return str(_given(obj, "cycle_name"))
        return str(obj.cycle.name)

    @staticmethod
    def resolve_country(obj: Any) -> str:
        if not isinstance(obj, NationalReport):
            return str(_given(obj, "country"))
        return str(obj.country.code)

    @staticmethod
    def resolve_country_name(obj: Any) -> str:
        if not isinstance(obj, NationalReport):
            return str(_given(obj, "country_name"))
        return str(obj.country.name)


class ReportFilter(Schema):
    cycle: int | None = Field(None, description="Id of the cycle.")
    country: str | None = Field(None, description="ISO code.")
    state: ReportState | None = None


class ReportOpenIn(Schema):
    cycle: int = Field(description="Id of the cycle.")
    country: str = Field(description="ISO code of the country.")


class AnswerOut(Schema):
    key: str = Field(description="Question name, with the item in brackets: 'area_deer[2]'.")
    question: str
    item: str = Field(description="Item of a repeated section; '' when not repeated.")
    value: Any = Field(description="As stored: text, number, 'yes'/'no', choice names, table.")
    other_text: str = Field(description="The text of 'other, specify'.")
    display: str = Field(description="The value as a reader sees it.")
    file: str | None = Field(description="Address of the attached file.")
    version: int = Field(description="Send it back when you change the answer.")
    updated_at: dt.datetime
    updated_by: str | None = Field(description="Who last changed it (the country and staff).")

    @staticmethod
    def from_answer(
        answer: Answer, *, display: str, file_url: str | None, show_who: bool
    ) -> "AnswerOut":
        who = None
        if show_who and answer.updated_by is not None:
            who = answer.updated_by.get_full_name() or answer.updated_by.get_username()
        return AnswerOut(
            key=answer_key(answer.question.name, answer.item),
            question=answer.question.name,
            item=answer.item,
            value=answer.value,
            other_text=answer.other_text,
            display=display,
            file=file_url,
            version=answer.version,
            updated_at=answer.updated_at,
            updated_by=who,
        )


class CommentOut(Schema):
    question: str | None = Field(description="Name of the question; null: the whole report.")
    item: str
    text: str
    created_at: dt.datetime
    resolved_at: dt.datetime | None


class ReportDetailOut(ReportOut):
    review_note: str = Field(description="The Secretariat's note (the country and staff only).")
    repeat_counts: dict[str, int] = Field(
        description="Items added to each freely repeated section."
    )
    answers: list[AnswerOut]
    comments: list[CommentOut] = Field(description="Review comments (the country and staff only).")


class AnswerIn(Schema):
    question: str = Field(description="The question's name in the format.")
    item: str = Field("", description="Item of a repeated section ('' when not repeated).")
    value: Any = Field(
        description="Text, number, 'yes'/'no', a choice name or a list of them, "
        "an ISO date, or a table {row: {column: value}}; null clears it."
    )
    other_text: str = Field("", description="The text of 'other, specify'.")
    version: int = Field(
        description="The version of the answer you read (0 when there was none); an older one "
        "is refused with 409 and the answer as it now stands."
    )


class AnswersIn(Schema):
    answers: list[AnswerIn] = Field(description="Saved together: all or none.")


class ReviewCommentIn(Schema):
    question: str | None = Field(None, description="Question name; null: the whole report.")
    item: str = ""
    text: str


class ReturnIn(Schema):
    note: str = Field("", description="What the country should change, overall.")
    comments: list[ReviewCommentIn] = Field(default_factory=list)


class AcceptIn(Schema):
    note: str = ""


class PublishIn(Schema):
    published: bool = Field(True, description="false withdraws it from publication.")
