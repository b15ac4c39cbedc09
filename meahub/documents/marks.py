"""Marking a paragraph's text for reading: the verbs that ask something, the actors they
address, and the documents it cites, as segments a template renders.

``mark_text`` is pure (no database, no HTML): it returns the text cut into ``Segment`` s, each
plain or marked. The template filter ``marked`` escapes every segment's text and wraps the
marked ones, so no text from a document can reach the page as markup.

Where marks overlap, a citation wins over a verb, and a verb over an actor. A verb is marked
as often as the paragraph uses it, at its first occurrences: "Requests the Secretariat to
answer requests" marks the first "Requests" only.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from meahub.documents.parser.verbs import PASSIVE, VERBS

MarkKind = Literal["", "verb", "actor", "cite"]


@dataclass(frozen=True)
class Segment:
    """A piece of text; ``kind`` says how it is marked ("" for plain text). A citation has
    the ``url`` of what it cites ("" when the reader cannot open it), ``held`` False when
    it is only a placeholder, and the ``ref`` it was found for."""

    text: str
    kind: MarkKind = ""
    url: str = ""
    held: bool = True
    ref: str = ""


@dataclass(frozen=True)
class CitationMark:
    """A citation to link in the text: the reference as cited, where it leads."""

    ref: str
    url: str
    held: bool


def _surfaces(canonical: str) -> list[str]:
    forms = [surface for surface, verb in VERBS.items() if verb == canonical]
    forms += [passive for passive, verb in PASSIVE.items() if verb == canonical]
    if canonical == "shall":
        forms.append("shall")
    return forms


@functools.lru_cache(maxsize=256)
def verb_pattern(canonical: str) -> re.Pattern[str] | None:
    """The words by which a verb (canonical, as stored) can appear in a text."""
    forms = _surfaces(canonical)
    if not forms:
        return None
    alternation = "|".join(
        re.escape(form).replace(r"\ ", r"\s+") for form in sorted(forms, key=len, reverse=True)
    )
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def actor_pattern(patterns: str) -> re.Pattern[str] | None:
    """An actor's patterns (one per line, as ``Actor.patterns`` holds them) as one regex;
    None when they do not compile (the table is edited by staff)."""
    lines = [line.strip() for line in patterns.splitlines() if line.strip()]
    if not lines:
        return None
    try:
        return re.compile("|".join(f"(?:{line})" for line in lines), re.IGNORECASE)
    except re.error:
        return None


@functools.lru_cache(maxsize=1024)
def citation_pattern(ref: str) -> re.Pattern[str]:
    """A reference as it may be written: any white space between words, an optional space
    after a full stop ("Rev. COP14"), and not followed by more of a number ("10.2" is not
    the start of "10.21")."""
    parts = [re.escape(word).replace(r"\.", r"\.\s?") for word in ref.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)(?!\.\d)", re.IGNORECASE)


def mark_text(
    text: str,
    *,
    verbs: Sequence[str] = (),
    actors: Iterable[re.Pattern[str]] = (),
    citations: Iterable[CitationMark] = (),
    verb_budget: Counter[str] | None = None,
) -> list[Segment]:
    """``text`` as segments with the ``verbs`` (canonical, one entry per use), the names
    matched by ``actors`` and the ``citations`` marked.

    ``verb_budget`` (from ``Counter(verbs)`` when not given) is how many occurrences of each
    verb remain to be marked; it is decremented, so one budget can run over a paragraph's
    text and then its sub-items.
    """
    budget = verb_budget if verb_budget is not None else Counter(verbs)
    taken: list[tuple[int, int, Segment]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in taken)

    # Longer references first: "Resolution 11.10 (Rev.COP14)" before "Resolution 11.10".
    for citation in sorted(citations, key=lambda c: len(c.ref), reverse=True):
        for match in citation_pattern(citation.ref).finditer(text):
            if match.end() > match.start() and free(match.start(), match.end()):
                segment = Segment(match.group(0), "cite", citation.url, citation.held, citation.ref)
                taken.append((match.start(), match.end(), segment))
    for verb in dict.fromkeys(verbs):
        pattern = verb_pattern(verb)
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            if budget[verb] <= 0:
                break
            if free(match.start(), match.end()):
                taken.append((match.start(), match.end(), Segment(match.group(0), "verb")))
                budget[verb] -= 1
    for pattern in actors:
        for match in pattern.finditer(text):
            if match.end() > match.start() and free(match.start(), match.end()):
                taken.append((match.start(), match.end(), Segment(match.group(0), "actor")))

    segments: list[Segment] = []
    position = 0
    for start, end, segment in sorted(taken, key=lambda item: item[0]):
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(segment)
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments
