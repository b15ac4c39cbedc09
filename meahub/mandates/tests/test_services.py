"""What staff do with mandates: status and owner, evidence, reporting obligations, and
settling the review list after a carry-over. Every write checks who acts and is attributed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meahub.documents.services import ingest_text
from meahub.mandates.enums import MandateStatus, ObligationStatus, ReviewReason
from meahub.mandates.models import Evidence, Mandate, ReportingObligation
from meahub.mandates.services import (
    add_evidence,
    decide_obligation,
    remove_evidence,
    settle_review,
    update_mandate,
)
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db

OLD = """UNEP/CMS/Resolution 43.1
Original: English

SAKER FALCON

Adopted by the Conference of the Parties at its 43rd Meeting (Astana, 1-6 May 2045)

The Conference of the Parties to the Convention on the Conservation of Migratory Species of
Wild Animals

1. Requests the Secretariat to convene a task force on the trade in saker falcons;

2. Requests Parties to report on the numbers of falcons trapped to each meeting of the
Conference of the Parties;

3. Invites NGOs to fund artificial nest platforms in Mongolia.
"""
NEW = OLD.replace("Resolution 43.1\n", "Resolution 43.1 (Rev.COP44)\n").replace(
    "3. Invites NGOs to fund artificial nest platforms in Mongolia.",
    "3. Encourages Range States to ban the use of poisoned bait near nesting cliffs.",
)


def ingest(text: str, by):  # type: ignore[no-untyped-def]
    outcome = ingest_text(text, "saker.txt", by=by)
    assert outcome.document is not None, outcome.message
    return outcome.document


@pytest.fixture
def revision(secretariat_officer):  # type: ignore[no-untyped-def]
    return ingest(OLD, secretariat_officer), ingest(NEW, secretariat_officer)


def at(document, anchor: str) -> Mandate:  # type: ignore[no-untyped-def]
    return Mandate.objects.get(document=document, paragraph__anchor=anchor)


@pytest.fixture
def other_staff(bukhara):  # type: ignore[no-untyped-def]
    aewa = f.make_instrument(code="AEWA", short_name="AEWA")
    return f.make_secretariat(instruments=[aewa], username="aewa-officer")


# Tracking


def test_officer_sets_status_owner_and_notes_and_the_history_names_them(
    secretariat_officer, revision
):
    _old, new = revision
    mandate = at(new, "1")

    update_mandate(
        mandate=mandate,
        by=secretariat_officer,
        status=MandateStatus.IN_PROGRESS,
        owner=secretariat_officer,
        notes="Terms of reference drafted.",
    )

    mandate.refresh_from_db()
    assert (mandate.status, mandate.owner, mandate.notes) == (
        MandateStatus.IN_PROGRESS,
        secretariat_officer,
        "Terms of reference drafted.",
    )
    assert mandate.history.first().history_user == secretariat_officer


def test_the_owner_must_be_secretariat_staff(secretariat_officer, nfp_uzbekistan, revision):
    _old, new = revision

    with pytest.raises(ValidationError) as error:
        update_mandate(mandate=at(new, "1"), by=secretariat_officer, owner=nfp_uzbekistan)

    assert error.value.message_dict == {"owner": ["Choose a member of the Secretariat."]}
    assert at(new, "1").owner is None


def test_a_field_that_is_not_tracked_cannot_be_changed(secretariat_officer, revision):
    _old, new = revision

    with pytest.raises(ValidationError) as error:
        update_mandate(mandate=at(new, "1"), by=secretariat_officer, verb="notes")

    assert error.value.message_dict == {"verb": ["This field cannot be changed here."]}


def test_an_unknown_status_is_refused(secretariat_officer, revision):
    _old, new = revision

    with pytest.raises(ValidationError) as error:
        update_mandate(mandate=at(new, "1"), by=secretariat_officer, status="forgotten")

    assert list(error.value.message_dict) == ["status"]
    assert at(new, "1").status == MandateStatus.NOT_STARTED


def test_staff_of_another_instrument_cannot_change_a_mandate(other_staff, revision):
    _old, new = revision

    with pytest.raises(PermissionDenied):
        update_mandate(mandate=at(new, "1"), by=other_staff, status=MandateStatus.DONE)

    assert at(new, "1").status == MandateStatus.NOT_STARTED


def test_a_focal_point_cannot_change_a_mandate(nfp_uzbekistan, revision):
    _old, new = revision

    with pytest.raises(PermissionDenied):
        update_mandate(mandate=at(new, "2"), by=nfp_uzbekistan, notes="Done in Uzbekistan.")


def test_officer_adds_and_removes_evidence(secretariat_officer, revision):
    old, new = revision
    mandate = at(new, "1")

    evidence = add_evidence(mandate=mandate, by=secretariat_officer, kind="document", document=old)
    assert list(Evidence.objects.filter(mandate=mandate)) == [evidence]

    remove_evidence(evidence=evidence, by=secretariat_officer)

    assert not Evidence.objects.filter(mandate=mandate).exists()


def test_evidence_of_a_paragraph_must_name_the_paragraph(secretariat_officer, revision):
    _old, new = revision

    with pytest.raises(ValidationError) as error:
        add_evidence(mandate=at(new, "1"), by=secretariat_officer, kind="paragraph")

    assert error.value.message_dict == {"paragraph": ["Choose the paragraph that shows it."]}
    assert not Evidence.objects.exists()


# Reporting obligations


def test_officer_confirms_a_proposed_obligation_with_a_correction(secretariat_officer, revision):
    _old, new = revision
    obligation = ReportingObligation.objects.get(mandate=at(new, "2"))
    assert obligation.status == ObligationStatus.PROPOSED

    decide_obligation(
        obligation=obligation, by=secretariat_officer, confirm=True, days_before_meeting=150
    )

    obligation.refresh_from_db()
    assert (obligation.status, obligation.days_before_meeting, obligation.decided_by) == (
        ObligationStatus.CONFIRMED,
        150,
        secretariat_officer,
    )


def test_a_decided_obligation_is_not_touched_by_a_later_ingest(secretariat_officer, revision):
    _old, new = revision
    obligation = ReportingObligation.objects.get(mandate=at(new, "2"))
    decide_obligation(obligation=obligation, by=secretariat_officer, confirm=True, subject="Trap")

    ingest(NEW.replace("SAKER FALCON", "THE SAKER FALCON"), secretariat_officer)

    obligation.refresh_from_db()
    assert (obligation.subject, obligation.status) == ("Trap", ObligationStatus.CONFIRMED)


# Settling the review list


def test_the_revision_puts_the_new_and_the_dropped_paragraph_on_the_review_list(revision):
    old, new = revision

    assert (at(new, "3").review, at(old, "3").review) == (
        ReviewReason.NO_PREDECESSOR,
        ReviewReason.NO_SUCCESSOR,
    )


def test_officer_keeps_a_new_mandate_as_new(secretariat_officer, revision):
    _old, new = revision
    mandate = at(new, "3")

    settle_review(mandate=mandate, by=secretariat_officer)

    mandate.refresh_from_db()
    assert (mandate.review, mandate.status, mandate.predecessor) == (
        ReviewReason.NONE,
        MandateStatus.NOT_STARTED,
        None,
    )


def test_officer_retires_a_mandate_the_revision_dropped(secretariat_officer, revision):
    old, _new = revision
    dropped = at(old, "3")

    settle_review(mandate=dropped, by=secretariat_officer, retire=True)

    dropped.refresh_from_db()
    assert (dropped.review, dropped.status) == (ReviewReason.NONE, MandateStatus.RETIRED)


def test_officer_links_a_new_mandate_to_its_predecessor_by_hand(secretariat_officer, revision):
    old, new = revision
    update_mandate(mandate=at(old, "3"), by=secretariat_officer, status=MandateStatus.ONGOING)
    mandate, earlier = at(new, "3"), at(old, "3")

    settle_review(mandate=mandate, by=secretariat_officer, predecessor=earlier)

    mandate.refresh_from_db()
    earlier.refresh_from_db()
    assert (mandate.predecessor, mandate.status, mandate.review) == (
        earlier,
        MandateStatus.ONGOING,
        ReviewReason.NONE,
    )
    assert (earlier.status, earlier.review) == (MandateStatus.SUPERSEDED, ReviewReason.NONE)


def test_a_predecessor_must_be_of_a_version_the_resolution_supersedes(
    secretariat_officer, revision
):
    _old, new = revision

    with pytest.raises(ValidationError) as error:
        settle_review(mandate=at(new, "3"), by=secretariat_officer, predecessor=at(new, "1"))

    assert error.value.message_dict == {
        "predecessor": ["Choose a mandate of a version this resolution supersedes."]
    }
    assert at(new, "3").review == ReviewReason.NO_PREDECESSOR


def test_linking_and_retiring_at_once_is_refused(secretariat_officer, revision):
    old, new = revision

    with pytest.raises(ValidationError) as error:
        settle_review(
            mandate=at(new, "3"), by=secretariat_officer, predecessor=at(old, "3"), retire=True
        )

    assert error.value.message_dict == {
        "predecessor": ["Either link a predecessor or retire the mandate, not both."]
    }


def test_a_mandate_not_on_the_review_list_cannot_be_settled(secretariat_officer, revision):
    _old, new = revision

    with pytest.raises(ValidationError) as error:
        settle_review(mandate=at(new, "1"), by=secretariat_officer)

    assert error.value.message_dict == {"review": ["This mandate is not on the review list."]}


def test_staff_of_another_instrument_cannot_settle_a_review_item(other_staff, revision):
    _old, new = revision

    with pytest.raises(PermissionDenied):
        settle_review(mandate=at(new, "3"), by=other_staff)

    assert at(new, "3").review == ReviewReason.NO_PREDECESSOR
