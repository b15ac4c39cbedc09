"""Ingest: a file becomes a document with its paragraphs, verbs, citations and versions;
the same file again changes nothing; a refused file leaves nothing behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from meahub.documents.enums import IngestStatus, SupersessionBasis
from meahub.documents.models import (
    Actor,
    Citation,
    Document,
    Paragraph,
    ParagraphVerb,
    Supersession,
)
from meahub.documents.services import ingest_bytes, ingest_text
from meahub.meetings.models import Meeting
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db

RESOLUTION = """UNEP/CMS/Resolution 31.4
Original: English

COOPERATION ON STEPPE MAMMALS

Adopted by the Conference of the Parties at its 31st Meeting (Tashkent, 3-8 May 2031)

Recalling Resolution 29.2 on steppe corridors and document UNEP/CMS/COP31/Doc.7,

Aware that fences cut migration routes,

The Conference of the Parties to the Convention on the Conservation of Migratory Species of
Wild Animals

1. Requests the Secretariat to compile fence maps with Range States;

2. Urges Parties to remove disused fences and invites NGOs to help them;

3. Instructs the Standing Committee to review progress, taking into account Decision 31.12.
"""

REVISED = RESOLUTION.replace("Resolution 31.4\n", "Resolution 31.4 (Rev.COP32)\n").replace(
    "31st Meeting (Tashkent, 3-8 May 2031)", "32nd Meeting (Almaty, 1-6 June 2033)"
)


def test_officer_ingests_a_resolution_and_gets_its_structure(secretariat_officer, bukhara):
    outcome = ingest_text(RESOLUTION, "res.txt", by=secretariat_officer)

    assert outcome.status == IngestStatus.CREATED
    document = outcome.document
    assert document.symbol == "UNEP/CMS/Resolution 31.4"
    assert document.key == "Resolution 31.4"
    assert document.kind == "resolution"
    assert document.instrument == bukhara.cms  # read from the symbol
    assert document.meeting.name == "31st Meeting of the Conference of the Parties"
    anchors = list(document.paragraphs.values_list("anchor", flat=True))
    assert anchors == ["preamble-1", "preamble-2", "1", "2", "3"]
    second = document.paragraphs.get(anchor="2")
    assert [(v.verb, list(v.actors)) for v in second.verb_uses()] == [
        ("urges", ["Parties"]),
        ("invites", ["NGOs"]),
    ]
    with document.original.open("rb") as original:
        assert original.read().decode() == RESOLUTION
    assert document.history.first().history_user == secretariat_officer


def test_cited_documents_appear_as_placeholders_linked_from_the_paragraph(secretariat_officer):
    document = ingest_text(RESOLUTION, "res.txt", by=secretariat_officer).document

    cited = {c.ref: c for c in document.citations.select_related("target", "paragraph")}
    assert set(cited) == {"Resolution 29.2", "UNEP/CMS/COP31/Doc.7", "Decision 31.12"}
    assert cited["Resolution 29.2"].paragraph.anchor == "preamble-1"
    assert cited["Decision 31.12"].paragraph.anchor == "3"
    assert all(c.target.is_placeholder for c in cited.values())
    assert cited["UNEP/CMS/COP31/Doc.7"].target.kind == "working document"


def test_ingesting_the_same_file_again_changes_nothing(secretariat_officer):
    first = ingest_bytes(RESOLUTION.encode(), "res.txt", by=secretariat_officer)
    counts = (
        Document.objects.count(),
        Paragraph.objects.count(),
        Citation.objects.count(),
        Document.history.count(),
    )

    again = ingest_bytes(RESOLUTION.encode(), "copy-of-res.txt", by=secretariat_officer)

    assert again.status == IngestStatus.UNCHANGED
    assert again.document == first.document
    assert "already held as UNEP/CMS/Resolution 31.4" in again.message
    assert counts == (
        Document.objects.count(),
        Paragraph.objects.count(),
        Citation.objects.count(),
        Document.history.count(),
    )


def test_a_placeholder_fills_in_when_the_cited_document_arrives(secretariat_officer):
    ingest_text(RESOLUTION, "res.txt", by=secretariat_officer)
    placeholder = Document.objects.get(key="Resolution 29.2")
    older = (
        "UNEP/CMS/Resolution 29.2\n\nSTEPPE CORRIDORS\n\n"
        "1. Requests the Secretariat to map corridors.\n"
    )

    outcome = ingest_text(older, "29-2.txt", by=secretariat_officer)

    assert outcome.status == IngestStatus.CREATED
    assert outcome.document.pk == placeholder.pk
    assert not outcome.document.is_placeholder
    citation = Citation.objects.get(ref="Resolution 29.2")
    assert citation.target_id == placeholder.pk


def test_a_changed_text_keeps_the_paragraph_rows_and_their_addresses(secretariat_officer):
    document = ingest_text(RESOLUTION, "res.txt", by=secretariat_officer).document
    kept = document.paragraphs.get(anchor="1")
    url = kept.get_absolute_url()
    corrected = RESOLUTION.replace("compile fence maps", "compile and publish fence maps").replace(
        "\n3. Instructs the Standing Committee to review progress, taking into account "
        "Decision 31.12.\n",
        "\n",
    )

    outcome = ingest_text(corrected, "res-corrected.txt", by=secretariat_officer)

    assert outcome.status == IngestStatus.UPDATED
    assert outcome.document.pk == document.pk
    kept.refresh_from_db()
    assert "compile and publish fence maps" in kept.text
    assert kept.get_absolute_url() == url
    assert not document.paragraphs.filter(anchor="3").exists()
    assert not Citation.objects.filter(ref="Decision 31.12").exists()


def test_a_revision_supersedes_the_version_it_revises_whichever_arrives_first(
    secretariat_officer,
):
    revised = ingest_text(REVISED, "rev.txt", by=secretariat_officer).document
    link = Supersession.objects.get(new=revised)
    assert link.basis == SupersessionBasis.REVISION
    assert link.old.is_placeholder and link.old.key == "Resolution 31.4"

    original = ingest_text(RESOLUTION, "res.txt", by=secretariat_officer).document

    assert original.pk == link.old.pk
    assert list(revised.supersedes.all()) == [original]
    assert list(original.superseded_by.all()) == [revised]


def test_a_resolution_with_the_same_title_that_recalls_another_supersedes_it(
    secretariat_officer,
):
    older = (
        "UNEP/CMS/Resolution 29.2\n\nCOOPERATION ON STEPPE MAMMALS\n\n"
        "1. Requests the Secretariat to map corridors.\n"
    )
    newer = RESOLUTION.replace("Recalling Resolution 29.2 on", "Recalling Resolution 29.2 and")
    ingest_text(newer, "new.txt", by=secretariat_officer)  # the newer one arrives first

    old_document = ingest_text(older, "old.txt", by=secretariat_officer).document

    link = Supersession.objects.get(old=old_document)
    assert link.new.symbol == "UNEP/CMS/Resolution 31.4"
    assert link.basis == SupersessionBasis.SAME_TITLE


def test_a_resolution_that_repeals_another_supersedes_it(secretariat_officer):
    text = RESOLUTION.replace(
        "3. Instructs", "3. Decides to repeal Resolution 28.9;\n\n4. Instructs"
    )

    document = ingest_text(text, "res.txt", by=secretariat_officer).document

    link = Supersession.objects.get(new=document)
    assert link.old.key == "Resolution 28.9"
    assert link.basis == SupersessionBasis.REPLACES


def test_a_decision_cited_by_number_resolves_to_its_paragraph(secretariat_officer):
    document = ingest_text(RESOLUTION, "res.txt", by=secretariat_officer).document
    decisions = (
        "UNEP/CMS/Dec.31.10-31.12\n\nDECISIONS ON STEPPE MAMMALS\n\n"
        "31.12 The Secretariat, subject to the availability of resources, is requested to:\n"
        "a) gather fence data;\nb) report to the Standing Committee.\n"
    )

    decision_document = ingest_text(decisions, "dec.txt", by=secretariat_officer).document

    citation = document.citations.get(ref="Decision 31.12")
    assert citation.target == decision_document
    assert citation.target_paragraph.number == "31.12"
    assert not Document.objects.filter(key="Decision 31.12").exists()  # placeholder gone


def test_staff_extend_the_actor_list_and_the_next_ingest_uses_it(secretariat_officer):
    Actor.objects.create(
        name="Steppe Working Group", slug="steppe-working-group", patterns=r"Steppe Working Group"
    )
    text = RESOLUTION.replace("1. Requests the Secretariat", "1. Requests the Steppe Working Group")

    document = ingest_text(text, "res.txt", by=secretariat_officer).document

    verbs = ParagraphVerb.objects.filter(paragraph__document=document, paragraph__anchor="1")
    assert [v.actor.name for v in verbs] == ["Steppe Working Group"]


def test_a_named_meeting_is_linked_and_not_created_twice(secretariat_officer):
    meeting = Meeting.objects.create(
        slug="cms-cop31", name="31st Meeting of the Conference of the Parties"
    )

    document = ingest_text(RESOLUTION, "res.txt", by=secretariat_officer).document
    revised = ingest_text(REVISED, "rev.txt", by=secretariat_officer, meeting=meeting).document

    assert document.meeting == meeting
    assert revised.meeting == meeting
    assert Meeting.objects.count() == 1


def _nothing_stored(media: Path) -> bool:
    files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    return Document.objects.count() == 0 and not files


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "empty.txt", "the file is empty"),
        (b"   \n\n  ", "blank.md", "the file is empty"),
        (bytes(range(256)) * 8, "junk.txt", "binary"),
        (b"%PDF-1.4 truncated", "broken.pdf", "not a readable PDF"),
        (b"PK\x03\x04 not really", "broken.docx", "DOCX"),
        (b"Some text without any symbol.\n\n1. Requests the Secretariat.", "nosym.txt", "symbol"),
        (b"data", "table.xlsx", "unsupported file type"),
    ],
)
def test_a_bad_file_is_refused_naming_it_and_nothing_is_stored(
    secretariat_officer, settings, data, name, reason
):
    outcome = ingest_bytes(data, name, by=secretariat_officer)

    assert outcome.status == IngestStatus.REFUSED
    assert outcome.message.startswith(name)
    assert reason in outcome.message
    assert _nothing_stored(Path(settings.MEDIA_ROOT))


def test_a_file_over_the_limit_is_refused(secretariat_officer, settings):
    settings.MEAHUB_MAX_DOCUMENT_BYTES = 100

    outcome = ingest_bytes(RESOLUTION.encode(), "big.txt", by=secretariat_officer)

    assert outcome.status == IngestStatus.REFUSED
    assert "over the limit of 100 bytes" in outcome.message
    assert _nothing_stored(Path(settings.MEDIA_ROOT))


def test_focal_points_partners_and_other_staff_cannot_ingest(
    nfp_uzbekistan, partner_cic, bukhara, settings
):
    elsewhere = f.make_instrument(code="AEWA")
    other_staff = f.make_secretariat(instruments=[elsewhere])

    for user in (nfp_uzbekistan, partner_cic, other_staff):
        outcome = ingest_text(RESOLUTION, "res.txt", by=user)
        assert outcome.status == IngestStatus.REFUSED
        assert "you may not add documents of CMS" in outcome.message
    assert _nothing_stored(Path(settings.MEDIA_ROOT))


def test_ingest_command_reports_each_file_and_fails_when_one_is_refused(
    secretariat_officer, tmp_path, capsys
):
    good = tmp_path / "res.txt"
    good.write_text(RESOLUTION)
    empty = tmp_path / "empty.txt"
    empty.write_text("")

    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("ingest", str(good), str(empty), "--user", "officer")

    out, err = capsys.readouterr()
    assert f"{good}: created UNEP/CMS/Resolution 31.4" in out
    assert f"{empty}: the file is empty" in err
    assert Document.objects.get(symbol="UNEP/CMS/Resolution 31.4").history.first().history_user


def test_ingest_command_prints_json_and_is_idempotent(db, tmp_path, capsys, bukhara):
    good = tmp_path / "res.txt"
    good.write_text(RESOLUTION)

    call_command("ingest", str(good), "--json", "--instrument", "CMS")
    call_command("ingest", str(good), "--json")

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["status"] for line in lines] == ["created", "unchanged"]
    assert lines[0]["symbol"] == "UNEP/CMS/Resolution 31.4"
    history = Document.objects.get(symbol="UNEP/CMS/Resolution 31.4").history.first()
    assert history.history_change_reason == "meahub ingest (command line)"


def test_ingest_command_refuses_an_unknown_instrument(db, tmp_path):
    with pytest.raises(CommandError, match="no instrument with the code 'NOPE'"):
        call_command("ingest", str(tmp_path / "x.txt"), "--instrument", "NOPE")


def test_the_four_seeds_ingest_and_resolution_10_21_is_superseded_by_11_10(
    seeds_dir, secretariat_officer
):
    paths = sorted(seeds_dir.glob("*.txt"))
    symbols = {
        "001": "UNEP/CMS/Resolution 10.21",
        "002": "UNEP/CMS/StC44/16",
    }
    for path in paths:
        outcome = ingest_bytes(
            path.read_bytes(),
            path.name,
            by=secretariat_officer,
            symbol=symbols.get(path.name[:3]),
        )
        assert outcome.status == IngestStatus.CREATED, outcome.message

    old = Document.objects.get(symbol="UNEP/CMS/Resolution 10.21")
    new = Document.objects.get(symbol="UNEP/CMS/Resolution 11.10 (Rev.COP14)")
    assert old.paragraphs.filter(section="operative").count() == 18
    assert new.paragraphs.filter(section="operative").count() == 33
    assert Supersession.objects.get(old=old, new=new).basis == SupersessionBasis.SAME_TITLE
    assert new.supersedes.filter(key="Resolution 11.10", is_placeholder=True).exists()
    workshop = Document.objects.get(symbol="UNEP/CMS/BKD/TW1/Doc.2")
    assert workshop.instrument.code == "BKD"
    assert workshop.meeting.place == "Online"
