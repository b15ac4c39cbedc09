"""From blocks to ``Paragraph``s: text, section, lost numbers, verbs.

Sections. A document is *resolution-like* when it has an enacting formula, or both preamble
paragraphs and paragraphs opening with an operative verb, or decision paragraphs ("13.24 The
Secretariat ... is requested to"), or when most numbered paragraphs open with a verb. In a
resolution-like document a paragraph is ``preamble`` when it opens with a participle (and no
operative paragraph came before it, unless it is unnumbered) or when it comes before the
operative part; it is ``operative`` from the first paragraph opening with a verb (or after
the formula) on. Any other document has ``body`` paragraphs. After an "Action requested"
heading paragraphs are ``action_requested``; after an "Annex" heading, ``body``.

Lost numbers. Within the operative paragraphs, a run of unnumbered paragraphs gets numbers
when its neighbours leave exactly room for it (1, _, 3 -> 2; 13.24, _, 13.26 -> 13.25), when
it opens the run with exactly room before the first number (_, 2 -> 1), or when it closes the
run after the last number (33, _ -> 34) and each of its paragraphs opens with a verb. In body
paragraphs only the first two cases apply.
Inferred numbers are marked ``number_inferred``.

Verbs are looked for in operative and action-requested paragraphs (``verbs.find_verbs``), in
their text and in sub-items that open with a verb.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from meahub.documents.parser.actors import CompiledActors
from meahub.documents.parser.model import (
    Heading,
    HeadingKind,
    Paragraph,
    Section,
    SubItem,
    VerbUse,
)
from meahub.documents.parser.structure import Block
from meahub.documents.parser.text import Vocabulary, join_lines, strip_emphasis
from meahub.documents.parser.verbs import find_verbs, is_directive, starts_with_verb

Number = tuple[int, ...]
_HEADING_KINDS: dict[str, HeadingKind] = {
    "heading": "heading",
    "formula": "formula",
    "action_requested": "action_requested",
    "annex": "annex",
}


def _number(text: str | None) -> Number | None:
    if text is None:
        return None
    parts = text.split(".")
    return tuple(int(part) for part in parts) if all(p.isdecimal() for p in parts) else None


def _fill(before: Number | None, after: Number | None, count: int, open_ends: bool) -> list[str]:
    """Numbers for ``count`` unnumbered paragraphs between ``before`` and ``after``."""
    if before is not None and after is not None:
        if len(before) != len(after) or before[:-1] != after[:-1]:
            return []
        if after[-1] - before[-1] - 1 != count:
            return []
    elif after is not None:
        if len(after) != 1 or after[0] - 1 != count:
            return []
        before = (0,)
    elif before is None or not open_ends:
        return []
    prefix = "".join(f"{part}." for part in before[:-1])
    return [f"{prefix}{before[-1] + step}" for step in range(1, count + 1)]


def infer_numbers(paragraphs: list[Paragraph], section: Section, open_ends: bool) -> None:
    """Give the unnumbered paragraphs of ``section`` the numbers their neighbours imply."""
    indices = [i for i, p in enumerate(paragraphs) if p.section == section]
    numbers = [_number(paragraphs[i].number) for i in indices]
    position = 0
    while position < len(indices):
        if paragraphs[indices[position]].number is not None:
            position += 1
            continue
        start = position
        while position < len(indices) and paragraphs[indices[position]].number is None:
            position += 1
        before = numbers[start - 1] if start else None
        after = numbers[position] if position < len(indices) else None
        # An open-ended run is numbered only when each of its paragraphs reads as operative.
        run = [paragraphs[i] for i in indices[start:position]]
        open_run = open_ends and all(starts_with_verb(p.text) for p in run)
        for offset, value in enumerate(_fill(before, after, position - start, open_run)):
            index = indices[start + offset]
            paragraphs[index] = replace(paragraphs[index], number=value, number_inferred=True)


def _is_resolution_like(blocks: Sequence[Block], texts: Sequence[str]) -> tuple[bool, bool]:
    """(resolution-like, decision style) for the paragraph blocks and their texts."""
    formula = any(block.kind == "formula" for block in blocks)
    paragraphs = [block for block in blocks if block.kind == "paragraph"]
    verb_starts = [starts_with_verb(text) for text in texts]
    directives = [is_directive(text) for text in texts]
    numbered = [i for i, block in enumerate(paragraphs) if block.number is not None]
    acting = [i for i in numbered if verb_starts[i] or directives[i]]
    decision_style = any(
        directives[i] and "." in (paragraphs[i].number or "") for i in numbered
    ) and all("." in (paragraphs[i].number or "") for i in numbered)
    participles = any(block.participle for block in paragraphs)
    resolution_like = (
        formula
        or (participles and any(verb_starts))
        or decision_style
        or (len(acting) >= 2 and len(acting) >= 0.6 * len(numbered))
    )
    return resolution_like, decision_style


def build_paragraphs(
    blocks: Sequence[Block], vocabulary: Vocabulary, actors: CompiledActors
) -> tuple[list[Paragraph], list[Heading]]:
    """The paragraphs and headings of a document, from its blocks in order."""
    paragraph_blocks = [block for block in blocks if block.kind == "paragraph"]
    texts = [strip_emphasis(join_lines(block.lines, vocabulary)) for block in paragraph_blocks]
    resolution_like, decision_style = _is_resolution_like(blocks, texts)

    paragraphs: list[Paragraph] = []
    headings: list[Heading] = []
    region = "main"
    after_formula = False
    operative_seen = False
    heading_text: str | None = None
    for block in blocks:
        if block.kind != "paragraph":
            kind = _HEADING_KINDS[block.kind]
            text = strip_emphasis(join_lines(block.lines, vocabulary))
            headings.append(Heading(text=text, before=len(paragraphs), kind=kind))
            region = {"action_requested": "action", "annex": "annex"}.get(kind, region)
            after_formula = after_formula or kind == "formula"
            heading_text = text if kind == "heading" else heading_text
            continue
        text = texts[len(paragraphs)]
        section: Section
        if region == "action":
            section = "action_requested"
        elif region == "annex" or not resolution_like:
            section = "body"
        elif block.participle and (not operative_seen or block.number is None):
            section = "preamble"
        elif starts_with_verb(text) or is_directive(text) or operative_seen or after_formula:
            section = "operative"
            operative_seen = True
        else:
            section = "body" if decision_style else "preamble"
        subitems = tuple(
            SubItem(sub.label, strip_emphasis(join_lines(sub.lines, vocabulary)))
            for sub in block.subitems
        )
        verbs: tuple[VerbUse, ...] = ()
        if section in ("operative", "action_requested"):
            verbs = find_verbs(text, actors) + tuple(
                verb
                for sub in subitems
                if starts_with_verb(sub.text)
                for verb in find_verbs(sub.text, actors)
            )
        paragraphs.append(
            Paragraph(
                section=section,
                number=block.number,
                text=text,
                subitems=subitems,
                verbs=verbs,
                heading=heading_text,
            )
        )
    infer_numbers(paragraphs, "operative", open_ends=True)
    infer_numbers(paragraphs, "body", open_ends=False)
    return paragraphs, headings
