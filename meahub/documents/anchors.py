"""Paragraph anchors: the stable label by which a paragraph of a document is named.

The same rule names paragraphs in the database, in links (``#para-5``) and in alignments
between two versions of a document, so it lives here, pure and without imports from the
database layer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from meahub.documents.parser.model import Paragraph


def paragraph_keys(paragraphs: Sequence[Paragraph]) -> list[str]:
    """One key per paragraph, in the same order, all different.

    A paragraph's key is its number ("5", "13.24") when it has one and no other paragraph of
    the document carries the same number. Otherwise it is ``f"{section}-{k}"``, where ``k``
    counts, from 1 and in document order, the paragraphs of that section that have no
    (unique) number: the third unnumbered preamble paragraph is ``"preamble-3"``.

    Should a key still collide with an earlier one (a paragraph numbered "preamble-1", say),
    the later paragraph gets ``"-2"``, ``"-3"``... appended, skipping any key that another
    paragraph holds. The result depends only on the sections and numbers, in order.
    """
    numbers = Counter(p.number for p in paragraphs if p.number)
    per_section: Counter[str] = Counter()
    bases: list[str] = []
    for paragraph in paragraphs:
        if paragraph.number and numbers[paragraph.number] == 1:
            bases.append(paragraph.number)
        else:
            per_section[paragraph.section] += 1
            bases.append(f"{paragraph.section}-{per_section[paragraph.section]}")

    taken = set(bases)
    seen: set[str] = set()
    keys: list[str] = []
    for base in bases:
        key = base
        if key in seen:
            suffix = 2
            while f"{base}-{suffix}" in taken:
                suffix += 1
            key = f"{base}-{suffix}"
            taken.add(key)
        seen.add(key)
        keys.append(key)
    return keys
