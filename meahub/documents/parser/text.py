"""Line-level repair of extracted text: characters, superscripts, page furniture, joining.

Contracts:

- ``normalise_characters`` is the only place characters change: typographic ligatures are
  spelt out ("ﬁ" -> "fi"), soft hyphens and zero-width characters are dropped, every kind of
  line break becomes "\\n" and other white space a plain space. Everything after it keeps
  each word character of the input (the "no text lost" property is stated on its output).
- ``clean_lines`` gives the non-blank lines, stripped, with superscripts put back on their
  number ("61" / "st" -> "61st"), a paragraph label alone on its line joined to the text
  below it ("12." / "Requests ..." -> "12. Requests ..."), and page furniture removed and
  returned: lines that are only a URL, page numbers ("7", "- 7 -", "Page 7 of 9"), a symbol
  with a page number, and running headers or footers (a short line seen three times or more,
  never within eight lines of itself, or a symbol line seen again after its first occurrence).
- ``join_lines`` joins the lines of one paragraph with single spaces, de-hyphenating words
  broken at a line end by this rule (first that applies):

  1. the text after the break does not start with a lower-case letter ("2021-" "2026",
     "non-" "Party"): keep the hyphen, no space;
  2. the part before the break is an acronym or has a digit ("COP-" "appointed"): keep;
  3. the document itself decides: if "left-right" occurs elsewhere in it, keep the hyphen;
     if "leftright" occurs, join;
  4. a known compound: the right part is a usual second element ("related", "based",
     "level", "term", ...) or the left part a usual prefix ("non", "self", "cross", ...):
     keep ("biodiversity-" "related");
  5. otherwise it was a line-end hyphenation: join without the hyphen ("imple-" "mentation").

  A dash with a space before it ("States -") is punctuation, not a hyphenation.
- ``strip_emphasis`` removes Markdown ``*italic*`` / ``**bold**`` markers.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from meahub.documents.parser.references import SYMBOL, find_symbol

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_TRANSLATION = str.maketrans(
    {
        **LIGATURES,
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff"),
        **{chr(c): " " for c in range(0x3001) if chr(c).isspace() and chr(c) != "\n"},
        **dict.fromkeys(_LINE_BREAKS, "\n"),
    }
)

_SUPERSCRIPT = re.compile(r"(?:st|nd|rd|th)", re.IGNORECASE)
_URL_LINE = re.compile(r"<?(?:https?://|www\.)\S+>?", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?[-–—]?\s*[0-9]{1,3}\s*[-–—]?"
    r"|(?:page\s+)?[0-9]{1,3}\s*(?:of|/)\s*[0-9]{1,3}",
    re.IGNORECASE,
)
_SYMBOL_PAGE = re.compile(
    rf"{SYMBOL.pattern}(?:\s*,\s*|\s+)(?:page\s+|p\.\s*)?[0-9]{{1,3}}", re.IGNORECASE
)
_LABEL_ONLY = re.compile(
    r"(?:[-*+]\s+)?(?:[0-9]{1,3}(?:\.[0-9]{1,3})?\.?|\([a-z]{1,3}\)|[a-z]\)|[ivx]{1,5}\))"
)
_PAGE_MIN_LINES = 8
_SENTENCE_END = re.compile(r"[.;:!?][\"'”’)\]]*$")

COMPOUND_SECOND = frozenset(
    re.findall(
        r"\w+",
        """related based level term making wide scale specific led driven free friendly sensitive
        oriented owned sharing building up like bound sized time party governmental sectoral
        cutting lasting ranging date""",
    )
)
COMPOUND_FIRST = frozenset(
    re.findall(
        r"\w+", "non self cross well ex anti long short full half all high low large small mid"
    )
)


@dataclass(frozen=True)
class Line:
    """One non-blank line: its position among the input's lines and its stripped text."""

    index: int
    text: str


@dataclass(frozen=True)
class CleanedText:
    """The content lines and the page furniture taken out of them."""

    lines: tuple[Line, ...]
    furniture: tuple[str, ...]


def normalise_characters(text: str) -> str:
    """Spell out ligatures, drop invisible characters, unify line breaks and spaces."""
    return text.replace("\r\n", "\n").translate(_TRANSLATION)


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with . ; : ! or ? (before any closing quote or bracket)."""
    return bool(_SENTENCE_END.search(text))


def _join_superscripts(lines: list[Line]) -> list[Line]:
    result: list[Line] = []
    for line in lines:
        if result and _SUPERSCRIPT.fullmatch(line.text) and result[-1].text[-1:].isdigit():
            result[-1] = Line(result[-1].index, result[-1].text + line.text)
        else:
            result.append(line)
    return result


def _join_lone_labels(lines: list[Line]) -> list[Line]:
    """Join "12." alone on its line to the line below, when it opens a new sentence."""
    result: list[Line] = []
    pending: Line | None = None
    for line in lines:
        if pending is not None:
            result.append(Line(pending.index, f"{pending.text} {line.text}"))
            pending = None
            continue
        opens = not result or ends_sentence(result[-1].text)
        if opens and _LABEL_ONLY.fullmatch(line.text):
            pending = line
        else:
            result.append(line)
    if pending is not None:
        result.append(pending)
    return result


def _running_lines(lines: Sequence[Line]) -> set[str]:
    """Lines repeated as page headers or footers: short, seen three times or more, never
    within a few lines of each other (so a repeated line of a table or list is kept)."""
    positions: dict[str, list[int]] = {}
    for position, line in enumerate(lines):
        positions.setdefault(line.text, []).append(position)
    running = set()
    for text, seen in positions.items():
        if len(seen) < 3 or len(text) > 80 or len(text.split()) < 2 or ends_sentence(text):
            continue
        if text.endswith(",") or _LABEL_ONLY.match(text + " "):
            continue
        if min(later - earlier for earlier, later in itertools.pairwise(seen)) < _PAGE_MIN_LINES:
            continue
        running.add(text)
    return running


def _is_furniture(text: str) -> bool:
    return bool(
        _URL_LINE.fullmatch(text) or _PAGE_NUMBER.fullmatch(text) or _SYMBOL_PAGE.fullmatch(text)
    )


def clean_lines(text: str) -> CleanedText:
    """The content lines of ``text`` (already ``normalise_characters``-ed) and the furniture."""
    lines = [Line(i, raw.strip()) for i, raw in enumerate(text.split("\n")) if raw.strip()]
    lines = _join_superscripts(lines)
    running = _running_lines(lines)
    kept: list[Line] = []
    furniture: list[str] = []
    symbols_seen: set[str] = set()
    for line in lines:
        symbol = find_symbol(line.text)
        repeated_symbol = symbol is not None and symbol in symbols_seen
        if symbol is not None:
            symbols_seen.add(symbol)
        # A symbol repeated as a page header is furniture, but its first line is the symbol.
        running_line = line.text in running and symbol is None
        if repeated_symbol or running_line or _is_furniture(line.text):
            furniture.append(line.text)
        else:
            kept.append(line)
    return CleanedText(tuple(_join_lone_labels(kept)), tuple(furniture))


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


class Vocabulary:
    """The lower-cased words of a document (hyphenated ones whole), for the de-hyphenation
    rule; collected on first use, since most documents never need it."""

    def __init__(self, lines: Iterable[str] = ()) -> None:
        self._lines = lines
        self._words: frozenset[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = frozenset(w.lower() for line in self._lines for w in _WORD.findall(line))
        return word in self._words


_WHITESPACE = re.compile(r"\s+")
_BROKEN = re.compile(r"(?<=[^\W_])-$")
_LEFT_PART = re.compile(r"([^\W_]+)-$")
_RIGHT_WORD = re.compile(r"[^\W\d_]+")


def _keeps_hyphen(left_line: str, right_line: str, vocabulary: Vocabulary) -> bool:
    if not right_line[:1].islower():
        return True
    left_match = _LEFT_PART.search(left_line)
    right_match = _RIGHT_WORD.match(right_line)
    if left_match is None or right_match is None:
        return True
    left, right = left_match.group(1), right_match.group(0)
    if any(ch.isdigit() for ch in left) or any(ch.isupper() for ch in left[1:]):
        return True
    if f"{left}-{right}".lower() in vocabulary:
        return True
    if f"{left}{right}".lower() in vocabulary:
        return False
    return right.lower() in COMPOUND_SECOND or left.lower() in COMPOUND_FIRST


def join_lines(lines: Sequence[str], vocabulary: Vocabulary | None = None) -> str:
    """The lines of one paragraph joined with single spaces, broken words repaired."""
    parts: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if parts and line[:1].isalnum() and _BROKEN.search(parts[-1]):
            keep = _keeps_hyphen(parts[-1], line, vocabulary or Vocabulary())
            parts[-1] = parts[-1] + line if keep else parts[-1][:-1] + line
        else:
            parts.append(line)
    return _WHITESPACE.sub(" ", " ".join(parts)).strip()


# The text inside cannot hold a "*", which keeps the search linear on lines full of stars.
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3})(?=[^\s*])([^*]+?)(?<=[^\s*])\1(?![\w*])")


def strip_emphasis(text: str) -> str:
    """``text`` without Markdown emphasis markers (``*Encourages*`` -> ``Encourages``)."""
    return _EMPHASIS.sub(lambda m: m.group(2), text)
