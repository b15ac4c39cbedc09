"""The document's header: symbol, title, date, meeting, language, agenda item.

Only the header zone is read: the lines before the first paragraph (a numbered line, a
bullet, a preamble participle, the enacting formula or "Action requested"), at most
``ZONE_LINES`` of them. In it:

- a line that is only a document symbol is the symbol (the first one);
- a line that is only a date ("19 October 2020", "Date: 2020-10-19") is the date;
- "Original: English" / "Language: ..." give the language, "Agenda item 10" the agenda item;
  "Distr.: ..." and "(Prepared by ...)" are read and set aside;
- "Adopted by the Conference of the Parties at its Tenth Meeting (Bergen, 20-25 November
  2011)" gives the meeting "10th Meeting of the Conference of the Parties", its place and
  dates (the place and dates may stand on the next line);
- a line "Place, dates" or "(Place, dates)" gives the meeting's place and dates; the meeting's
  name is the block of capitals (or the line naming a meeting) just above it;
- "Decision XII/30. Title", "Resolution X.8: Title" give the kind and title;
- the remaining blocks of capitals: a first one naming the convention is its logo, the last
  one is the title (written in title case: "SYNERGIES AND PARTNERSHIPS" -> "Synergies and
  Partnerships"); a Markdown "# Title" is a title too.

Every line read this way is front matter: it is reported, not made into a paragraph. Lines
of the zone that match none of these (a summary, a heading) stay for the paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from meahub.documents.parser.dates import DATES, parse_date, parse_dates
from meahub.documents.parser.model import DocumentKind, Meeting
from meahub.documents.parser.references import find_symbol
from meahub.documents.parser.structure import starts_paragraph

ZONE_LINES = 40

_ORDINAL_WORDS = """first second third fourth fifth sixth seventh eighth ninth tenth eleventh
    twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"""
ORDINALS = {word: number for number, word in enumerate(_ORDINAL_WORDS.split(), start=1)}
ACRONYMS = frozenset(
    re.findall(
        r"\w+",
        """AEWA ASCOBANS BBNJ BLG CAMI CBD CIC CITES CMS COP EU EUROBATS FAO GBF GEF ICLEI
        IOSEA IPBES IUCN IWC MEA MEAS MOS MOU NGO SBSTTA SDG STRP UN UNEP UNESCO WWF""",
    )
)
_SMALL = "a an and as at by concerning for from in into of on or the to under with"
SMALL_WORDS = frozenset(_SMALL.split())

_DATE_LINE = re.compile(r"(?:date\s*:\s*)?(?P<date>.+)", re.IGNORECASE)
_LANGUAGE = re.compile(r"(?:original|language)\s*:\s*(?P<language>[A-Za-z]+)", re.I)
_SET_ASIDE = re.compile(r"distr(?:ibution)?\.?\s*:.*|\(?(?:prepared|submitted) by\b.*", re.I)
_AGENDA = re.compile(r"agenda\s+item\s+(?P<item>[0-9]{1,3}(?:\.[0-9]{1,3})*[a-z]?)\b.*", re.I)
_ADOPTED = re.compile(
    r"adopted\s+by\s+(?:the\s+)?(?P<body>.+?)\s+at\s+its\s+(?P<ordinal>\w+)\s+"
    r"(?P<what>meeting|session)\b\s*(?:\((?P<place>[^()0-9]{2,80}?),\s*(?P<dates>[^()]+)\))?"
    r"\s*[.,;]?",
    re.IGNORECASE,
)
_PLACE_DATES = re.compile(
    rf"\(?(?P<place>[^()0-9]{{2,80}}?),\s*(?P<dates>{DATES})\)?\.?", re.IGNORECASE
)
_DESIGNATION = re.compile(
    r"(?:CMS\s+|CBD\s+|Ramsar\s+|CITES\s+)?(?P<kind>resolution|decision)s?\s+"
    r"(?P<id>(?:Conf\.\s?)?[0-9IVXL]{1,6}[./][0-9]{1,3}(?:\s*(?:-|–|to)\s*[0-9IVXL./]{3,10})?)"
    r"(?:\s*\(Rev\.[^)]{1,12}\))?\s*[.:]?\s*(?P<rest>.*)",
    re.IGNORECASE,
)
_MARKDOWN_TITLE = re.compile(r"#{1,6}\s+(?P<title>.+)")
_MEETING_WORDS = re.compile(r"\b(?:meeting|conference|workshop|session|committee)\b", re.I)
_ISSUER_WORDS = re.compile(r"\b(?:CONVENTION|AGREEMENT|MEMORANDUM|CMS|UNEP)\b")


@dataclass(frozen=True)
class FrontMatter:
    """What the header zone says; ``consumed`` are the positions (in the lines given) read
    as front matter."""

    symbol: str | None = None
    title: str | None = None
    date: dt.date | None = None
    meeting: Meeting | None = None
    language: str | None = None
    agenda_item: str | None = None
    kind: DocumentKind | None = None
    consumed: frozenset[int] = frozenset()


def is_capitals(text: str) -> bool:
    """Whether ``text`` (outside parentheses) is written in capitals."""
    outside = re.sub(r"\([^)]*\)", "", text)
    letters = [ch for ch in outside if ch.isalpha()]
    first = outside.split()[0] if outside.split() else ""
    return len(letters) >= 2 and all(ch.isupper() for ch in letters) and len(first) >= 2


def title_case(text: str) -> str:
    """``text`` in title case when it is written in capitals (acronyms and the words in
    parentheses kept), else unchanged."""
    if not is_capitals(text):
        return text
    words: list[str] = []
    depth = 0
    for position, word in enumerate(text.split()):
        if (
            depth
            or word.startswith("(")
            or word.strip(",.;:") in ACRONYMS
            or any(ch.isdigit() for ch in word)
        ):
            words.append(word)
        elif position and word.lower() in SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
        depth += word.count("(") - word.count(")")
    return " ".join(words)


def _meeting_name(text: str) -> str:
    """``text`` with a spelt-out ordinal before Meeting or Session in figures."""
    return re.sub(
        r"\b(\w+)(?=\s+(?:meeting|session)\b)",
        lambda m: _ordinal(m.group(1)),
        text,
        flags=re.IGNORECASE,
    )


def _ordinal(word: str) -> str:
    number = ORDINALS.get(word.lower())
    return f"{number}{_suffix(number)}" if number else word


def _suffix(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _zone_end(lines: Sequence[str]) -> int:
    for position, text in enumerate(lines[:ZONE_LINES]):
        if starts_paragraph(text) and not _MARKDOWN_TITLE.fullmatch(text):
            return position
    return min(len(lines), ZONE_LINES)


def read_front_matter(lines: Sequence[str]) -> FrontMatter:
    """Read the header zone of ``lines`` (see the module doc)."""
    zone = lines[: _zone_end(lines)]
    consumed: set[int] = set()
    found: dict[str, str] = {}
    date: dt.date | None = None
    kind: DocumentKind | None = None
    groups: list[list[int]] = []
    meeting_name: str | None = None
    place: str | None = None
    dates: str | None = None

    for position, text in enumerate(zone):
        symbol = find_symbol(text)
        date_line = _DATE_LINE.fullmatch(text)
        line_date = parse_date(date_line.group("date")) if date_line else None
        adopted = _ADOPTED.fullmatch(text)
        place_dates = _PLACE_DATES.fullmatch(text)
        designation = _DESIGNATION.fullmatch(text)
        if designation and designation.group("rest")[:1].islower():
            designation = None  # "Decision 13.24 was adopted ...": a sentence, not a heading
        language = _LANGUAGE.fullmatch(text)
        agenda = _AGENDA.fullmatch(text)
        markdown = _MARKDOWN_TITLE.fullmatch(text)
        if symbol and "symbol" not in found:
            found["symbol"] = symbol
        elif line_date and date is None:
            date = line_date
        elif language:
            found.setdefault("language", language.group("language").capitalize())
        elif agenda:
            found.setdefault("agenda_item", agenda.group("item"))
        elif _SET_ASIDE.fullmatch(text):
            pass
        elif adopted:
            ordinal = _ordinal(adopted.group("ordinal"))
            body = re.sub(r"\s+", " ", adopted.group("body"))
            meeting_name = f"{ordinal} {adopted.group('what').capitalize()} of the {body}"
            if adopted.group("place"):
                place = adopted.group("place").strip()
                dates = parse_dates(adopted.group("dates"))
        elif place_dates and place is None:
            place, dates = place_dates.group("place").strip(), parse_dates(place_dates["dates"])
            if meeting_name is None and groups and groups[-1][-1] == position - 1:
                meeting_group = groups.pop()
                meeting_name = title_case(" ".join(zone[i] for i in meeting_group))
            elif (
                meeting_name is None
                and position
                and position - 1 not in consumed
                and _MEETING_WORDS.search(zone[position - 1])
            ):
                meeting_name = zone[position - 1]
                consumed.add(position - 1)
        elif designation:
            kind = "decision" if designation.group("kind").lower() == "decision" else "resolution"
            if designation.group("rest").strip(" .:"):
                found.setdefault("title", designation.group("rest").strip(" .:"))
        elif markdown and "title" not in found:
            found["title"] = markdown.group("title").strip()
        elif is_capitals(text):
            if groups and groups[-1][-1] == position - 1:
                groups[-1].append(position)
            else:
                groups.append([position])
        else:
            continue
        consumed.add(position)

    if groups and _ISSUER_WORDS.search(zone[groups[0][0]]) and len(groups) > 1:
        groups.pop(0)
    if groups and "title" not in found:
        found["title"] = title_case(" ".join(zone[i] for i in groups[-1]))
    meeting = None
    if meeting_name or place:
        meeting = Meeting(name=_meeting_name(meeting_name or ""), place=place, dates=dates)
    return FrontMatter(
        symbol=found.get("symbol"),
        title=found.get("title"),
        date=date,
        meeting=meeting,
        language=found.get("language"),
        agenda_item=found.get("agenda_item"),
        kind=kind,
        consumed=frozenset(consumed),
    )
