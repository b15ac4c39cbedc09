"""The pieces the report form is drawn from: an answer place (``SlotView``) with its question
in the active language, the answers offered for reuse, a section with its repeated items, the
progress, and the page as a whole (``ReportPage``). Built by ``pages.form``."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from meahub.accounts.models import User
from meahub.reporting import values
from meahub.reporting.enums import ANSWERABLE_TYPES, RepeatSource, ReportState
from meahub.reporting.models import (
    Answer,
    NationalReport,
    Question,
    ReviewComment,
    Section,
    SectionDelegation,
    translated,
)
from meahub.reporting.selectors import ReuseOffer, SectionProgress, Slot

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


class TemplateLookups:
    """Django templates look ``obj.name`` up as ``obj["name"]`` first and fall back to the
    attribute when that raises; answering the first try saves an exception per lookup, some
    fifty per answer on a page of 300 questions."""

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)


# How each type of question is drawn (see _answer.html).
WIDGETS = {
    "text": "input", "integer": "input", "decimal": "input", "date": "input",
    "long_text": "textarea", "file": "file", "yes_no": "yes_no", "single_choice": "choices",
    "multiple_choice": "choices", "table": "table",
}  # fmt: skip


def safe_id(item: str) -> str:
    """An item key as it can stand in an HTML id and a CSS selector."""
    return _UNSAFE.sub(lambda m: f"_{ord(m.group()):x}", item)


def slot_dom_id(question_name: str, item: str) -> str:
    """The id of an answer place on the report page: ``q-<question>`` or ``q-<question>-<item>``,
    the anchor the overview report links its figures and quotes to."""
    return f"q-{question_name}" + (f"-{item}" if item else "")


def question_urls(report_id: int) -> Callable[[int], tuple[str, str]]:
    """The save and reuse addresses of each question of a report, reversed once per page
    rather than once per answer (300 reversals cost more than the rest of a slot)."""
    save = reverse("reporting:answer-save", args=[report_id, 0])
    reuse = reverse("reporting:answer-reuse", args=[report_id, 0])

    def urls(question_id: int) -> tuple[str, str]:
        part = f"/questions/{question_id}/"
        return save.replace("/questions/0/", part), reuse.replace("/questions/0/", part)

    return urls


# --- one answer place --------------------------------------------------------------------------


@dataclass
class QuestionView(TemplateLookups):
    """A question with its texts in the active language, and what its answer is drawn with
    (``widget``: input, textarea, file, yes_no, choices, table; "" when not answered)."""

    question: Question
    label: str
    help: str
    choices: list[tuple[str, str]]
    rows: list[tuple[str, str]]
    columns: list[tuple[str, str, str]]
    type: str = ""
    number: str = ""
    unit: str = ""
    required: bool = False
    has_other: bool = False
    widget: str = ""

    @property
    def answerable(self) -> bool:
        return self.type in ANSWERABLE_TYPES


def question_view(question: Question) -> QuestionView:
    choices = [(name, translated(labels) or name) for name, labels in values.choices_of(question)]
    if question.has_other:
        choices.append((values.OTHER, str(_("Other"))))
    return QuestionView(
        question=question,
        label=translated(question.label) or question.name,
        help=translated(question.help),
        choices=choices,
        rows=[(name, label) for name, label, _kind in values.table_parts(question.table_rows)],
        columns=values.table_parts(question.table_columns),
        type=question.type,
        number=question.number,
        unit=question.unit,
        required=question.required and question.type in ANSWERABLE_TYPES,
        has_other=question.has_other,
        widget=WIDGETS.get(question.type, ""),
    )


@dataclass
class OfferView(TemplateLookups):
    """An answer given to a mapped question in another report, offered for reuse here."""

    answer_id: int
    source: str
    display: str
    value: Any


def offer_views(offers: list[ReuseOffer]) -> list[OfferView]:
    return [
        OfferView(
            answer_id=offer.answer.pk,
            source=offer.source,
            value=offer.answer.value,
            display=values.display_value(
                offer.answer.question, offer.answer.value, other_text=offer.answer.other_text
            ),
        )
        for offer in offers
    ]


@dataclass
class TableCell(TemplateLookups):
    name: str
    label: str
    kind: str
    text: str


@dataclass
class SlotView(TemplateLookups):
    """One answer place as the page shows it. ``entered`` holds what the person sent when it
    was refused (an invalid value, a conflict), so the field keeps it and nothing is lost."""

    q: QuestionView
    item: str
    item_label: str
    asked: bool
    answer: Answer | None
    editable: bool
    comments: list[ReviewComment] = field(default_factory=list)
    offers: list[OfferView] = field(default_factory=list)
    entered: Any = None
    entered_other: str | None = None
    has_entered: bool = False
    error: str = ""
    conflict: str = ""
    conflict_answer: Answer | None = None
    saved: bool = False
    save_url: str = ""
    reuse_url: str = ""

    @property
    def question(self) -> Question:
        return self.q.question

    @cached_property
    def dom_id(self) -> str:
        return slot_dom_id(self.question.name, self.item)

    @property
    def version(self) -> int:
        if self.conflict_answer is not None:
            return self.conflict_answer.version
        return self.answer.version if self.answer is not None else 0

    @property
    def value(self) -> Any:
        if self.has_entered:
            return self.entered
        return self.answer.value if self.answer is not None else None

    @cached_property
    def text(self) -> str:
        value = self.value
        if value is None or isinstance(value, list | dict):
            return ""
        return str(value)

    @cached_property
    def selected(self) -> list[str]:
        value = self.value
        if isinstance(value, list):
            return [str(v) for v in value]
        return [] if value in (None, "") else [str(value)]

    @property
    def other_text(self) -> str:
        if self.entered_other is not None:
            return self.entered_other
        return self.answer.other_text if self.answer is not None else ""

    @cached_property
    def table(self) -> list[tuple[str, list[TableCell]]]:
        value = self.value if isinstance(self.value, dict) else {}
        rows = []
        for row, row_label in self.q.rows:
            found = value.get(row)
            cells: dict[str, Any] = found if isinstance(found, dict) else {}
            rows.append(
                (
                    row_label,
                    [
                        TableCell(
                            name=f"cell-{row}-{column}",
                            label=f"{row_label}, {column_label}",
                            kind=kind,
                            text="" if cells.get(column) is None else str(cells.get(column)),
                        )
                        for column, column_label, kind in self.q.columns
                    ],
                )
            )
        return rows

    @property
    def answered(self) -> bool:
        return Slot(self.question, self.item, self.item_label, self.asked, self.answer).answered

    @cached_property
    def display(self) -> str:
        if self.answer is None:
            return ""
        return values.display_value(
            self.question, self.answer.value, other_text=self.answer.other_text
        )

    @property
    def conflict_display(self) -> str:
        answer = self.conflict_answer
        if answer is None:
            return ""
        return values.display_value(self.question, answer.value, other_text=answer.other_text)

    @cached_property
    def file_url(self) -> str:
        if self.answer is None or not self.answer.file:
            return ""
        return reverse("reporting:answer-file", args=[self.answer.report_id, self.answer.pk])

    @property
    def comment_field(self) -> str:
        return f"comment:{self.question.pk}:{self.item}"

    @property
    def open_comments(self) -> list[ReviewComment]:
        return [c for c in self.comments if c.resolved_at is None]


# --- sections ----------------------------------------------------------------------------------


@dataclass
class ItemBlock(TemplateLookups):
    """A section's questions for one item of a repeated section (or once, key "")."""

    key: str
    label: str
    slots: list[SlotView]
    children: list[SectionView]
    dom_id: str


@dataclass
class SectionView(TemplateLookups):
    section: Section
    title: str
    help: str
    depth: int
    item: str
    visible: bool
    blocks: list[ItemBlock]
    can_add_item: bool = False

    @property
    def dom_id(self) -> str:
        return f"s-{self.section.pk}" + (f"-{safe_id(self.item)}" if self.item else "")

    @property
    def heading_level(self) -> int:
        return min(2 + self.depth, 6)

    @property
    def repeated(self) -> bool:
        return bool(self.section.repeat_source)

    @property
    def free(self) -> bool:
        return self.section.repeat_source == RepeatSource.FREE


@dataclass
class Totals(TemplateLookups):
    answered: int
    total: int
    required_missing: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


@dataclass
class ReportPage(TemplateLookups):
    report: NationalReport
    sections: list[SectionView]
    progress: list[SectionProgress]
    totals: Totals
    missing: list[SlotView]
    slots: dict[tuple[int, str], SlotView]
    general_comments: list[ReviewComment]
    can_edit: bool
    can_edit_any: bool
    can_submit: bool
    on_behalf: bool
    can_review: bool
    can_publish: bool
    can_delegate: bool
    can_see_papers: bool
    delegated_titles: list[str] = field(default_factory=list)
    delegations: list[SectionDelegation] = field(default_factory=list)
    contributors: list[User] = field(default_factory=list)
    delegable_sections: list[tuple[int, str]] = field(default_factory=list)
    previous: NationalReport | None = None

    @property
    def is_read_only(self) -> bool:
        return not self.can_edit_any

    @property
    def submitted(self) -> bool:
        return self.report.state in (ReportState.SUBMITTED, ReportState.ACCEPTED)

    @property
    def returned(self) -> bool:
        return self.report.state == ReportState.RETURNED

    @property
    def open_comment_count(self) -> int:
        count = sum(len(s.open_comments) for s in self.slots.values())
        return count + len([c for c in self.general_comments if c.resolved_at is None])
