"""A synthetic corpus of MEA documents, as text extraction gives them: deterministic for a seed.

Five styles, taken in turn: a CMS resolution (unnumbered preamble, the enacting formula,
numbered operative paragraphs with lettered sub-items), CMS decisions ("80.17 The
Secretariat ... is requested to: a) ... b) ..." under "Directed to ..." headings), a Ramsar
resolution (numbered preamble and operative paragraphs with verbs in capitals), a CBD
decision ("Decision XIV/7. Title", formula first) and a working document (numbered body
paragraphs under headings, then "Action requested"). Every document has a symbol unique in
the corpus, a title, a date line, 8 to 60 paragraphs and references to other documents of
the corpus.

The noise is that of text extracted from PDF, kept realistic rather than adversarial: lines
broken mid-sentence at a width that varies by document, words hyphenated across lines,
blank lines anywhere, trailing spaces, page breaks (a form feed) with page numbers and the
symbol repeated as a page header, now and then a paragraph number alone on its line or a
URL footer. A line break never puts a number, a list label or a preamble participle at the
start of a line in mid-sentence, and a word is only hyphenated where the parser's own rule
(``parser.text.join_lines``) will join it again: the generator states what a parser must
cope with, not traps for it.

``generate(n, seed)`` gives (file name, text) pairs; ``generate_documents(n, seed)`` gives
``SyntheticDocument``s with what the generator put in (symbol, date, paragraphs per section,
main verb and actors of each operative paragraph, references), for tests; ``write(directory,
n, seed)`` writes the files. Usage: python bench/corpus.py DIRECTORY [N] [SEED]
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The parser's word lists, so that the noise stays on the readable side of its rules.
from meahub.documents.parser.structure import PREAMBLE_WORDS  # noqa: E402
from meahub.documents.parser.text import COMPOUND_FIRST, COMPOUND_SECOND  # noqa: E402

T = TypeVar("T")
MAX_DOCUMENTS = 10_000
STYLES = (
    "cms-resolution",
    "cms-decisions",
    "ramsar-resolution",
    "cbd-decision",
    "working-document",
)


@dataclass(frozen=True)
class SyntheticDocument:
    """One generated document and what the generator put in it."""

    name: str
    text: str
    symbol: str
    style: str
    date: dt.date
    sections: dict[str, int]  # paragraphs per section ("preamble", "operative", ...)
    main_verbs: tuple[tuple[str, tuple[str, ...]], ...]  # per operative paragraph
    references: tuple[str, ...]  # in order of first mention, as the parser normalises them
    symbol_headers: int  # pages after the first that repeat the symbol as a header line

    @property
    def operative_count(self) -> int:
        return self.sections.get("operative", 0)

    @property
    def paragraph_count(self) -> int:
        return sum(self.sections.values())


# --- vocabulary: our own words ------------------------------------------------------------

TOPICS = (
    "artificial light at night along flyways",
    "bycatch of small cetaceans in gillnet fisheries",
    "wind turbines and soaring birds",
    "the illegal trapping of songbirds",
    "disease risks at wetland stopover sites",
    "connectivity of steppe corridors",
    "underwater noise and marine mammals",
    "range shifts under a warming climate",
    "the decline of migratory insects",
    "plastic debris along migration routes",
    "responsible viewing of marine wildlife",
    "community monitoring of waterbirds",
    "fences and linear infrastructure in drylands",
    "poisoning of vultures and other raptors",
    "restoration of intertidal mudflats",
    "transboundary management of mountain ungulates",
    "sustainable harvest of migratory fish",
    "the involvement of young people in conservation",
)
PLACES = (
    "Lakeside",
    "Riverton",
    "Port Aster",
    "Highmoor",
    "Sandbay",
    "Eastwick",
    "Norvale",
    "Kestrel Bay",
    "Greyhaven",
    "Amber Cove",
)
MONTHS = re.findall(
    r"\w+", "January February March April May June July August September October November December"
)
COUNT_WORDS = re.findall(r"\w+", "Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve")

# (as written, canonical names the parser gives)
Actor = tuple[str, tuple[str, ...]]
CMS_ACTORS: tuple[Actor, ...] = (
    ("the Secretariat", ("Secretariat",)),
    ("Parties", ("Parties",)),
    ("the Standing Committee", ("Standing Committee",)),
    ("the Scientific Council", ("Scientific Council",)),
    ("Range States", ("Range States",)),
    ("Parties and non-Party Range States", ("Parties", "non-Party Range States")),
    ("partner organizations", ("partner organisations",)),
    ("non-governmental organizations", ("NGOs",)),
    ("intergovernmental organizations", ("intergovernmental organisations",)),
    ("donors and the private sector", ("donors", "private sector")),
    ("National Focal Points", ("National Focal Points",)),
    ("Indigenous Peoples and local communities", ("Indigenous Peoples and local communities",)),
)
RAMSAR_ACTORS: tuple[Actor, ...] = (
    ("the Secretariat", ("Secretariat",)),
    ("Contracting Parties", ("Parties",)),
    ("the Scientific and Technical Review Panel", ("Scientific and Technical Review Panel",)),
    ("the Standing Committee", ("Standing Committee",)),
    (
        "Contracting Parties and intergovernmental organizations",
        ("Parties", "intergovernmental organisations"),
    ),
)
CBD_ACTORS: tuple[Actor, ...] = (
    ("the Executive Secretary", ("Executive Secretary",)),
    ("Parties and other Governments", ("Parties", "other governments")),
    ("Parties", ("Parties",)),
    ("indigenous peoples and local communities", ("Indigenous Peoples and local communities",)),
    (
        "the Subsidiary Body on Scientific, Technical and Technological Advice",
        ("Subsidiary Body on Scientific, Technical and Technological Advice",),
    ),
    ("relevant organizations and stakeholders", ("stakeholders",)),
)
# (as written, canonical) — verbs that ask someone to act, and verbs that do not
ADDRESSING = (
    ("Requests", "requests"),
    ("Also requests", "requests"),
    ("Urges", "urges"),
    ("Invites", "invites"),
    ("Encourages", "encourages"),
    ("Further encourages", "encourages"),
    ("Calls upon", "calls on"),
    ("Instructs", "instructs"),
)
STATING = (
    ("Welcomes", "welcomes"),
    ("Takes note of", "takes note"),
    ("Decides", "decides"),
    ("Adopts", "adopts"),
    ("Notes with concern", "notes"),
    ("Endorses", "endorses"),
    ("Recognizes", "recognizes"),
    ("Approves", "approves"),
)
INFINITIVES = (
    "prepare a review of {topic} for consideration at the next meeting",
    "report on progress with {topic} in their national reports",
    "share data on {topic} with the relevant scientific bodies",
    "identify the sites where {topic} matters most",
    "develop practical guidance on {topic}",
    "strengthen national measures that address {topic}",
    "support capacity-building on {topic} in developing countries",
    "designate an expert to follow the work on {topic}",
    "contribute voluntary funds to the work on {topic}",
    "take {topic} into account when planning new infrastructure",
    "cooperate across borders on {topic}",
)
OBJECTS = {
    "welcomes": "the progress report on {topic}",
    "takes note": "the findings of the review of {topic}",
    "decides": "to keep {topic} under review at its next meeting",
    "adopts": "the guidelines on {topic} annexed to this resolution",
    "notes": "that {topic} still affects many populations",
    "endorses": "the work plan on {topic} for the coming triennium",
    "recognizes": "the efforts already made to address {topic}",
    "approves": "the terms of reference of the working group on {topic}",
}
SUB_ITEMS = (
    "compile the information available on {topic}",
    "consult experts from all regions",
    "draft options for joint action on {topic}",
    "organize a technical workshop, if funds allow",
    "publish a summary of the results online",
    "present the results to the next meeting",
    "cooperate with other conventions working on {topic}",
    "review existing national legislation",
)
PREAMBLE = (
    ("Noting", "that {topic} affects populations in every region"),
    ("Aware", "that information on {topic} remains scattered and incomplete"),
    ("Recognizing", "the contribution of many partners to the work on {topic}"),
    ("Concerned", "that national measures on {topic} remain uneven"),
    ("Mindful", "of the need to avoid duplication with work under other conventions"),
    ("Convinced", "that cooperation across borders is needed to address {topic}"),
    ("Having considered", "the review of {topic} prepared by the scientific bodies"),
    ("Bearing in mind", "the limited resources available for new activities"),
    ("Appreciating", "the support given by donors to projects on {topic}"),
    ("Acknowledging", "the knowledge held by local communities about {topic}"),
    ("Emphasizing", "the value of long-term monitoring of {topic}"),
)
BODY = (
    "The Secretariat has reviewed the national reports received since the last meeting.",
    "{count} Range States provided new information on {topic}.",
    "A regional workshop on {topic} was held in {place} in {month} {year}, with support "
    "from voluntary contributions.",
    "Progress remains uneven, and several activities depend on funds that have not yet "
    "been secured.",
    "The Scientific Council discussed the draft guidance at its last meeting and suggested "
    "further work on {topic}.",
    "Funding for the coordinator post on {topic} runs until {year}.",
    "Since the last meeting the coordinating unit has answered many requests for technical "
    "advice from national authorities.",
    "A short questionnaire on {topic} went to all focal points, and most of them replied "
    "within the deadline.",
    "The results point to gaps in monitoring, in particular in coastal and mountain areas.",
)
DIRECTED = (
    "Directed to the Secretariat",
    "Directed to Parties",
    "Directed to the Standing Committee",
    "Directed to the Scientific Council",
    "Directed to Parties and partner organizations",
    "Directed to Range States",
)
# Decision subjects: (written, canonical actors, "is"/"are")
DECISION_SUBJECTS = (
    ("The Secretariat", ("Secretariat",), "is"),
    ("The Secretariat, subject to the availability of external resources,", ("Secretariat",), "is"),
    ("Parties", ("Parties",), "are"),
    ("The Standing Committee", ("Standing Committee",), "is"),
    ("The Scientific Council", ("Scientific Council",), "is"),
    ("Parties and Range States", ("Parties", "Range States"), "are"),
    ("Partner organizations", ("partner organisations",), "are"),
)
PASSIVES = (
    ("requested", "requests"),
    ("encouraged", "encourages"),
    ("invited", "invites"),
    ("urged", "urges"),
    ("instructed", "instructs"),
)
HEADINGS = (
    "Background",
    "Progress since the last meeting",
    "Cooperation with other bodies",
    "Funding and resources",
    "Monitoring and reporting",
    "Next steps",
)


def roman(number: int) -> str:
    """``number`` (1 to 399) in Roman numerals."""
    out = []
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX")):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out) + ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII")[number]


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


# --- identities: every symbol and citation is planned before any text is written ----------


@dataclass
class _Identity:
    style: str
    symbol: str
    citation: str  # how another document cites it (a parser-normal reference)
    written: str  # how the citation is written in running text
    meeting: int
    number: int
    decisions: int = 25  # the most decisions a CMS decisions document may hold


def _plan(n: int) -> list[_Identity]:
    if not 0 <= n <= MAX_DOCUMENTS:
        raise ValueError(f"n must be between 0 and {MAX_DOCUMENTS:,}")
    per_style = -(-n // len(STYLES))
    # Meeting numbers stay within two digits (roman ones within the parser's six letters) and
    # decision numbers within three ("99.999").
    per_meeting = max(60, -(-per_style // 10))
    per_decision_meeting = max(30, -(-per_style // 19))
    identities: list[_Identity] = []
    for index in range(n):
        style = STYLES[index % len(STYLES)]
        j = index // len(STYLES)
        meeting, number = divmod(j, per_meeting)
        number += 1
        if style == "cms-resolution":
            m = 80 + meeting
            cite = f"Resolution {m}.{number}"
            identity = _Identity(style, f"UNEP/CMS/Resolution {m}.{number}", cite, cite, m, number)
        elif style == "cms-decisions":
            meeting, number = divmod(j, per_decision_meeting)
            m, number = 80 + meeting, number + 1
            symbol = f"UNEP/CMS/COP{m}/Doc.{number}"
            identity = _Identity(style, symbol, symbol, symbol, m, number)
            identity.decisions = min(25, 999 // per_decision_meeting)
        elif style == "ramsar-resolution":
            m = 15 + meeting
            cite = f"Resolution {roman(m)}.{number}"
            identity = _Identity(style, f"Ramsar/COP{m}/Res.{number}", cite, cite, m, number)
        elif style == "cbd-decision":
            m = 14 + meeting
            cite = f"Decision {roman(m)}/{number}"
            written = f"decision {roman(m)}/{number}"
            identity = _Identity(style, f"CBD/COP/DEC/{m}/{number}", cite, written, m, number)
        else:
            m = 40 + meeting
            symbol = f"UNEP/CMS/StC{m}/Doc.{number}"
            identity = _Identity(style, symbol, symbol, symbol, m, number)
        identities.append(identity)
    return identities


# --- one document as logical items, before the noise -------------------------------------


@dataclass
class _Draft:
    """A document being written: its items in order and what they contain.

    Items are (kind, label, text): "line" is written as it is (header lines, headings),
    "wrap" is wrapped (the enacting formula), "para" and "sub" are a paragraph and a
    sub-item, wrapped with their label."""

    identity: _Identity
    rng: random.Random
    corpus: Sequence[_Identity]
    topics: tuple[str, ...] = ()
    items: list[tuple[str, str, str]] = field(default_factory=list)
    sections: dict[str, int] = field(default_factory=dict)
    main_verbs: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    decks: dict[int, list[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.topics = tuple(self.rng.sample(TOPICS, 3))

    def line(self, text: str, kind: str = "line") -> None:
        self.items.append((kind, "", text))

    def paragraph(self, section: str, label: str, text: str) -> None:
        self.items.append(("para", label, text))
        self.sections[section] = self.sections.get(section, 0) + 1

    def sub(self, label: str, text: str) -> None:
        self.items.append(("sub", label, text))

    def topic(self) -> str:
        """Mostly the document's own topic, sometimes one of two related ones."""
        return self.topics[0] if self.rng.random() < 0.5 else self.rng.choice(self.topics[1:])

    def deal(self, choices: Sequence[T]) -> T:
        """The next of ``choices`` in a shuffled deck, so that a document repeats itself
        only after it has used them all."""
        deck = self.decks.setdefault(id(choices), [])
        if not deck:
            deck.extend(self.rng.sample(list(choices), len(choices)))
        choice: T = deck.pop()
        return choice

    def fill(self, template: str) -> str:
        return template.format(
            topic=self.topic(),
            count=self.rng.choice(COUNT_WORDS),
            place=self.rng.choice(PLACES),
            month=self.rng.choice(MONTHS),
            year=self.rng.randint(2027, 2040),
        )

    def cite(self) -> str:
        """A reference to another document of the corpus, written as a text would."""
        other = self.rng.choice(self.corpus)
        while other is self.identity and len(self.corpus) > 1:
            other = self.rng.choice(self.corpus)
        if other.citation not in self.references:
            self.references.append(other.citation)
        if other.style in ("cms-decisions", "working-document"):
            return f"document {other.written}"
        return other.written


def _meeting_dates(rng: random.Random, year: int) -> tuple[str, dt.date]:
    month = rng.randint(1, 12)
    start = rng.randint(1, 20)
    end = start + rng.randint(2, 6)
    return f"{start}-{end} {MONTHS[month - 1]} {year}", dt.date(year, month, start)


def _date_line(rng: random.Random, before: dt.date) -> tuple[str, dt.date]:
    date = before - dt.timedelta(days=rng.randint(20, 90))
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}", date


def _subitems(draft: _Draft, labels: Sequence[str], last: bool) -> None:
    count = draft.rng.randint(2, len(labels))
    for index in range(count):
        end = "." if last and index == count - 1 else ";"
        draft.sub(labels[index], draft.fill(draft.deal(SUB_ITEMS)) + end)


def _operative(
    draft: _Draft,
    actors: Sequence[Actor],
    last: bool,
    *,
    capitals: bool = False,
    subitems: bool = False,
) -> tuple[str, bool]:
    """One operative paragraph's text (without its number); True when sub-items follow."""
    rng = draft.rng
    if rng.random() < 0.6:
        written, verb = draft.deal(ADDRESSING)
        actor, canonical = draft.deal(actors)
        draft.main_verbs.append((verb, canonical))
        if capitals:
            written = written.upper()
        if subitems and rng.random() < 0.3:
            return f"{written} {actor}, subject to the availability of resources, to:", True
        consult = ", in consultation with the Standing Committee," if rng.random() < 0.15 else ""
        text = f"{written} {actor}{consult} to {draft.fill(draft.deal(INFINITIVES))}"
        if rng.random() < 0.25:
            text += f", building on {draft.cite()}"
        if rng.random() < 0.2:
            second_verb = rng.choice(("requests", "invites", "encourages", "urges"))
            second_actor, _ = rng.choice(actors)
            infinitive = draft.fill(draft.deal(INFINITIVES))
            text += f"; and further {second_verb} {second_actor} to {infinitive}"
    else:
        written, verb = draft.deal(STATING)
        draft.main_verbs.append((verb, ()))
        if capitals:
            written = written.upper()
        text = f"{written} {draft.fill(OBJECTS[verb])}"
        if rng.random() < 0.3:
            text += f", as set out in {draft.cite()}"
    return text + ("." if last else ";"), False


def _preamble(draft: _Draft, end: str, capitals: bool) -> str:
    rng = draft.rng
    if rng.random() < 0.35:
        opener, rest = "Recalling", f"{draft.cite()} on {draft.topic()}"
    else:
        opener, template = draft.deal(PREAMBLE)
        rest = draft.fill(template)
    if rng.random() < 0.15:
        opener = rng.choice(("Also", "Further")) + " " + opener.lower()
    return f"{opener.upper() if capitals else opener} {rest}{end}"


def _cms_header(draft: _Draft, lines: Sequence[str]) -> None:
    for text in ("CONVENTION ON", "MIGRATORY", "SPECIES", "", draft.identity.symbol, *lines):
        draft.line(text)


def _cms_resolution(draft: _Draft) -> dt.date:
    rng, identity = draft.rng, draft.identity
    dates, start = _meeting_dates(rng, 2026 + identity.meeting % 15)
    date_text, date = _date_line(rng, start)
    adopted = (
        f"Adopted by the Conference of the Parties at its {_ordinal(identity.meeting)} Meeting"
    )
    where = f"({rng.choice(PLACES)}, {dates})"
    _cms_header(draft, [date_text, "Original: English", "", draft.topics[0].upper(), ""])
    if rng.random() < 0.5:
        draft.line(f"{adopted} {where}")
    else:
        draft.line(adopted)
        draft.line(where)
    preamble = rng.randint(3, 14)
    operative = rng.randint(max(5, 8 - preamble), 40)
    end = rng.choice((",", ";"))  # the newer style ends preamble paragraphs with a comma
    for _ in range(preamble):
        draft.paragraph("preamble", "", _preamble(draft, end, capitals=False))
    draft.line(
        "The Conference of the Parties to the Convention on the Conservation of Migratory "
        "Species of Wild Animals",
        kind="wrap",
    )
    for number in range(1, operative + 1):
        last = number == operative
        text, has_subs = _operative(draft, CMS_ACTORS, last, subitems=True)
        draft.paragraph("operative", f"{number}.", text)
        if has_subs:
            _subitems(draft, ["(a)", "(b)", "(c)", "(d)", "(e)"], last)
    return date


def _cms_decisions(draft: _Draft, counter: dict[int, int]) -> dt.date:
    rng, identity = draft.rng, draft.identity
    dates, start = _meeting_dates(rng, 2026 + identity.meeting % 15)
    date_text, date = _date_line(rng, start)
    _cms_header(
        draft,
        [
            date_text,
            "Original: English",
            "",
            f"{_ordinal(identity.meeting).upper()} MEETING OF THE CONFERENCE OF THE PARTIES",
            f"{rng.choice(PLACES)}, {dates}",
            "",
            f"Agenda item {rng.randint(5, 30)}",
            "",
            f"DRAFT DECISIONS ON {draft.topics[0].upper()}",
            "",
            "(Prepared by the Secretariat)",
        ],
    )
    decisions = rng.randint(8, identity.decisions)
    headings = rng.sample(DIRECTED, len(DIRECTED))
    for index in range(decisions):
        if index % 4 == 0:
            draft.line(headings[(index // 4) % len(headings)])
        counter[identity.meeting] = counter.get(identity.meeting, 0) + 1
        label = f"{identity.meeting}.{counter[identity.meeting]}"
        subject, actors, be = draft.deal(DECISION_SUBJECTS)
        if rng.random() < 0.15 and not subject.endswith(","):
            draft.main_verbs.append(("shall", actors))
            text = f"{subject} shall {draft.fill(draft.deal(INFINITIVES))}."
            draft.paragraph("operative", label, text)
            continue
        passive, verb = draft.deal(PASSIVES)
        draft.main_verbs.append((verb, actors))
        if rng.random() < 0.6:
            draft.paragraph("operative", label, f"{subject} {be} {passive} to:")
            _subitems(draft, ["a)", "b)", "c)", "d)", "e)"], last=True)
        else:
            infinitive = draft.fill(draft.deal(INFINITIVES))
            if rng.random() < 0.3:
                infinitive += f", taking into account {draft.cite()}"
            draft.paragraph("operative", label, f"{subject} {be} {passive} to {infinitive}.")
    return date


def _ramsar_resolution(draft: _Draft) -> dt.date:
    rng, identity = draft.rng, draft.identity
    dates, start = _meeting_dates(rng, 2026 + identity.meeting % 15)
    date_text, date = _date_line(rng, start)
    for text in (
        identity.symbol,
        date_text,
        "",
        "CONVENTION ON WETLANDS",
        "",
        f"{_ordinal(identity.meeting)} Meeting of the Conference of the Contracting Parties",
        f"{rng.choice(PLACES)}, {dates}",
        "",
        f"Resolution {roman(identity.meeting)}.{identity.number}",
        "",
        draft.topics[0].upper(),
        "",
    ):
        draft.line(text)
    preamble = rng.randint(3, 12)
    operative = rng.randint(5, 30)
    for number in range(1, preamble + 1):
        text = _preamble(draft, ";", capitals=True)
        draft.paragraph("preamble", f"{number}.", text)
    draft.line("THE CONFERENCE OF THE CONTRACTING PARTIES")
    for offset in range(1, operative + 1):
        last = offset == operative
        text, _ = _operative(draft, RAMSAR_ACTORS, last, capitals=True)
        draft.paragraph("operative", f"{preamble + offset}.", text)
    return date


def _cbd_decision(draft: _Draft) -> dt.date:
    rng, identity = draft.rng, draft.identity
    _, start = _meeting_dates(rng, 2026 + identity.meeting % 15)
    date_text, date = _date_line(rng, start)
    title = f"Cooperation on {draft.topics[0]}"
    for text in (
        identity.symbol,
        "Distr.: General",
        date_text,
        "",
        f"Decision {roman(identity.meeting)}/{identity.number}. {title}",
        "",
        "The Conference of the Parties,",
    ):
        draft.line(text)
    preamble = rng.randint(2, 10)
    operative = rng.randint(max(5, 8 - preamble), 30)
    for _ in range(preamble):
        draft.paragraph("preamble", "", _preamble(draft, ",", capitals=False))
    for number in range(1, operative + 1):
        last = number == operative
        text, has_subs = _operative(draft, CBD_ACTORS, last, subitems=True)
        draft.paragraph("operative", f"{number}.", text)
        if has_subs:
            _subitems(draft, ["(a)", "(b)", "(c)", "(d)", "(e)"], last)
    return date


def _working_document(draft: _Draft) -> dt.date:
    rng, identity = draft.rng, draft.identity
    dates, start = _meeting_dates(rng, 2026 + identity.meeting % 15)
    date_text, date = _date_line(rng, start)
    _cms_header(
        draft,
        [
            "",
            date_text,
            "",
            "Original: English",
            "",
            f"{_ordinal(identity.meeting)} MEETING OF THE STANDING COMMITTEE",
            f"{rng.choice(PLACES)}, {dates}",
            "",
            f"Agenda item {rng.randint(3, 20)}.{rng.randint(1, 4)}",
            "",
            f"PROGRESS REPORT ON {draft.topics[0].upper()}",
            "",
            "(Prepared by the Secretariat)",
        ],
    )
    body = rng.randint(7, 40)
    headings = rng.sample(HEADINGS, len(HEADINGS))
    for number in range(1, body + 1):
        if number == 1 or (rng.random() < 0.15 and len(headings) > 1):
            draft.line(headings.pop(0))
        sentences = [draft.fill(draft.deal(BODY)) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.4:
            sentences.append(f"Further details are given in {draft.cite()}.")
        draft.paragraph("body", f"{number}.", " ".join(sentences))
    draft.line("Action requested")
    draft.paragraph("action_requested", f"{body + 1}.", "The Standing Committee is requested to:")
    draft.sub("a)", "take note of this report;")
    draft.sub("b)", f"provide guidance on the further work on {draft.topics[0]}.")
    return date


# --- the noise of extraction -------------------------------------------------------------

_LABEL_START = re.compile(r"[A-Za-z]{1,3}[.)]")
_MODIFIERS = frozenset({"also", "further"})
_HYPHENATABLE = re.compile(r"([a-z]{9,})([,;:.]?)")


def _safe_start(word: str, following: str) -> bool:
    """Whether a line may start with ``word`` in mid-sentence without looking like the start
    of a paragraph, a list item or a formula."""
    if not word[:1].isalpha() or _LABEL_START.match(word):
        return False
    bare = word.strip(",;:.").lower()
    if word[:1].isupper() and (bare in PREAMBLE_WORDS or bare in _MODIFIERS):
        return False
    return not (bare == "the" and following.lower().startswith(("conference", "meeting")))


def _hyphenate(word: str, room: int, rng: random.Random) -> tuple[str, str] | None:
    """``word`` split as "imple-" / "mentation" with the left part fitting in ``room``,
    where the parser's rule joins it back without the hyphen; else None."""
    match = _HYPHENATABLE.fullmatch(word)
    if match is None or room < 5:
        return None
    letters, punctuation = match.groups()
    cuts = [
        cut
        for cut in range(4, len(letters) - 3)
        if cut + 1 <= room
        and letters[:cut] not in COMPOUND_FIRST
        and letters[cut:] not in COMPOUND_SECOND
    ]
    # Prefer a cut after a vowel and before a consonant ("imple-mentation", "prac-tical").
    syllabic = [c for c in cuts if letters[c - 1] in "aeiou" and letters[c] not in "aeiouy"]
    if not cuts:
        return None
    cut = rng.choice(syllabic or cuts)
    return letters[:cut] + "-", letters[cut:] + punctuation


def _wrap(text: str, width: int, rng: random.Random) -> list[str]:
    words = text.split()
    lines: list[str] = []
    current: list[str] = []
    length = 0
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if current and length + 1 + len(word) > width:
            split = _hyphenate(word, width - length - 1, rng) if rng.random() < 0.4 else None
            if split is not None and _safe_start(split[1], following):
                current.append(split[0])
                lines.append(" ".join(current))
                current, length = [split[1]], len(split[1])
                continue
            if _safe_start(word, following):
                lines.append(" ".join(current))
                current, length = [], -1
        current.append(word)
        length += 1 + len(word)
    if current:
        lines.append(" ".join(current))
    # A symbol alone on a line reads as a page header: keep it with the words before it.
    for index in range(len(lines) - 1, 0, -1):
        if len(lines[index].split()) == 1 and "/" in lines[index]:
            lines[index - 1] += " " + lines.pop(index)
    return lines


def _ends_sentence(line: str) -> bool:
    return line.rstrip()[-1:] in ".;:"


def _render(draft: _Draft) -> tuple[str, int]:
    """The items as extracted text (wrapped, hyphenated, paginated) and the number of page
    headers repeating the symbol."""
    rng = draft.rng
    width = rng.randint(70, 100)
    content: list[str] = []  # lines, "" for blank ones
    last = ""
    for kind, label, text in draft.items:
        if kind == "line":
            lines = [text]
        elif kind == "wrap":
            lines = _wrap(text, width, rng)
        else:
            lines = _wrap(f"{label} {text}" if label else text, width, rng)
            if kind == "para" and label and _ends_sentence(last) and rng.random() < 0.05:
                lines = [label, *_wrap(text, width, rng)]  # the number in its own column
        if kind in ("para", "sub") or not text:
            content.extend([""] * rng.choice((0, 1, 1, 2)))
        for line in lines:
            content.append(line + (" " if rng.random() < 0.3 else ""))
            if line and rng.random() < 0.08:
                content.append("")
            last = line or last
    return _paginate(content, draft.identity, rng)


def _paginate(content: list[str], identity: _Identity, rng: random.Random) -> tuple[str, int]:
    symbol = identity.symbol
    url = {
        "ramsar-resolution": "https://www.ramsar.org/document",
        "cbd-decision": "https://www.cbd.int/decisions",
    }.get(identity.style, "https://www.cms.int/en/documents")
    page_lines = rng.randint(40, 56)
    footer_style = rng.choice(("plain", "dashes", "of", "symbol"))
    header = rng.random() < 0.7
    pages: list[list[str]] = [[]]
    counted = 0
    for line in content:
        if counted >= page_lines and line:
            pages.append([])
            counted = 0
        pages[-1].append(line)
        counted += 1 if line else 0
    total = len(pages)
    out: list[str] = []
    for number, page in enumerate(pages, start=1):
        if number > 1 and header:
            out.extend([symbol, ""])
        out.extend(page)
        if number == 1 and rng.random() < 0.2:
            out.append(url)
        footer = {
            "plain": f"{number}",
            "dashes": f"- {number} -",
            "of": f"Page {number} of {total}",
            "symbol": f"{symbol}, page {number}",
        }[footer_style]
        out.extend(["", footer])
        if number < total:
            out.append("\f")
    return "\n".join(out) + "\n", (total - 1 if header else 0)


# --- the API -------------------------------------------------------------------------------


def generate_documents(n: int, seed: int = 1) -> list[SyntheticDocument]:
    """``n`` documents, the same for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    identities = _plan(n)
    decision_counter: dict[int, int] = {}
    documents: list[SyntheticDocument] = []
    for index, identity in enumerate(identities):
        draft = _Draft(identity, random.Random(rng.getrandbits(64)), identities)
        if identity.style == "cms-resolution":
            date = _cms_resolution(draft)
        elif identity.style == "cms-decisions":
            date = _cms_decisions(draft, decision_counter)
        elif identity.style == "ramsar-resolution":
            date = _ramsar_resolution(draft)
        elif identity.style == "cbd-decision":
            date = _cbd_decision(draft)
        else:
            date = _working_document(draft)
        text, symbol_headers = _render(draft)
        documents.append(
            SyntheticDocument(
                name=f"{index + 1:05d}_{identity.style}.txt",
                text=text,
                symbol=identity.symbol,
                style=identity.style,
                date=date,
                sections=dict(draft.sections),
                main_verbs=tuple(draft.main_verbs),
                references=tuple(draft.references),
                symbol_headers=symbol_headers,
            )
        )
    return documents


def generate(n: int, seed: int = 1) -> list[tuple[str, str]]:
    """``n`` documents as (file name, text), the same for the same ``n`` and ``seed``."""
    return [(document.name, document.text) for document in generate_documents(n, seed)]


def write(directory: Path | str, n: int, seed: int = 1) -> list[Path]:
    """Write ``generate(n, seed)`` into ``directory`` (created if need be), UTF-8."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate(n, seed):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    written = write(sys.argv[1], count, int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    print(f"{len(written)} documents written to {sys.argv[1]}")
