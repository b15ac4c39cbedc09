"""Paragraph alignment between two versions of a document, and word-level differences.

``align(old, new)`` says, for each paragraph of the old version, which paragraph(s) of the
new version carry it on, and which paragraphs on either side have no counterpart. It is
pure Python, deterministic, and fast enough to run on every page view (two 60-paragraph
resolutions take about ten milliseconds).

How it decides:

1. Each paragraph becomes a TF-IDF vector of its words (lower-cased, without the commonest
   function words, plural "s" folded). The IDF is counted over the paragraphs of both
   versions, so wording that every paragraph shares ("requests the Secretariat") weighs
   little and distinctive wording a lot. The similarity of two paragraphs is the cosine of
   their vectors, in [0, 1]. (Adding word pairs to the vectors was tried: on the CMS seeds
   it narrowed the gap between reworded counterparts and unrelated paragraphs, because
   rewording breaks pairs far more often than it drops words.)
2. Pairs are taken one to one, best first. A pair across sections (preamble to operative)
   loses ``SECTION_PENALTY``; pairs at similar relative positions gain up to
   ``ORDER_BONUS``, which only decides between near-equal candidates (a paragraph repeated
   word for word, a paragraph reworded into two similar ones). A pair is kept when its
   similarity, less any section penalty, reaches ``threshold``.
3. A paragraph left over on the new side that sits next to the new paragraph(s) of an old
   one is a part of a split when most of its weighted wording is found in the old paragraph
   and adding it brings the new side measurably closer to the old text; merges are the
   mirror image. So one old paragraph may map to several consecutive new ones, and several
   consecutive old paragraphs to one new one.

A pair's score is the similarity of the two texts; for the extra part of a split or merge
it is the share of that part's weighted wording found in the whole it came from or went to.
Scores are rounded to two decimals.
"""

from __future__ import annotations

import difflib
import functools
import math
import operator
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Literal, TypedDict

from meahub.documents.anchors import paragraph_keys
from meahub.documents.parser.model import ParsedDocument

# On the CMS seeds (Resolution 10.21 and its successor 11.10 (Rev.COP14)) the counterparts
# found by reading score 0.4 and up, and any threshold from 0.25 to just under 0.4 finds
# exactly those; below 0.25 paragraphs that merely share a topic start to pair up.
DEFAULT_THRESHOLD = 0.3
SECTION_PENALTY = 0.15
ORDER_BONUS = 0.03
# A leftover paragraph joins a split or merge only when at least this share of its weighted
# wording is in the whole, and when joining raises the similarity by at least MIN_PART_GAIN.
MIN_PART_CONTAINMENT = 0.5
MIN_PART_GAIN = 0.05

_WORD = re.compile(r"[^\W_]+")
# The commonest English function words: they say nothing about what a paragraph is about.
_STOPWORD_TEXT = """a about above after all also an and any are as at be been being both but by can
    could do does each for from further had has have having here how i if in into is it its itself
    may more most must no nor not of on once only or other our out over own same shall
    should so some such than that the their them then there these they this those through to
    too under until up upon very was we were what when where which while who whom why will
    with within would"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

DiffOp = Literal["same", "added", "removed"]


@dataclass(frozen=True)
class AlignItem:
    """One paragraph as the aligner sees it: its key ("5", "preamble-3"), its section and
    its full text, sub-items included."""

    key: str
    section: str
    text: str


@dataclass(frozen=True)
class Pair:
    """Old paragraph ``old`` is carried on by new paragraph ``new``; ``score`` in [0, 1]."""

    old: str
    new: str
    score: float


class PairJSON(TypedDict):
    old: str
    new: str
    score: float


class AlignmentJSON(TypedDict):
    pairs: list[PairJSON]
    unmatched_old: list[str]
    unmatched_new: list[str]


@dataclass(frozen=True)
class Alignment:
    """The pairs in old-document order (then new order), and the keys on each side that no
    pair mentions, in document order."""

    pairs: tuple[Pair, ...]
    unmatched_old: tuple[str, ...]
    unmatched_new: tuple[str, ...]

    def to_json(self) -> AlignmentJSON:
        """The stable JSON shape ``meahub align --json`` prints."""
        return {
            "pairs": [{"old": p.old, "new": p.new, "score": p.score} for p in self.pairs],
            "unmatched_old": list(self.unmatched_old),
            "unmatched_new": list(self.unmatched_new),
        }


def items_from_parsed(parsed: ParsedDocument) -> list[AlignItem]:
    """The paragraphs of a parsed document as alignment items, keyed by ``paragraph_keys``;
    each item's text is the paragraph's text followed by its sub-items (label and text)."""
    keys = paragraph_keys(parsed.paragraphs)
    return [
        AlignItem(
            key=key,
            section=paragraph.section,
            text="\n".join([paragraph.text, *(f"{s.label} {s.text}" for s in paragraph.subitems)]),
        )
        for key, paragraph in zip(keys, parsed.paragraphs, strict=True)
    ]


# Vectors


@functools.lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _terms(text: str) -> Counter[str]:
    return Counter(_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOPWORDS)


Vector = dict[str, float]


def _vector(terms: Counter[str], idf: dict[str, float]) -> Vector:
    weights = {term: (1.0 + math.log(count)) * idf[term] for term, count in terms.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {term: w / norm for term, w in weights.items()} if norm else {}


def _cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(term, 0.0) for term, w in a.items())


def _containment(part: Vector, whole: Vector) -> float:
    """The share of ``part``'s (squared, unit-length) weight on terms ``whole`` also has."""
    return sum(w * w for term, w in part.items() if term in whole)


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


class _Side:
    """The items of one version with their term counts, vectors and relative positions."""

    def __init__(self, items: Sequence[AlignItem], terms: list[Counter[str]]) -> None:
        self.items = items
        self.terms = terms
        self.vectors: list[Vector] = []
        span = max(len(items) - 1, 1)
        self.positions = [index / span for index in range(len(items))]

    def group_vector(self, indexes: Iterable[int], idf: dict[str, float]) -> Vector:
        total: Counter[str] = Counter()
        for index in indexes:
            total.update(self.terms[index])
        return _vector(total, idf)


def _similarities(old: _Side, new: _Side) -> dict[tuple[int, int], float]:
    """Cosine similarity of every pair that shares a term; two paragraphs without any
    content word are similar (1.0) only when their texts are equal."""
    similarities: dict[tuple[int, int], float] = {}
    for i, vector in enumerate(old.vectors):
        terms, weights = list(vector), list(vector.values())
        for j, other in enumerate(new.vectors):
            # Resolutions share so much wording that nearly every pair has a term in
            # common, so a product over the old terms (looped in C) beats an inverted index.
            total = sum(map(operator.mul, weights, map(other.get, terms, repeat(0.0))))
            if total > 0.0:
                similarities[i, j] = min(1.0, total)
    empty_new = [j for j, vector in enumerate(new.vectors) if not vector]
    for i, vector in enumerate(old.vectors):
        if vector:
            continue
        text = _normalised(old.items[i].text)
        for j in empty_new:
            if _normalised(new.items[j].text) == text:
                similarities[i, j] = 1.0
    return similarities


def _attach_parts(
    wholes: _Side,
    parts: _Side,
    groups: dict[int, list[int]],
    leftovers: set[int],
    idf: dict[str, float],
) -> dict[tuple[int, int], float]:
    """Attach leftover ``parts`` to the adjacent ``groups`` they were split from (or merged
    into); returns {(whole, part): containment} and updates ``groups`` and ``leftovers``."""
    attached: dict[tuple[int, int], float] = {}
    changed = True
    while changed:
        changed = False
        for part in sorted(leftovers):
            best: tuple[float, float, int] | None = None
            for whole, members in groups.items():
                if part not in (min(members) - 1, max(members) + 1):
                    continue
                whole_vector = wholes.vectors[whole]
                containment = _containment(parts.vectors[part], whole_vector)
                if containment < MIN_PART_CONTAINMENT:
                    continue
                before = _cosine(whole_vector, parts.group_vector(members, idf))
                after = _cosine(whole_vector, parts.group_vector([*members, part], idf))
                if after - before < MIN_PART_GAIN:
                    continue
                candidate = (containment, after - before, -whole)
                if best is None or candidate > best:
                    best = candidate
            if best is not None:
                whole = -best[2]
                groups[whole].append(part)
                leftovers.discard(part)
                attached[whole, part] = best[0]
                changed = True
    return attached


def align(
    old: Sequence[AlignItem], new: Sequence[AlignItem], *, threshold: float = DEFAULT_THRESHOLD
) -> Alignment:
    """Align the paragraphs of two versions of a document (see the module doc for how).

    Keys must be unique within each side (``ValueError`` otherwise), and ``threshold`` is
    the least similarity, in [0, 1], for a one-to-one pair. Every key of either side ends up
    in at least one pair or in its side's unmatched list, never both. The result depends
    only on the items and the threshold.
    """
    for name, items in (("old", old), ("new", new)):
        repeated = sorted(key for key, n in Counter(item.key for item in items).items() if n > 1)
        if repeated:
            raise ValueError(f"the {name} version repeats the key(s) {', '.join(repeated)}")
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")

    old_side = _Side(old, [_terms(item.text) for item in old])
    new_side = _Side(new, [_terms(item.text) for item in new])
    documents = len(old) + len(new)
    frequency: Counter[str] = Counter()
    for terms in (*old_side.terms, *new_side.terms):
        frequency.update(terms.keys())
    idf = {term: math.log((1 + documents) / (1 + n)) + 1.0 for term, n in frequency.items()}
    for side in (old_side, new_side):
        side.vectors = [_vector(terms, idf) for terms in side.terms]

    similarities = _similarities(old_side, new_side)
    candidates: list[tuple[float, int, int]] = []
    for (i, j), similarity in similarities.items():
        penalty = SECTION_PENALTY if old[i].section != new[j].section else 0.0
        if similarity - penalty < threshold:
            continue
        closeness = 1.0 - abs(old_side.positions[i] - new_side.positions[j])
        candidates.append((similarity - penalty + ORDER_BONUS * closeness, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))

    old_to_new: dict[int, int] = {}
    new_to_old: dict[int, int] = {}
    for _, i, j in candidates:
        if i not in old_to_new and j not in new_to_old:
            old_to_new[i] = j
            new_to_old[j] = i
    scores = {(i, j): similarities[i, j] for i, j in old_to_new.items()}

    splits = _attach_parts(
        old_side,
        new_side,
        {i: [j] for i, j in old_to_new.items()},
        set(range(len(new))) - set(new_to_old),
        idf,
    )
    scores.update(splits)
    split_olds = {i for i, _ in splits}
    merges = _attach_parts(
        new_side,
        old_side,
        {j: [i] for i, j in old_to_new.items() if i not in split_olds},
        set(range(len(old))) - set(old_to_new),
        idf,
    )
    scores.update({(i, j): score for (j, i), score in merges.items()})

    paired_old = {i for i, _ in scores}
    paired_new = {j for _, j in scores}
    return Alignment(
        pairs=tuple(
            Pair(old=old[i].key, new=new[j].key, score=round(min(1.0, max(0.0, score)), 2))
            for (i, j), score in sorted(scores.items())
        ),
        unmatched_old=tuple(item.key for i, item in enumerate(old) if i not in paired_old),
        unmatched_new=tuple(item.key for j, item in enumerate(new) if j not in paired_new),
    )


def word_diff(old: str, new: str) -> list[tuple[DiffOp, str]]:
    """The words of ``old`` and ``new`` as segments ("same" | "removed" | "added", text).

    Words are compared exactly (punctuation and case count); runs of white space count as
    one space and are not differences. Each segment's words are joined by single spaces, so
    a page shows them with a space between segments: joining the "same" and "removed"
    segments with spaces gives the old text, the "same" and "added" ones the new text.
    Where words were replaced, the removed segment comes before the added one.
    """
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    segments: list[tuple[DiffOp, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("same", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("removed", " ".join(old_words[i1:i2])))
        if j2 > j1:
            segments.append(("added", " ".join(new_words[j1:j2])))
    return segments
