"""Hand links for seed 002, the Secretariat's progress report on synergies and partnerships
to the 44th Standing Committee (UNEP/CMS/StC44/16, 2015): for each numbered body paragraph
that reports on something a resolution asked, the operative paragraphs it reports on.

Targets are operative paragraphs of Resolution 11.10 (Rev.COP14) (seed 003, which carries on
the mandates of Resolution 11.10 that the report follows) and, where Resolution 10.21
(seed 001, its predecessor) asks the same, of 10.21; each as (document key, anchor), anchors
as the parser gives them. Paragraphs 12 to 15 report on the Programme of Work and on
Resolution 11.11 (civil society), which neither resolution asks, and so have no links; the
summary paragraphs are not numbered and are left out. Read and linked by hand, one reason
each, in our words.

A suggestion is correct when its mandate's source paragraph is among the paragraph's links.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from meahub.documents.models import Document
from meahub.mandates.models import EvidenceSuggestion

REVISION = "Resolution 11.10 (Rev.COP14)"
PREDECESSOR = "Resolution 10.21"


class HandLink(NamedTuple):
    targets: frozenset[tuple[str, str]]
    reason: str


def _link(
    reason: str, revision: tuple[str, ...] = (), predecessor: tuple[str, ...] = ()
) -> HandLink:
    return HandLink(
        frozenset({(REVISION, a) for a in revision} | {(PREDECESSOR, a) for a in predecessor}),
        reason,
    )


LINKS: dict[str, HandLink] = {
    "1": _link(
        "joint work with the secretariats of the family's instruments: the streamlining 10.21 "
        "asks (11.10 (Rev.COP14) no longer does)",
        predecessor=("6",),
    ),
    "2": _link("following the SDG process and its indicators", revision=("22",)),
    "3": _link("closer ties with UNEP: continued liaison with UNEP", revision=("17",)),
    "4": _link("UNEP task team on how UNEP serves the conventions: liaison with UNEP", ("17",)),
    "5": _link(
        "UNDAF work with UNEP on country programming: implementation through UNEP/UNDP "
        "processes, and liaison with UNEP",
        revision=("16", "17"),
    ),
    "6": _link(
        "the BLG meeting: cooperation through the BLG, its outreach work, and reporting to the "
        "Standing Committee on what the BLG agreed",
        revision=("19", "24", "27"),
        predecessor=("11",),
    ),
    "7": _link(
        "joint work plans with CBD and Ramsar: work plans with targets and timetables, "
        "cooperation with Ramsar",
        revision=("14", "20"),
        predecessor=("5",),
    ),
    "8": _link("the joint work plan with CITES and its officer", ("14",), ("5",)),
    "9": _link(
        "cooperation with the Bern Convention, and the Scientific Council in its expert group",
        revision=("3", "13"),
        predecessor=("1", "7"),
    ),
    "10": _link("a joint work plan with the IWC in preparation", ("14",), ("5",)),
    "11": _link(
        "keeping up relations with IGOs and civil society: continued cooperation with "
        "stakeholders, consolidating existing partnerships",
        revision=("3",),
        predecessor=("1", "4"),
    ),
    "16": _link(
        "advice with the CBD Secretariat for the GEF on CMS priorities under the Aichi "
        "targets: addressing animal species in CBD processes",
        ("18",),
        ("14",),
    ),
    "17": _link(
        "a cooperation memorandum with a tuna commission and work with RFMOs: cooperation "
        "with fisheries bodies and regional organisations",
        revision=("19", "3"),
        predecessor=("1",),
    ),
    "18": _link(
        "the Secretariat and the Scientific Council following IPBES: engagement with "
        "processes initiated by partners",
        ("13",),
        ("7",),
    ),
    "19": _link("ties with UNEP regional offices", ("17",), ("13",)),
    "20": _link("a UNEP regional office helps with an accession workshop", ("17",), ("13",)),
    "21": _link("a UNEP regional office supports a workshop", ("17",), ("13",)),
    "22": _link(
        "a regional community helps recruit Parties: cooperation with regional organisations",
        ("3",),
        ("1",),
    ),
    "23": _link("UNEP regional offices help with meetings in Africa", ("17",), ("13",)),
}


def suggested_sources(document: Document) -> dict[str, list[tuple[str, str]]]:
    """For each paragraph of ``document`` (by anchor), the source paragraphs (document key,
    anchor) of the mandates suggested for it, best first."""
    suggestions = (
        EvidenceSuggestion.objects.filter(paragraph__document=document)
        .select_related("paragraph", "mandate__paragraph__document")
        .order_by("paragraph__position", "rank")
    )
    found: dict[str, list[tuple[str, str]]] = {}
    for suggestion in suggestions:
        source = suggestion.mandate.paragraph
        where = (source.document.key, source.anchor) if source else ("", "")
        found.setdefault(suggestion.paragraph.anchor, []).append(where)
    return found


def evaluate(suggested: Mapping[str, Sequence[tuple[str, str]]]) -> dict[str, float | int]:
    """Precision at 1 and 3 over the hand-linked paragraphs (the share whose first, or any of
    whose first three, suggestions is a hand link), and the share of all hand links found
    among the first three suggestions of their paragraph."""
    top1 = top3 = found = 0
    for anchor, link in LINKS.items():
        best = list(suggested.get(anchor, ()))[:3]
        top1 += bool(best) and best[0] in link.targets
        top3 += any(source in link.targets for source in best)
        found += len(link.targets & set(best))
    paragraphs = len(LINKS)
    links = sum(len(link.targets) for link in LINKS.values())
    return {
        "linked_paragraphs": paragraphs,
        "links": links,
        "precision_at_1": round(top1 / paragraphs, 3),
        "precision_at_3": round(top3 / paragraphs, 3),
        "recall_of_links_at_3": round(found / links, 3),
    }
