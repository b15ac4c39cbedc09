"""What a mandate reads from its paragraph: pure Python, no database.

``read_mandate(text, subitems, verbs, verb_index, actor)`` takes one verb use of an operative
paragraph (the paragraph's text and sub-items, the canonical verbs of the paragraph in text
order as the parser gives them, the position of the verb among them, and the actor) and
returns a ``MandateReading``:

- ``action``: the clause the verb governs, in the paragraph's words: from the verb (with its
  "Further"/"Also"; for a passive "... is requested to", from the subject) to the next verb of
  the paragraph or the end, tidied of the joining "; and". A clause that names only whom it
  asks ("Requests the Secretariat and invites the Secretariats of other conventions to ...")
  borrows what is asked from the clause that says it, after an ellipsis. The last clause takes
  the sub-items, one per line.
- ``timing``: *time-bound* when the clause gives a deadline (a year or date: "by 2026", "by
  the end of 2025", "for the triennium 2012-2014", "within two years"; or a meeting: "to the
  next meeting of the Conference of the Parties", "before COP15", "to its 15th meeting");
  otherwise *standing*: "continue to", "regularly", "keep under review", reporting "to each
  meeting", and any request without a deadline, which stays asked until done or superseded.
- ``due_text``: the words that give the deadline, or the recurrence of a standing mandate
  ("to each meeting of the COP", "every three years", "regularly"); ``due_date``: the date
  when the text gives one (a year alone is 31 December of it; "before 2027" is the end of
  2026); ``due_meeting``: the meeting named (kind, number or "next"), for the caller to find.
- ``report_to``: the body reported to (cop, mop, stc, scientific) when the clause says to
  report, submit, present or put something for consideration to one.
- ``obligation``: when the actor is a country actor (Parties, Signatories, Range States...)
  asked to report or submit reports: who reports, on what, whether before each meeting, how
  often in months, to which body and how many days before the meeting.

The paragraph's issuing body (``body``, "cop" for a resolution of the Conference of the
Parties) resolves "its next meeting" and a meeting named without its body.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from meahub.documents.parser.verbs import PASSIVE, VERBS
from meahub.mandates.enums import ReportTo, Timing

# Actors through which countries are asked to act: a request to them to report is a
# reporting obligation.
REPORTERS = frozenset(
    {"Parties", "Signatories", "Range States", "non-Party Range States", "National Focal Points"}
)

ELLIPSIS = " … "
MAX_SUBJECT = 300


@dataclass(frozen=True)
class MeetingRef:
    """A meeting the text names: its kind (a ``ReportTo`` value), its number when given
    ("COP15", "15th meeting") and whether it is "the next" one."""

    kind: str
    number: int | None = None
    next: bool = False


@dataclass(frozen=True)
class ObligationProposal:
    """A duty to report the text sets, for a person to confirm."""

    reporter: str
    subject: str
    every_meeting: bool
    frequency_months: int | None
    report_to: str
    days_before_meeting: int | None


@dataclass(frozen=True)
class MandateReading:
    action: str
    timing: str
    due_text: str = ""
    due_date: dt.date | None = None
    due_meeting: MeetingRef | None = None
    report_to: str = ""
    obligation: ObligationProposal | None = None


# --- words ----------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
}
_ORDINAL_WORDS = {
    word: n
    for n, word in enumerate(
        (
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ),
        start=1,
    )
}
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


# The bodies a mandate reports to, as the text names them; group name = ReportTo value.
_BODY = (
    r"(?P<cop>Conference\s+of\s+(?:the\s+)?(?:Contracting\s+)?Parties|\bCO[Pp]\b)"
    r"|(?P<mop>Meeting\s+of\s+(?:the\s+)?(?:Parties|Signatories)|\bMO[PS]\b|\bMoP\b)"
    r"|(?P<stc>Standing\s+Committee|\bStC\b)"
    r"|(?P<scientific>Scientific\s+Council|Sessional\s+Committee|\bScC\b)"
)
_BODY_RE = re.compile(_BODY, re.I)
_KINDS = ("cop", "mop", "stc", "scientific")
_BODY_GROUPS = {**{kind: kind for kind in _KINDS}, "members": "mop"}
_ABBREVIATIONS = {"cop": "cop", "mop": "mop", "mos": "mop", "stc": "stc", "scc": "scientific"}
# A meeting of another convention ("CBD COP10") or one already held is not a deadline.
_OTHER_BODY = re.compile(
    r"(?:\b(?:CBD|CITES|UNFCCC|UNCCD|Ramsar|IPBES|IWC|IUCN|AEWA|EUROBATS|ASCOBANS|ACAP)"
    r"|\b(?:adopted|held|since|last|previous|preceding)(?:\s+\w+){0,3})\s*$",
    re.I,
)
# "the next meeting of the Parties": "Meeting" is already read, "of the Parties" names the body.
_OF_BODY = rf"(?:\s+of\s+(?:the\s+|its\s+)?(?:{_BODY}|(?P<members>Parties|Signatories)\b))?"
_MEETING = r"(?:ordinary\s+|extraordinary\s+)?(?:meeting|session)"

_NEXT_MEETING = re.compile(
    rf"\b(?:(?:the|its)\s+)?next\s+{_MEETING}{_OF_BODY}"
    r"|\b(?:the\s+)?next\s+(?P<abbr>COP|CoP|MOP|MoP|MOS|StC|ScC)\b",
    re.I,
)
_ORDINAL = "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
_NUMBERED_MEETING = re.compile(
    rf"\b(?:(?P<n>\d{{1,3}})(?:st|nd|rd|th)|(?P<word>{_ORDINAL}))\s+{_MEETING}{_OF_BODY}",
    re.I,
)
_ABBREVIATED_MEETING = re.compile(r"\b(?P<abbr>COP|CoP|MOP|MoP|MOS|StC|ScC)[\s-]?(?P<n>\d{1,3})\b")
_EVERY_MEETING = re.compile(
    rf"\b(?:each|every|all|future|subsequent|successive|forthcoming)\s+{_MEETING}s?{_OF_BODY}"
    r"|\b(?:each|every)\s+(?P<abbr>COP|CoP|MOP|MoP|MOS|StC)\b",
    re.I,
)

_MONTH_NAMES = "|".join(_MONTHS)
_DATE_DEADLINE = re.compile(
    r"\b(?P<lead>by|before|no\s+later\s+than|not\s+later\s+than|until|prior\s+to)\s+"
    r"(?:the\s+end\s+of\s+)?(?:(?P<day>\d{1,2})\s+)?(?:(?P<month>" + _MONTH_NAMES + r")\s+)?"
    r"(?P<year>(?:19|20)\d{2})\b(?!\s*[-–/]\s*\d)",
    re.I,
)
_PERIOD = re.compile(
    r"\b(?:for|during|over|in|within)\s+the\s+(?:triennium|biennium|intersessional\s+period|"
    r"period|years)\s+(?P<first>(?:19|20)\d{2})\s*[-–/]\s*(?P<last>(?:19|20)?\d{2})\b",
    re.I,
)
_WITHIN = re.compile(
    rf"\bwithin\s+(?:the\s+next\s+)?(?P<n>{_NUMBER})\s+(?P<unit>years?|months?)\b", re.I
)
_RECURRING = re.compile(
    rf"\bevery\s+(?P<n>{_NUMBER})\s+(?P<unit>years?|months?)\b"
    r"|\b(?P<annual>annually|every\s+year|each\s+year|yearly)\b"
    r"|\b(?P<biennial>biennially|every\s+other\s+year)\b"
    r"|\b(?P<triennial>triennially)\b",
    re.I,
)
_STANDING = re.compile(
    r"\b(?:on\s+an\s+ongoing\s+basis|on\s+a\s+(?:regular|continuing|permanent)\s+basis|"
    r"regularly|periodically|keep(?:s|ing)?\s+(?:\w+\s+){0,6}?under\s+(?:regular\s+)?review)\b",
    re.I,
)
_REPORT_CUE = re.compile(
    r"\b(?:report(?:s|ing)?|submit(?:s|ting)?|present(?:s|ing)?|transmit(?:s|ting)?|"
    r"for\s+(?:its\s+|their\s+)?(?:consideration|adoption|review|approval|information|"
    r"endorsement|decision))\b",
    re.I,
)
# A country actor asked to report: "to report", "submit (their) national reports",
# "submit information", "report on ...".
_REPORTING_DUTY = re.compile(
    r"\bto\s+(?:\w+\s+){0,2}?report\b"
    r"|\bsubmit(?:s|ting)?\b[^;:]{0,80}?\b(?:reports?|information|updates?)\b"
    r"|\bnational\s+reports?\b",
    re.I,
)
_SUBJECT = re.compile(
    r"\breports?\b[^;:]{0,60}?\s(?:on|about)\s+(?P<subject>.+)"
    r"|\b(?P<national>(?:their\s+)?national\s+reports?(?:\s+on\s+[^;:]+)?)"
    r"|\bsubmit(?:s|ting)?\s+(?:to\s+the\s+\w+(?:\s+\w+)?\s+)?(?P<submitted>[^;:]+)",
    re.I,
)
_SUBJECT_END = re.compile(
    r"\s+(?:to\s+(?:the|each|every|its|all|future|next|COP|MOP|StC)\b|by\s+\d|by\s+the\s+end"
    r"|every\b|annually\b|before\b|no\s+later\b|not\s+later\b|in\s+time\b|at\s+(?:each|every|"
    r"the|its)\b|\d+\s+days\b|through\b)"
    r"|[,;:.]",
    re.I,
)
_DAYS_BEFORE = re.compile(
    rf"\b(?P<n>{_NUMBER})\s+(?P<unit>days?|weeks?|months?)\s+(?:before|prior\s+to|ahead\s+of)\b",
    re.I,
)
_INFINITIVE = re.compile(
    r"\bto\s+(?!(?:the|a|an|all|its|their|this|these|that|those|each|every|any|other|"
    r"relevant|such|both|and|or)\b)[a-z]"
)


# --- clauses --------------------------------------------------------------------------------


def _alternation(words: Sequence[str]) -> str:
    return "|".join(
        re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True)
    )


@functools.cache
def _verb_patterns(verb: str) -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str] | None]:
    """Where ``verb`` (canonical) opens a clause: active (at the start, or after ";", ","
    or "and"; the ``clause`` group starts it), passive ("is requested to") or "shall" (the
    clause starts with the subject); and, as a last resort, the word anywhere."""
    patterns: list[re.Pattern[str]] = []
    fallback: re.Pattern[str] | None = None
    surfaces = [surface for surface, canonical in VERBS.items() if canonical == verb]
    if surfaces:
        words = _alternation(surfaces)
        patterns.append(
            re.compile(
                rf"(?:^[\W_]*|[;,]\s*(?:and\s+)?|\band\s+)"
                rf"(?P<clause>(?:(?:also|further)\s+)?(?:{words}))\b",
                re.I,
            )
        )
        fallback = re.compile(rf"\b(?:{words})\b", re.I)
    participles = [surface for surface, canonical in PASSIVE.items() if canonical == verb]
    if participles:
        patterns.append(
            re.compile(
                rf"\b(?:is|are)\s+(?:(?:also|further|hereby)\s+)?(?:{_alternation(participles)})"
                r"\s+to\b",
                re.I,
            )
        )
    if verb == "shall":
        patterns.append(re.compile(r"\bshall\b"))
    return tuple(patterns), fallback


_CLAUSE_BOUNDARY = re.compile(r"[;:]|\.\s")


def _clause_starts(text: str, verbs: Sequence[str]) -> list[int]:
    """Where the clause of each verb starts, in text order (a verb not found starts where the
    previous one ended, so that every verb has a clause)."""
    starts: list[int] = []
    cursor = 0
    for verb in verbs:
        primary, fallback = _verb_patterns(verb)
        best: tuple[int, int] | None = None
        for pattern in primary:
            found = pattern.search(text, cursor)
            if found is None:
                continue
            if "clause" in pattern.groupindex:
                start = found.start("clause")
            else:  # passive or "shall": the clause opens with its subject
                boundaries = [
                    m.end() for m in _CLAUSE_BOUNDARY.finditer(text, cursor, found.start())
                ]
                start = boundaries[-1] if boundaries else cursor
            if best is None or start < best[0]:
                best = (start, found.end())
        if best is None and fallback is not None:
            found = fallback.search(text, cursor)
            if found is not None:
                best = (found.start(), found.end())
        if best is None:
            best = (cursor, cursor)
        starts.append(best[0])
        cursor = max(best[1], cursor)
    return starts


def _tidy(text: str) -> str:
    """One line, without markup asterisks or the "; and" that joins it to the next clause."""
    text = " ".join(text.replace("*", "").split())
    while True:
        trimmed = text.rstrip(" ;,")
        lowered = trimmed.lower()
        for joiner in (" and", " or"):
            if lowered.endswith(joiner):
                trimmed = trimmed[: -len(joiner)]
        if trimmed == text:
            break
        text = trimmed
    return text[:1].upper() + text[1:]


def _names_only_whom(clause: str) -> bool:
    """Whether a clause only says whom it asks, what is asked coming with a later verb
    ("Requests the Secretariat and invites ... to")."""
    stripped = clause.strip()
    return (
        not _INFINITIVE.search(stripped)
        and not stripped.endswith(":")
        and not re.search(r"\bthat\b", stripped, re.I)
        and len(stripped.split()) <= 16
    )


@dataclass(frozen=True)
class Clause:
    """The words of one verb use: ``action`` as shown, ``scope`` the text timing is read in."""

    action: str
    scope: str


def clause_of(
    text: str, subitems: Sequence[tuple[str, str]], verbs: Sequence[str], verb_index: int
) -> Clause:
    """The clause verb ``verb_index`` of the paragraph governs (see the module doc)."""
    if not verbs or not 0 <= verb_index < len(verbs):
        raise ValueError(f"verb_index {verb_index} is not among the {len(verbs)} verb(s)")
    starts = _clause_starts(text, verbs)
    ends = [*starts[1:], len(text)]
    clauses = [text[start:end] for start, end in zip(starts, ends, strict=True)]
    own = clauses[verb_index]
    action = _tidy(own)
    scope = own
    last = verb_index == len(verbs) - 1
    if _names_only_whom(own):
        for later_index in range(verb_index + 1, len(clauses)):
            infinitive = _INFINITIVE.search(clauses[later_index])
            if infinitive:
                borrowed = _tidy(clauses[later_index][infinitive.start() :])
                action = f"{action}{ELLIPSIS}{borrowed[:1].lower()}{borrowed[1:]}"
                scope = f"{own} {clauses[later_index][infinitive.start() :]}"
                last = later_index == len(verbs) - 1
                break
    if last and subitems:
        items = [f"{label} {' '.join(item.split())}".strip() for label, item in subitems]
        action = "\n".join([action, *items])
        scope = "\n".join([scope, *items])
    return Clause(action=action, scope=" ".join(scope.split()))


# --- timing ---------------------------------------------------------------------------------


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _body_of(match: re.Match[str], default: str) -> str:
    for group, kind in _BODY_GROUPS.items():
        if match.groupdict().get(group):
            return kind
    abbreviation = match.groupdict().get("abbr")
    if abbreviation:
        return _ABBREVIATIONS[abbreviation.lower()]
    return default


def _not_ours(text: str, match: re.Match[str]) -> bool:
    """Whether the meeting named by ``match`` is another convention's or body's ("CBD
    COP10", "the 4th meeting of the Working Group on ...") or one already held."""
    position = match.start()
    if _OTHER_BODY.search(text[max(0, position - 40) : position]):
        return True
    named_body = any(match.groupdict().get(group) for group in (*_BODY_GROUPS, "abbr"))
    return not named_body and re.match(r"\s+of\s", text[match.end() :]) is not None


@dataclass(frozen=True)
class _Deadline:
    position: int
    text: str
    date: dt.date | None = None
    meeting: MeetingRef | None = None


def _deadlines(scope: str, body: str, adopted: dt.date | None) -> list[_Deadline]:
    found: list[_Deadline] = []
    for match in _DATE_DEADLINE.finditer(scope):
        year = int(match.group("year"))
        month = _MONTHS[match.group("month").lower()] if match.group("month") else None
        if match.group("day") and month:
            try:
                date = dt.date(year, month, int(match.group("day")))
            except ValueError:
                date = _end_of_month(year, month)
        elif month:
            date = _end_of_month(year, month)
        elif match.group("lead").lower() in ("before", "prior to") and "end" not in match.group(0):
            date = dt.date(year - 1, 12, 31)
        else:
            date = dt.date(year, 12, 31)
        found.append(_Deadline(match.start(), match.group(0), date=date))
    for match in _PERIOD.finditer(scope):
        last = match.group("last")
        year = int(last) if len(last) == 4 else int(match.group("first")[:2] + last)
        found.append(_Deadline(match.start(), match.group(0), date=dt.date(year, 12, 31)))
    if adopted is not None:
        for match in _WITHIN.finditer(scope):
            n = _number(match.group("n"))
            months = n * 12 if match.group("unit").lower().startswith("year") else n
            found.append(
                _Deadline(match.start(), match.group(0), date=_add_months(adopted, months))
            )
    for match in _NEXT_MEETING.finditer(scope):
        if _not_ours(scope, match):
            continue
        meeting = MeetingRef(kind=_body_of(match, body), next=True)
        found.append(_Deadline(match.start(), match.group(0), meeting=meeting))
    for match in _NUMBERED_MEETING.finditer(scope):
        if _not_ours(scope, match):
            continue
        number = (
            int(match.group("n")) if match.group("n") else _ORDINAL_WORDS[match["word"].lower()]
        )
        meeting = MeetingRef(kind=_body_of(match, body), number=number)
        found.append(_Deadline(match.start(), match.group(0), meeting=meeting))
    for match in _ABBREVIATED_MEETING.finditer(scope):
        if _not_ours(scope, match):
            continue
        meeting = MeetingRef(kind=_body_of(match, body), number=int(match.group("n")))
        found.append(_Deadline(match.start(), match.group(0), meeting=meeting))
    return sorted(found, key=lambda deadline: deadline.position)


def _recurrence(scope: str, body: str) -> tuple[str, str, bool, int | None]:
    """(words, body, before each meeting?, months) of a standing mandate's recurrence."""
    every = _EVERY_MEETING.search(scope)
    recurring = _RECURRING.search(scope)
    months: int | None = None
    if recurring:
        if recurring.group("annual"):
            months = 12
        elif recurring.group("biennial"):
            months = 24
        elif recurring.group("triennial"):
            months = 36
        else:
            n = _number(recurring.group("n"))
            months = n * 12 if recurring.group("unit").lower().startswith("year") else n
    if every and not _not_ours(scope, every):
        return every.group(0), _body_of(every, body), True, months
    if recurring:
        return recurring.group(0), "", False, months
    standing = _STANDING.search(scope)
    return (standing.group(0) if standing else ""), "", False, None


def _report_to(scope: str, preferred: str) -> str:
    """The body the clause reports to: the one named after a reporting cue (the deadline's
    body when several are named), or ``preferred`` when a cue names no body."""
    cue = _REPORT_CUE.search(scope)
    if cue is None:
        return ""
    bodies: list[str] = []
    for match in _BODY_RE.finditer(scope, cue.start()):
        if not _not_ours(scope, match):
            bodies.append(_body_of(match, ""))
    for match in _ABBREVIATED_MEETING.finditer(scope, cue.start()):
        if not _not_ours(scope, match):
            bodies.append(_body_of(match, ""))
    if preferred and (preferred in bodies or not bodies):
        return preferred
    return bodies[0] if bodies else ""


# --- obligations ----------------------------------------------------------------------------


def _subject(scope: str) -> str:
    match = _SUBJECT.search(scope)
    if match is None:
        return ""
    subject = match.group("subject") or match.group("national") or match.group("submitted")
    end = _SUBJECT_END.search(subject)
    subject = subject[: end.start()] if end else subject
    subject = re.sub(r"^(?:the\s+)?(?:progress\s+(?:made\s+)?(?:in|on|with)\s+)?", "", subject)
    subject = re.sub(r"^(?:their|its|a|an)\s+", "", subject.strip(), flags=re.I)
    return subject.strip()[:MAX_SUBJECT]


def _days_before(scope: str) -> int | None:
    match = _DAYS_BEFORE.search(scope)
    if match is None:
        return None
    n = _number(match.group("n"))
    unit = match.group("unit").lower()
    if unit.startswith("week"):
        return n * 7
    if unit.startswith("month"):
        return n * 30  # the register counts days; a month before a meeting is taken as 30
    return n


def _obligation(
    scope: str,
    actor: str,
    *,
    every_meeting: bool,
    months: int | None,
    report_to: str,
    body: str,
) -> ObligationProposal | None:
    if actor not in REPORTERS:
        return None
    duty = _REPORTING_DUTY.search(scope)
    if duty is None:
        return None
    days = _days_before(scope)
    subject = _subject(scope[duty.start() :]) or _subject(scope) or "national report"
    if (every_meeting or days is not None) and not report_to:
        report_to = body
    return ObligationProposal(
        reporter=actor,
        subject=subject[:1].lower() + subject[1:] if not subject[:2].isupper() else subject,
        every_meeting=every_meeting,
        frequency_months=months,
        report_to=report_to,
        days_before_meeting=days,
    )


# --- the reading ----------------------------------------------------------------------------


def read_mandate(
    text: str,
    subitems: Sequence[tuple[str, str]],
    verbs: Sequence[str],
    verb_index: int,
    actor: str,
    *,
    body: str = ReportTo.COP,
    adopted: dt.date | None = None,
) -> MandateReading:
    """What verb ``verb_index`` of a paragraph asks of ``actor`` (see the module doc).

    ``subitems`` are (label, text) pairs; ``verbs`` the paragraph's canonical verbs in text
    order (``ParagraphVerb.verb``, "requests" for "is requested to"); ``body`` the kind of
    meeting that adopted the text; ``adopted`` its date (for "within two years").
    Raises ``ValueError`` when ``verb_index`` is not a position in ``verbs``.
    """
    reading, scope, every_meeting, months = _read_clause(
        text, tuple(subitems), tuple(verbs), verb_index, str(body), adopted
    )
    if actor not in REPORTERS:
        return reading
    obligation = _obligation(
        scope,
        actor,
        every_meeting=every_meeting,
        months=months,
        report_to=reading.report_to,
        body=str(body),
    )
    return dataclasses.replace(reading, obligation=obligation)


# A verb addressing several actors is read once for all of them.
@functools.lru_cache(maxsize=256)
def _read_clause(
    text: str,
    subitems: tuple[tuple[str, str], ...],
    verbs: tuple[str, ...],
    verb_index: int,
    body: str,
    adopted: dt.date | None,
) -> tuple[MandateReading, str, bool, int | None]:
    """The reading of one verb use, whoever it addresses (no obligation), with what the
    obligation is read from: (reading, scope, before each meeting?, months)."""
    clause = clause_of(text, subitems, verbs, verb_index)
    scope = clause.scope
    deadlines = _deadlines(scope, body, adopted)
    words, every_body, every_meeting, months = _recurrence(scope, body)
    due_meeting = next((d.meeting for d in deadlines if d.meeting), None)
    preferred = due_meeting.kind if due_meeting else every_body
    report_to = _report_to(scope, preferred)
    if deadlines:
        reading = MandateReading(
            action=clause.action,
            timing=Timing.TIME_BOUND,
            due_text=_tidy_phrase(deadlines[0].text),
            due_date=next((d.date for d in deadlines if d.date), None),
            due_meeting=due_meeting,
            report_to=report_to,
        )
    else:
        reading = MandateReading(
            action=clause.action,
            timing=Timing.STANDING,
            due_text=_tidy_phrase(words),
            report_to=report_to,
        )
    return reading, scope, every_meeting, months


def _tidy_phrase(words: str) -> str:
    return " ".join(words.split())[:200]
