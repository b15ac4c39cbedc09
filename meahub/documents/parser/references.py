"""Citations of resolutions, decisions, recommendations and document symbols.

What is recognised, and the normal form it gets (the ``ref`` of a ``Reference``):

- CMS resolutions and decisions, arabic dotted: "Resolution 9.6", "Decision 13.24",
  "Recommendation 7.2", with a revision kept as "(Rev.COP14)";
- CBD decisions, roman or arabic with a slash: "CBD decision x/20" -> "Decision X/20";
- Ramsar resolutions, roman dotted: "Resolution X.8";
- CITES resolutions: "Resolution Conf. 13.3";
- lists: "Resolutions 11.10 and 11.11" gives two references, and a range of decisions of one
  meeting ("Decisions 14.101 - 14.103") gives each decision in it;
- UN-style document symbols: "UNEP/CMS/Conf.10.28", "CMS/StC38/3",
  "UNEP/CMS/COP13/Doc.18/Annex 3"; a symbol needs two slashes and a digit, so
  "UNEP/ROAP" or "CITES/CMS" are not symbols. "UNEP/CMS/StC44/18.1, 18.2 and 18.3" gives
  the three sibling documents. A symbol naming a resolution ("UNEP/CMS/Resolution 12.3") is
  a citation of that resolution.

The convention is not prefixed: the numbering tells them apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from meahub.documents.parser.model import Reference, ReferenceKind

_ROMAN = r"[IVXL]{1,6}"
_CMS_NUMBER = r"[0-9]{1,2}\.[0-9]{1,3}"
_CBD_NUMBER = rf"(?:{_ROMAN}|[0-9]{{1,2}})/[0-9]{{1,3}}"
_RAMSAR_NUMBER = rf"{_ROMAN}\.[0-9]{{1,3}}"
_CITES_NUMBER = r"Conf\.\s?[0-9]{1,2}\.[0-9]{1,3}"
_REVISION = r"\s?\(Rev\.\s?[A-Za-z0-9.]{1,12}\)"
_ID = rf"(?:{_CITES_NUMBER}|{_CBD_NUMBER}|{_RAMSAR_NUMBER}|{_CMS_NUMBER})(?:{_REVISION})?"
_ID_RE = re.compile(_ID, re.IGNORECASE)

CITATION = re.compile(
    rf"\b(?P<word>resolution|decision|recommendation)s?\s+(?P<ids>{_ID}"
    rf"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*(?:-|–|to)\s*){_ID})*)(?![0-9])",
    re.IGNORECASE,
)

_SYMBOL_ROOT = r"(?:UNEP/)?(?:CMS|CBD|CITES|AEWA|ASCOBANS|EUROBATS|IOSEA|ACAP|UNEP|Ramsar)"
_SYMBOL_SEGMENT = (
    r"(?:Annex\s?[0-9]{1,3}|Add\.\s?[0-9]{1,3}"
    r"|(?:Resolution|Decision)\s[0-9IVXL][0-9IVXL./]{0,12}"
    r"|[A-Za-z0-9][A-Za-z0-9.\-]{0,30})"
)
SYMBOL = re.compile(rf"\b{_SYMBOL_ROOT}(?:/{_SYMBOL_SEGMENT})+(?:{_REVISION})?")
_SIBLING = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)([0-9]{1,3}(?:\.[0-9]{1,3})*)(?![0-9]|\.[0-9]|/)"
)
_NUMERIC_TAIL = re.compile(r"/([0-9]{1,3}(?:\.[0-9]{1,3})*)$")
_CITATION_KINDS: dict[str, ReferenceKind] = {
    "resolution": "resolution",
    "decision": "decision",
    "recommendation": "recommendation",
}
_NAMED_SYMBOL = re.compile(r"/(?:Resolution|Decision)\s", re.IGNORECASE)


def normalise_symbol(raw: str) -> str | None:
    """The symbol in normal form, or None when ``raw`` is not a document symbol."""
    symbol = re.sub(r"\s+", " ", raw).rstrip(".-")
    symbol = re.sub(r"\(Rev\.\s+", "(Rev.", symbol)
    if symbol.count("/") < 2 or not re.search(r"[0-9]", symbol):
        return None
    return symbol


def find_symbol(line: str) -> str | None:
    """The symbol when ``line`` is only a document symbol (a header line), else None."""
    stripped = line.strip().rstrip(".,;:")
    match = SYMBOL.fullmatch(stripped)
    return normalise_symbol(match.group(0)) if match else None


def _normalise_id(raw: str) -> str:
    ident = re.sub(r"\s+", "", raw)
    ident = re.sub(r"(?i)^conf\.", "Conf. ", ident)
    ident = re.sub(r"(?i)\(rev\.", "(Rev.", ident)
    ident = re.sub(r"\(Rev\.", " (Rev.", ident)
    head, _, rest = ident.partition(" (Rev.")
    head = head.upper() if re.match(r"(?i)[ivxl]", head) else head
    return head + (f" (Rev.{rest}" if rest else "")


def _expand_range(first: str, last: str) -> list[str]:
    """Every CMS-style number from ``first`` to ``last`` when both are of one meeting."""
    a, b = first.split("."), last.split(".")
    if len(a) != 2 or len(b) != 2 or a[0] != b[0] or not (a[1].isdigit() and b[1].isdigit()):
        return [first, last]
    low, high = int(a[1]), int(b[1])
    if not 0 < high - low <= 50:
        return [first, last]
    return [f"{a[0]}.{n}" for n in range(low, high + 1)]


def _citations(match: re.Match[str]) -> list[Reference]:
    kind = _CITATION_KINDS[match.group("word").lower()]
    word = kind.capitalize()
    ids_text = match.group("ids")
    # Ranges ("14.101 - 14.103") become every number in between.
    expanded: list[str] = []
    spans = list(_ID_RE.finditer(ids_text))
    for index, m in enumerate(spans):
        ident = _normalise_id(m.group(0))
        if index and re.fullmatch(
            r"\s*(?:-|–|to)\s*", ids_text[spans[index - 1].end() : m.start()]
        ):
            previous = expanded.pop()
            expanded.extend(_expand_range(previous, ident))
        else:
            expanded.append(ident)
    return [Reference(kind=kind, ref=f"{word} {ident}") for ident in expanded]


def _symbols(match: re.Match[str], text: str) -> list[Reference]:
    if _NAMED_SYMBOL.search(match.group(0)):
        return []  # "UNEP/CMS/Resolution 12.3": the citation finder reports the resolution.
    symbol = normalise_symbol(match.group(0))
    if symbol is None:
        return []
    found = [Reference(kind="document", ref=symbol)]
    tail = _NUMERIC_TAIL.search(symbol)
    if tail is None:
        return found
    last = tail.group(1)
    position = match.end()
    while sibling := _SIBLING.match(text, position):
        number = sibling.group(1)
        if number.count(".") != last.count(".") or len(number) > len(last) + 1:
            break
        found.append(Reference(kind="document", ref=symbol[: tail.start(1)] + number))
        position = sibling.end()
    return found


def find_references(texts: Iterable[str], *, exclude: Iterable[str] = ()) -> list[Reference]:
    """Every reference in ``texts`` (taken in order), de-duplicated, in order of first
    mention; references whose ``ref`` is in ``exclude`` (the document's own symbol) are
    left out."""
    seen = set(exclude)
    result: list[Reference] = []
    for text in texts:
        hits: list[tuple[int, list[Reference]]] = []
        hits.extend((m.start(), _citations(m)) for m in CITATION.finditer(text))
        hits.extend((m.start(), _symbols(m, text)) for m in SYMBOL.finditer(text))
        for _, references in sorted(hits, key=lambda hit: hit[0]):
            for reference in references:
                if reference.ref not in seen:
                    seen.add(reference.ref)
                    result.append(reference)
    return result
