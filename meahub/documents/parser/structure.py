"""From clean lines to blocks: paragraphs with their labels and sub-items, and headings.

Blank lines mean nothing in extracted text (they fall inside sentences as often as between
paragraphs), so a block starts only on evidence in the line itself. A line opens:

- a numbered paragraph: "3. ...", "13.24 ...", "- 3. ..." (Markdown bullet), when the line
  before ended a sentence (. ; : ! ?), or nothing is open, or the number is the next one
  expected ("17. ... strengthened; and" / "18. ..."); in a document numbered 1, 2, 3 a
  dotted label after a colon ("12.1 ...") is a sub-item of the open paragraph instead;
- a sub-item of the open paragraph: "(a)", "(iv)", "a)", "a.", "•"; a first sub-item must be
  labelled a, i or 1 unless the line before ends with ":", and "a)" / "a." need the line
  before to end a clause, so a line beginning "(c) ..." mid-sentence is not taken for one;
- an unnumbered paragraph: a Markdown bullet "- ..." after a sentence end (a sub-item
  instead when it follows a ":" or other sub-items, unless it opens with a verb); a preamble
  paragraph (a line starting with a participle such as "Recalling", "Noting with concern",
  "Also welcoming", "RECALLING" after "," or ";" or a sentence end); the enacting formula
  ("The Conference of the Parties ...", "THE CONFERENCE OF THE CONTRACTING PARTIES");
- a heading: a short line without closing punctuation after a sentence end, followed by a
  paragraph start or another heading (or, if at most six words, by a capitalised line);
  "Action requested" and "Annex ..." are headings that change the section below them;
- in an unnumbered prose paragraph only: a capitalised line after a short line ending in
  "." (the short line was the last of its paragraph).

Every other line continues the open block (its last sub-item if it has one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from meahub.documents.parser.text import ends_sentence
from meahub.documents.parser.verbs import is_directive, starts_with_verb

BlockKind = Literal["paragraph", "heading", "formula", "action_requested", "annex"]

PREAMBLE_WORDS = frozenset(
    re.findall(
        r"\w+",
        """accepting acknowledging affirming agreeing alarmed anxious appreciating aware bearing
        being believing cognisant cognizant commending concerned confident conscious considering
        convinced deploring desiring desirous determined emphasising emphasizing encouraged
        encouraging endorsing expressing grateful guided having highlighting looking mindful
        noting observing pleased reaffirming realising realizing recalling recognising
        recognizing referring regretting reiterating reminding satisfied seeking stressing
        taking thanking underlining underscoring welcoming worried""",
    )
)
_MODIFIERS = frozenset({"also", "further", "deeply", "fully", "strongly", "gravely"})
INITIAL_LABELS = frozenset({"a", "i", "1", "aa"})

_BULLET = re.compile(r"[-*+]\s+(?=\S)")
_NUMBER = re.compile(r"(?:(?P<dotted>[0-9]{1,3}\.[0-9]{1,3})\.?|(?P<plain>[0-9]{1,3})\.)\s+(?=\S)")
_PAREN_LABEL = re.compile(r"\((?P<inner>[a-z]{1,2}|[ivxlc]{1,6}|[0-9]{1,2})\)\s+(?=\S)")
_CLOSE_LABEL = re.compile(r"(?P<inner>[a-z]|[ivxlc]{1,6})\)\s+(?=\S)")
_DOT_LABEL = re.compile(r"(?P<inner>[a-z])\.\s+(?=\S)")
_BULLET_CHAR = re.compile(r"(?P<inner>[•▪◦●■□➢►○·])\s*(?=\S)")
_ACTION = re.compile(
    r"(?:[0-9]{1,2}\.\s*)?(?:actions?\s+requested|action\s+required|recommended\s+actions?)"
    r"\s*[:.]?",
    re.IGNORECASE,
)
_ANNEX = re.compile(r"annex\b", re.IGNORECASE)
_FORMULA = re.compile(
    r"the\s+(?:conference\s+of\s+the\s+(?:contracting\s+)?parties|"
    r"meeting\s+of\s+(?:the\s+)?(?:signatories|parties))\b",
    re.IGNORECASE,
)
_MARKDOWN_HEADING = re.compile(r"#{1,6}\s+(?=\S)")
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass
class RawSubItem:
    """A sub-item being collected: its label as written and its lines."""

    label: str
    lines: list[str]


@dataclass
class Block:
    """A paragraph, heading, formula or section marker being collected."""

    kind: BlockKind
    lines: list[str]
    number: str | None = None
    bullet: bool = False
    participle: bool = False
    subitems: list[RawSubItem] = field(default_factory=list)

    def add_line(self, text: str) -> None:
        (self.subitems[-1].lines if self.subitems else self.lines).append(text)


def is_participle_start(text: str) -> bool:
    """Whether ``text`` opens a preamble paragraph ("Recalling", "Noting with concern",
    "Also welcoming", "RECALLING", "*Further recognizing*")."""
    stripped = text.lstrip("*_ -")
    if not stripped[:1].isupper():
        return False
    words = [w.lower() for w in _LETTERS.findall(stripped[:60])[:2]]
    if len(words) == 2 and words[0] in _MODIFIERS:
        return words[1] in PREAMBLE_WORDS
    return bool(words) and words[0] in PREAMBLE_WORDS


def _is_formula(text: str) -> bool:
    return bool(_FORMULA.match(text)) and not text.endswith(".") and not is_directive(text)


def _heading_like(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 14
        and len(text) <= 110
        and text[:1].isupper()
        and not ends_sentence(text)
        and not text.endswith(",")
        and _NUMBER.match(text) is None
        and _BULLET.match(text) is None
    )


def starts_paragraph(text: str) -> bool:
    """Whether ``text`` opens a paragraph, a formula or a section by its shape alone."""
    return bool(
        _NUMBER.match(text)
        or _BULLET.match(text)
        or _ACTION.fullmatch(text)
        or _MARKDOWN_HEADING.match(text)
        or _FORMULA.match(text)
        or is_participle_start(text)
    )


def _heading_follows(lines: Sequence[str], index: int) -> bool:
    """Whether the heading-like line at ``index`` is followed as a heading is."""
    following = index + 1
    while following < len(lines) and following - index <= 3 and _heading_like(lines[following]):
        if starts_paragraph(lines[following]):
            break
        following += 1
    if following >= len(lines):
        return True
    if starts_paragraph(lines[following]):
        return True
    return len(lines[index].split()) <= 6 and lines[index + 1][:1].isupper()


def _next_number(number: str | None) -> str:
    if number is None:
        return "1"
    head, _, tail = number.rpartition(".")
    return f"{head}.{int(tail) + 1}" if head else str(int(tail) + 1)


def _without_bullet(text: str) -> str:
    bullet = _BULLET.match(text)
    return text[bullet.end() :] if bullet else text


def _typical_width(lines: Sequence[str]) -> int:
    lengths = sorted(len(line) for line in lines)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _after_clause(previous: str) -> bool:
    return ends_sentence(previous) or previous.endswith(",") or previous.endswith((" and", " or"))


def _subitem(
    text: str, block: Block, previous: str, integer_numbering: bool
) -> tuple[str, int] | None:
    """The sub-item label that ``text`` opens in ``block`` and where its text starts."""
    after_colon = previous.rstrip("\"'”’)]").endswith(":")
    first = not block.subitems

    def plausible(inner: str) -> bool:
        return not first or after_colon or inner in INITIAL_LABELS

    number = _NUMBER.match(text)
    if number and number.group("dotted") and integer_numbering:
        dotted_before = any(re.fullmatch(r"[0-9.]+", s.label) for s in block.subitems)
        if after_colon or dotted_before:
            return number.group("dotted"), number.end()
    paren = _PAREN_LABEL.match(text)
    if paren and plausible(paren.group("inner")):
        return paren.group(0).strip(), paren.end()
    other = _CLOSE_LABEL.match(text) or _DOT_LABEL.match(text)
    if other and _after_clause(previous) and plausible(other.group("inner")):
        return other.group(0).strip(), other.end()
    bullet = _BULLET_CHAR.match(text)
    return (bullet.group("inner"), bullet.end()) if bullet else None


def segment(lines: Sequence[str]) -> list[Block]:
    """Cut the content lines of a document (front matter already taken out) into blocks."""
    numbered = [m for m in (_NUMBER.match(_without_bullet(t)) for t in lines) if m]
    integer_numbering = sum(1 for m in numbered if m.group("plain")) >= sum(
        1 for m in numbered if m.group("dotted")
    )
    width = _typical_width(lines)
    blocks: list[Block] = []
    current: Block | None = None
    previous = ""
    last_number: str | None = None

    def open_block(block: Block) -> Block:
        blocks.append(block)
        return block

    for index, text in enumerate(lines):
        paragraph = current if current is not None and current.kind == "paragraph" else None
        opens = current is None or ends_sentence(previous)
        if current is not None and current.kind == "formula":
            opens = ends_sentence(previous) or previous.endswith(",")
        bullet = _BULLET.match(text)
        body = text[bullet.end() :] if bullet else text
        number = _NUMBER.match(body)
        markdown = _MARKDOWN_HEADING.match(text)
        label = _subitem(body, paragraph, previous, integer_numbering) if paragraph else None
        expected = _next_number(last_number)

        if markdown:
            blocks.append(Block("heading", [text[markdown.end() :]]))
            current = None
        elif _ACTION.fullmatch(text):
            blocks.append(Block("action_requested", [text]))
            current = None
        elif paragraph and label is not None and (number is None or number.group("dotted")):
            paragraph.subitems.append(RawSubItem(label[0], [body[label[1] :]]))
        elif number and (
            bullet or opens or (number.group("dotted") or number.group("plain")) == expected
        ):
            last_number = number.group("dotted") or number.group("plain")
            current = open_block(
                Block("paragraph", [body[number.end() :]], last_number, bullet is not None)
            )
            current.participle = is_participle_start(current.lines[0])
        elif bullet and opens:
            in_list = previous.endswith(":") or bool(paragraph and paragraph.subitems)
            if paragraph and in_list and not starts_with_verb(body):
                paragraph.subitems.append(RawSubItem(text[0], [body]))
            else:
                current = open_block(Block("paragraph", [body], bullet=True))
                current.participle = is_participle_start(body)
        elif _is_formula(text) and (
            opens
            # A preamble ends with "," or ";" and the formula follows on its own line.
            or (
                text.startswith("The ")
                and previous.endswith((",", ";"))
                and paragraph is not None
                and paragraph.participle
            )
        ):
            current = open_block(Block("formula", [text]))
        elif (
            (opens or _after_clause(previous))
            and is_participle_start(text)
            and (paragraph is None or paragraph.participle or paragraph.number is None)
        ):
            current = open_block(Block("paragraph", [text], participle=True))
        elif (
            opens
            and (current is None or current.kind != "formula")
            and _heading_like(text)
            and _heading_follows(lines, index)
        ):
            kind: BlockKind = "annex" if _ANNEX.match(text) else "heading"
            blocks.append(Block(kind, [text]))
            current = None
        elif current is None or (
            paragraph
            and paragraph.number is None
            and not paragraph.participle
            and not paragraph.subitems
            and previous.endswith(".")
            and len(previous) < 0.7 * width
            and text[:1].isupper()
        ):
            current = open_block(Block("paragraph", [text]))
        else:
            current.add_line(text)
        previous = text
    return blocks
