"""Aligning two versions of a resolution: small hand-made revisions, the CMS seeds, and
properties that hold on any document.

The seed mapping below was established by reading Resolution 10.21 (COP10, 2011) and its
successor Resolution 11.10 (Rev.COP14) side by side, before running the aligner on them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meahub.documents.alignment import (
    AlignItem,
    Alignment,
    Pair,
    align,
    items_from_parsed,
    word_diff,
)
from meahub.documents.anchors import paragraph_keys
from meahub.documents.extraction import read_document_text
from meahub.documents.parser import Paragraph, parse_text

# A made-up resolution on waterbird monitoring, in pieces to revise.
REPORT = (
    "Requests the Secretariat to prepare a report on the status of migratory waterbirds "
    "along the African-Eurasian flyway for the next meeting of the Conference of the Parties;"
)
REPORT_REWORDED = (
    "Requests the Secretariat to prepare, for the next meeting of the Conference of the "
    "Parties, an assessment of the conservation status of waterbirds migrating along the "
    "African-Eurasian flyway;"
)
FOCAL_POINTS = (
    "Urges Parties to designate national focal points for bird monitoring and to communicate "
    "their names to the Secretariat before the end of the year;"
)
TRACKING = (
    "Invites non-governmental organizations to share satellite tracking data on raptors with "
    "the Scientific Council;"
)
LEAD = "Encourages Parties to phase out the use of lead ammunition in and around wetlands by 2030;"
BUDGET = (
    "Instructs the Standing Committee to review the budget of the monitoring programme and to "
    "report to the Conference of the Parties on the savings achieved;"
)
BUDGET_REVIEW = "Instructs the Standing Committee to review the budget of the monitoring programme;"
BUDGET_SAVINGS = (
    "Further instructs the Standing Committee to report to the Conference of the Parties on "
    "the savings achieved;"
)
STOPOVERS = "Calls on Range States to restore degraded stopover sites for shorebirds in the Sahel;"


def operative(*texts: str) -> list[AlignItem]:
    return [AlignItem(str(n), "operative", text) for n, text in enumerate(texts, 1)]


def carried_on(alignment: Alignment) -> dict[str, list[str]]:
    """Old key -> the new keys paired with it, in order."""
    mapping: dict[str, list[str]] = {}
    for pair in alignment.pairs:
        mapping.setdefault(pair.old, []).append(pair.new)
    return mapping


# Small revisions


def test_secretariat_sees_a_reworded_paragraph_paired_with_its_new_wording():
    old = operative(REPORT, FOCAL_POINTS, TRACKING)
    new = operative(REPORT_REWORDED, FOCAL_POINTS, TRACKING)

    alignment = align(old, new)

    assert carried_on(alignment) == {"1": ["1"], "2": ["2"], "3": ["3"]}
    assert (alignment.unmatched_old, alignment.unmatched_new) == ((), ())


def test_a_reworded_paragraph_scores_less_than_an_unchanged_one():
    alignment = align(operative(REPORT, FOCAL_POINTS), operative(REPORT_REWORDED, FOCAL_POINTS))

    [reworded, unchanged] = alignment.pairs

    assert unchanged == Pair(old="2", new="2", score=1.0)
    assert 0.3 < reworded.score < 1.0


def test_secretariat_sees_an_inserted_paragraph_as_new_and_the_rest_renumbered():
    old = operative(REPORT, FOCAL_POINTS, TRACKING, LEAD)
    new = operative(REPORT, FOCAL_POINTS, STOPOVERS, TRACKING, LEAD)

    alignment = align(old, new)

    assert carried_on(alignment) == {"1": ["1"], "2": ["2"], "3": ["4"], "4": ["5"]}
    assert alignment.unmatched_old == ()
    assert alignment.unmatched_new == ("3",)


def test_secretariat_sees_a_deleted_paragraph_as_unmatched():
    old = operative(REPORT, FOCAL_POINTS, TRACKING, LEAD, BUDGET)
    new = operative(REPORT, FOCAL_POINTS, LEAD, BUDGET)

    alignment = align(old, new)

    assert carried_on(alignment) == {"1": ["1"], "2": ["2"], "4": ["3"], "5": ["4"]}
    assert alignment.unmatched_old == ("3",)
    assert alignment.unmatched_new == ()


def test_secretariat_sees_a_split_paragraph_carried_on_by_both_halves():
    old = operative(REPORT, LEAD, BUDGET)
    new = operative(REPORT, LEAD, BUDGET_REVIEW, BUDGET_SAVINGS)

    alignment = align(old, new)

    assert carried_on(alignment) == {"1": ["1"], "2": ["2"], "3": ["3", "4"]}
    assert (alignment.unmatched_old, alignment.unmatched_new) == ((), ())


def test_secretariat_sees_two_merged_paragraphs_carried_on_by_one():
    old = operative(REPORT, BUDGET_REVIEW, BUDGET_SAVINGS, LEAD)
    new = operative(REPORT, BUDGET, LEAD)

    alignment = align(old, new)

    assert carried_on(alignment) == {"1": ["1"], "2": ["2"], "3": ["2"], "4": ["3"]}
    assert (alignment.unmatched_old, alignment.unmatched_new) == ((), ())


def test_secretariat_sees_reordered_paragraphs_followed_to_their_new_places():
    old = operative(REPORT, FOCAL_POINTS, TRACKING, LEAD, BUDGET)
    new = operative(LEAD, REPORT, BUDGET, FOCAL_POINTS, TRACKING)

    alignment = align(old, new)

    assert carried_on(alignment) == {"1": ["2"], "2": ["4"], "3": ["5"], "4": ["1"], "5": ["3"]}


def test_an_inserted_paragraph_next_to_a_kept_one_is_not_taken_for_a_split():
    old = operative(REPORT, BUDGET)
    new = operative(REPORT, BUDGET, STOPOVERS)

    alignment = align(old, new)

    assert carried_on(alignment) == {"1": ["1"], "2": ["2"]}
    assert alignment.unmatched_new == ("3",)


def test_a_preamble_paragraph_is_paired_within_the_preamble_when_it_can_be():
    concern = "Concerned about the poisoning of waterbirds by lead ammunition in wetlands,"
    old = [AlignItem("preamble-1", "preamble", concern), AlignItem("1", "operative", LEAD)]
    new = [
        AlignItem("1", "operative", concern),
        AlignItem("preamble-1", "preamble", concern),
        AlignItem("2", "operative", LEAD),
    ]

    alignment = align(old, new)

    assert carried_on(alignment) == {"preamble-1": ["preamble-1"], "1": ["2"]}
    assert alignment.unmatched_new == ("1",)


def test_repeated_identical_paragraphs_are_paired_in_document_order():
    review = "Decides to keep this matter under review;"
    old = operative(review, REPORT, review, LEAD)
    new = operative(review, REPORT, review, LEAD)

    alignment = align(old, new)

    assert carried_on(alignment) == {"1": ["1"], "2": ["2"], "3": ["3"], "4": ["4"]}


def test_unrelated_paragraphs_are_not_paired():
    alignment = align(operative(TRACKING), operative(STOPOVERS))

    assert alignment == Alignment(pairs=(), unmatched_old=("1",), unmatched_new=("1",))


def test_alignment_json_has_the_documented_shape():
    old = operative(REPORT, TRACKING)
    new = operative(STOPOVERS, REPORT)

    data = align(old, new).to_json()

    assert data == {
        "pairs": [{"old": "1", "new": "2", "score": 1.0}],
        "unmatched_old": ["2"],
        "unmatched_new": ["1"],
    }


def test_align_refuses_repeated_keys():
    old = [AlignItem("1", "operative", REPORT), AlignItem("1", "operative", LEAD)]

    with pytest.raises(ValueError) as error:
        align(old, operative(REPORT))

    assert str(error.value) == "the old version repeats the key(s) 1"


# The seeds: Resolution 10.21 and Resolution 11.10 (Rev.COP14)

RESOLUTION_10_21 = "001_7ea8623ac23b0239.txt"
RESOLUTION_11_10_REV = "003_b9f36b7d92af07bf.txt"

# Old key -> the new key that carries the paragraph on, found by reading both texts.
CARRIED_ON_IN_11_10 = {
    # asks the Secretariat to keep building practical cooperation; IPLCs and NGOs now named
    "1": "3",
    # joint work plans with targets tied to the Strategic Plan; now joint work programmes
    "5": "14",
    # Secretariat, Agreements and Scientific Council to engage with partners' expert bodies
    "7": "13",
    # partner organizations to publicise the benefits of collaborating; kept as it was
    "9": "33",
    # private-sector partnerships under the CMS Code of Conduct
    "10": "12",
    # reporting to the Standing Committee on joint activities agreed in the liaison group
    "11": "27",
    # finding strategic partners for campaigns and outreach; kept as it was
    "12": "4",
    # liaising with UNEP in the regions (focal points then, regional offices now)
    "13": "17",
    # advising how CBD processes can treat animal species more coherently; new framework
    "14": "18",
    # national collaboration among the focal points of the conventions; 2012 clause gone
    "15": "29",
    # cooperation among international organizations and mainstreaming in all sectors
    "16": "30",
    # Parties to resource the Secretariat's partnership work; a recognition added before it
    "17": "28",
    # avoid duplicated work among MEAs; liaison group to take up cross-cutting issues
    "18": "26",
    # the importance of cooperation and synergies with other bodies
    "preamble-1": "preamble-2",
    # the earlier cooperation resolutions recalled; the later list adds 10.21 and 11.11
    "preamble-3": "preamble-1",
    # partners' instrumental role in implementing CMS
    "preamble-7": "preamble-4",
    # partnerships widen the audience and public awareness
    "preamble-8": "preamble-5",
    # reaching out to bodies with other mandates such as FAO
    "preamble-12": "preamble-13",
    # thanks to the partners who helped promote CMS and its mandate
    "preamble-13": "preamble-7",
    # thanks to those behind the species year campaigns; more years listed later
    "preamble-15": "preamble-6",
}

# Paragraphs of 10.21 that 11.10 (Rev.COP14) does not carry on.
NO_SUCCESSOR = (
    "4",  # focusing on existing partnerships for the 2012-2014 triennium
    "6",  # streamlining work across the CMS Family secretariats
    "preamble-4",  # the COP10 report on synergies that was considered
    "preamble-11",  # the missing CBD instrument for animals like the one for plants
    "preamble-17",  # tasks due before CBD COP11
)

# Paragraphs of 11.10 (Rev.COP14) with no forerunner in 10.21.
NO_FORERUNNER = (
    "7",  # endorsement letters for NGO funding requests
    "9",  # subnational and local governments
    "10",  # the World Coastal Forum
    "15",  # welcoming the high seas (BBNJ) agreement
    "21",  # following the BBNJ agreement's entry into force
    "31",  # ratifying the BBNJ agreement
    "32",  # web-based tools such as InforMEA
    "preamble-3",  # Indigenous Peoples and local communities supporting Parties
    "preamble-9",  # the Manila Declaration
    "preamble-15",  # the adoption of the BBNJ agreement
    "preamble-16",  # collaboration with ICLEI
    "preamble-21",  # remote participation in meetings
    "preamble-22",  # the World Coastal Forum
)


def seed_items(seeds_dir: Path, name: str) -> list[AlignItem]:
    return items_from_parsed(parse_text(read_document_text(seeds_dir / name)))


@pytest.fixture
def seed_alignment(seeds_dir: Path) -> Alignment:
    return align(
        seed_items(seeds_dir, RESOLUTION_10_21), seed_items(seeds_dir, RESOLUTION_11_10_REV)
    )


def test_the_seeds_give_the_keys_the_hand_mapping_uses(seeds_dir):
    old_keys = {item.key for item in seed_items(seeds_dir, RESOLUTION_10_21)}
    new_keys = {item.key for item in seed_items(seeds_dir, RESOLUTION_11_10_REV)}

    assert set(CARRIED_ON_IN_11_10) | set(NO_SUCCESSOR) <= old_keys
    assert set(CARRIED_ON_IN_11_10.values()) | set(NO_FORERUNNER) <= new_keys


def test_secretariat_finds_where_each_paragraph_of_10_21_went_in_11_10(seed_alignment):
    found = carried_on(seed_alignment)

    missed = {old: new for old, new in CARRIED_ON_IN_11_10.items() if new not in found.get(old, [])}

    assert missed == {}


def test_the_aligner_pairs_the_hand_mapped_paragraphs_with_nothing_else(seed_alignment):
    found = carried_on(seed_alignment)

    paired = {old: found.get(old, []) for old in CARRIED_ON_IN_11_10}

    assert paired == {old: [new] for old, new in CARRIED_ON_IN_11_10.items()}


def test_paragraphs_of_10_21_that_were_dropped_are_left_unmatched(seed_alignment):
    assert [key for key in NO_SUCCESSOR if key not in seed_alignment.unmatched_old] == []


def test_paragraphs_new_in_11_10_are_left_unmatched(seed_alignment):
    assert [key for key in NO_FORERUNNER if key not in seed_alignment.unmatched_new] == []


# Keys and items


def test_numbered_paragraphs_are_keyed_by_number_and_the_others_by_section_and_count():
    paragraphs = [
        Paragraph(section="preamble", number=None, text="Recalling,"),
        Paragraph(section="preamble", number=None, text="Noting,"),
        Paragraph(section="operative", number="1", text="Requests,"),
        Paragraph(section="operative", number="2", text="Urges,"),
        Paragraph(section="operative", number=None, text="Decides,"),
    ]

    assert paragraph_keys(paragraphs) == ["preamble-1", "preamble-2", "1", "2", "operative-1"]


def test_a_number_used_twice_gives_way_to_section_keys():
    paragraphs = [
        Paragraph(section="operative", number="1", text="Requests,"),
        Paragraph(section="operative", number="2", text="Urges,"),
        Paragraph(section="action_requested", number="1", text="Note the report,"),
    ]

    assert paragraph_keys(paragraphs) == ["operative-1", "2", "action_requested-1"]


def test_a_number_that_looks_like_a_section_key_does_not_collide():
    paragraphs = [
        Paragraph(section="preamble", number=None, text="Recalling,"),
        Paragraph(section="operative", number="preamble-1", text="Requests,"),
        Paragraph(section="operative", number="preamble-1-2", text="Urges,"),
    ]

    assert paragraph_keys(paragraphs) == ["preamble-1", "preamble-1-3", "preamble-1-2"]


def test_items_carry_the_text_of_sub_items():
    parsed = parse_text(
        "Recalling Resolution 7.9,\n\n"
        "1. Urges Parties to take part in\n"
        "(a) the first meeting;\n"
        "(b) the second meeting.\n"
    )

    items = items_from_parsed(parsed)

    assert items == [
        AlignItem("preamble-1", "preamble", "Recalling Resolution 7.9,"),
        AlignItem(
            "1",
            "operative",
            "Urges Parties to take part in\n(a) the first meeting;\n(b) the second meeting.",
        ),
    ]


# Word differences


def test_reader_sees_an_inserted_word():
    segments = word_diff(
        "Requests the Secretariat to report", "Requests the Secretariat to report  now"
    )

    assert segments == [("same", "Requests the Secretariat to report"), ("added", "now")]


def test_reader_sees_a_replaced_word_removed_before_its_replacement():
    segments = word_diff(
        "Instructs the Secretariat to report", "Requests the Secretariat to\nreport"
    )

    assert segments == [
        ("removed", "Instructs"),
        ("added", "Requests"),
        ("same", "the Secretariat to report"),
    ]


def test_identical_texts_are_one_same_segment_and_empty_texts_none():
    assert word_diff("a  b\nc", "a b c") == [("same", "a b c")]
    assert word_diff("", " ") == []


# Properties

examples = settings(
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
VOCABULARY = (
    "the of and Parties Secretariat requests urges report flyway wetlands lead budget "
    "birds bats turtles data 2030 ; , (a)"
)
WORDS = st.sampled_from(VOCABULARY.split())
TEXTS = st.lists(WORDS, max_size=25).map(" ".join)
DOCUMENTS = st.lists(st.tuples(st.sampled_from(["preamble", "operative"]), TEXTS), max_size=12).map(
    lambda rows: [AlignItem(f"k{n}", section, text) for n, (section, text) in enumerate(rows)]
)


@examples
@given(DOCUMENTS)
def test_a_document_aligned_with_itself_pairs_every_paragraph_with_itself(items):
    alignment = align(items, items)

    assert alignment == Alignment(
        pairs=tuple(Pair(item.key, item.key, 1.0) for item in items),
        unmatched_old=(),
        unmatched_new=(),
    )


@examples
@given(DOCUMENTS, DOCUMENTS)
def test_every_paragraph_is_paired_or_unmatched_and_nothing_else(old, new):
    alignment = align(old, new)

    old_keys = [item.key for item in old]
    new_keys = [item.key for item in new]
    paired_old = {pair.old for pair in alignment.pairs}
    paired_new = {pair.new for pair in alignment.pairs}
    assert paired_old | set(alignment.unmatched_old) == set(old_keys)
    assert paired_new | set(alignment.unmatched_new) == set(new_keys)
    assert paired_old.isdisjoint(alignment.unmatched_old)
    assert paired_new.isdisjoint(alignment.unmatched_new)
    assert len({(pair.old, pair.new) for pair in alignment.pairs}) == len(alignment.pairs)
    assert all(0.0 <= pair.score <= 1.0 for pair in alignment.pairs)
    assert align(old, new) == alignment


@examples
@given(TEXTS, TEXTS)
def test_a_word_diff_gives_back_both_texts(old, new):
    segments = word_diff(old, new)

    assert " ".join(text for op, text in segments if op != "added") == " ".join(old.split())
    assert " ".join(text for op, text in segments if op != "removed") == " ".join(new.split())
