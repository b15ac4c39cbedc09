"""Reads of national reporting: a format as a tree, a report's answers, items of repeated
sections, progress, what is missing, who must report and who has, answers to reuse."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from meahub.countries.models import Country
from meahub.instruments.models import Membership
from meahub.reporting import expressions, values
from meahub.reporting.enums import ANSWERABLE_TYPES, QuestionType, RepeatSource, ReportState
from meahub.reporting.models import (
    Answer,
    Choice,
    NationalReport,
    Question,
    QuestionMapping,
    ReportFormat,
    ReportingCycle,
    Section,
    translated,
)

AnswerKey = tuple[int, str]  # (question id, item)


# --- formats -----------------------------------------------------------------------------------


@dataclass
class SectionNode:
    section: Section
    questions: list[Question]
    children: list[SectionNode] = field(default_factory=list)
    depth: int = 0

    def walk(self) -> Iterable[SectionNode]:
        yield self
        for child in self.children:
            yield from child.walk()


def format_questions(report_format: ReportFormat) -> QuerySet[Question]:
    """The format's questions in order, with section and choices loaded."""
    return (
        Question.objects.filter(format=report_format)
        .select_related("section", "choice_list")
        .prefetch_related(
            Prefetch("choice_list__choices", queryset=Choice.objects.order_by("position", "pk"))
        )
        .order_by("section__position", "section_id", "position", "pk")
    )


def format_tree(report_format: ReportFormat) -> list[SectionNode]:
    """The format's sections as a tree (top-level first, in order), each with its questions."""
    sections = list(
        Section.objects.filter(format=report_format)
        .select_related("repeat_choices")
        .prefetch_related(
            Prefetch("repeat_choices__choices", queryset=Choice.objects.order_by("position"))
        )
        .order_by("position", "pk")
    )
    questions: dict[int, list[Question]] = defaultdict(list)
    for question in format_questions(report_format):
        questions[question.section_id].append(question)
    nodes = {s.pk: SectionNode(section=s, questions=questions[s.pk]) for s in sections}
    roots: list[SectionNode] = []
    for section in sections:
        node = nodes[section.pk]
        if section.parent_id and section.parent_id in nodes:
            nodes[section.parent_id].children.append(node)
        else:
            roots.append(node)

    def set_depth(node: SectionNode, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for root in roots:
        set_depth(root, 0)
    return roots


def repeated_ancestor(section: Section, sections: dict[int, Section]) -> Section | None:
    """The section itself or the nearest section above it that is repeated."""
    current: Section | None = section
    while current is not None:
        if current.repeat_source:
            return current
        current = sections.get(current.parent_id) if current.parent_id else None
    return None


# --- a report's answers ------------------------------------------------------------------------


def report_answers(report: NationalReport, *, with_people: bool = True) -> dict[AnswerKey, Answer]:
    """(question id, item) → answer; ``with_people`` loads who last changed each."""
    answers = Answer.objects.filter(report=report)
    if with_people:
        answers = answers.select_related("updated_by")
    return {(a.question_id, a.item): a for a in answers}


def section_items(report: NationalReport, section: Section) -> list[tuple[str, str]]:
    """(item key, label) for each item a repeated section is repeated for; [("", "")] if not."""
    if section.repeat_source == RepeatSource.SPECIES:
        return [
            (s.slug, s.scientific_name)
            for s in report.cycle.instrument.species.order_by("scientific_name")
        ]
    if section.repeat_source == RepeatSource.CHOICES and section.repeat_choices_id:
        assert section.repeat_choices is not None
        return [
            (c.name, translated(c.label) or c.name) for c in section.repeat_choices.choices.all()
        ]
    if section.repeat_source == RepeatSource.FREE:
        count = int((report.repeat_counts or {}).get(section.name, 0))
        return [(str(n), _("Item %(n)s") % {"n": n}) for n in range(1, count + 1)]
    return [("", "")]


def expression_values(
    questions: Iterable[Question], answers: dict[AnswerKey, Answer], item: str = ""
) -> dict[str, Any]:
    """Question name → value for conditions and calculations. Inside a repeated item the
    item's own answers win over the report-wide ones."""
    found: dict[str, Any] = {}
    for question in questions:
        answer = answers.get((question.pk, item)) or answers.get((question.pk, ""))
        found[question.name] = (
            values.python_value(question, answer.value) if answer is not None else None
        )
    return found


def is_asked(question: Question, section_chain: list[Section], context: dict[str, Any]) -> bool:
    """Whether the question applies, given its and its sections' conditions."""
    for section in section_chain:
        if section.relevant and not expressions.is_relevant(section.relevant, context):
            return False
    return not question.relevant or expressions.is_relevant(question.relevant, context)


def section_chain(section: Section, sections: dict[int, Section]) -> list[Section]:
    chain = []
    current: Section | None = section
    while current is not None:
        chain.append(current)
        current = sections.get(current.parent_id) if current.parent_id else None
    return list(reversed(chain))


@dataclass
class Slot:
    """One place for an answer: a question, for an item of its repeated section (or "")."""

    question: Question
    item: str
    item_label: str
    asked: bool
    answer: Answer | None

    @property
    def answered(self) -> bool:
        return (self.answer is not None and not values.is_empty(self.answer.value)) or bool(
            self.answer is not None and self.answer.file
        )


def report_slots(
    report: NationalReport,
    *,
    questions: list[Question] | None = None,
    answers: dict[AnswerKey, Answer] | None = None,
    sections: list[Section] | None = None,
) -> list[Slot]:
    """Every answer place of the report in order, with whether it is asked (conditions).
    Pass what the caller has loaded already (questions, answers, all sections)."""
    if questions is None:
        questions = list(format_questions(report.cycle.format))
    if answers is None:
        answers = report_answers(report)
    if sections is None:
        sections = list(
            Section.objects.filter(format_id=report.cycle.format_id).select_related(
                "repeat_choices"
            )
        )
    by_id = {q.section_id: q.section for q in questions}
    for section in sections:
        by_id.setdefault(section.pk, section)
    sections_by_id = by_id
    items_cache: dict[int, list[tuple[str, str]]] = {}
    contexts: dict[str, dict[str, Any]] = {}
    slots = []
    for question in questions:
        chain = section_chain(question.section, sections_by_id)
        repeated = repeated_ancestor(question.section, sections_by_id)
        if repeated is None:
            items = [("", "")]
        else:
            if repeated.pk not in items_cache:
                items_cache[repeated.pk] = section_items(report, repeated)
            items = items_cache[repeated.pk]
        for item, label in items:
            if item not in contexts:
                contexts[item] = expression_values(questions, answers, item)
            context = contexts[item]
            slots.append(
                Slot(
                    question=question,
                    item=item,
                    item_label=label,
                    asked=is_asked(question, chain, context),
                    answer=answers.get((question.pk, item)),
                )
            )
    return slots


@dataclass
class SectionProgress:
    section: Section
    answered: int
    total: int
    required_missing: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def report_progress(
    report: NationalReport,
    slots: list[Slot] | None = None,
    *,
    sections: list[Section] | None = None,
) -> list[SectionProgress]:
    """Per top-level section: answered / asked answer places, and required ones missing."""
    if slots is None:
        slots = report_slots(report)
    if sections is None:
        sections = list(Section.objects.filter(format_id=report.cycle.format_id))
    by_id = {s.pk: s for s in sections}
    progress: dict[int, SectionProgress] = {}
    for section in sorted(by_id.values(), key=lambda s: (s.position, s.pk)):
        if section.parent_id is None:
            progress[section.pk] = SectionProgress(section, 0, 0, 0)
    for slot in slots:
        if not slot.asked or slot.question.type not in ANSWERABLE_TYPES:
            continue
        root = section_chain(slot.question.section, by_id)[0]
        entry = progress.setdefault(root.pk, SectionProgress(root, 0, 0, 0))
        entry.total += 1
        if slot.answered:
            entry.answered += 1
        elif slot.question.required:
            entry.required_missing += 1
    return list(progress.values())


def missing_required(report: NationalReport, slots: list[Slot] | None = None) -> list[Slot]:
    """Required questions that are asked and not answered."""
    if slots is None:
        slots = report_slots(report)
    return [
        s
        for s in slots
        if s.asked
        and s.question.required
        and s.question.type in ANSWERABLE_TYPES
        and not s.answered
    ]


# --- cycles ------------------------------------------------------------------------------------


def cycle_memberships(cycle: ReportingCycle, *, on: dt.date | None = None) -> QuerySet[Membership]:
    """Country memberships of the cycle's instrument in force on ``on`` (the deadline)."""
    on = on or cycle.deadline
    memberships = Membership.objects.filter(
        instrument_id=cycle.instrument_id, country__isnull=False
    ).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on),
        Q(effective_on__isnull=True) | Q(effective_on__lte=on),
        Q(signed_on__isnull=True) | Q(signed_on__lte=on),
    )
    if cycle.member_roles:
        memberships = memberships.filter(role__in=cycle.member_roles)
    return memberships


def cycle_countries(cycle: ReportingCycle, *, on: dt.date | None = None) -> QuerySet[Country]:
    """The countries that must report in the cycle: members on the deadline."""
    ids = cycle_memberships(cycle, on=on).values("country_id")
    return Country.objects.filter(pk__in=ids).order_by("name_en")


@dataclass
class CountryStatus:
    country: Country
    state: str
    report: NationalReport | None
    submitted_at: dt.datetime | None
    on_behalf: bool = False

    @property
    def state_label(self) -> str:
        return str(ReportState(self.state).label)


def cycle_status(cycle: ReportingCycle, *, as_at: dt.date | None = None) -> list[CountryStatus]:
    """Each country that must report and where its report stood at the end of ``as_at``
    (now by default): not started, draft, submitted, returned or accepted. Past states come
    from the reports' history."""
    countries = list(cycle_countries(cycle))
    reports = {
        r.country_id: r
        for r in NationalReport.objects.filter(cycle=cycle).select_related("country")
    }
    states: dict[int, tuple[str, dt.datetime | None, bool]] = {
        r.country_id: (r.state, r.submitted_at, r.submitted_on_behalf) for r in reports.values()
    }
    if as_at is not None:
        end = timezone.make_aware(dt.datetime.combine(as_at, dt.time.max))
        states = {}
        past = (
            NationalReport.history.filter(cycle_id=cycle.pk, history_date__lte=end)
            .order_by("country_id", "-history_date", "-history_id")
            .values("country_id", "state", "submitted_at", "submitted_on_behalf", "history_type")
        )
        for row in past:
            if row["country_id"] in states:
                continue
            if row["history_type"] == "-":
                continue
            states[row["country_id"]] = (
                row["state"],
                row["submitted_at"],
                row["submitted_on_behalf"],
            )
    result = []
    for country in countries:
        state, submitted_at, on_behalf = states.get(
            country.pk, (ReportState.NOT_STARTED, None, False)
        )
        result.append(
            CountryStatus(
                country=country,
                state=state,
                report=reports.get(country.pk),
                submitted_at=submitted_at,
                on_behalf=on_behalf,
            )
        )
    return result


def status_counts(statuses: list[CountryStatus]) -> dict[str, int]:
    counts = {state.value: 0 for state in ReportState}
    for status in statuses:
        counts[status.state] += 1
    return counts


def previous_cycle(cycle: ReportingCycle) -> ReportingCycle | None:
    """The instrument's cycle before this one (by deadline)."""
    return (
        ReportingCycle.objects.filter(
            instrument_id=cycle.instrument_id, deadline__lt=cycle.deadline
        )
        .order_by("-deadline")
        .first()
    )


def previous_report(report: NationalReport) -> NationalReport | None:
    earlier = previous_cycle(report.cycle)
    if earlier is None:
        return None
    return NationalReport.objects.filter(cycle=earlier, country_id=report.country_id).first()


# --- harmonised reporting ----------------------------------------------------------------------


def mapped_lineages(lineages: Iterable[str]) -> dict[str, set[str]]:
    """For each lineage, the lineages mapped to it (both ways)."""
    wanted = set(lineages)
    found: dict[str, set[str]] = defaultdict(set)
    for a, b in QuestionMapping.objects.filter(
        Q(lineage_a__in=wanted) | Q(lineage_b__in=wanted)
    ).values_list("lineage_a", "lineage_b"):
        if a in wanted:
            found[a].add(b)
        if b in wanted:
            found[b].add(a)
    return found


@dataclass
class ReuseOffer:
    """An answer the same country gave to a mapped question in another report."""

    answer: Answer
    source: str  # "CAMI 2025, question 3.1"


def reuse_offers(report: NationalReport) -> dict[int, list[ReuseOffer]]:
    """Question id → answers the country gave to mapped questions in its other reports (of
    other formats or instruments, or an earlier version of this format), newest first."""
    questions = list(
        Question.objects.filter(format_id=report.cycle.format_id).only("id", "lineage")
    )
    mapping = mapped_lineages(q.lineage for q in questions)
    if not mapping:
        return {}
    wanted = set().union(*mapping.values())
    candidates = (
        Answer.objects.filter(
            report__country_id=report.country_id,
            question__lineage__in=wanted,
            item="",
        )
        .exclude(report=report)
        .exclude(value__isnull=True)
        .select_related("question__format", "report__cycle__instrument")
        .order_by("-updated_at")
    )
    by_lineage: dict[str, list[Answer]] = defaultdict(list)
    for answer in candidates:
        by_lineage[answer.question.lineage].append(answer)
    offers: dict[int, list[ReuseOffer]] = {}
    for question in questions:
        for lineage in mapping.get(question.lineage, ()):
            for answer in by_lineage.get(lineage, ()):
                cycle = answer.report.cycle
                source = _("%(cycle)s, question %(number)s") % {
                    "cycle": f"{cycle.instrument.code} {cycle.name}",
                    "number": answer.question.number or answer.question.name,
                }
                offers.setdefault(question.pk, []).append(ReuseOffer(answer=answer, source=source))
    return offers


def question_by_type(report_format: ReportFormat, *types: QuestionType) -> QuerySet[Question]:
    return Question.objects.filter(format=report_format, type__in=types)
