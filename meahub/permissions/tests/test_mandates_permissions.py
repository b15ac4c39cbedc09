"""The role matrix for mandates: staff edit those of the instruments they serve; everyone else
reads the mandates of published resolutions (never the internal notes or owner), confirmed
reporting obligations, and no progress report drafts."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from meahub.documents.services import ingest_text
from meahub.mandates.enums import ObligationStatus
from meahub.mandates.models import Mandate, ProgressReport, ReportingObligation
from meahub.meetings.models import Meeting
from meahub.permissions import mandates as permissions
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db

PERSONAS = ["secretariat_officer", "nfp_uzbekistan", "partner_cic", "anonymous"]
TEXT = """UNEP/CMS/Resolution {number}
Original: English

{title}

Adopted by the Conference of the Parties at its 47th Meeting (Rome, 3-8 June 2050)

The Conference of the Parties to the Convention on the Conservation of Migratory Species of
Wild Animals

1. Requests the Secretariat to review the bycatch of {topic} in gillnets;

2. Requests Parties to report on the bycatch of {topic} to each meeting of the Conference of
the Parties.
"""


@pytest.fixture
def persona(request, bukhara):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


@pytest.fixture
def resolutions(secretariat_officer):  # type: ignore[no-untyped-def]
    """A published resolution and a draft, each with a mandate for the Secretariat and one
    for Parties (with a proposed reporting obligation), and internal notes on each."""
    documents = {}
    for number, topic, publish in (("47.1", "dolphins", True), ("47.2", "turtles", False)):
        text = TEXT.format(number=number, title=topic.upper(), topic=topic)
        outcome = ingest_text(text, f"{number}.txt", by=secretariat_officer, publish=publish)
        assert outcome.document is not None, outcome.message
        documents[publish] = outcome.document
    Mandate.objects.update(notes="Internal: funding not yet secured.")
    return documents


@pytest.mark.parametrize(
    ("persona", "sees_drafts"),
    [
        ("secretariat_officer", True),
        ("nfp_uzbekistan", False),
        ("partner_cic", False),
        ("anonymous", False),
    ],
    indirect=["persona"],
)
def test_only_staff_see_the_mandates_of_unpublished_resolutions(persona, sees_drafts, resolutions):
    visible = set(permissions.mandates_visible_to(persona).values_list("document", flat=True))

    assert resolutions[True].pk in visible
    assert (resolutions[False].pk in visible) is sees_drafts


@pytest.mark.parametrize(
    ("persona", "sees_notes"),
    [
        ("secretariat_officer", True),
        ("nfp_uzbekistan", False),
        ("partner_cic", False),
        ("anonymous", False),
    ],
    indirect=["persona"],
)
def test_only_staff_see_internal_notes_and_owners(persona, sees_notes):
    assert permissions.can_see_internal_notes(persona) is sees_notes


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("secretariat_officer", True),
        ("nfp_uzbekistan", False),
        ("partner_cic", False),
        ("anonymous", False),
    ],
    indirect=["persona"],
)
def test_only_staff_serving_the_instrument_edit_a_mandate(persona, allowed, resolutions):
    mandate = Mandate.objects.filter(document=resolutions[True]).first()

    assert permissions.can_edit_mandate(persona, mandate) is allowed


def test_staff_of_another_instrument_cannot_edit_a_mandate(resolutions):
    officer = f.make_secretariat(instruments=[f.make_instrument(code="ACAP")])
    mandate = Mandate.objects.filter(document=resolutions[True]).first()

    assert permissions.can_edit_mandate(officer, mandate) is False
    with pytest.raises(PermissionDenied):
        permissions.get_mandate_for_edit(officer, mandate.pk)


def test_a_mandate_of_a_document_without_instrument_is_any_staffs(resolutions):
    officer = f.make_secretariat(instruments=[f.make_instrument(code="ACAP")])
    mandate = Mandate.objects.filter(document=resolutions[True]).first()
    mandate.instrument = None

    assert permissions.can_edit_mandate(officer, mandate) is True


@pytest.mark.parametrize("persona", ["nfp_uzbekistan", "partner_cic", "anonymous"], indirect=True)
def test_a_draft_mandate_is_not_found_for_others(persona, resolutions):
    draft = Mandate.objects.filter(document=resolutions[False]).first()

    with pytest.raises(Http404):
        permissions.get_mandate_for_view(persona, draft.pk)


@pytest.mark.parametrize(
    ("persona", "sees_proposed"),
    [
        ("secretariat_officer", True),
        ("nfp_uzbekistan", False),
        ("partner_cic", False),
        ("anonymous", False),
    ],
    indirect=["persona"],
)
def test_proposed_obligations_are_staffs_and_confirmed_published_ones_public(
    persona, sees_proposed, resolutions
):
    published, draft = (
        ReportingObligation.objects.get(mandate__document=resolutions[flag])
        for flag in (True, False)
    )
    ReportingObligation.objects.filter(pk=draft.pk).update(status=ObligationStatus.CONFIRMED)
    visible = set(permissions.obligations_visible_to(persona))
    assert (published in visible, draft in visible) == (sees_proposed, sees_proposed)

    ReportingObligation.objects.filter(pk=published.pk).update(status=ObligationStatus.CONFIRMED)

    visible = set(permissions.obligations_visible_to(persona))
    assert (published in visible, draft in visible) == (True, sees_proposed)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("secretariat_officer", True),
        ("nfp_uzbekistan", False),
        ("partner_cic", False),
        ("anonymous", False),
    ],
    indirect=["persona"],
)
def test_progress_report_drafts_are_for_staff_only(persona, allowed, bukhara, secretariat_officer):
    meeting = Meeting.objects.create(slug="cms-stc61", instrument=bukhara.cms, name="StC61")
    report = ProgressReport.objects.create(
        instrument=bukhara.cms, meeting=meeting, title="Synergies and partnerships"
    )

    assert permissions.progress_reports_visible_to(persona).filter(pk=report.pk).exists() is allowed
    if allowed:
        assert permissions.get_progress_report_for_edit(persona, report.pk) == report
    else:
        with pytest.raises(Http404):
            permissions.get_progress_report_for_edit(persona, report.pk)
