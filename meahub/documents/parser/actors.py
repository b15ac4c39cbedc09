"""The controlled list of actors a decision paragraph can address, as data.

``ACTORS`` maps each canonical name to the regular expressions (case-insensitive) that name
it in text. It is a plain table so that a list kept by administrators can later be passed to
``compile_actors`` and used instead (``parse_text(text, actors=...)``).

Canonical names are relative to the convention that issued the document: in a CMS
resolution "the Secretariat" and "the CMS Secretariat" are "Secretariat"; in a CBD decision
"the Executive Secretary" is the CBD's. The other conventions' secretariats are named when the
text names them (CBD, CITES, Ramsar); otherwise "other conventions' secretariats".

Matching rules: where two names overlap, the one starting first wins, then the longer
("the Secretariat of the Convention on Biological Diversity" is "CBD Secretariat", not
"Secretariat"). Names owned by someone else are not actors: "within the mandates given by
their Parties/Signatories" addresses neither, so a word after "their" is skipped, and so is
the partner in "in consultation with the Scientific Council, ...".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

ActorTable = Sequence[tuple[str, Sequence[str]]]

ACTORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Executive Secretary", (r"Executive Secretary",)),
    (
        "CBD Secretariat",
        (
            r"Secretariats? of (?:the )?(?:Convention on Biological Diversity|CBD)",
            r"CBD Secretariat",
        ),
    ),
    ("CITES Secretariat", (r"CITES Secretariat", r"Secretariat of (?:the )?CITES")),
    ("Ramsar Secretariat", (r"Ramsar (?:Convention )?Secretariat",)),
    (
        "other conventions' secretariats",
        (
            r"(?:secretariats of|and of) (?:the )?other (?:relevant )?(?:biodiversity-related )?"
            r"(?:conventions|MEAs|multilateral environmental agreements)",
            r"other (?:MEA|convention|conventions') secretariats",
            r"secretariats of (?:the )?(?:relevant )?biodiversity-related conventions",
            r"(?:Bern|IWC|UNESCO|World Heritage) (?:Convention )?Secretariat",
        ),
    ),
    ("Secretariat", (r"(?:CMS |Convention )?Secretariat\b",)),
    ("Conference of the Parties", (r"Conference of the (?:Contracting )?Parties", r"\bCOP\b")),
    ("Standing Committee", (r"Standing Committee",)),
    ("Scientific Council", (r"Scientific Council", r"Sessional Committee")),
    ("Scientific and Technical Review Panel", (r"Scientific and Technical Review Panel",)),
    (
        "Subsidiary Body on Scientific, Technical and Technological Advice",
        (r"Subsidiary Body on Scientific, Technical and Technological Advice", r"\bSBSTTA\b"),
    ),
    (
        "Biodiversity Liaison Group",
        (
            r"Biodiversity Liaison Group",
            r"Liaison Group of (?:the )?Biodiversity-related Conventions",
            r"\bBLG\b",
        ),
    ),
    ("non-Party Range States", (r"non-Party Range States", r"non-Part(?:y|ies)\b")),
    ("Range States", (r"Range States",)),
    ("Parties", (r"(?<!non-)\b(?:Contracting )?Parties\b", r"(?<!non-)\bParty\b")),
    ("Signatories", (r"\bSignator(?:y|ies)(?: States)?\b",)),
    ("National Focal Points", (r"(?:CMS )?National Focal Points?", r"\bNFPs?\b")),
    (
        "CMS Family Agreements",
        (r"daughter Agreements", r"CMS Family (?:Agreements|instruments)", r"CMS instruments"),
    ),
    ("partner organisations", (r"partner organi[sz]ations", r"\bpartners\b")),
    ("NGOs", (r"\bNGOs?\b", r"non-governmental organi[sz]ations")),
    ("civil society organisations", (r"civil society organi[sz]ations", r"\bCSOs\b")),
    (
        "intergovernmental organisations",
        (r"(?:inter-?governmental|international) organi[sz]ations", r"\bIGOs\b"),
    ),
    (
        "Indigenous Peoples and local communities",
        (r"Indigenous Peoples and local communities", r"\bIPLCs?\b"),
    ),
    ("other governments", (r"other governments", r"\bgovernments\b")),
    ("UNEP", (r"United Nations Environment Programme", r"\bUNEP\b")),
    ("donors", (r"\bdonors\b",)),
    ("stakeholders", (r"\bstakeholders\b",)),
    ("private sector", (r"private sector",)),
)

# Spans that name someone who is not addressed: "by their Parties/Signatories",
# ", in consultation with the Scientific Council,".
_NOT_ADDRESSED = re.compile(
    r"\btheir\s+\S+"
    r"|,\s*in (?:consultation|cooperation|collaboration|coordination|liaison) with\b[^,;:]*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CompiledActors:
    """An actor table ready for matching: one pattern per canonical name, in table order."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]


def compile_actors(table: ActorTable) -> CompiledActors:
    """Compile an actor table (canonical name -> patterns); raises ``re.error`` on a bad one."""
    return CompiledActors(
        tuple((name, re.compile("|".join(f"(?:{p})" for p in pats), re.I)) for name, pats in table)
    )


@functools.cache
def default_actors() -> CompiledActors:
    """The compiled ``ACTORS`` table."""
    return compile_actors(ACTORS)


def find_actors(span: str, actors: CompiledActors) -> tuple[str, ...]:
    """The canonical actors named in ``span``, each once, in the order the text names them."""
    span = _NOT_ADDRESSED.sub(lambda m: " " * len(m.group(0)), span)
    hits: list[tuple[int, int, str]] = []
    for name, pattern in actors.patterns:
        hits.extend((m.start(), -(m.end() - m.start()), name) for m in pattern.finditer(span))
    hits.sort()
    taken_until = -1
    names: list[str] = []
    for start, negative_length, name in hits:
        if start < taken_until:
            continue
        taken_until = start - negative_length
        if name not in names:
            names.append(name)
    return tuple(names)
