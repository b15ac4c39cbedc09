"""Carry-over on revision: the mandates of a revised resolution are linked to those of the
version it supersedes through the paragraph alignment, whichever version arrives first."""

from __future__ import annotations

import pytest
from django.db.models import Count

from meahub.documents.models import Document
from meahub.documents.services import ingest_text
from meahub.mandates.enums import MandateStatus, ReviewReason, Timing
from meahub.mandates.models import Evidence, Mandate
from meahub.mandates.services import (
    add_evidence,
    carry_over_into,
    inherited_status,
    settle_review,
    update_mandate,
)

pytestmark = pytest.mark.django_db

HEADER = """UNEP/CMS/Resolution 41.7{rev}
Original: English

WIND FARMS AND MIGRATORY BATS

Adopted by the Conference of the Parties at its {meeting}

Concerned that wind turbines kill migrating bats in large numbers,

The Conference of the Parties to the Convention on the Conservation of Migratory Species of
Wild Animals

"""
OLD = HEADER.format(rev="", meeting="41st Meeting (Lima, 2-7 June 2041)") + (
    "1. Requests the Secretariat to prepare guidelines on wind farms and migratory bats for "
    "the next meeting of the Conference of the Parties;\n\n"
    "2. Urges Parties to monitor bat mortality at wind farms and to share the data with the "
    "Scientific Council;\n\n"
    "3. Invites NGOs to support the training of wind farm operators in the Sahel;\n\n"
    "4. Instructs the Standing Committee to review the funding of the bat programme.\n"
)
# Paragraph 1 reworded, 2 added, old 2 and 4 moved down, old 3 dropped.
NEW = HEADER.format(rev=" (Rev.COP42)", meeting="42nd Meeting (Quito, 8-13 May 2044)") + (
    "1. Requests the Secretariat to prepare, for the next meeting of the Conference of the "
    "Parties, revised guidelines on wind farms and migratory bats that take account of new "
    "turbine designs;\n\n"
    "2. Encourages Range States to designate bat-friendly zones along the Rift Valley;\n\n"
    "3. Urges Parties to monitor bat mortality at wind farms and to share the data with the "
    "Scientific Council;\n\n"
    "4. Instructs the Standing Committee to review the funding of the bat programme.\n"
)


def ingest(text: str, by) -> Document:  # type: ignore[no-untyped-def]
    outcome = ingest_text(text, "bats.txt", by=by)
    assert outcome.document is not None, outcome.message
    return outcome.document


def links(new: Document) -> dict[str, str | None]:
    """New paragraph (and actor) -> the old paragraph its mandate carries on."""
    mandates = Mandate.objects.filter(document=new).select_related(
        "paragraph", "actor", "predecessor__paragraph"
    )
    return {
        f"{m.paragraph.anchor} {m.actor.name}": (
            m.predecessor.paragraph.anchor if m.predecessor else None
        )
        for m in mandates
    }


def at(document: Document, anchor: str) -> Mandate:
    return Mandate.objects.get(document=document, paragraph__anchor=anchor)


EXPECTED_LINKS = {
    "1 Secretariat": "1",
    "2 Range States": None,
    "3 Parties": "2",
    "4 Standing Committee": "4",
}


def test_a_revision_links_each_mandate_it_carries_on_to_its_predecessor(secretariat_officer):
    ingest(OLD, secretariat_officer)

    new = ingest(NEW, secretariat_officer)

    assert links(new) == EXPECTED_LINKS


def test_a_predecessor_arriving_after_its_revision_is_linked_the_same_way(secretariat_officer):
    new = ingest(NEW, secretariat_officer)
    assert Mandate.objects.filter(predecessor__isnull=False).count() == 0

    ingest(OLD, secretariat_officer)

    assert links(new) == EXPECTED_LINKS


def test_predecessors_become_superseded_and_keep_their_evidence(secretariat_officer):
    old = ingest(OLD, secretariat_officer)
    guidelines = at(old, "1")
    add_evidence(
        mandate=guidelines, by=secretariat_officer, kind="link", url="https://example.org/draft"
    )

    ingest(NEW, secretariat_officer)

    guidelines.refresh_from_db()
    assert guidelines.status == MandateStatus.SUPERSEDED
    assert list(Evidence.objects.filter(mandate=guidelines).values_list("url", flat=True)) == [
        "https://example.org/draft"
    ]


def test_a_paragraph_new_in_the_revision_goes_to_the_review_list(secretariat_officer):
    ingest(OLD, secretariat_officer)

    new = ingest(NEW, secretariat_officer)

    assert list(
        Mandate.objects.filter(document=new, review=ReviewReason.NO_PREDECESSOR).values_list(
            "paragraph__anchor", flat=True
        )
    ) == ["2"]


def test_a_paragraph_the_revision_dropped_goes_to_the_review_list(secretariat_officer):
    old = ingest(OLD, secretariat_officer)

    ingest(NEW, secretariat_officer)

    dropped = at(old, "3")
    assert (dropped.review, dropped.status) == (
        ReviewReason.NO_SUCCESSOR,
        MandateStatus.NOT_STARTED,
    )
    assert list(Mandate.objects.filter(review=ReviewReason.NO_SUCCESSOR)) == [dropped]


def test_both_arrival_orders_give_the_same_review_list(secretariat_officer):
    new = ingest(NEW, secretariat_officer)
    old = ingest(OLD, secretariat_officer)

    assert list(
        Mandate.objects.exclude(review="").values_list("document", "paragraph__anchor", "review")
    ) == [
        (old.pk, "3", ReviewReason.NO_SUCCESSOR),
        (new.pk, "2", ReviewReason.NO_PREDECESSOR),
    ]


def test_running_the_carry_over_again_changes_nothing(secretariat_officer):
    ingest(OLD, secretariat_officer)
    new = ingest(NEW, secretariat_officer)
    before = list(Mandate.objects.values_list("pk", "predecessor", "status", "review", "owner"))
    history = Mandate.history.count()

    result = carry_over_into(new, by=secretariat_officer)

    assert result.linked == 0
    assert list(Mandate.objects.values_list("pk", "predecessor", "status", "review", "owner")) == (
        before
    )
    assert Mandate.history.count() == history


def test_the_new_mandate_takes_over_the_owner_and_the_work_in_progress(secretariat_officer):
    old = ingest(OLD, secretariat_officer)
    update_mandate(
        mandate=at(old, "2"),
        by=secretariat_officer,
        status=MandateStatus.IN_PROGRESS,
        owner=secretariat_officer,
    )

    new = ingest(NEW, secretariat_officer)

    carried = at(new, "3")
    assert (carried.status, carried.owner) == (MandateStatus.IN_PROGRESS, secretariat_officer)


def test_a_mandate_done_under_the_old_version_is_open_again_in_the_new_one(secretariat_officer):
    old = ingest(OLD, secretariat_officer)
    update_mandate(mandate=at(old, "1"), by=secretariat_officer, status=MandateStatus.DONE)
    update_mandate(mandate=at(old, "2"), by=secretariat_officer, status=MandateStatus.DONE)

    new = ingest(NEW, secretariat_officer)

    assert (at(new, "1").timing, at(new, "1").status) == (
        Timing.TIME_BOUND,
        MandateStatus.NOT_STARTED,
    )
    assert (at(new, "3").timing, at(new, "3").status) == (Timing.STANDING, MandateStatus.ONGOING)


@pytest.mark.parametrize(
    ("old_status", "new_timing", "expected"),
    [
        (MandateStatus.NOT_STARTED, Timing.STANDING, MandateStatus.NOT_STARTED),
        (MandateStatus.IN_PROGRESS, Timing.TIME_BOUND, MandateStatus.IN_PROGRESS),
        (MandateStatus.ONGOING, Timing.TIME_BOUND, MandateStatus.ONGOING),
        (MandateStatus.DONE, Timing.STANDING, MandateStatus.ONGOING),
        (MandateStatus.DONE, Timing.TIME_BOUND, MandateStatus.NOT_STARTED),
        (MandateStatus.SUPERSEDED, Timing.STANDING, MandateStatus.NOT_STARTED),
    ],
)
def test_the_status_a_new_version_inherits(old_status, new_timing, expected):
    predecessor, successor = Mandate(status=old_status), Mandate(timing=new_timing)

    assert inherited_status(predecessor, successor) == expected


def test_a_review_item_settled_as_new_stays_settled_after_another_carry_over(
    secretariat_officer,
):
    ingest(OLD, secretariat_officer)
    new = ingest(NEW, secretariat_officer)
    zones = at(new, "2")
    settle_review(mandate=zones, by=secretariat_officer)

    carry_over_into(new, by=secretariat_officer)

    zones.refresh_from_db()
    assert (zones.review, zones.predecessor) == (ReviewReason.NONE, None)


def test_a_dropped_mandate_kept_open_by_a_person_is_not_put_back_on_the_list(
    secretariat_officer,
):
    old = ingest(OLD, secretariat_officer)
    new = ingest(NEW, secretariat_officer)
    settle_review(mandate=at(old, "3"), by=secretariat_officer)

    carry_over_into(new, by=secretariat_officer)

    assert at(old, "3").review == ReviewReason.NONE


def test_a_revision_ingested_again_with_a_new_paragraph_links_only_that_one(secretariat_officer):
    ingest(OLD, secretariat_officer)
    new = ingest(NEW, secretariat_officer)
    first_links = links(new)

    ingest(
        NEW.replace(
            "4. Instructs",
            "4. Invites NGOs to support the training of wind farm operators in the Sahel and "
            "the Horn of Africa;\n\n5. Instructs",
        ),
        secretariat_officer,
    )

    assert links(new) == {
        **{k: v for k, v in first_links.items() if not k.startswith("4 ")},
        "4 NGOs": "3",
        "5 Standing Committee": "4",
    }


# The seeds ---------------------------------------------------------------------------------

# Resolution 10.21 -> 11.10 (Rev.COP14), read from the paragraph mapping established by hand
# in documents/tests/test_alignment.py (old 1 -> new 3, 5 -> 14, 7 -> 13 ...): each mandate of
# a carried paragraph is linked to the old mandate of the same actor ("new ¶ verb position
# actor": "old ¶ verb position"). 11 ¶27 asks the Secretariat what 10.21 ¶11 asked of the
# Executive Secretary: the same office.
SEED_LINKS = {
    "3 0 Secretariat": "1 0",
    "4 0 Secretariat": "12 0",
    "4 1 stakeholders": "12 1",
    "12 0 Secretariat": "10 0",
    "13 0 Secretariat": "7 0",
    "13 0 CMS Family Agreements": "7 0",
    "13 0 Scientific Council": "7 0",
    "14 1 Secretariat": "5 0",
    "17 0 Secretariat": "13 0",
    "17 1 other conventions' secretariats": "13 1",
    "18 0 Secretariat": "14 0",
    "18 1 CBD Secretariat": "14 1",
    "18 1 other conventions' secretariats": "14 1",
    "18 2 Secretariat": "14 2",
    "26 0 Secretariat": "18 0",
    "26 1 Biodiversity Liaison Group": "18 1",
    "27 0 Secretariat": "11 0",
    "28 1 Parties": "17 0",
    "29 0 Parties": "15 0",
    "30 0 Parties": "16 0",
    "33 0 partner organisations": "9 0",
}
# Operative paragraphs of 10.21 that 11.10 (Rev.COP14) does not carry on (the hand mapping's
# 4 and 6, and 8 on collaboration with FAO, which the aligner leaves unmatched too), and the
# 2012 clause of ¶15 addressed to the national focal points.
SEED_NO_SUCCESSOR = ["4 0", "6 0", "8 0", "15 1"]


def ingest_seeds(seeds_dir, by, *, revision_first: bool = False) -> tuple[Document, Document]:  # type: ignore[no-untyped-def]
    texts = {}
    for prefix in ("001", "003"):
        [path] = seeds_dir.glob(f"{prefix}_*.txt")
        texts[prefix] = (path.read_text(encoding="utf-8"), path.name)
    order = ["003", "001"] if revision_first else ["001", "003"]
    documents = {}
    for prefix in order:
        text, name = texts[prefix]
        symbol = "UNEP/CMS/Resolution 10.21" if prefix == "001" else None
        outcome = ingest_text(text, name, by=by, symbol=symbol)
        assert outcome.document is not None, outcome.message
        documents[prefix] = outcome.document
    return documents["001"], documents["003"]


def seed_links(new: Document) -> dict[str, str]:
    mandates = Mandate.objects.filter(document=new, predecessor__isnull=False).select_related(
        "paragraph", "actor", "predecessor__paragraph"
    )
    return {
        f"{m.paragraph.anchor} {m.verb_index} {m.actor.name}": (
            f"{m.predecessor.paragraph.anchor} {m.predecessor.verb_index}"
        )
        for m in mandates
    }


@pytest.mark.parametrize("revision_first", [False, True], ids=["10.21 first", "11.10 first"])
def test_resolution_11_10_carries_on_the_mandates_of_10_21_along_the_alignment(
    seeds_dir, secretariat_officer, revision_first
):
    old, new = ingest_seeds(seeds_dir, secretariat_officer, revision_first=revision_first)

    assert seed_links(new) == SEED_LINKS
    assert sorted(
        f"{m.paragraph.anchor} {m.verb_index}"
        for m in Mandate.objects.filter(document=old, review=ReviewReason.NO_SUCCESSOR)
    ) == sorted(SEED_NO_SUCCESSOR)


def test_every_carried_mandate_of_10_21_is_superseded(seeds_dir, secretariat_officer):
    old, _new = ingest_seeds(seeds_dir, secretariat_officer)

    statuses = dict(
        Mandate.objects.filter(document=old)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )

    assert statuses == {MandateStatus.SUPERSEDED: 21, MandateStatus.NOT_STARTED: 4}


def test_the_new_mandates_of_11_10_wait_for_review(seeds_dir, secretariat_officer):
    _old, new = ingest_seeds(seeds_dir, secretariat_officer)

    waiting = Mandate.objects.filter(document=new, review=ReviewReason.NO_PREDECESSOR)

    assert waiting.count() == 51 - len(SEED_LINKS)
    assert set(waiting.values_list("paragraph__anchor", flat=True)) >= {
        "7",  # endorsement letters for NGO funding requests
        "9",  # subnational and local governments
        "10",  # the World Coastal Forum
        "15",  # the BBNJ agreement
        "21",
        "31",
        "32",
    }
