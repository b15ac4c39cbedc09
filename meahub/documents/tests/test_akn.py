"""The Akoma Ntoso export: small documents of our own, ingested, then exported."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from textwrap import dedent

import pytest

from meahub.documents.akn import AKN_NS, to_akn, work_uri
from meahub.documents.models import Document, Paragraph
from meahub.documents.services import ingest_path, ingest_text

pytestmark = pytest.mark.django_db

NS = {"akn": AKN_NS}

RESOLUTION = dedent(
    """\
    UNEP/CMS/Resolution 98.1

    Original: English

    COOPERATION ON STEPPE ANTELOPES

    Adopted by the Conference of the Parties at its 98th Meeting (Lakeside, 3-8 March 2031)

    Recalling Resolution 97.4 on range-wide surveys;

    Noting that the surveys of 2030 covered fewer than half of the range;

    The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals

    1. Requests the Secretariat to compile the survey results & to publish them <online>;

    2. Urges Parties to:

    (a) share their survey data with the Secretariat;

    (b) fund joint surveys across borders;

    3. Invites the Scientific Council to review Resolution 97.4 and to report to the Standing Committee.
    """  # noqa: E501
)

REVISION = dedent(
    """\
    UNEP/CMS/Resolution 98.1 (Rev.COP99)

    Original: English

    COOPERATION ON STEPPE ANTELOPES

    Adopted by the Conference of the Parties at its 99th Meeting (Lakeside, 1-5 May 2034)

    Recalling Resolution 98.1 on cooperation on steppe antelopes;

    The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals

    1. Requests the Secretariat to publish the survey results every year;

    2. Urges Parties to share their survey data with the Secretariat.
    """  # noqa: E501
)

WORKING_DOCUMENT = dedent(
    """\
    UNEP/CMS/StC99/Doc.7

    2 May 2033

    Original: English

    PROGRESS ON STEPPE ANTELOPE SURVEYS

    1. The Secretariat compiled the survey results requested by Resolution 98.1.

    Next steps

    2. Two Range States have offered to host a workshop on survey methods.

    Action requested

    3. The Standing Committee is invited to:

    a) take note of this report;

    b) advise the Secretariat on the workshop.
    """
)


def ingest(text: str, name: str = "document.txt", *, publish: bool = True) -> Document:
    outcome = ingest_text(text, name, by=None, publish=publish)
    assert outcome.document is not None, outcome.message
    return outcome.document


def export(document: Document) -> ET.Element:
    return ET.fromstring(to_akn(document))


def one(element: ET.Element, path: str) -> ET.Element:
    found = element.find(path, NS)
    assert found is not None, f"no {path}"
    return found


def eids(root: ET.Element) -> list[str]:
    return [element.attrib["eId"] for element in root.iter() if "eId" in element.attrib]


def test_a_resolution_is_a_namespaced_akn_statement():
    root = export(ingest(RESOLUTION))

    statement = root.find("akn:statement", NS)
    assert root.tag == f"{{{AKN_NS}}}akomaNtoso"
    assert statement is not None
    assert statement.attrib["name"] == "resolution"
    assert [child.tag.rpartition("}")[2] for child in statement] == [
        "meta",
        "preface",
        "preamble",
        "mainBody",
    ]


def test_the_identification_names_the_work_by_instrument_date_and_symbol():
    document = ingest(RESOLUTION)

    root = export(document)

    work = one(root, ".//akn:FRBRWork")
    assert one(work, "akn:FRBRuri").attrib["value"] == (
        "/akn/un/statement/deliberation/cms/2031-03-08/resolution-98.1"
    )
    assert one(work, "akn:FRBRdate").attrib == {"date": "2031-03-08", "name": "adoption"}
    assert one(work, "akn:FRBRalias").attrib["value"] == "UNEP/CMS/Resolution 98.1"
    assert one(root, ".//akn:FRBRlanguage").attrib["language"] == "eng"


def test_the_preface_carries_the_symbol_and_title():
    root = export(ingest(RESOLUTION))

    assert root.findtext(".//akn:preface//akn:docNumber", namespaces=NS) == (
        "UNEP/CMS/Resolution 98.1"
    )
    assert root.findtext(".//akn:preface//akn:docTitle", namespaces=NS) == (
        "Cooperation on Steppe Antelopes"
    )


def test_every_operative_paragraph_is_a_paragraph_of_the_main_body():
    document = ingest(RESOLUTION)

    paragraphs = export(document).findall("akn:statement/akn:mainBody/akn:paragraph", NS)

    assert [p.attrib["eId"] for p in paragraphs] == ["para_1", "para_2", "para_3"]
    assert len(paragraphs) == document.paragraphs.filter(section="operative").count()
    assert [p.findtext("akn:num", namespaces=NS) for p in paragraphs] == ["1.", "2.", "3."]


def test_preamble_paragraphs_are_containers_followed_by_the_enacting_formula():
    preamble = export(ingest(RESOLUTION)).find(".//akn:preamble", NS)

    assert preamble is not None
    assert [(c.tag.rpartition("}")[2], c.attrib.get("eId")) for c in preamble] == [
        ("container", "preamble__container_1"),
        ("container", "preamble__container_2"),
        ("formula", "preamble__formula_1"),
    ]
    assert preamble[2].findtext("akn:p", namespaces=NS) == (
        "The Conference of the Parties to the Convention on the Conservation of Migratory "
        "Species of Wild Animals"
    )


def test_sub_items_are_points_of_a_list_after_the_paragraphs_intro():
    root = export(ingest(RESOLUTION))

    listing = one(root, ".//akn:paragraph[@eId='para_2']/akn:list")

    assert "".join(one(listing, "akn:intro/akn:p").itertext()) == "Urges Parties to:"
    assert [
        (point.attrib["eId"], point.findtext("akn:num", namespaces=NS))
        for point in listing.findall("akn:point", NS)
    ] == [("para_2__list_1__point_a", "(a)"), ("para_2__list_1__point_b", "(b)")]


def test_every_eid_is_unique_also_for_anchors_that_need_cleaning():
    document = ingest(RESOLUTION)
    Paragraph.objects.filter(document=document, anchor="1").update(anchor="5 bis/a_1")
    Paragraph.objects.filter(document=document, anchor="2").update(anchor="5-bis-a-1")

    found = eids(export(document))

    assert len(found) == len(set(found))
    assert [e for e in found if e.startswith("para_") and "__" not in e] == [
        "para_5-bis-a-1",
        "para_5-bis-a-1-2",
        "para_3",
    ]


def test_verbs_are_marked_and_actors_refer_to_their_organization():
    root = export(ingest(RESOLUTION))

    p = root.find(".//akn:paragraph[@eId='para_1']/akn:content/akn:p", NS)

    assert p is not None
    verbs = p.findall("akn:span[@class='operativeVerb']", NS)
    assert [v.text for v in verbs] == ["Requests"]
    organization = p.find("akn:organization", NS)
    assert organization is not None
    assert (organization.text, organization.attrib["refersTo"]) == ("Secretariat", "#secretariat")
    tlc = root.find(".//akn:references/akn:TLCOrganization[@eId='secretariat']", NS)
    assert tlc is not None
    assert tlc.attrib["showAs"] == "Secretariat"


def test_a_citation_becomes_a_ref_to_the_cited_documents_work():
    original = ingest(RESOLUTION)
    report = ingest(WORKING_DOCUMENT)

    refs = export(report).findall(".//akn:mainBody//akn:ref", NS)

    assert [(ref.text, ref.attrib["href"]) for ref in refs] == [
        ("Resolution 98.1", work_uri(original))
    ]


def test_a_working_document_is_a_doc_with_body_paragraphs_and_action_requested():
    root = export(ingest(WORKING_DOCUMENT))

    body = root.find("akn:doc/akn:mainBody", NS)

    assert one(root, "akn:doc").attrib["name"] == "workingDocument"
    assert body is not None
    assert [(c.tag.rpartition("}")[2], c.get("eId") or c.text) for c in body] == [
        ("paragraph", "para_1"),
        ("crossHeading", "Next steps"),
        ("paragraph", "para_2"),
        ("crossHeading", "Action requested"),
        ("paragraph", "para_3"),
    ]


def test_a_revision_records_what_it_supersedes_and_the_original_by_what_it_is_superseded():
    original = ingest(RESOLUTION)
    revision = ingest(REVISION)

    old, new = export(original), export(revision)

    assert list(revision.supersedes.all()) == [original]
    passive = one(old, ".//akn:passiveModifications/akn:textualMod")
    assert one(passive, "akn:source").attrib["href"] == work_uri(revision)
    assert one(old, ".//akn:passiveRef").attrib["href"] == work_uri(revision)
    active = one(new, ".//akn:activeModifications/akn:textualMod")
    assert one(active, "akn:destination").attrib["href"] == work_uri(original)
    assert one(new, ".//akn:activeRef").attrib["href"] == work_uri(original)


def test_the_public_export_leaves_out_an_unpublished_revision_that_staff_see(
    secretariat_officer,
):
    original = ingest(RESOLUTION)
    ingest(REVISION, publish=False)

    public = ET.fromstring(to_akn(original))
    staff = ET.fromstring(to_akn(original, user=secretariat_officer))

    assert public.find(".//akn:passiveModifications", NS) is None
    assert staff.find(".//akn:passiveModifications", NS) is not None


def test_a_paragraphs_text_survives_the_round_trip_escaped():
    document = ingest(RESOLUTION)
    paragraph = document.paragraphs.get(anchor="1")

    p = export(document).find(".//akn:paragraph[@eId='para_1']/akn:content/akn:p", NS)

    assert "&" in paragraph.text and "<online>" in paragraph.text
    assert p is not None
    assert "".join(p.itertext()) == paragraph.text


def test_characters_xml_cannot_carry_are_dropped():
    document = ingest(RESOLUTION)
    Paragraph.objects.filter(document=document, anchor="3").update(
        text="Invites\x0b the\x1f Council"  # PostgreSQL text cannot hold NUL at all
    )

    p = export(document).find(".//akn:paragraph[@eId='para_3']/akn:content/akn:p", NS)

    assert p is not None
    assert "".join(p.itertext()) == "Invites the Council"


def test_the_export_is_deterministic():
    document = ingest(RESOLUTION)

    assert to_akn(document) == to_akn(document)


def test_the_export_reads_a_fixed_number_of_queries(django_assert_max_num_queries):
    document = ingest(RESOLUTION)
    ingest(WORKING_DOCUMENT)
    ingest(REVISION)
    document.refresh_from_db()

    with django_assert_max_num_queries(10):
        to_akn(document)


def test_seed_003_exports_its_33_operative_and_22_preamble_paragraphs(seeds_dir: Path):
    outcome = ingest_path(seeds_dir / "003_b9f36b7d92af07bf.txt", by=None, publish=True)
    assert outcome.document is not None

    root = export(outcome.document)

    assert len(root.findall(".//akn:mainBody/akn:paragraph", NS)) == 33
    assert len(root.findall(".//akn:preamble/akn:container", NS)) == 22
    found = eids(root)
    assert len(found) == len(set(found))
    assert one(root, ".//akn:activeRef").attrib["showAs"] == "Resolution 11.10"
