"""Mandates on ingest: one per action verb and actor of an operative paragraph, read from the
text, never duplicated, kept up to date when the text changes, retired when it drops them."""

from __future__ import annotations

import datetime as dt

import pytest

from meahub.documents.models import Document
from meahub.documents.services import ingest_text
from meahub.mandates.enums import MandateStatus, ObligationStatus, ReportTo, Timing
from meahub.mandates.models import Evidence, Mandate, ReportingObligation
from meahub.mandates.services import add_evidence, sync_mandates, update_mandate
from meahub.meetings.enums import MeetingKind
from meahub.meetings.models import Meeting

pytestmark = pytest.mark.django_db

RAPTORS = """UNEP/CMS/Resolution 40.2
Original: English

CONSERVATION OF STEPPE RAPTORS

Adopted by the Conference of the Parties at its 40th Meeting (Bishkek, 4-9 March 2040)

Aware that badly built power lines kill many raptors on the steppe,

The Conference of the Parties to the Convention on the Conservation of Migratory Species of
Wild Animals

1. Welcomes the raptor atlas drawn up by the Scientific Council;

2. Requests the Secretariat to compile a map of dangerous power lines by 2042 and invites NGOs
to share their tracking data with it;

3. Urges Parties to retrofit dangerous power poles and to report on their retrofitting to each
meeting of the Conference of the Parties;

4. Notes the cost of retrofitting old lines;

5. Instructs the Standing Committee to keep the retrofit programme under review.
"""


def ingest(text: str, by, **options) -> Document:  # type: ignore[no-untyped-def]
    outcome = ingest_text(text, "raptors.txt", by=by, **options)
    assert outcome.document is not None, outcome.message
    return outcome.document


def mandate_keys(document: Document) -> list[tuple[str, str, str]]:
    return [
        (m.paragraph.anchor, m.verb, m.actor.name)
        for m in Mandate.objects.filter(document=document).select_related("paragraph", "actor")
    ]


def mandate_at(document: Document, anchor: str, actor: str) -> Mandate:
    return Mandate.objects.get(document=document, paragraph__anchor=anchor, actor__name=actor)


def test_ingesting_a_resolution_creates_a_mandate_per_action_verb_and_actor(secretariat_officer):
    document = ingest(RAPTORS, secretariat_officer)

    assert mandate_keys(document) == [
        ("2", "requests", "Secretariat"),
        ("2", "invites", "NGOs"),
        ("3", "urges", "Parties"),
        ("5", "instructs", "Standing Committee"),
    ]


def test_welcoming_and_noting_paragraphs_give_no_mandate(secretariat_officer):
    document = ingest(RAPTORS, secretariat_officer)

    assert not Mandate.objects.filter(document=document, paragraph__anchor__in=["1", "4"]).exists()


def test_a_new_mandate_is_not_started_with_the_instrument_and_theme_of_its_resolution(
    secretariat_officer, bukhara
):
    document = ingest(RAPTORS, secretariat_officer)

    mandate = mandate_at(document, "2", "Secretariat")

    assert (mandate.status, mandate.instrument, mandate.theme) == (
        MandateStatus.NOT_STARTED,
        bukhara.cms,
        document.title,
    )


def test_a_mandate_reads_its_own_clause_and_deadline(secretariat_officer):
    document = ingest(RAPTORS, secretariat_officer)

    secretariat = mandate_at(document, "2", "Secretariat")
    ngos = mandate_at(document, "2", "NGOs")

    assert secretariat.action == (
        "Requests the Secretariat to compile a map of dangerous power lines by 2042"
    )
    assert (secretariat.timing, secretariat.due_text, secretariat.due_date) == (
        Timing.TIME_BOUND,
        "by 2042",
        dt.date(2042, 12, 31),
    )
    assert ngos.action == "Invites NGOs to share their tracking data with it"
    assert (ngos.timing, ngos.due_date) == (Timing.STANDING, None)


def test_a_mandate_to_report_to_each_meeting_is_standing_and_reports_to_the_cop(
    secretariat_officer,
):
    document = ingest(RAPTORS, secretariat_officer)

    mandate = mandate_at(document, "3", "Parties")

    assert (mandate.timing, mandate.report_to, mandate.due_text) == (
        Timing.STANDING,
        ReportTo.COP,
        "each meeting of the Conference of the Parties",
    )


def test_parties_asked_to_report_get_a_proposed_reporting_obligation(secretariat_officer, bukhara):
    document = ingest(RAPTORS, secretariat_officer)

    [obligation] = ReportingObligation.objects.all()

    assert obligation.mandate == mandate_at(document, "3", "Parties")
    assert (
        obligation.reporter.name,
        obligation.subject,
        obligation.every_meeting,
        obligation.report_to,
        obligation.status,
        obligation.instrument,
    ) == ("Parties", "retrofitting", True, ReportTo.COP, ObligationStatus.PROPOSED, bukhara.cms)


def test_ingesting_the_same_text_again_changes_no_mandate(secretariat_officer):
    document = ingest(RAPTORS, secretariat_officer)
    before = list(Mandate.objects.values_list("pk", "action", "status"))

    ingest(RAPTORS, secretariat_officer)
    sync_mandates(document, by=secretariat_officer)

    assert list(Mandate.objects.values_list("pk", "action", "status")) == before
    assert ReportingObligation.objects.count() == 1


def test_a_reingest_of_a_changed_text_keeps_each_mandate_row(secretariat_officer):
    ingest(RAPTORS, secretariat_officer)
    before = sorted(Mandate.objects.values_list("pk", flat=True))

    ingest(
        RAPTORS.replace("Aware that badly built", "Aware that poorly built"), secretariat_officer
    )

    assert sorted(Mandate.objects.values_list("pk", flat=True)) == before
    assert ReportingObligation.objects.count() == 1


def test_a_reworded_paragraph_updates_the_action_and_keeps_what_staff_track(secretariat_officer):
    document = ingest(RAPTORS, secretariat_officer)
    mandate = mandate_at(document, "2", "Secretariat")
    update_mandate(
        mandate=mandate,
        by=secretariat_officer,
        status=MandateStatus.IN_PROGRESS,
        owner=secretariat_officer,
        notes="Asked BirdLife for line data.",
    )
    add_evidence(
        mandate=mandate, by=secretariat_officer, kind="link", url="https://example.org/map"
    )

    ingest(RAPTORS.replace("by 2042", "by the end of 2043"), secretariat_officer)

    mandate.refresh_from_db()
    assert mandate.action == (
        "Requests the Secretariat to compile a map of dangerous power lines by the end of 2043"
    )
    assert mandate.due_date == dt.date(2043, 12, 31)
    assert (mandate.status, mandate.owner, mandate.notes) == (
        MandateStatus.IN_PROGRESS,
        secretariat_officer,
        "Asked BirdLife for line data.",
    )
    assert list(Evidence.objects.filter(mandate=mandate).values_list("url", flat=True)) == [
        "https://example.org/map"
    ]


def test_a_mandate_whose_actor_left_the_text_is_retired_with_a_note(secretariat_officer):
    document = ingest(RAPTORS, secretariat_officer)
    ngos = mandate_at(document, "2", "NGOs")

    ingest(
        RAPTORS.replace(" and invites NGOs\nto share their tracking data with it", ""),
        secretariat_officer,
    )

    ngos.refresh_from_db()
    assert ngos.status == MandateStatus.RETIRED
    assert "no longer asks this (¶2, invites)" in ngos.notes
    assert Mandate.objects.filter(document=document).exclude(status="retired").count() == 3


def test_a_mandate_whose_paragraph_was_removed_is_retired_not_deleted(secretariat_officer):
    document = ingest(RAPTORS, secretariat_officer)
    count = Mandate.objects.count()

    ingest(
        RAPTORS.replace(
            "\n5. Instructs the Standing Committee to keep the retrofit programme under review.\n",
            "\n",
        ),
        secretariat_officer,
    )

    retired = Mandate.objects.get(document=document, actor__name="Standing Committee")
    assert (retired.status, retired.paragraph) == (MandateStatus.RETIRED, None)
    assert Mandate.objects.count() == count


def test_a_verb_added_before_it_keeps_the_tracked_mandate(secretariat_officer):
    document = ingest(RAPTORS, secretariat_officer)
    parties = mandate_at(document, "3", "Parties")
    update_mandate(mandate=parties, by=secretariat_officer, status=MandateStatus.ONGOING)

    ingest(
        RAPTORS.replace("3. Urges Parties", "3. Welcomes the pilot projects and urges Parties"),
        secretariat_officer,
    )

    parties.refresh_from_db()
    assert (parties.verb_index, parties.status) == (1, MandateStatus.ONGOING)
    assert parties.action.startswith("Urges Parties to retrofit")


def test_a_deadline_at_the_next_cop_links_the_meeting_held_after_the_resolution(
    secretariat_officer, bukhara
):
    Meeting.objects.create(
        slug="cms-cop41",
        instrument=bukhara.cms,
        kind=MeetingKind.COP,
        name="41st Meeting of the Conference of the Parties",
        starts_on=dt.date(2043, 5, 10),
    )
    text = RAPTORS.replace(
        "keep the retrofit programme under review.",
        "review the retrofit programme and report to the next meeting of the Conference of "
        "the Parties.",
    )

    document = ingest(text, secretariat_officer)

    mandate = mandate_at(document, "5", "Standing Committee")
    assert (mandate.timing, mandate.due_meeting.slug, mandate.due_date, mandate.report_to) == (
        Timing.TIME_BOUND,
        "cms-cop41",
        dt.date(2043, 5, 10),
        ReportTo.COP,
    )


def test_mandates_created_on_ingest_are_attributed_to_the_officer(secretariat_officer):
    document = ingest(RAPTORS, secretariat_officer)

    mandate = mandate_at(document, "2", "Secretariat")

    assert [h.history_user for h in mandate.history.all()] == [secretariat_officer]


def test_a_console_ingest_records_the_command_line_as_the_reason(db, bukhara):
    document = ingest(RAPTORS, None)

    mandate = mandate_at(document, "2", "Secretariat")

    assert mandate.history.get().history_change_reason == "meahub ingest (command line)"


def test_a_working_document_gets_no_mandates(secretariat_officer):
    text = RAPTORS.replace("UNEP/CMS/Resolution 40.2", "UNEP/CMS/COP40/Doc.12")

    ingest(text, secretariat_officer)

    assert Mandate.objects.count() == 0


# The seeds ---------------------------------------------------------------------------------

# Counted by reading the operative paragraphs of each seed: one per action verb (requests,
# urges, invites, encourages, instructs, calls on) and each actor it names.
SEED_MANDATES = {"10.21": 25, "11.10": 51}


def ingest_seed(seeds_dir, prefix: str, symbol: str | None, by) -> Document:  # type: ignore[no-untyped-def]
    [path] = seeds_dir.glob(f"{prefix}_*.txt")
    outcome = ingest_text(path.read_text(encoding="utf-8"), path.name, by=by, symbol=symbol)
    assert outcome.document is not None, outcome.message
    return outcome.document


def test_resolution_10_21_gives_its_25_mandates(seeds_dir, secretariat_officer):
    document = ingest_seed(seeds_dir, "001", "UNEP/CMS/Resolution 10.21", secretariat_officer)

    mandates = Mandate.objects.filter(document=document)

    assert mandates.count() == SEED_MANDATES["10.21"]
    assert list(
        mandates.filter(paragraph__anchor="14").values_list("verb_index", "verb", "actor__name")
    ) == [
        (0, "requests", "Secretariat"),
        (1, "invites", "CBD Secretariat"),
        (1, "invites", "other conventions' secretariats"),
        (2, "requests", "Secretariat"),
    ]


def test_resolution_10_21_reports_to_the_standing_committee_and_cop11(
    seeds_dir, secretariat_officer
):
    document = ingest_seed(seeds_dir, "001", "UNEP/CMS/Resolution 10.21", secretariat_officer)

    reporting = Mandate.objects.filter(document=document).exclude(report_to="")

    assert list(
        reporting.values_list("paragraph__anchor", "verb_index", "report_to", "due_text")
    ) == [
        ("11", 0, "stc", ""),
        ("14", 2, "cop", "COP11"),
    ]


def test_resolution_11_10_gives_its_51_mandates(seeds_dir, secretariat_officer):
    document = ingest_seed(seeds_dir, "003", None, secretariat_officer)

    assert Mandate.objects.filter(document=document).count() == SEED_MANDATES["11.10"]
    first = Mandate.objects.get(
        document=document, paragraph__anchor="18", actor__name="Secretariat", verb_index=0
    )
    assert first.action.startswith(
        "Further requests the Secretariat together with interested Parties and stakeholders … "
        "to consider and advise"
    )


def test_the_seed_resolutions_propose_no_reporting_obligation(seeds_dir, secretariat_officer):
    """Neither text asks Parties to report: 10.21 ¶15 and 11.10 ¶29 speak of harmonised
    national reporting, which is not a request to report."""
    ingest_seed(seeds_dir, "001", "UNEP/CMS/Resolution 10.21", secretariat_officer)
    ingest_seed(seeds_dir, "003", None, secretariat_officer)

    assert ReportingObligation.objects.count() == 0
