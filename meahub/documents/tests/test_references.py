"""Citations and document symbols, normalised."""

from __future__ import annotations

import pytest

from meahub.documents.parser.references import find_references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("under Resolutions 11.10 and 11.11.", ["Resolution 11.10", "Resolution 11.11"]),
        (
            "see CBD decision x/20 and decisions XI/6, XII/30",
            ["Decision X/20", "Decision XI/6", "Decision XII/30"],
        ),
        ("Ramsar Resolution VIII.14", ["Resolution VIII.14"]),
        ("CITES Resolution Conf.13.3 (Rev. CoP18)", ["Resolution Conf. 13.3 (Rev.CoP18)"]),
        ("Resolution 11.10 (Rev.COP14)", ["Resolution 11.10 (Rev.COP14)"]),
        ("Recommendation 7.2", ["Recommendation 7.2"]),
        ("Decisions 14.101 - 14.103", ["Decision 14.101", "Decision 14.102", "Decision 14.103"]),
        ("UNEP/CMS/Resolution 12.3 on development", ["Resolution 12.3"]),
        (
            "Documents UNEP/CMS/StC44/18.1, 18.2 and 18.3.",
            ["UNEP/CMS/StC44/18.1", "UNEP/CMS/StC44/18.2", "UNEP/CMS/StC44/18.3"],
        ),
        ("(UNEP/CMS/COP13/Doc.18/Annex 3)", ["UNEP/CMS/COP13/Doc.18/Annex 3"]),
        ("document UNEP/CMS/BKD2/Inf.5.", ["UNEP/CMS/BKD2/Inf.5"]),
        ("UNEP/ROAP, the CITES/CMS officer and Parties/Signatories", []),
        ("CMS/StC38/3 and 2012 plans", ["CMS/StC38/3"]),
    ],
)
def test_references_are_found_and_normalised(text, expected):
    assert [r.ref for r in find_references([text])] == expected


def test_references_are_listed_once_in_order_of_first_mention():
    texts = ["Recalling Resolution 9.6 and CMS/StC38/3,", "Resolution 9.6 again; Decision X/2"]

    assert [(r.kind, r.ref) for r in find_references(texts)] == [
        ("resolution", "Resolution 9.6"),
        ("document", "CMS/StC38/3"),
        ("decision", "Decision X/2"),
    ]


def test_the_documents_own_symbol_is_not_a_reference():
    texts = ["This document, UNEP/CMS/StC44/18, cites UNEP/CMS/StC44/13."]

    assert [r.ref for r in find_references(texts, exclude=["UNEP/CMS/StC44/18"])] == [
        "UNEP/CMS/StC44/13"
    ]
