"""Verbs of operative paragraphs and the actors each addresses.

Contract of ``find_verbs(text)``: the verbs of one operative (or action-requested) paragraph
in text order, each lower-case, active and without "also"/"further" ("Further requests" ->
"requests", "is requested to" -> "requests", "CALLS UPON" -> "calls on", "recognises" ->
"recognizes"). The first is the paragraph's main verb. A verb is found:

- at the start of the paragraph ("Requests ...", "*Also requests* ...", "REQUESTS ...");
- later, after a clause boundary: "; and further requests ...", ", and invites ...",
  " and encourages ..." (an addressing verb there must name an actor, and a verb that
  addresses no one, such as "notes", must follow a ";" or ", and", so that a noun "notes"
  or "requests" is not taken for a verb);
- in the passive, actors before it: "The Secretariat ... is requested to", "Parties are
  encouraged to";
- as "shall" after a subject that names an actor, at the start: "The Secretariat shall ...".

Only addressing verbs (``ADDRESSING``: requests, urges, invites, encourages, instructs, calls
on, ...) carry actors: those named between the verb and the infinitive "to <verb>" (or the
next verb, ":" or ";"). The others (welcomes, notes, decides, ...) carry none: what they
welcome is not asked to act.
"""

from __future__ import annotations

import bisect
import re

from meahub.documents.parser.actors import CompiledActors, find_actors
from meahub.documents.parser.model import VerbUse

VERBS: dict[str, str] = {
    "requests": "requests",
    "urges": "urges",
    "invites": "invites",
    "encourages": "encourages",
    "instructs": "instructs",
    "directs": "directs",
    "calls on": "calls on",
    "calls upon": "calls on",
    "appeals to": "appeals",
    "recommends": "recommends",
    "mandates": "mandates",
    "asks": "asks",
    "authorizes": "authorizes",
    "authorises": "authorizes",
    "welcomes": "welcomes",
    "notes": "notes",
    "takes note": "takes note",
    "recognizes": "recognizes",
    "recognises": "recognizes",
    "stresses": "stresses",
    "emphasizes": "emphasizes",
    "emphasises": "emphasizes",
    "underlines": "underlines",
    "decides": "decides",
    "adopts": "adopts",
    "approves": "approves",
    "endorses": "endorses",
    "agrees": "agrees",
    "affirms": "affirms",
    "reaffirms": "reaffirms",
    "acknowledges": "acknowledges",
    "expresses": "expresses",
    "thanks": "thanks",
    "congratulates": "congratulates",
    "commends": "commends",
    "appreciates": "appreciates",
    "confirms": "confirms",
    "establishes": "establishes",
    "resolves": "resolves",
    "determines": "determines",
    "supports": "supports",
    "reiterates": "reiterates",
    "highlights": "highlights",
    "recalls": "recalls",
    "considers": "considers",
    "calls for": "calls for",
}
ADDRESSING = frozenset(
    {
        "requests",
        "urges",
        "invites",
        "encourages",
        "instructs",
        "directs",
        "calls on",
        "appeals",
        "recommends",
        "mandates",
        "asks",
        "authorizes",
        "shall",
    }
)
PASSIVE: dict[str, str] = {
    "requested": "requests",
    "invited": "invites",
    "encouraged": "encourages",
    "urged": "urges",
    "instructed": "instructs",
    "directed": "directs",
    "called upon": "calls on",
    "called on": "calls on",
    "asked": "asks",
    "mandated": "mandates",
    "authorized": "authorizes",
    "authorised": "authorizes",
}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len)[::-1])


_VERB = _alternation(list(VERBS))
_START = re.compile(
    rf"^[\W_]*(?:(?:also|further|and)\s+)?(?P<verb>{_VERB})\b(?:\s+(?:also|further)\b)?",
    re.IGNORECASE,
)
_LATER = re.compile(
    rf"(?P<lead>[;,]\s*(?:and\s+)?|\band\s+)(?:(?:also|further)\s+)?(?P<verb>{_VERB})\b",
    re.IGNORECASE,
)
_PASSIVE = re.compile(
    rf"\b(?:is|are)\s+(?:(?:also|further|hereby)\s+)?(?P<verb>{_alternation(list(PASSIVE))})"
    r"\s+to\b",
    re.IGNORECASE,
)
_SHALL = re.compile(r"^(?P<subject>[A-Z][^;:.]{0,160}?)\s+shall\b")
_INFINITIVE = re.compile(
    r"\bto\s+(?!(?:the|a|an|all|its|their|this|these|that|those|each|every|any|other|"
    r"relevant|such|both|and|or)\b)[a-z]"
)
_CLAUSE_END = re.compile(r"[;:]")
_CLAUSE_START = re.compile(r"[;:]|\.\s")
_THAT_SUBJECT_END = re.compile(
    r"\b(?!(?:the|and|or|all|other|relevant|interested|of|its|as|well|including|concerned|"
    r"that|non)\b)[a-z][a-z-]*\b"
)


def _canonical(surface: str) -> str:
    return VERBS[re.sub(r"\s+", " ", surface.lower())]


def starts_with_verb(text: str) -> bool:
    """Whether ``text`` opens with an operative verb ("Requests", "*Also urges*", "NOTES")."""
    return _START.match(text) is not None


def is_directive(text: str) -> bool:
    """Whether the first clause of ``text`` asks someone to act in the passive or with
    "shall" ("The Secretariat, subject to ..., is requested to:")."""
    first_clause = _CLAUSE_START.split(text, maxsplit=1)[0]
    return bool(_PASSIVE.search(first_clause) or _SHALL.match(first_clause))


def _addressed_span(text: str, start: int, stop: int) -> str:
    """The words after a verb that can name whom it addresses."""
    span = text[start:stop]
    for pattern in (_INFINITIVE, _CLAUSE_END):
        found = pattern.search(span)
        if found:
            span = span[: found.start()]
    if re.match(r"\s*that\b", span):
        after_that = re.match(r"\s*that\s+", span)
        rest = span[after_that.end() if after_that else 0 :]
        end = _THAT_SUBJECT_END.search(rest)
        span = rest[: end.start()] if end else rest
    return span


def find_verbs(text: str, actors: CompiledActors) -> tuple[VerbUse, ...]:
    """The verbs of one paragraph with their actors, in text order (see the module doc)."""
    # (position, verb end, canonical verb, actors given directly or None to look after it)
    hits: list[tuple[int, int, str, tuple[str, ...] | None]] = []
    start = _START.match(text)
    if start:
        hits.append((start.start("verb"), start.end(), _canonical(start.group("verb")), None))
    for later in _LATER.finditer(text):
        if start and later.start("verb") < start.end():
            continue
        verb = _canonical(later.group("verb"))
        lead = later.group("lead")
        strong_lead = ";" in lead or re.match(r",\s*and", lead) is not None
        if verb not in ADDRESSING and not strong_lead:
            continue
        hits.append((later.start("verb"), later.end(), verb, None))
    clause_starts = [0, *(m.end() for m in _CLAUSE_START.finditer(text))]
    for passive in _PASSIVE.finditer(text):
        clause_start = clause_starts[bisect.bisect_right(clause_starts, passive.start()) - 1]
        subject = text[clause_start : passive.start()]
        verb = PASSIVE[re.sub(r"\s+", " ", passive.group("verb").lower())]
        hits.append((passive.start(), passive.end(), verb, find_actors(subject, actors)))
    shall = _SHALL.match(text)
    if shall and not hits:
        subject_actors = find_actors(shall.group("subject"), actors)
        if subject_actors:
            hits.append((shall.start(), shall.end(), "shall", subject_actors))
    hits.sort(key=lambda hit: hit[0])
    result: list[VerbUse] = []
    for index, (position, verb_end, verb, given) in enumerate(hits):
        if given is not None:
            result.append(VerbUse(verb, given))
            continue
        if verb not in ADDRESSING:
            result.append(VerbUse(verb, ()))
            continue
        stop = hits[index + 1][0] if index + 1 < len(hits) else len(text)
        named = find_actors(_addressed_span(text, verb_end, stop), actors)
        if named or position == (start.start("verb") if start else -1):
            result.append(VerbUse(verb, named))
    return tuple(result)
