"""Word-based similarity of texts, shared by paragraph alignment and evidence suggestions.

A text becomes a bag of terms (lower-cased words without the commonest function words,
plural "s" folded), then a TF-IDF vector of unit length; two texts are as similar as the
cosine of their vectors, in [0, 1]. The term and vector rules are those of
``alignment`` (where they were first written, tuned on the CMS seeds); this module gives
them public names so that other apps use the same rules without reaching into the aligner.

``Acronyms`` reads the acronyms documents define ("Biodiversity Liaison Group (BLG)"), so
that a text saying "BLG" can be given the terms of the long form another text spells out.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from meahub.documents.alignment import Vector
from meahub.documents.alignment import _cosine as cosine
from meahub.documents.alignment import _terms as terms
from meahub.documents.alignment import _vector as vector

__all__ = ["Acronyms", "Vector", "cosine", "idf", "terms", "vector"]


def idf(bags: Iterable[Counter[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term of ``bags`` (one bag per text), as
    the aligner counts it: a term in every text weighs 1, a rare one up to 1 + log(n)."""
    frequency: Counter[str] = Counter()
    count = 0
    for bag in bags:
        frequency.update(bag.keys())
        count += 1
    return {term: math.log((1 + count) / (1 + n)) + 1.0 for term, n in frequency.items()}


# "(RFMOs)" after its long form; the long form is found by the initials of the words before.
_DEFINITION = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
_MINOR_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "to", "&"})


class Acronyms:
    """The acronyms defined in some texts, each with its long form (the first definition
    read wins): "Regional fisheries management organisations (RFMOs)" defines RFMO."""

    def __init__(self) -> None:
        self.long_forms: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None

    def learn(self, texts: Iterable[str]) -> None:
        """Read the definitions in ``texts``: "Long Form (LF)" where the initials of the
        words before the parenthesis (minor words such as "of" aside) spell the acronym."""
        for text in texts:
            for match in _DEFINITION.finditer(text):
                acronym = match.group(1)
                if acronym in self.long_forms:
                    continue
                before = text[max(0, match.start() - 200) : match.start()].rsplit("(", 1)[-1]
                long_form = _long_form(before, acronym)
                if long_form:
                    self.long_forms[acronym] = long_form
        if self.long_forms:
            names = "|".join(sorted(map(re.escape, self.long_forms), key=len, reverse=True))
            self._pattern = re.compile(rf"\b({names})s?\b")

    def expand(self, text: str) -> Counter[str]:
        """The terms of the long forms of the acronyms ``text`` uses, once per use."""
        found: Counter[str] = Counter()
        if self._pattern is not None:
            for match in self._pattern.finditer(text):
                found.update(terms(self.long_forms[match.group(1)]))
        return found


def _long_form(before: str, acronym: str) -> str:
    letters = [c.lower() for c in acronym.rstrip("s") if c.isupper()]
    words = _WORDS.findall(before)[-(len(letters) + 4) :]
    for start in range(len(words) - 1, -1, -1):
        chosen = words[start:]
        initials = [w[0].lower() for w in chosen if w.lower() not in _MINOR_WORDS]
        if initials == letters and chosen[0].lower() not in _MINOR_WORDS:
            return " ".join(chosen)
    return ""
