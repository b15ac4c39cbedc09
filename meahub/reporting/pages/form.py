"""Reading a report for its form in a fixed number of queries whatever the format's length.

``report_page(report, user)`` gives the form a country fills in: its sections as a tree, each
answer place (a question, once per item of a repeated section) with its answer, whether it is
asked (conditions), whether this person may change it, the Secretariat's comments and the
answers offered for reuse; the progress per section and what required answers are missing; the
delegations; and what the person may do (submit, review, delegate, prefill). Labels are in the
active language. ``answer_update`` gives what changes on the page after one answer is saved,
reading in full only the questions it shows again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from meahub.accounts.models import User
from meahub.permissions import reporting as rules
from meahub.reporting import expressions, selectors
from meahub.reporting.enums import ANSWERABLE_TYPES, QuestionType, RepeatSource, ReportState
from meahub.reporting.models import (
    Answer,
    Choice,
    NationalReport,
    Question,
    ReviewComment,
    Section,
    SectionDelegation,
    translated,
)
from meahub.reporting.pages.slots import (
    ItemBlock,
    QuestionView,
    ReportPage,
    SectionView,
    SlotView,
    TemplateLookups,
    Totals,
    offer_views,
    question_urls,
    question_view,
    safe_id,
)
from meahub.reporting.selectors import ReuseOffer, SectionProgress, Slot

# --- building the page -------------------------------------------------------------------------


def _references(text: str) -> set[str]:
    if not text.strip():
        return set()
    try:
        return expressions.parse(text).references()
    except expressions.ExpressionError:
        return set()


@dataclass
class _Loaded:
    report_id: int
    sections: list[Section]
    questions: list[Question]
    answers: dict[tuple[int, str], Answer]
    slots: list[Slot]
    editable: set[int]


# What the conditions, items and progress of a report need of its questions: enough to save
# an answer without decoding every label (the questions shown are loaded in full).
LEAN_QUESTION_FIELDS = (
    "id", "format_id", "section_id", "name", "number", "position", "type", "required",
    "relevant", "calculation",
)  # fmt: skip


# What the form shows of an answer (not who changed it, nor when: that is the edit log's).
ANSWER_FIELDS = ("id", "report_id", "question_id", "item", "value", "other_text", "file", "version")


def _load(report: NationalReport, user: Any, *, lean: bool = False) -> _Loaded:
    """The report's sections, questions (``lean``: only what conditions and progress need),
    answers, answer places and the sections ``user`` may change."""
    sections = list(
        Section.objects.filter(format_id=report.cycle.format_id)
        .select_related("repeat_choices")
        .prefetch_related(
            Prefetch("repeat_choices__choices", queryset=Choice.objects.order_by("position", "pk"))
        )
        .order_by("position", "pk")
    )
    by_id = {s.pk: s for s in sections}
    questions = list(_questions(report.cycle.format_id, lean=lean))
    for question in questions:  # the sections loaded once, with their repeat choices
        question.section = by_id[question.section_id]
    # Who last changed an answer is not shown on the form: no user per answer.
    rows = Answer.objects.filter(report=report).only(*ANSWER_FIELDS)
    answers = {(a.question_id, a.item): a for a in rows}
    slots = selectors.report_slots(report, questions=questions, answers=answers, sections=sections)
    editable = rules.editable_section_ids(user, report, by_id)
    return _Loaded(report.pk, sections, questions, answers, slots, editable)


def _questions(format_id: int, *, lean: bool = False, ids: set[int] | None = None) -> Any:
    """The format's questions in order. Choice lists are prefetched, not joined, so questions
    sharing a list share one list and its choices (fewer objects on a page of 300)."""
    questions = Question.objects.filter(format_id=format_id).order_by(
        "section__position", "section_id", "position", "pk"
    )
    if ids is not None:
        questions = questions.filter(pk__in=ids)
    if lean:
        return questions.only(*LEAN_QUESTION_FIELDS)
    return questions.prefetch_related(
        "choice_list",
        Prefetch("choice_list__choices", queryset=Choice.objects.order_by("position", "pk")),
    )


def _with_full_questions(report: NationalReport, loaded: _Loaded, wanted: set[int]) -> None:
    """Load in full (labels, choices) the questions of ``wanted`` among lean ones."""
    if not wanted:
        return
    full = {q.pk: q for q in _questions(report.cycle.format_id, ids=wanted)}
    sections = {s.pk: s for s in loaded.sections}
    for question in full.values():
        question.section = sections[question.section_id]
    loaded.questions = [full.get(q.pk, q) for q in loaded.questions]
    for slot in loaded.slots:
        if slot.question.pk in full:
            slot.question = full[slot.question.pk]


def _free_item_labels(
    report: NationalReport, section: Section, loaded: _Loaded, keys: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Items a country added show the first text answered in them: "Item 1: Zarafshan"."""
    first_text = next(
        (q for q in loaded.questions if q.section_id == section.pk and q.type == QuestionType.TEXT),
        None,
    )
    if first_text is None:
        return keys
    labelled = []
    for key, label in keys:
        answer = loaded.answers.get((first_text.pk, key))
        name = answer.value if answer is not None and isinstance(answer.value, str) else ""
        labelled.append((key, f"{label}: {name}" if name else label))
    return labelled


def _sections(
    report: NationalReport,
    loaded: _Loaded,
    slot_views: dict[tuple[int, str], SlotView],
    context: dict[str, Any],
) -> list[SectionView]:
    children: dict[int | None, list[Section]] = defaultdict(list)
    for section in loaded.sections:
        children[section.parent_id].append(section)
    by_section: dict[tuple[int, str], list[SlotView]] = defaultdict(list)
    for view in slot_views.values():
        by_section[(view.question.section_id, view.item)].append(view)

    def build(section: Section, item: str, depth: int, shown: bool) -> SectionView:
        visible = shown and (
            not section.relevant or expressions.is_relevant(section.relevant, context)
        )
        if section.repeat_source:
            keys = selectors.section_items(report, section)
            if section.repeat_source == RepeatSource.FREE:
                keys = _free_item_labels(report, section, loaded, keys)
        else:
            keys = [(item, "")]
        blocks = [
            ItemBlock(
                key=key,
                label=label,
                slots=by_section[(section.pk, key)],
                children=[build(c, key, depth + 1, visible) for c in children[section.pk]],
                dom_id=f"s-{section.pk}-i-{safe_id(key)}" if section.repeat_source else "",
            )
            for key, label in keys
        ]
        return SectionView(
            section=section,
            title=translated(section.title) or section.name,
            help=translated(section.help),
            depth=depth,
            item="" if section.repeat_source else item,
            visible=visible,
            blocks=blocks,
            can_add_item=section.repeat_source == RepeatSource.FREE
            and section.pk in loaded.editable,
        )

    return [build(s, "", 0, True) for s in children[None]]


def _slot_views(
    loaded: _Loaded,
    *,
    comments: dict[tuple[int, str], list[ReviewComment]],
    offers: dict[int, list[ReuseOffer]],
    only: set[int] | None = None,
) -> dict[tuple[int, str], SlotView]:
    views: dict[int, QuestionView] = {}
    offered = {question_id: offer_views(found) for question_id, found in offers.items()}
    urls = question_urls(loaded.report_id)
    found = {}
    for slot in loaded.slots:
        question = slot.question
        if only is not None and question.pk not in only:
            continue
        if question.pk not in views:
            views[question.pk] = question_view(question)
        editable = question.section_id in loaded.editable and question.type in ANSWERABLE_TYPES
        save_url, reuse_url = urls(question.pk)
        found[(question.pk, slot.item)] = SlotView(
            q=views[question.pk],
            save_url=save_url,
            reuse_url=reuse_url,
            item=slot.item,
            item_label=slot.item_label,
            asked=slot.asked,
            answer=slot.answer,
            editable=editable,
            comments=comments.get((question.pk, slot.item), []),
            offers=[
                offer
                for offer in offered.get(question.pk, [])
                if editable
                and not slot.item
                and (slot.answer is None or slot.answer.value != offer.value)
            ],
        )
    return found


def _comments(
    report: NationalReport, visible: bool, *, question_ids: set[int] | None = None
) -> tuple[dict[tuple[int, str], list[ReviewComment]], list[ReviewComment]]:
    """The Secretariat's comments by answer place, and those on the whole report."""
    by_slot: dict[tuple[int, str], list[ReviewComment]] = defaultdict(list)
    general: list[ReviewComment] = []
    if not visible or question_ids == set():
        return by_slot, general
    comments = ReviewComment.objects.filter(report=report)
    if question_ids is not None:
        comments = comments.filter(question_id__in=question_ids)
    for comment in comments:
        if comment.question_id is None:
            general.append(comment)
        else:
            by_slot[(comment.question_id, comment.item)].append(comment)
    return by_slot, general


def _totals(progress: list[SectionProgress]) -> Totals:
    return Totals(
        answered=sum(p.answered for p in progress),
        total=sum(p.total for p in progress),
        required_missing=sum(p.required_missing for p in progress),
    )


def report_page(report: NationalReport, user: Any) -> ReportPage:
    """Everything the report form shows to ``user`` (who may see the report)."""
    loaded = _load(report, user)
    papers = rules.can_see_working_papers(user, report)
    comments, general = _comments(report, papers)
    offers = selectors.reuse_offers(report) if loaded.editable else {}
    slot_views = _slot_views(loaded, comments=comments, offers=offers)
    context = selectors.expression_values(loaded.questions, loaded.answers)
    progress = selectors.report_progress(report, loaded.slots, sections=loaded.sections)
    missing_keys = [
        (s.question.pk, s.item) for s in selectors.missing_required(report, loaded.slots)
    ]
    can_edit = rules.can_edit_report(user, report)
    can_delegate = rules.can_delegate(user, report)
    page = ReportPage(
        report=report,
        sections=_sections(report, loaded, slot_views, context),
        progress=progress,
        totals=_totals(progress),
        missing=[slot_views[key] for key in missing_keys],
        slots=slot_views,
        general_comments=general,
        can_edit=can_edit,
        can_edit_any=bool(loaded.editable),
        can_submit=rules.can_submit_report(user, report),
        on_behalf=rules.submits_on_behalf(user, report),
        can_review=report.state == ReportState.SUBMITTED and rules.can_review_report(user, report),
        can_publish=report.state == ReportState.ACCEPTED and rules.can_review_report(user, report),
        can_delegate=can_delegate,
        can_see_papers=papers,
    )
    if loaded.editable and not can_edit:
        page.delegated_titles = [
            str(s) for s in loaded.sections if s.pk in loaded.editable and s.parent_id is None
        ] or [str(s) for s in loaded.sections if s.pk in loaded.editable]
    if papers:
        page.delegations = list(
            SectionDelegation.objects.filter(report=report)
            .select_related("section", "contributor")
            .order_by("section__position", "pk")
        )
    if can_delegate:
        page.contributors = list(
            User.objects.filter(contact__country_id=report.country_id, is_active=True)
            .exclude(pk=user.pk)
            .order_by("first_name", "last_name", "username")
        )
        page.delegable_sections = [(s.pk, str(s)) for s in loaded.sections if s.parent_id is None]
    if can_edit:
        page.previous = selectors.previous_report(report)
    return page


# --- after saving one answer -------------------------------------------------------------------


@dataclass
class AnswerUpdate(TemplateLookups):
    """What a save changes on the page: the answer place itself, the places whose condition
    or calculation depends on it, the sections shown or hidden by it, and the progress."""

    slot: SlotView
    dependents: list[SlotView]
    sections: list[SectionView]
    progress: list[SectionProgress]
    totals: Totals


def _depending(loaded: _Loaded, name: str) -> tuple[set[int], set[int]]:
    """Questions and sections a change of question ``name`` may change: calculated values
    that use it (and those that use them, in turn), and questions and sections whose
    condition names it or one of those values."""
    changed = {name}
    calculated = {q.pk: q for q in loaded.questions if q.type == QuestionType.CALCULATED}
    question_ids: set[int] = set()
    grew = True
    while grew:
        grew = False
        for question in calculated.values():
            if question.pk not in question_ids and _references(question.calculation) & changed:
                question_ids.add(question.pk)
                changed.add(question.name)
                grew = True
    question_ids |= {q.pk for q in loaded.questions if _references(q.relevant) & changed}
    section_ids = {s.pk for s in loaded.sections if _references(s.relevant) & changed}
    return question_ids, section_ids


def answer_update(
    report: NationalReport, user: Any, question: Question, item: str, *, whole: bool = False
) -> AnswerUpdate:
    """The page's changes after ``question`` (for ``item``, loaded in full) was saved by
    ``user``; ``whole``: the answer place is shown again in full (a file, a reused answer),
    else only its status. Reads only the questions it shows in full."""
    loaded = _load(report, user, lean=True)
    question_ids, section_ids = _depending(loaded, question.name)
    # A section that holds the saved answer is not swapped: that would replace the field.
    sections = {s.pk: s for s in loaded.sections}
    section_ids -= {s.pk for s in selectors.section_chain(sections[question.section_id], sections)}
    in_sections = {s.pk for s in loaded.sections if section_ids & _ancestors(s, sections)}
    shown = question_ids | {q.pk for q in loaded.questions if q.section_id in in_sections}
    shown.discard(question.pk)
    _with_full_questions(report, loaded, shown)
    if whole:
        shown.add(question.pk)
    papers = rules.can_see_working_papers(user, report)
    comments, _general = _comments(report, papers, question_ids=shown)
    offered = any(
        q.pk in shown and q.section_id in loaded.editable and q.type in ANSWERABLE_TYPES
        for q in loaded.questions
    )  # reuse is offered only beside questions one may answer
    offers = selectors.reuse_offers(report) if offered else {}
    slot_views = _slot_views(loaded, comments=comments, offers=offers, only=shown)
    swapped_sections = []
    if section_ids:
        context = selectors.expression_values(loaded.questions, loaded.answers)
        for view in _walk(_sections(report, loaded, slot_views, context)):
            if view.section.pk in section_ids:
                swapped_sections.append(view)
    inside = {
        key for view in swapped_sections for block in view.blocks for key in _slot_keys(block)
    }
    dependents = [
        view
        for key, view in slot_views.items()
        if key[0] in question_ids and key not in inside and key != (question.pk, item)
    ]
    progress = selectors.report_progress(report, loaded.slots, sections=loaded.sections)
    if whole:
        own = slot_views[(question.pk, item)]
    else:
        own = SlotView(
            q=question_view(question), item=item, item_label="", asked=True,
            answer=loaded.answers.get((question.pk, item)), editable=True,
        )  # fmt: skip
    own.saved = True
    return AnswerUpdate(
        slot=own,
        dependents=dependents,
        sections=swapped_sections,
        progress=progress,
        totals=_totals(progress),
    )


def _ancestors(section: Section, sections: dict[int, Section]) -> set[int]:
    return {s.pk for s in selectors.section_chain(section, sections)}


def _walk(views: Iterable[SectionView]) -> Iterable[SectionView]:
    for view in views:
        yield view
        for block in view.blocks:
            yield from _walk(block.children)


def _slot_keys(block: ItemBlock) -> Iterable[tuple[int, str]]:
    for slot in block.slots:
        yield (slot.question.pk, slot.item)
    for child in block.children:
        for inner in child.blocks:
            yield from _slot_keys(inner)
