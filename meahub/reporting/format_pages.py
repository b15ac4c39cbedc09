"""What the format pages show, each read in a fixed number of queries whatever the format's
length: the list of formats, a format as a reader sees it (in the active language) with its
versions and, for each question, where other versions ask it ("asked in v1 as 2.3
“Threats”"), the questions of other formats it is mapped to and the mandates it gives
evidence on; the mappings page; the mandates a question may be linked to.

Who may see which format comes from ``meahub.permissions.reporting`` (drafts: staff only).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from meahub.instruments.models import Instrument
from meahub.mandates.models import Mandate
from meahub.mandates.selectors import LIST_RELATED, narrow_mandates
from meahub.permissions.mandates import mandates_visible_to
from meahub.permissions.reporting import (
    can_edit_format,
    can_manage_reporting,
    formats_visible_to,
)
from meahub.permissions.roles import AnyUser
from meahub.reporting.enums import FormatStatus, RepeatSource
from meahub.reporting.models import (
    Choice,
    ChoiceList,
    Question,
    QuestionMapping,
    ReportFormat,
    translated,
)
from meahub.reporting.selectors import SectionNode, format_tree
from meahub.reporting.services.format_checks import format_problems, language_name
from meahub.reporting.services.formats import instrument_family_ids

REFERENCE = re.compile(r"\$\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}")
MANDATES_OFFERED = 20


# --- the list --------------------------------------------------------------------------------


def format_list(user: AnyUser, *, instrument: Instrument | None = None) -> QuerySet[ReportFormat]:
    """The formats the user may see (drafts: staff only), of one instrument or all, by
    instrument, title and newest version first, with their number of questions."""
    formats = formats_visible_to(user).select_related("instrument")
    if instrument is not None:
        formats = formats.filter(instrument=instrument)
    return formats.annotate(question_count=Count("questions")).order_by(
        "instrument__code", "title", "-version"
    )


def managed_instruments(user: AnyUser) -> list[Instrument]:
    """The instruments whose formats the user authors."""
    return [i for i in Instrument.objects.order_by("code") if can_manage_reporting(user, i)]


# --- one format ------------------------------------------------------------------------------


@dataclass
class Asked:
    """Where another version of the format asks the same question (same lineage)."""

    format: ReportFormat
    number: str
    label: str
    name: str


@dataclass
class Mapped:
    """A question of another format mapped to this one, in that format's newest version the
    reader may see."""

    mapping: QuestionMapping
    question: Question
    label: str


@dataclass
class QuestionEntry:
    question: Question
    label: str
    help: str
    condition: str
    calculation: str
    choices: list[str]
    rows: list[str]
    columns: list[tuple[str, str]]
    elsewhere: list[Asked] = field(default_factory=list)
    mapped: list[Mapped] = field(default_factory=list)
    mandates: list[Mandate] = field(default_factory=list)
    is_new: bool = False


@dataclass
class SectionEntry:
    node: SectionNode
    title: str
    help: str
    condition: str
    repeated_for: str
    questions: list[QuestionEntry]
    children: list[SectionEntry]
    index: int = 0  # among the sections beside it
    siblings: int = 1

    @property
    def section(self):  # type: ignore[no-untyped-def]
        return self.node.section

    @property
    def depth(self) -> int:
        return self.node.depth

    def walk(self) -> Iterator[SectionEntry]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class FormatPage:
    format: ReportFormat
    versions: list[ReportFormat]
    sections: list[SectionEntry]
    languages: list[str]
    can_manage: bool
    can_edit: bool
    problems: list[str]
    question_count: int

    def walk(self) -> Iterator[SectionEntry]:
        for section in self.sections:
            yield from section.walk()


def format_versions(user: AnyUser, report_format: ReportFormat) -> list[ReportFormat]:
    """Every version of the format the user may see, oldest first (one chain through
    ``previous``)."""
    formats = {
        f.pk: f for f in formats_visible_to(user).filter(instrument_id=report_format.instrument_id)
    }
    formats.setdefault(report_format.pk, report_format)
    all_links = dict(
        ReportFormat.objects.filter(instrument_id=report_format.instrument_id).values_list(
            "id", "previous_id"
        )
    )

    def root(pk: int) -> int:
        seen: set[int] = set()
        while all_links.get(pk) and pk not in seen:
            seen.add(pk)
            pk = all_links[pk]
        return pk

    mine = root(report_format.pk)
    return sorted(
        (f for f in formats.values() if root(f.pk) == mine), key=lambda f: (f.version, f.pk)
    )


def readable_expression(text: str, numbers: dict[str, str]) -> str:
    """A condition or calculation with each ``${name}`` shown as the question's number."""
    return REFERENCE.sub(lambda m: numbers.get(m.group(1)) or m.group(1), text)


def _repeated_for(node: SectionNode, species: list[str]) -> str:
    section = node.section
    if section.repeat_source == RepeatSource.SPECIES:
        return _("Repeated for each species the instrument covers: %(species)s.") % {
            "species": ", ".join(species) or "—"
        }
    if section.repeat_source == RepeatSource.CHOICES and section.repeat_choices is not None:
        items = [translated(c.label) or c.name for c in section.repeat_choices.choices.all()]
        return _("Repeated for each of: %(items)s.") % {"items": ", ".join(items) or "—"}
    if section.repeat_source == RepeatSource.FREE:
        return _("Repeated for each item the country adds.")
    return ""


def _elsewhere(
    versions: list[ReportFormat], report_format: ReportFormat, lineages: set[str]
) -> dict[str, list[Asked]]:
    others = {f.pk: f for f in versions if f.pk != report_format.pk}
    found: dict[str, list[Asked]] = defaultdict(list)
    rows = Question.objects.filter(format_id__in=others, lineage__in=lineages).values_list(
        "lineage", "format_id", "number", "label", "name"
    )
    for lineage, format_id, number, label, name in rows:
        found[lineage].append(
            Asked(others[format_id], number or name, translated(label) or name, name)
        )
    for entries in found.values():
        entries.sort(key=lambda asked: asked.format.version)
    return found


def mapped_questions(user: AnyUser, lineages: Iterable[str]) -> dict[str, list[Mapped]]:
    """For each of ``lineages``: the questions mapped to it, each in the newest version of
    its format the user may see (adopted versions first)."""
    wanted = set(lineages)
    mappings = list(
        QuestionMapping.objects.filter(Q(lineage_a__in=wanted) | Q(lineage_b__in=wanted))
    )
    if not mappings:
        return {}
    other = {m.lineage_b if m.lineage_a in wanted else m.lineage_a for m in mappings}
    best: dict[str, Question] = {}
    visible = formats_visible_to(user).values("pk")
    for question in Question.objects.filter(lineage__in=other, format__in=visible).select_related(
        "format__instrument"
    ):
        rank = (question.format.status != FormatStatus.DRAFT, question.format.version)
        current = best.get(question.lineage)
        if current is None or rank > (
            current.format.status != FormatStatus.DRAFT,
            current.format.version,
        ):
            best[question.lineage] = question
    found: dict[str, list[Mapped]] = defaultdict(list)
    for mapping in sorted(mappings, key=lambda m: m.pk):
        for mine, theirs in (
            (mapping.lineage_a, mapping.lineage_b),
            (mapping.lineage_b, mapping.lineage_a),
        ):
            if mine in wanted and theirs in best:
                question = best[theirs]
                found[mine].append(Mapped(mapping, question, translated(question.label)))
    return found


def _linked_mandates(user: AnyUser, question_ids: list[int]) -> dict[int, list[Mandate]]:
    through = Question.mandates.through
    links = list(
        through.objects.filter(question_id__in=question_ids).values_list(
            "question_id", "mandate_id"
        )
    )
    mandates = {
        m.pk: m
        for m in mandates_visible_to(user)
        .filter(pk__in={mandate_id for _q, mandate_id in links})
        .select_related(*LIST_RELATED)
    }
    found: dict[int, list[Mandate]] = defaultdict(list)
    for question_id, mandate_id in links:
        if mandate_id in mandates:
            found[question_id].append(mandates[mandate_id])
    return found


def _question_entry(question: Question, numbers: dict[str, str]) -> QuestionEntry:
    choices = []
    if question.choice_list is not None:
        choices = [translated(c.label) or c.name for c in question.choice_list.choices.all()]
    return QuestionEntry(
        question=question,
        label=translated(question.label) or question.name,
        help=translated(question.help),
        condition=readable_expression(question.relevant, numbers),
        calculation=readable_expression(question.calculation, numbers),
        choices=choices,
        rows=[
            translated(r.get("label")) or r.get("name", "")
            for r in question.table_rows
            if isinstance(r, dict)
        ],
        columns=[
            (translated(c.get("label")) or c.get("name", ""), str(c.get("type") or "text"))
            for c in question.table_columns
            if isinstance(c, dict)
        ],
    )


def format_page(user: AnyUser, report_format: ReportFormat) -> FormatPage:
    """The questionnaire as a reader sees it, with versions, lineage, mappings and mandates;
    for staff serving the instrument, what blocks a draft's adoption."""
    versions = format_versions(user, report_format)
    tree = format_tree(report_format)
    nodes = [node for root in tree for node in root.walk()]
    questions = [q for node in nodes for q in node.questions]
    numbers = {q.name: q.number or q.name for q in questions}
    lineages = {q.lineage for q in questions}
    elsewhere = _elsewhere(versions, report_format, lineages)
    mapped = mapped_questions(user, lineages)
    mandates = _linked_mandates(user, [q.pk for q in questions])
    species: list[str] = []
    if any(node.section.repeat_source == RepeatSource.SPECIES for node in nodes):
        species = list(
            report_format.instrument.species.order_by("scientific_name").values_list(
                "scientific_name", flat=True
            )
        )
    has_earlier = report_format.previous_id is not None

    def entry(node: SectionNode, index: int = 0, siblings: int = 1) -> SectionEntry:
        entries = []
        for question in node.questions:
            item = _question_entry(question, numbers)
            item.elsewhere = elsewhere.get(question.lineage, [])
            item.mapped = mapped.get(question.lineage, [])
            item.mandates = mandates.get(question.pk, [])
            item.is_new = has_earlier and not any(
                asked.format.version < report_format.version for asked in item.elsewhere
            )
            entries.append(item)
        section = node.section
        return SectionEntry(
            node=node,
            title=translated(section.title) or section.name,
            help=translated(section.help),
            condition=readable_expression(section.relevant, numbers),
            repeated_for=_repeated_for(node, species),
            questions=entries,
            children=[
                entry(child, number, len(node.children))
                for number, child in enumerate(node.children)
            ],
            index=index,
            siblings=siblings,
        )

    can_edit = can_edit_format(user, report_format)
    return FormatPage(
        format=report_format,
        versions=versions,
        sections=[entry(root, number, len(tree)) for number, root in enumerate(tree)],
        languages=[language_name(code) for code in report_format.languages],
        can_manage=can_manage_reporting(user, report_format.instrument),
        can_edit=can_edit,
        problems=format_problems(report_format) if can_edit else [],
        question_count=len(questions),
    )


# --- choice lists ----------------------------------------------------------------------------


@dataclass
class ChoiceEntry:
    choice: Choice
    label: str
    texts: list[tuple[str, str, str]]  # (language code, language name, label)


@dataclass
class ChoiceListEntry:
    choice_list: ChoiceList
    choices: list[ChoiceEntry]
    languages: list[tuple[str, str]]


def choice_list_entries(report_format: ReportFormat) -> list[ChoiceListEntry]:
    """The format's choice lists with their choices in order, labels per language."""
    languages = [(code, language_name(code)) for code in report_format.languages]
    lists = ChoiceList.objects.filter(format=report_format).prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
    )
    return [
        ChoiceListEntry(
            choice_list=choice_list,
            choices=[
                ChoiceEntry(
                    choice=choice,
                    label=translated(choice.label) or choice.name,
                    texts=[(code, name, choice.label.get(code, "")) for code, name in languages],
                )
                for choice in choice_list.choices.all()
            ],
            languages=languages,
        )
        for choice_list in lists
    ]


# --- mappings --------------------------------------------------------------------------------


@dataclass
class MappingRow:
    mapping: QuestionMapping
    ours: Question
    ours_label: str
    theirs: Mapped


def mapping_rows(user: AnyUser, report_format: ReportFormat) -> list[MappingRow]:
    """The mappings of the format's questions, in the order of the questionnaire."""
    questions = list(
        Question.objects.filter(format=report_format).order_by("section__position", "position")
    )
    mapped = mapped_questions(user, [q.lineage for q in questions])
    return [
        MappingRow(entry.mapping, q, translated(q.label) or q.name, entry)
        for q in questions
        for entry in mapped.get(q.lineage, [])
    ]


def other_formats(user: AnyUser, report_format: ReportFormat) -> QuerySet[ReportFormat]:
    """Formats whose questions the format's questions may be mapped to: any the user may see
    but the versions of this one."""
    chain = [f.pk for f in format_versions(user, report_format)]
    return (
        formats_visible_to(user)
        .exclude(pk__in=chain)
        .select_related("instrument")
        .order_by("instrument__code", "title", "-version")
    )


# --- mandates --------------------------------------------------------------------------------


def family_mandates(user: AnyUser, report_format: ReportFormat) -> QuerySet[Mandate]:
    """The mandates a question of the format may be linked to: of its instrument's family,
    as far as the user may see them."""
    family = instrument_family_ids(report_format.instrument)
    return mandates_visible_to(user).filter(instrument_id__in=family).select_related(*LIST_RELATED)


def mandate_candidates(
    user: AnyUser, question: Question, q: str, *, limit: int = MANDATES_OFFERED
) -> list[Mandate]:
    """Mandates of the family matching ``q`` (action, actor, resolution, theme), not yet
    linked, the first ``limit``."""
    if not q.strip():
        return []
    linked = question.mandates.values("pk")
    mandates = narrow_mandates(family_mandates(user, question.format), q=q).exclude(pk__in=linked)
    return list(mandates[:limit])
