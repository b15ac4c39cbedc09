"""The parser on the four seed documents (read from shared/seeds/, skipped when absent).

The expected values were established by reading the seeds: paragraph counts, main verbs
and first actors of every operative paragraph, the references, the header of the BKD
workshop document and the "Action requested" parts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from meahub.documents.parser import ParsedDocument, parse_text

BKD_WORKSHOP = "000_8542d3e23cfdb94b.txt"
RESOLUTION_10_21 = "001_7ea8623ac23b0239.txt"
STC44_REPORT = "002_c3f1fbc5d8d6f7c3.txt"
RESOLUTION_11_10_REV = "003_b9f36b7d92af07bf.txt"


def parse_seed(seeds_dir: Path, name: str) -> ParsedDocument:
    return parse_text((seeds_dir / name).read_text(encoding="utf-8"))


def main_verbs(parsed: ParsedDocument) -> list[tuple[str | None, str, str | None]]:
    """(number, main verb, first actor) of each operative paragraph."""
    return [
        (
            p.number,
            p.verbs[0].verb if p.verbs else "",
            p.verbs[0].actors[0] if p.verbs and p.verbs[0].actors else None,
        )
        for p in parsed.section("operative")
    ]


def operative(parsed: ParsedDocument, number: str) -> list[tuple[str, tuple[str, ...]]]:
    [paragraph] = [p for p in parsed.section("operative") if p.number == number]
    return [(v.verb, v.actors) for v in paragraph.verbs]


# Resolution 10.21 (COP10, 2011)


def test_secretariat_finds_the_eighteen_operative_paragraphs_of_resolution_10_21(seeds_dir):
    parsed = parse_seed(seeds_dir, RESOLUTION_10_21)

    assert [p.number for p in parsed.section("operative")] == [str(n) for n in range(1, 19)]
    assert len(parsed.section("preamble")) == 18
    assert parsed.kind == "resolution"


def test_secretariat_sees_who_each_paragraph_of_resolution_10_21_addresses(seeds_dir):
    parsed = parse_seed(seeds_dir, RESOLUTION_10_21)

    assert main_verbs(parsed) == [
        ("1", "requests", "Secretariat"),
        ("2", "welcomes", None),
        ("3", "welcomes", None),
        ("4", "instructs", "Secretariat"),
        ("5", "requests", "Secretariat"),
        ("6", "requests", "Secretariat"),
        ("7", "requests", "Secretariat"),
        ("8", "requests", "Secretariat"),
        ("9", "urges", "partner organisations"),
        ("10", "instructs", "Secretariat"),
        ("11", "requests", "Executive Secretary"),
        ("12", "requests", "Secretariat"),
        ("13", "requests", "Secretariat"),
        ("14", "requests", "Secretariat"),
        ("15", "urges", "Parties"),
        ("16", "urges", "Parties"),
        ("17", "requests", "Parties"),
        ("18", "requests", "Secretariat"),
    ]


def test_one_paragraph_of_resolution_10_21_asks_several_actors_with_several_verbs(seeds_dir):
    parsed = parse_seed(seeds_dir, RESOLUTION_10_21)

    assert operative(parsed, "14") == [
        ("requests", ("Secretariat",)),
        ("invites", ("CBD Secretariat", "other conventions' secretariats")),
        ("requests", ("Secretariat",)),
    ]
    assert operative(parsed, "7") == [
        ("requests", ("Secretariat", "CMS Family Agreements", "Scientific Council"))
    ]
    assert operative(parsed, "15") == [
        ("urges", ("Parties",)),
        ("encourages", ("National Focal Points",)),
    ]
    assert operative(parsed, "18") == [
        ("requests", ("Secretariat",)),
        ("invites", ("Biodiversity Liaison Group",)),
    ]


def test_secretariat_sees_every_reference_of_resolution_10_21_in_order(seeds_dir):
    parsed = parse_seed(seeds_dir, RESOLUTION_10_21)

    assert [(r.kind, r.ref) for r in parsed.references] == [
        ("resolution", "Resolution 9.6"),
        ("resolution", "Resolution 8.11"),
        ("resolution", "Resolution 7.9"),
        ("document", "UNEP/CMS/Conf.10.28"),
        ("document", "UNEP/CMS/Conf.10.32"),
        ("document", "CMS/StC38/3"),
        ("document", "UNEP/CMS/Inf.10.35"),
        ("document", "CMS/StC38/4"),
        ("document", "UNEP/CMS/Inf.10.36"),
        ("document", "CMS/StC38/5"),
        ("document", "UNEP/CMS/Inf.10.37"),
        ("decision", "Decision VI/20"),
        ("decision", "Decision VI/9"),
        ("decision", "Decision X/20"),
        ("decision", "Decision X/2"),
    ]


def test_resolution_10_21_header_gives_title_and_meeting_but_no_symbol(seeds_dir):
    parsed = parse_seed(seeds_dir, RESOLUTION_10_21)

    assert (parsed.symbol, parsed.title) == (None, "Synergies and Partnerships")
    assert parsed.meeting is not None
    assert (parsed.meeting.name, parsed.meeting.place, parsed.meeting.dates) == (
        "10th Meeting of the Conference of the Parties",
        "Bergen",
        "2011-11-20/2011-11-25",
    )


def test_superscripts_and_broken_compounds_of_resolution_10_21_are_repaired(seeds_dir):
    parsed = parse_seed(seeds_dir, RESOLUTION_10_21)
    texts = " ".join(p.text for p in parsed.paragraphs)

    assert "at its 61st meeting (Geneva" in texts
    assert "at its 38th meeting (Bergen" in texts
    assert "during the 4th Meeting of the Working Group" in texts
    assert "by biodiversity-related conventions" in texts


# Resolution 11.10 (Rev.COP14), 2024


def test_secretariat_finds_the_thirty_three_operative_paragraphs_of_resolution_11_10(seeds_dir):
    parsed = parse_seed(seeds_dir, RESOLUTION_11_10_REV)

    assert [p.number for p in parsed.section("operative")] == [str(n) for n in range(1, 34)]
    assert [p.number for p in parsed.section("operative") if p.number_inferred] == ["2"]
    assert len(parsed.section("preamble")) == 22


def test_secretariat_sees_who_each_paragraph_of_resolution_11_10_addresses(seeds_dir):
    parsed = parse_seed(seeds_dir, RESOLUTION_11_10_REV)

    assert main_verbs(parsed) == [
        ("1", "stresses", None),
        ("2", "requests", "Executive Secretary"),
        ("3", "requests", "Secretariat"),
        ("4", "requests", "Secretariat"),
        ("5", "notes", None),
        ("6", "recognizes", None),
        ("7", "requests", "Secretariat"),
        ("8", "encourages", "Parties"),
        ("9", "encourages", "Parties"),
        ("10", "encourages", "Parties"),
        ("11", "requests", "Secretariat"),
        ("12", "requests", "Secretariat"),
        ("13", "requests", "Secretariat"),
        ("14", "welcomes", None),
        ("15", "welcomes", None),
        ("16", "requests", "Secretariat"),
        ("17", "requests", "Secretariat"),
        ("18", "requests", "Secretariat"),
        ("19", "calls on", "Secretariat"),
        ("20", "requests", "Secretariat"),
        ("21", "requests", "Secretariat"),
        ("22", "requests", "Secretariat"),
        ("23", "invites", "Biodiversity Liaison Group"),
        ("24", "invites", "Biodiversity Liaison Group"),
        ("25", "invites", "Biodiversity Liaison Group"),
        ("26", "requests", "Secretariat"),
        ("27", "requests", "Secretariat"),
        ("28", "recognizes", None),
        ("29", "urges", "Parties"),
        ("30", "urges", "Parties"),
        ("31", "encourages", "Parties"),
        ("32", "encourages", "Parties"),
        ("33", "urges", "partner organisations"),
    ]


def test_paragraphs_of_resolution_11_10_with_several_verbs_keep_them_in_order(seeds_dir):
    parsed = parse_seed(seeds_dir, RESOLUTION_11_10_REV)

    assert operative(parsed, "10") == [
        ("encourages", ("Parties", "non-Party Range States", "stakeholders")),
        ("requests", ("Secretariat", "Scientific Council")),
    ]
    assert operative(parsed, "18") == [
        ("requests", ("Secretariat", "Parties", "stakeholders")),
        ("invites", ("CBD Secretariat", "other conventions' secretariats")),
        ("requests", ("Secretariat",)),
    ]
    assert operative(parsed, "28") == [("recognizes", ()), ("requests", ("Parties",))]
    assert operative(parsed, "8") == [
        ("encourages", ("Parties", "Secretariat", "NGOs", "stakeholders"))
    ]


def test_italic_verbs_of_resolution_11_10_lose_their_markers(seeds_dir):
    parsed = parse_seed(seeds_dir, RESOLUTION_11_10_REV)
    [paragraph_8] = [p for p in parsed.section("operative") if p.number == "8"]

    assert paragraph_8.text.startswith("Encourages Parties, the Secretariat")
    assert "*" not in " ".join(p.text for p in parsed.paragraphs)


def test_resolution_11_10_header_and_references(seeds_dir):
    parsed = parse_seed(seeds_dir, RESOLUTION_11_10_REV)

    assert parsed.symbol == "UNEP/CMS/Resolution 11.10 (Rev.COP14)"
    assert parsed.meeting is not None
    assert (parsed.meeting.name, parsed.meeting.place, parsed.meeting.dates) == (
        "14th Meeting of the Conference of the Parties",
        "Samarkand",
        "2024-02",
    )
    assert [r.ref for r in parsed.references] == [
        "Resolution 7.9",
        "Resolution 8.11",
        "Resolution 9.6",
        "Resolution 10.21",
        "Resolution 11.11",
        "Resolution 12.3",
        "Resolution 12.25",
        "UNEP/CMS/COP13/Doc.18/Annex 3",
    ]


# The Bukhara Deer workshop document (2020)


def test_bkd_workshop_document_header_gives_symbol_date_and_meeting(seeds_dir):
    parsed = parse_seed(seeds_dir, BKD_WORKSHOP)

    assert parsed.symbol == "UNEP/CMS/BKD/TW1/Doc.2"
    assert parsed.kind == "working document"
    assert parsed.date is not None and parsed.date.isoformat() == "2020-10-19"
    assert parsed.title == "Report of the Secretariat"
    assert parsed.language == "English"
    assert parsed.meeting is not None
    assert parsed.meeting.name.startswith("Technical Workshop under the Memorandum of")
    assert parsed.meeting.name.endswith("Bukhara Deer (Cervus elaphus bactrianus)")
    assert (parsed.meeting.place, parsed.meeting.dates) == ("Online", "2020-10-20/2020-10-22")


def test_bkd_workshop_document_asks_signatories_to_act_in_paragraph_13(seeds_dir):
    parsed = parse_seed(seeds_dir, BKD_WORKSHOP)

    [action] = parsed.section("action_requested")
    assert action.number == "13"
    assert [(v.verb, v.actors) for v in action.verbs] == [("requests", ("Signatories",))]
    assert [s.label for s in action.subitems] == ["a)", "b)"]
    assert action.subitems[0].text == "take note of this report;"


def test_bkd_workshop_document_has_twelve_body_paragraphs_and_its_proposals(seeds_dir):
    parsed = parse_seed(seeds_dir, BKD_WORKSHOP)
    body = parsed.section("body")

    assert [p.number for p in body] == [str(n) for n in range(1, 13)]
    assert [s.label for s in body[8].subitems] == ["a)", "b)", "c)", "d)"]
    assert [s.label for s in body[4].subitems] == ["12.1", "•", "•", "•", "•", "12.2"]
    assert "Programme of Work 2021-2026, under point 12:" in body[4].text
    assert parsed.furniture == (
        "https://www.cms.int/bukhara-deer/en/meeting/first-meeting-signatories",
    )


def test_bkd_workshop_document_references(seeds_dir):
    parsed = parse_seed(seeds_dir, BKD_WORKSHOP)

    assert [r.ref for r in parsed.references] == [
        "Resolution 11.24",
        "UNEP/CMS/BKD1/Report",
        "UNEP/CMS/BKD2/Doc.6",
        "UNEP/CMS/BKD2/Inf.5",
    ]


# The StC44 progress report (2015)


def test_stc44_report_has_body_paragraphs_1_to_23_under_headings(seeds_dir):
    parsed = parse_seed(seeds_dir, STC44_REPORT)
    numbered = [p for p in parsed.section("body") if p.number]

    assert [p.number for p in numbered] == [str(n) for n in range(1, 24)]
    assert numbered[0].heading == "Streamlining activities within the CMS Family"
    assert (
        numbered[6].heading == "Biodiversity-related Multilateral Environmental Agreements (MEAs)"
    )
    assert numbered[22].heading == "Strengthen regional collaboration and presence of CMS"
    assert "the COP-appointed councillor" in numbered[8].text


def test_stc44_report_asks_the_standing_committee_to_act(seeds_dir):
    parsed = parse_seed(seeds_dir, STC44_REPORT)

    [action] = parsed.section("action_requested")
    assert action.text == "The Standing Committee is invited to:"
    assert [(v.verb, v.actors) for v in action.verbs] == [("invites", ("Standing Committee",))]
    assert [s.label for s in action.subitems] == ["a.", "b."]


def test_stc44_report_expands_sibling_document_symbols(seeds_dir):
    parsed = parse_seed(seeds_dir, STC44_REPORT)

    assert [r.ref for r in parsed.references] == [
        "Resolution 11.10",
        "Resolution 11.11",
        "Resolution 10.9",
        "UNEP/CMS/StC44/13",
        "UNEP/CMS/StC44/18.1",
        "UNEP/CMS/StC44/18.3",
        "UNEP/CMS/StC44/10.3",
        "Decision XII/30",
        "UNEP/CMS/StC44/18.2",
        "Resolution 10.8",
    ]
    assert parsed.kind == "working document"


@pytest.mark.parametrize(
    "name", [BKD_WORKSHOP, RESOLUTION_10_21, STC44_REPORT, RESOLUTION_11_10_REV]
)
def test_no_seed_paragraph_is_empty_or_keeps_a_line_break(seeds_dir, name):
    parsed = parse_seed(seeds_dir, name)

    assert all(p.text or p.subitems for p in parsed.paragraphs)
    assert not any("\n" in p.text or "  " in p.text for p in parsed.paragraphs)
