"""Reads of mandates: the filtered list, the dashboard, the review list, the chain of versions
a mandate lived through and its evidence trail, the register of reporting obligations."""

from __future__ import annotations

import datetime as dt

import pytest

from meahub.documents.models import Actor, Document
from meahub.documents.services import ingest_text, set_published
from meahub.mandates.enums import MandateStatus, ObligationStatus, ReviewReason
from meahub.mandates.models import Mandate, ReportingObligation
from meahub.mandates.selectors import (
    OPEN,
    actor_named,
    dashboard,
    evidence_trail,
    mandate_chain,
    mandate_list,
    mandate_page,
    obligations_register,
    predecessor_candidates,
    resolution_named,
    review_list,
)
from meahub.mandates.services import add_evidence, decide_obligation, update_mandate
from meahub.meetings.enums import MeetingKind
from meahub.meetings.models import Meeting

pytestmark = pytest.mark.django_db

TEMPLATE = """UNEP/CMS/Resolution {number}
Original: English

{title}

Adopted by the Conference of the Parties at its 45th Meeting (Baku, 1-6 March 2047)

The Conference of the Parties to the Convention on the Conservation of Migratory Species of
Wild Animals

1. Requests the Secretariat to compile a register of {topic} by 2048;

2. Urges Parties to report on {topic} to each meeting of the Standing Committee;

3. Invites NGOs to train customs officers on {topic}.
"""


def resolution(by, number: str = "45.1", topic: str = "eel trade", publish: bool = True):  # type: ignore[no-untyped-def]
    text = TEMPLATE.format(number=number, title=topic.upper(), topic=topic)
    outcome = ingest_text(text, f"{number}.txt", by=by, publish=publish)
    assert outcome.document is not None, outcome.message
    return outcome.document


def at(document: Document, anchor: str) -> Mandate:
    return Mandate.objects.get(document=document, paragraph__anchor=anchor)


# The list


def test_the_public_sees_only_the_mandates_of_published_resolutions(secretariat_officer, anonymous):
    published = resolution(secretariat_officer, "45.1", "eel trade")
    resolution(secretariat_officer, "45.2", "sturgeon caviar", publish=False)

    assert {m.document for m in mandate_list(anonymous)} == {published}
    assert mandate_list(secretariat_officer).count() == 6


def test_a_focal_point_finds_what_is_asked_of_parties(secretariat_officer, nfp_uzbekistan):
    document = resolution(secretariat_officer)

    mandates = mandate_list(nfp_uzbekistan, actor=actor_named("parties"))

    assert list(mandates) == [at(document, "2")]


def test_the_list_narrows_by_status_instrument_resolution_and_words(secretariat_officer, bukhara):
    first = resolution(secretariat_officer, "45.1", "eel trade")
    second = resolution(secretariat_officer, "45.2", "sturgeon caviar")
    update_mandate(mandate=at(second, "1"), by=secretariat_officer, status=MandateStatus.DONE)

    assert list(mandate_list(secretariat_officer, status=MandateStatus.DONE)) == [at(second, "1")]
    assert mandate_list(secretariat_officer, status=OPEN).count() == 5
    assert mandate_list(secretariat_officer, instrument=bukhara.cms).count() == 6
    assert mandate_list(secretariat_officer, instrument=bukhara.bkd).count() == 0
    assert set(mandate_list(secretariat_officer, resolution=first)) == set(
        Mandate.objects.filter(document=first)
    )
    assert list(mandate_list(secretariat_officer, q="CAVIAR", actor=actor_named("NGOs"))) == [
        at(second, "3")
    ]


def test_only_staff_search_the_internal_notes(secretariat_officer, anonymous):
    document = resolution(secretariat_officer)
    update_mandate(mandate=at(document, "1"), by=secretariat_officer, notes="Call Ms Rahimova")

    assert list(mandate_list(secretariat_officer, q="rahimova")) == [at(document, "1")]
    assert list(mandate_list(anonymous, q="rahimova")) == []


def test_overdue_mandates_are_open_and_due_before_today(secretariat_officer):
    document = resolution(secretariat_officer)

    late = mandate_list(secretariat_officer, overdue=True, today=dt.date(2049, 1, 1))

    assert list(late) == [at(document, "1")]
    assert mandate_list(secretariat_officer, overdue=False, today=dt.date(2048, 6, 1)).count() == 3


@pytest.mark.parametrize("resolutions", [1, 3])
def test_the_list_costs_the_same_queries_for_one_or_three_resolutions(
    secretariat_officer, django_assert_max_num_queries, resolutions
):
    for n in range(resolutions):
        resolution(secretariat_officer, f"45.{n + 1}", f"topic {n}")

    with django_assert_max_num_queries(1):
        rows = [(m.document.key, m.actor.name, m.paragraph.anchor) for m in mandate_list(None)]

    assert len(rows) == 3 * resolutions


def test_lookups_by_name_ignore_case(secretariat_officer, anonymous):
    document = resolution(secretariat_officer)

    assert actor_named("secretariat") == Actor.objects.get(name="Secretariat")
    assert resolution_named(anonymous, "resolution 45.1") == document
    assert resolution_named(anonymous, "UNEP/CMS/Resolution 45.1") == document
    assert resolution_named(anonymous, "Resolution 9.9") is None


# The dashboard


@pytest.fixture
def next_stc(bukhara):  # type: ignore[no-untyped-def]
    return Meeting.objects.create(
        slug="cms-stc60",
        instrument=bukhara.cms,
        kind=MeetingKind.STANDING_COMMITTEE,
        name="60th Meeting of the Standing Committee",
        starts_on=dt.date(2048, 10, 1),
    )


def test_the_dashboard_counts_by_status_overdue_and_due_at_the_next_meeting(
    secretariat_officer, next_stc
):
    first = resolution(secretariat_officer, "45.1", "eel trade")
    resolution(secretariat_officer, "45.2", "sturgeon caviar")
    update_mandate(mandate=at(first, "3"), by=secretariat_officer, status=MandateStatus.DONE)

    board = dashboard(secretariat_officer, today=dt.date(2049, 1, 1))

    assert board.totals.total == 6
    assert (board.totals.not_started, board.totals.done, board.totals.open) == (5, 1, 5)
    assert board.totals.overdue == 2  # the two registers due by 2048
    assert board.totals.due_next_meeting == 0  # no meeting after 1 January 2049

    board = dashboard(secretariat_officer, today=dt.date(2048, 6, 1))

    assert (board.totals.overdue, board.totals.due_next_meeting) == (0, 2)
    [cms] = board.by_instrument
    assert (cms.instrument.code, cms.next_meeting, cms.counts.due_next_meeting) == (
        "CMS",
        next_stc,
        2,
    )


def test_the_dashboard_breaks_the_counts_down_per_actor(secretariat_officer):
    resolution(secretariat_officer, "45.1", "eel trade")
    resolution(secretariat_officer, "45.2", "sturgeon caviar")

    board = dashboard(secretariat_officer, actor=actor_named("Parties"))

    assert [(row.actor.name, row.counts.total) for row in board.by_actor] == [("Parties", 2)]
    assert board.totals.total == 2


@pytest.mark.parametrize("resolutions", [1, 3])
def test_the_dashboard_costs_the_same_queries_whatever_the_number_of_mandates(
    secretariat_officer, next_stc, django_assert_max_num_queries, resolutions
):
    for n in range(resolutions):
        resolution(secretariat_officer, f"45.{n + 1}", f"topic {n}")

    with django_assert_max_num_queries(6):
        board = dashboard(secretariat_officer, today=dt.date(2048, 1, 1))

    assert board.totals.total == 3 * resolutions


# Review, chain and evidence

REVISED = TEMPLATE.replace("Resolution {number}", "Resolution {number} (Rev.COP46)").replace(
    "3. Invites NGOs to train customs officers on {topic}.",
    "3. Encourages Range States to close the loopholes in {topic} rules.",
)


@pytest.fixture
def versions(secretariat_officer):  # type: ignore[no-untyped-def]
    old = resolution(secretariat_officer)
    text = REVISED.format(number="45.1", title="EEL TRADE", topic="eel trade")
    new = ingest_text(text, "rev.txt", by=secretariat_officer, publish=True).document
    return old, new


def test_the_review_list_shows_what_the_revision_left_unsettled(secretariat_officer, versions):
    old, new = versions

    assert [(m.document, m.review) for m in review_list(secretariat_officer)] == [
        (new, ReviewReason.NO_PREDECESSOR),
        (old, ReviewReason.NO_SUCCESSOR),
    ]


def test_a_review_item_offers_the_older_versions_mandates_same_actor_first(
    secretariat_officer, versions
):
    old, new = versions

    candidates = predecessor_candidates(secretariat_officer, at(new, "3"))

    assert candidates[0] == at(old, "1")  # the register, asked of the Secretariat
    assert set(candidates) == set(Mandate.objects.filter(document=old))


def test_a_mandate_chain_runs_from_the_oldest_version(secretariat_officer, versions):
    old, new = versions

    assert mandate_chain(at(new, "1")) == [at(old, "1"), at(new, "1")]
    assert mandate_chain(at(old, "1")) == [at(old, "1"), at(new, "1")]


def test_the_public_does_not_see_an_unpublished_version_in_the_chain(
    secretariat_officer, anonymous, versions
):
    old, new = versions
    set_published(document=old, by=secretariat_officer, published=False)

    assert mandate_chain(at(new, "1"), user=anonymous) == [at(new, "1")]


def test_the_evidence_trail_labels_the_evidence_of_each_version(secretariat_officer, versions):
    old, new = versions
    add_evidence(
        mandate=at(old, "1"), by=secretariat_officer, kind="link", url="https://example.org/a"
    )
    add_evidence(
        mandate=at(new, "1"), by=secretariat_officer, kind="link", url="https://example.org/b"
    )

    trail = evidence_trail(at(new, "1"))

    assert [(v.label, v.is_current, [e.url for e in v.evidence]) for v in trail] == [
        ("Resolution 45.1 (Rev.COP46) ¶1", True, ["https://example.org/b"]),
        ("Resolution 45.1 ¶1", False, ["https://example.org/a"]),
    ]


def test_the_mandate_page_hides_notes_and_suggestions_from_the_public(
    secretariat_officer, anonymous, versions
):
    _old, new = versions

    staff_page = mandate_page(secretariat_officer, at(new, "2"))
    public_page = mandate_page(anonymous, at(new, "2"))

    assert (staff_page.can_edit, staff_page.show_internal) == (True, True)
    assert (public_page.can_edit, public_page.show_internal) == (False, False)
    assert [p.anchor for p in public_page.context] == ["1", "2", "3"]


# Obligations


def test_the_register_shows_the_public_only_confirmed_obligations(secretariat_officer, anonymous):
    document = resolution(secretariat_officer)
    obligation = ReportingObligation.objects.get(mandate=at(document, "2"))
    assert list(obligations_register(anonymous, None)) == []

    decide_obligation(obligation=obligation, by=secretariat_officer, confirm=True)

    assert list(obligations_register(anonymous, None)) == [obligation]
    assert (
        list(obligations_register(secretariat_officer, None, status=ObligationStatus.PROPOSED))
        == []
    )


def test_an_obligation_to_report_to_each_stc_is_due_before_the_next_one(
    secretariat_officer, bukhara, next_stc
):
    document = resolution(secretariat_officer)

    [obligation] = obligations_register(secretariat_officer, bukhara.cms)

    assert obligation.mandate == at(document, "2")
    assert (obligation.report_to, obligation.every_meeting, obligation.next_due) == (
        "stc",
        True,
        dt.date(2048, 10, 1),
    )
