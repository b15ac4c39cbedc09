"""A small set of documents written for the page tests: a resolution on steppe corridors,
its revision, and a Standing Committee document that cites the revision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from meahub.documents.models import Document
from meahub.documents.services import ingest_text

RESOLUTION = """UNEP/CMS/Resolution 40.2
Original: English

KEEPING STEPPE CORRIDORS OPEN

Adopted by the Conference of the Parties at its 40th Meeting (Samarkand, 2-7 May 2040)

Recalling Resolution 38.1 on fences across migration routes,

Aware that the corridors used by saiga and gazelles grow narrower every year,

The Conference of the Parties to the Convention on the Conservation of Migratory Species of
Wild Animals

1. Requests the Secretariat to map the corridors together with Range States;

2. Urges Parties to keep the mapped corridors free of new fences;

3. Invites NGOs to count the animals crossing each corridor in spring.
"""

REVISION = """UNEP/CMS/Resolution 40.2 (Rev.COP41)
Original: English

KEEPING STEPPE CORRIDORS OPEN

Adopted by the Conference of the Parties at its 41st Meeting (Bukhara, 5-10 June 2043)

Recalling Resolution 38.1 on fences across migration routes,

Aware that the corridors used by saiga and gazelles grow narrower every year,

The Conference of the Parties to the Convention on the Conservation of Migratory Species of
Wild Animals

1. Requests the Secretariat to map and publish the corridors together with Range States;

2. Urges Parties to keep the mapped corridors free of new fences;

3. Instructs the Standing Committee to review the corridor maps at each of its meetings.
"""

REPORT = """UNEP/CMS/StC60/Doc.4
Original: English

60th Meeting of the Standing Committee
Bonn, Germany, 3-4 November 2043

CORRIDOR MAPS

(Prepared by the Secretariat)

1. The Secretariat has begun the maps asked for in paragraph 1 of Resolution 40.2 (Rev.COP41).

2. Range States have sent data for four corridors.
"""


@dataclass
class Corridors:
    resolution: Document
    revision: Document
    report: Document


def ingest(text: str, *, by: Any, publish: bool = True) -> Document:
    outcome = ingest_text(text, "document.txt", by=by, publish=publish)
    assert outcome.document is not None, outcome.message
    return outcome.document


def make_corridors(*, by: Any, publish_report: bool = True) -> Corridors:
    """The resolution and its revision (published), and the report (published or not)."""
    resolution = ingest(RESOLUTION, by=by)
    revision = ingest(REVISION, by=by)
    report = ingest(REPORT, by=by, publish=publish_report)
    resolution.refresh_from_db()
    return Corridors(resolution=resolution, revision=revision, report=report)
