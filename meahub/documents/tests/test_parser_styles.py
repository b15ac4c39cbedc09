"""The parser on small documents of our own, in the styles of other conventions, and on the
kinds of damage that text extraction does."""

from __future__ import annotations

import datetime as dt
from textwrap import dedent

from meahub.documents.parser import ACTORS, compile_actors, parse_text, to_json

RAMSAR_STYLE = dedent(
    """\
    CONVENTION ON WETLANDS

    15th Meeting of the Conference of the Contracting Parties
    Lakeside, 3-11 June 2031

    Resolution XV.99

    STEWARDSHIP OF TEMPORARY WETLANDS IN DRYLANDS

    1. RECALLING Resolution X.8 on communication and Resolution XI.6 on partnerships,
    and the guidance adopted through CITES Resolution Conf. 13.3;

    2. NOTING that seasonal pools in arid regions are seldom mapped and that the
    imple-
    mentation of protection measures lags behind;

    3. AWARE of the report in document Ramsar/COP15/Doc.9 on dryland wetlands;

    THE CONFERENCE OF THE CONTRACTING PARTIES

    4. REQUESTS the Secretariat to compile a register of temporary wetlands reported by
    Contracting Parties and to present it at the next meeting;

    5. URGES Contracting Parties to include temporary wetlands in their national
    inventories and INVITES the Scientific and Technical Review Panel to prepare
    guidance on their survey;

    6. CALLS UPON non-Party Range States and NGOs to share survey data with the
    Secretariat.
    """
)

CMS_DECISION_STYLE = dedent(
    """\
    CONVENTION ON MIGRATORY SPECIES

    UNEP/CMS/COP19/Doc.31.4

    3 March 2029

    NINETEENTH MEETING OF THE CONFERENCE OF THE PARTIES
    Riverton, 10 - 15 May 2029

    DRAFT DECISIONS ON NIGHT LIGHTING AND MIGRATORY BIRDS

    Directed to the Secretariat

    19.101 The Secretariat, subject to the availability of external resources, is
    requested to:

    a) gather existing guidance on reducing artificial light at night along flyways;

    b) report on progress to the Scientific Council at its next meeting.

    Directed to Parties

    19.102 Parties are encouraged to:

    a) map the lighting that affects stopover sites, building on Decisions 13.24 to 13.26
    and Resolution 11.10 (Rev.COP14);

    b) share their maps with the Secretariat.

    Directed to the Scientific Council

    19.103 The Scientific Council shall review the guidance gathered under Decision
    19.101 and advise the Standing Committee.
    """
)

CBD_STYLE = dedent(
    """\
    Decision XV/98. Cooperation on migratory pollinators

    The Conference of the Parties,

    Recalling decision X/20 and decisions XI/6 and XII/30,

    Noting the information in document CBD/SBSTTA/25/INF/7,

    1. Invites Parties and other Governments to consider migratory pollinators in their
    national biodiversity strategies;

    2. Requests the Executive Secretary, subject to the availability of resources:

    (a) to compile case studies on pollinator corridors;

    (b) to cooperate with the secretariats of other biodiversity-related conventions
    through the Biodiversity Liaison Group;

    3. Takes note of the work of the Subsidiary Body on Scientific, Technical and
    Technological Advice and encourages indigenous peoples and local communities to
    contribute their knowledge.
    """
)


def verbs_of(text: str) -> list[tuple[str | None, list[tuple[str, tuple[str, ...]]]]]:
    parsed = parse_text(text)
    return [(p.number, [(v.verb, v.actors) for v in p.verbs]) for p in parsed.section("operative")]


def test_ramsar_resolution_keeps_its_numbered_preamble_apart_from_capitalised_verbs():
    parsed = parse_text(RAMSAR_STYLE)

    assert [(p.section, p.number) for p in parsed.paragraphs] == [
        ("preamble", "1"),
        ("preamble", "2"),
        ("preamble", "3"),
        ("operative", "4"),
        ("operative", "5"),
        ("operative", "6"),
    ]
    assert [h.kind for h in parsed.headings] == ["formula"]
    assert (parsed.kind, parsed.title) == (
        "resolution",
        "Stewardship of Temporary Wetlands in Drylands",
    )


def test_ramsar_resolution_verbs_are_lower_case_with_their_actors():
    assert verbs_of(RAMSAR_STYLE) == [
        ("4", [("requests", ("Secretariat",))]),
        (
            "5",
            [
                ("urges", ("Parties",)),
                ("invites", ("Scientific and Technical Review Panel",)),
            ],
        ),
        ("6", [("calls on", ("non-Party Range States", "NGOs"))]),
    ]


def test_ramsar_resolution_meeting_and_references():
    parsed = parse_text(RAMSAR_STYLE)

    assert parsed.meeting is not None
    assert (parsed.meeting.name, parsed.meeting.place, parsed.meeting.dates) == (
        "15th Meeting of the Conference of the Contracting Parties",
        "Lakeside",
        "2031-06-03/2031-06-11",
    )
    assert [(r.kind, r.ref) for r in parsed.references] == [
        ("resolution", "Resolution X.8"),
        ("resolution", "Resolution XI.6"),
        ("resolution", "Resolution Conf. 13.3"),
        ("document", "Ramsar/COP15/Doc.9"),
    ]


def test_a_word_broken_at_a_line_end_is_joined():
    parsed = parse_text(RAMSAR_STYLE)

    assert (
        "that the implementation of protection measures lags behind;" in parsed.paragraphs[1].text
    )


def test_cms_decisions_address_their_actors_in_the_passive():
    assert verbs_of(CMS_DECISION_STYLE) == [
        ("19.101", [("requests", ("Secretariat",))]),
        ("19.102", [("encourages", ("Parties",))]),
        ("19.103", [("shall", ("Scientific Council",))]),
    ]


def test_cms_decisions_keep_their_sub_items_and_headings():
    parsed = parse_text(CMS_DECISION_STYLE)
    first = parsed.paragraphs[0]

    assert first.text == (
        "The Secretariat, subject to the availability of external resources, is requested to:"
    )
    assert [(s.label, s.text) for s in first.subitems] == [
        ("a)", "gather existing guidance on reducing artificial light at night along flyways;"),
        ("b)", "report on progress to the Scientific Council at its next meeting."),
    ]
    assert [p.heading for p in parsed.paragraphs] == [
        "Directed to the Secretariat",
        "Directed to Parties",
        "Directed to the Scientific Council",
    ]


def test_cms_decisions_document_header_and_references():
    parsed = parse_text(CMS_DECISION_STYLE)

    assert (parsed.symbol, parsed.kind, parsed.date) == (
        "UNEP/CMS/COP19/Doc.31.4",
        "working document",
        dt.date(2029, 3, 3),
    )
    assert parsed.meeting is not None
    assert parsed.meeting.name == "19th Meeting of the Conference of the Parties"
    assert [r.ref for r in parsed.references] == [
        "Decision 13.24",
        "Decision 13.25",
        "Decision 13.26",
        "Resolution 11.10 (Rev.COP14)",
        "Decision 19.101",
    ]


def test_cbd_decision_has_its_formula_before_the_preamble():
    parsed = parse_text(CBD_STYLE)

    assert [(p.section, p.number) for p in parsed.paragraphs] == [
        ("preamble", None),
        ("preamble", None),
        ("operative", "1"),
        ("operative", "2"),
        ("operative", "3"),
    ]
    assert (parsed.kind, parsed.title) == ("decision", "Cooperation on migratory pollinators")


def test_cbd_decision_verbs_actors_and_sub_items():
    parsed = parse_text(CBD_STYLE)

    assert verbs_of(CBD_STYLE) == [
        ("1", [("invites", ("Parties", "other governments"))]),
        ("2", [("requests", ("Executive Secretary",))]),
        ("3", [("takes note", ()), ("encourages", ("Indigenous Peoples and local communities",))]),
    ]
    assert [s.label for s in parsed.paragraphs[3].subitems] == ["(a)", "(b)"]


def test_cbd_decision_references_are_normalised():
    parsed = parse_text(CBD_STYLE)

    assert [(r.kind, r.ref) for r in parsed.references] == [
        ("decision", "Decision X/20"),
        ("decision", "Decision XI/6"),
        ("decision", "Decision XII/30"),
        ("document", "CBD/SBSTTA/25/INF/7"),
    ]


def test_a_lost_paragraph_number_is_inferred_from_its_neighbours():
    text = dedent(
        """\
        The Conference of the Parties

        - 1. Notes the report of the working group;

        - Requests the Secretariat to publish it;

        - 3. *Encourages* Parties to use it.
        """
    )

    parsed = parse_text(text)

    assert [(p.number, p.number_inferred) for p in parsed.paragraphs] == [
        ("1", False),
        ("2", True),
        ("3", False),
    ]
    assert parsed.paragraphs[2].text == "Encourages Parties to use it."


def test_page_furniture_is_dropped_and_a_paragraph_continues_across_the_page_break():
    text = dedent(
        """\
        UNEP/CMS/StC99/Doc.4

        1. The Secretariat wrote to every Range State and received answers from
        UNEP/CMS/StC99/Doc.4
        Page 2 of 3
        http://www.example.org/notes
        most of them before the deadline.

        2. Two reports came late.
        """
    )

    parsed = parse_text(text)

    assert [p.text for p in parsed.paragraphs] == [
        "The Secretariat wrote to every Range State and received answers from most of them "
        "before the deadline.",
        "Two reports came late.",
    ]
    assert parsed.furniture == (
        "UNEP/CMS/StC99/Doc.4",
        "Page 2 of 3",
        "http://www.example.org/notes",
    )


def test_real_hyphens_stay_and_line_end_hyphenation_goes():
    text = dedent(
        """\
        1. Joint work on biodiversity-
        related questions and the COP-
        appointed councillor support the imple-
        mentation of the work plan for 2021-
        2026 with non-
        Party Range States.
        """
    )

    [paragraph] = parse_text(text).paragraphs

    assert paragraph.text == (
        "Joint work on biodiversity-related questions and the COP-appointed councillor support "
        "the implementation of the work plan for 2021-2026 with non-Party Range States."
    )


def test_the_document_itself_decides_whether_a_broken_word_had_a_hyphen():
    text = "1. A cross-cutting theme and a well-\nknown partner; a cutting-\nedge tool.\n"
    text += "2. Their cuttingedge work and the cutting-edge one."

    first = parse_text(text).paragraphs[0]

    assert first.text == "A cross-cutting theme and a well-known partner; a cutting-edge tool."


def test_superscripts_split_across_lines_go_back_on_their_number():
    text = "1. The comments received at its 61\nst\n\n meeting and at the 2\nnd\n one."

    [paragraph] = parse_text(text).paragraphs

    assert paragraph.text == "The comments received at its 61st meeting and at the 2nd one."


def test_a_dash_inside_a_sentence_is_not_a_markdown_bullet():
    text = "1. Signed by four Range States\n- Kazakhstan and Tajikistan among them.\n"

    [paragraph] = parse_text(text).paragraphs

    assert paragraph.text == "Signed by four Range States - Kazakhstan and Tajikistan among them."


def test_a_lettered_line_in_mid_sentence_is_not_a_sub_item():
    text = "1. The Parties listed under\n(c) of the annex reported;\n2. Others did not."

    first = parse_text(text).paragraphs[0]

    assert (first.text, first.subitems) == (
        "The Parties listed under (c) of the annex reported;",
        (),
    )


def test_an_admin_extended_actor_table_names_new_actors():
    table = [*ACTORS, ("Youth Council", (r"Youth Council",))]
    text = "The Conference of the Parties\n1. Invites the Youth Council and Parties to act."

    parsed = parse_text(text, actors=compile_actors(table))

    assert [(v.verb, v.actors) for v in parsed.paragraphs[0].verbs] == [
        ("invites", ("Youth Council", "Parties"))
    ]


def test_json_shape_is_the_stable_contract():
    data = to_json(parse_text(CMS_DECISION_STYLE))

    assert list(data) == [
        "symbol",
        "title",
        "kind",
        "date",
        "meeting",
        "paragraphs",
        "references",
    ]
    assert data["date"] == "2029-03-03"
    assert data["meeting"] == {
        "name": "19th Meeting of the Conference of the Parties",
        "place": "Riverton",
        "dates": "2029-05-10/2029-05-15",
    }
    assert data["paragraphs"][1] == {
        "section": "operative",
        "number": "19.102",
        "text": "Parties are encouraged to:",
        "verbs": [{"verb": "encourages", "actors": ["Parties"]}],
        "subitems": [
            {
                "label": "a)",
                "text": "map the lighting that affects stopover sites, building on Decisions "
                "13.24 to 13.26 and Resolution 11.10 (Rev.COP14);",
            },
            {"label": "b)", "text": "share their maps with the Secretariat."},
        ],
    }
    assert data["references"][0] == {"kind": "decision", "ref": "Decision 13.24"}


def test_empty_text_gives_an_empty_document():
    parsed = parse_text("")

    assert (parsed.paragraphs, parsed.references, parsed.kind) == ((), (), "other")


def test_a_last_operative_paragraph_that_lost_its_number_gets_the_next_one():
    text = "The Conference of the Parties\n1. Notes the report;\n- Urges Parties to act."

    parsed = parse_text(text)

    assert [(p.number, p.number_inferred) for p in parsed.paragraphs] == [("1", False), ("2", True)]


def test_annex_text_after_the_operative_part_is_body_without_numbers():
    text = dedent(
        """\
        The Conference of the Parties

        1. Adopts the terms of reference of the working group on night lighting set out
        in the annex to this resolution.

        Annex

        The working group gathers the guidance that Parties and partners have written on
        artificial light.

        It meets once a year, online when it can.
        """
    )

    parsed = parse_text(text)

    assert [(p.section, p.number) for p in parsed.paragraphs] == [
        ("operative", "1"),
        ("body", None),
        ("body", None),
    ]
    assert [h.kind for h in parsed.headings] == ["formula", "annex"]


def test_a_markdown_resolution_gives_its_title_bullets_and_emphasised_verbs():
    text = dedent(
        """\
        # Working Together on Flyways

        Agenda item 12

        Recalling Resolution 9.6,

        - 1. *Requests* the Secretariat to act;
        - 2. **Urges** Parties to help.
        """
    )

    parsed = parse_text(text)

    assert (parsed.title, parsed.kind, parsed.agenda_item) == (
        "Working Together on Flyways",
        "resolution",
        "12",
    )
    assert [(p.section, p.number, p.text) for p in parsed.paragraphs] == [
        ("preamble", None, "Recalling Resolution 9.6,"),
        ("operative", "1", "Requests the Secretariat to act;"),
        ("operative", "2", "Urges Parties to help."),
    ]


def test_the_formula_after_a_preamble_ending_in_a_comma_is_not_part_of_the_preamble():
    text = dedent(
        """\
        Recalling its earlier work on steppe corridors,

        Welcoming the new partnership on fences,

        The Conference of the Parties to the Convention on the Conservation of Migratory
        Species of Wild Animals

        1. Requests the Secretariat to map the fences.
        """
    )

    parsed = parse_text(text)

    preamble = parsed.section("preamble")
    assert [p.text for p in preamble][-1] == "Welcoming the new partnership on fences,"
    assert [h.kind for h in parsed.headings] == ["formula"]
    assert parsed.section("operative")[0].number == "1"
