"""The mandate pages as readers and staff use them: the dashboard, the list, a mandate with
its source, evidence, versions and history, the review list, the obligations register, and
the progress report pages. Each role sees what it may and no more; every refusal says why."""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from meahub.core.pdf import weasyprint_problem
from meahub.documents.models import Document, Paragraph
from meahub.documents.services import ingest_text
from meahub.mandates import reports, services
from meahub.mandates.enums import (
    EvidenceKind,
    MandateStatus,
    ObligationStatus,
    ReviewReason,
    SuggestionStatus,
)
from meahub.mandates.models import (
    Evidence,
    EvidenceSuggestion,
    Mandate,
    ProgressEntry,
    ProgressReport,
    ReportingObligation,
)
from meahub.meetings.enums import MeetingKind
from meahub.meetings.models import Meeting
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db

RESOLUTION = """UNEP/CMS/Resolution 46.4
Original: English

STEPPE EAGLES AND POWER LINES

Adopted by the Conference of the Parties at its 46th Meeting (Almaty, 3-8 April 2049)

Aware that steppe eagles die on unsafe power lines across Central Asia,

The Conference of the Parties to the Convention on the Conservation of Migratory Species of
Wild Animals

1. Requests the Secretariat to prepare guidelines on bird-safe power lines by 2050;

2. Requests Parties to report on the power lines they made safe to each meeting of the
Conference of the Parties;

3. Invites NGOs to count the nests of steppe eagles every spring.
"""

REVISION = (
    RESOLUTION.replace("Resolution 46.4\n", "Resolution 46.4 (Rev.COP47)\n")
    .replace("its 46th Meeting (Almaty, 3-8 April 2049)", "its 47th Meeting (Bonn, 2-7 May 2052)")
    .replace(
        "3. Invites NGOs to count the nests of steppe eagles every spring.",
        "3. Encourages Range States to bury new power lines near nesting cliffs.",
    )
)

SECRET = """UNEP/CMS/Resolution 46.9
Original: English

UNPUBLISHED MATTERS

Adopted by the Conference of the Parties at its 46th Meeting (Almaty, 3-8 April 2049)

The Conference of the Parties to the Convention on the Conservation of Migratory Species of
Wild Animals

1. Requests the Secretariat to draft a confidential budget for the eagle programme.
"""

REPORT = """UNEP/CMS/StC70/Doc.5
Original: English

70th Meeting of the Standing Committee
Bonn, Germany, 10-11 October 2050

POWER LINES

(Prepared by the Secretariat)

1. The Secretariat has drafted guidelines on bird-safe power lines with two utilities.

2. Parties have sent reports on the lines they made safe.
"""


def ingest(text: str, *, by: Any, publish: bool = True) -> Document:
    outcome = ingest_text(text, "document.txt", by=by, publish=publish)
    assert outcome.document is not None, outcome.message
    return outcome.document


@dataclass
class Eagles:
    resolution: Document
    secret: Document
    report: Document

    def mandate(self, anchor: str, document: Document | None = None) -> Mandate:
        return Mandate.objects.get(document=document or self.resolution, paragraph__anchor=anchor)


def make_eagles(by: Any) -> Eagles:
    """A published resolution (three mandates, one proposing a reporting obligation), an
    unpublished one, and a published Standing Committee report to cite as evidence."""
    return Eagles(
        resolution=ingest(RESOLUTION, by=by),
        secret=ingest(SECRET, by=by, publish=False),
        report=ingest(REPORT, by=by),
    )


@pytest.fixture
def eagles(secretariat_officer) -> Eagles:
    return make_eagles(secretariat_officer)


@pytest.fixture
def other_staff(bukhara):
    aewa = f.make_instrument(code="AEWA", short_name="AEWA")
    return f.make_secretariat(instruments=[aewa], username="aewa-officer")


def html(response) -> str:
    return response.content.decode()


def text_of(response) -> str:
    """The page's visible text, tags removed and white space squeezed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html(response)).split())


def url(name: str, *args: Any) -> str:
    return reverse(f"mandates:{name}", args=args)


# --- dashboard ------------------------------------------------------------------------------


def test_anonymous_sees_the_counts_of_published_mandates_only(client, eagles):
    response = client.get(url("dashboard"))

    assert response.status_code == 200
    assert response.context["board"].totals.total == 3
    assert response.context["board"].totals.not_started == 3


def test_staff_count_the_unpublished_mandates_too(client, eagles, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.get(url("dashboard"))

    assert response.context["board"].totals.total == 4
    assert "Review list" in text_of(response)


def test_the_dashboard_filters_by_actor(client, eagles):
    response = client.get(url("dashboard"), {"actor": "parties"})

    assert response.context["board"].totals.total == 1
    assert [row.actor.name for row in response.context["board"].by_actor] == ["Parties"]


def test_the_dashboard_links_into_the_filtered_list(client, eagles):
    response = client.get(url("dashboard"), {"instrument": "CMS"})

    assert 'href="/mandates/list/?instrument=CMS&amp;status=open"' in html(response)
    assert 'href="/mandates/list/?instrument=CMS&amp;overdue=on&amp;status=open"' in html(response)


def test_an_unknown_instrument_on_the_dashboard_is_shown_as_an_error(client, eagles):
    response = client.get(url("dashboard"), {"instrument": "NOPE"})

    assert "Select a valid choice" in text_of(response)
    assert response.context["board"].totals.total == 3


def test_what_is_due_at_the_next_meeting_is_counted_and_listed(client, eagles, bukhara):
    Meeting.objects.create(
        slug="cms-cop48",
        instrument=bukhara.cms,
        kind=MeetingKind.COP,
        name="48th Meeting of the Conference of the Parties",
        starts_on=dt.date.today() + dt.timedelta(days=90),
    )

    board = client.get(url("dashboard")).context["board"]
    response = client.get(url("mandate-list"), {"due": "next", "status": "open"})

    assert board.totals.due_next_meeting == 1
    assert listed(response) == ["Resolution 46.4 ¶2: requests Parties"]


@pytest.mark.parametrize("resolutions", [1, 3])
def test_the_dashboard_needs_the_same_queries_for_one_or_three_resolutions(
    client, secretariat_officer, django_assert_max_num_queries, resolutions
):
    for number in range(resolutions):
        ingest(RESOLUTION.replace("46.4", f"46.{40 + number}"), by=secretariat_officer)
    client.force_login(secretariat_officer)

    with django_assert_max_num_queries(11):
        response = client.get(url("dashboard"))

    assert response.context["board"].totals.total == 3 * resolutions


# --- the list -------------------------------------------------------------------------------


def listed(response) -> list[str]:
    return [str(m) for m in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": "ngos"}, ["Resolution 46.4 ¶3: invites NGOs"]),
        ({"q": "guidelines"}, ["Resolution 46.4 ¶1: requests Secretariat"]),
        (
            {"resolution": "Resolution 46.4", "actor": "parties"},
            ["Resolution 46.4 ¶2: requests Parties"],
        ),
        ({"status": "done"}, []),
    ],
)
def test_the_list_filters(client, eagles, query, expected):
    response = client.get(url("mandate-list"), query)

    assert listed(response) == expected


def test_the_list_filters_the_overdue(client, eagles, secretariat_officer):
    late = eagles.mandate("3")
    services.update_mandate(mandate=late, by=secretariat_officer, due_date=dt.date(2020, 1, 1))

    response = client.get(url("mandate-list"), {"overdue": "on"})

    assert listed(response) == ["Resolution 46.4 ¶3: invites NGOs"]
    assert "overdue" in text_of(response)


def test_an_unknown_resolution_in_the_filter_is_named_in_the_error(client, eagles):
    response = client.get(url("mandate-list"), {"resolution": "Resolution 99.9"})

    assert "No resolution or decision Resolution 99.9 with mandates." in text_of(response)


def test_the_public_list_hides_unpublished_mandates_and_owners(client, eagles, secretariat_officer):
    services.update_mandate(
        mandate=eagles.mandate("1"), by=secretariat_officer, owner=secretariat_officer
    )

    response = client.get(url("mandate-list"))

    assert len(listed(response)) == 3
    assert "confidential" not in html(response)
    assert "Owner" not in text_of(response)
    assert "officer" not in text_of(response).replace("Secretariat", "")


def test_the_public_cannot_search_the_internal_notes(client, eagles, secretariat_officer):
    services.update_mandate(mandate=eagles.mandate("1"), by=secretariat_officer, notes="utility X")

    assert listed(client.get(url("mandate-list"), {"q": "utility X"})) == []
    client.force_login(secretariat_officer)
    assert listed(client.get(url("mandate-list"), {"q": "utility X"})) == [
        "Resolution 46.4 ¶1: requests Secretariat"
    ]


def test_an_htmx_filter_gets_only_the_results(client, eagles):
    response = client.get(url("mandate-list"), {"actor": "ngos"}, HTTP_HX_REQUEST="true")

    assert "<table" in html(response)
    assert "<html" not in html(response)


@pytest.mark.parametrize("resolutions", [1, 3])
def test_the_list_needs_the_same_queries_for_one_or_three_resolutions(
    client, secretariat_officer, django_assert_max_num_queries, resolutions
):
    for number in range(resolutions):
        ingest(RESOLUTION.replace("46.4", f"46.{40 + number}"), by=secretariat_officer)
    client.force_login(secretariat_officer)

    with django_assert_max_num_queries(9):
        response = client.get(url("mandate-list"))

    assert len(listed(response)) == 3 * resolutions


# --- one mandate ----------------------------------------------------------------------------


def test_visitor_reads_a_mandate_with_its_source_paragraph_marked(client, eagles):
    mandate = eagles.mandate("1")

    response = client.get(url("mandate-detail", mandate.pk))

    source = html(response).split('class="context context--source"')[1].split("</article>")[0]
    assert '<mark class="verb">Requests</mark>' in source
    assert '<mark class="actor">Secretariat</mark>' in source
    paragraph_url = Paragraph.objects.get(pk=mandate.paragraph_id).get_absolute_url()
    assert f'href="{paragraph_url}"' in html(response)
    assert "Aware that steppe eagles" in text_of(response)  # the paragraph before it


@pytest.mark.parametrize("persona", ["anonymous", "nfp_uzbekistan", "partner_cic"])
def test_readers_other_than_staff_never_see_notes_or_owner(
    client, eagles, secretariat_officer, request, persona
):
    mandate = eagles.mandate("1")
    services.update_mandate(
        mandate=mandate, by=secretariat_officer, owner=secretariat_officer, notes="Call utility X"
    )
    user = request.getfixturevalue(persona)
    if persona != "anonymous":
        client.force_login(user)

    response = client.get(url("mandate-detail", mandate.pk))

    assert response.status_code == 200
    assert "Call utility X" not in html(response)
    assert "Internal notes" not in text_of(response)
    assert "Owner" not in text_of(response)
    assert "Change status" not in text_of(response)


@pytest.mark.parametrize("persona", ["anonymous", "nfp_uzbekistan", "partner_cic"])
def test_a_mandate_of_an_unpublished_resolution_is_not_found_for_readers(
    client, eagles, request, persona
):
    user = request.getfixturevalue(persona)
    if persona != "anonymous":
        client.force_login(user)

    response = client.get(url("mandate-detail", eagles.mandate("1", eagles.secret).pk))

    assert response.status_code == 404


def test_staff_see_notes_and_owner_and_the_form(client, eagles, secretariat_officer):
    mandate = eagles.mandate("1")
    services.update_mandate(mandate=mandate, by=secretariat_officer, notes="Call utility X")
    client.force_login(secretariat_officer)

    response = client.get(url("mandate-detail", mandate.pk))

    assert "Call utility X" in text_of(response)
    assert "Change status, owner, due date, theme or notes" in text_of(response)
    assert "Add evidence" in text_of(response)


def test_staff_of_another_instrument_read_but_cannot_edit(client, eagles, other_staff):
    mandate = eagles.mandate("1")
    client.force_login(other_staff)

    page = client.get(url("mandate-detail", mandate.pk))
    response = client.post(url("mandate-edit", mandate.pk), {"status": "done"})

    assert page.status_code == 200
    assert "Only staff serving this instrument change it." in text_of(page)
    assert response.status_code == 403
    mandate.refresh_from_db()
    assert mandate.status == MandateStatus.NOT_STARTED


def edit_data(mandate: Mandate, **changes: Any) -> dict[str, Any]:
    data = {
        "status": mandate.status,
        "owner": mandate.owner_id or "",
        "due_date": mandate.due_date.isoformat() if mandate.due_date else "",
        "due_text": mandate.due_text,
        "theme": mandate.theme,
        "notes": mandate.notes,
    }
    data.update(changes)
    return data


def test_officer_changes_the_status_and_the_history_names_them(client, eagles, secretariat_officer):
    mandate = eagles.mandate("1")
    client.force_login(secretariat_officer)

    response = client.post(
        url("mandate-edit", mandate.pk), edit_data(mandate, status="in_progress")
    )

    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.status == MandateStatus.IN_PROGRESS
    page = text_of(client.get(url("mandate-detail", mandate.pk)))
    assert "Status: not started → in progress" in page
    assert "by officer" in page


def test_an_htmx_edit_sends_the_browser_back_to_the_mandate(client, eagles, secretariat_officer):
    mandate = eagles.mandate("1")
    client.force_login(secretariat_officer)

    response = client.post(
        url("mandate-edit", mandate.pk),
        edit_data(mandate, status="done"),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == mandate.get_absolute_url()


def test_an_invalid_edit_names_the_field_and_changes_nothing(client, eagles, secretariat_officer):
    mandate = eagles.mandate("1")
    client.force_login(secretariat_officer)

    response = client.post(
        url("mandate-edit", mandate.pk),
        edit_data(mandate, status="in_progress", due_date="2050-13-45"),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {"due_date": ["Enter a valid date."]}
    mandate.refresh_from_db()
    assert mandate.status == MandateStatus.NOT_STARTED


def test_the_owner_must_be_secretariat_staff(client, eagles, secretariat_officer, nfp_uzbekistan):
    mandate = eagles.mandate("1")
    client.force_login(secretariat_officer)

    response = client.post(
        url("mandate-edit", mandate.pk), edit_data(mandate, owner=nfp_uzbekistan.pk)
    )

    assert response.status_code == 422
    assert "owner" in response.context["form"].errors
    mandate.refresh_from_db()
    assert mandate.owner is None


def test_a_focal_point_cannot_edit_a_mandate(client, eagles, nfp_uzbekistan):
    mandate = eagles.mandate("2")
    client.force_login(nfp_uzbekistan)

    response = client.post(url("mandate-edit", mandate.pk), edit_data(mandate, status="done"))

    assert response.status_code == 403


def test_anonymous_is_sent_to_sign_in_to_edit(client, eagles):
    response = client.get(url("mandate-edit", eagles.mandate("1").pk))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


# evidence


def evidence_data(**values: str) -> dict[str, str]:
    return {f"evidence-{name}": value for name, value in values.items()}


def test_officer_adds_a_paragraph_of_a_report_as_evidence(client, eagles, secretariat_officer):
    mandate = eagles.mandate("1")
    client.force_login(secretariat_officer)

    response = client.post(
        url("evidence-add", mandate.pk),
        evidence_data(kind="paragraph", symbol="UNEP/CMS/StC70/Doc.5", anchor="1", note="Drafted"),
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get(mandate=mandate)
    assert (evidence.kind, evidence.paragraph.anchor, evidence.document, evidence.added_by) == (
        EvidenceKind.PARAGRAPH,
        "1",
        eagles.report,
        secretariat_officer,
    )
    page = text_of(client.get(url("mandate-detail", mandate.pk)))
    assert "UNEP/CMS/StC70/Doc.5 ¶1" in page
    assert "Evidence · UNEP/CMS/StC70/Doc.5 ¶1 — created" in page


def test_evidence_with_an_unknown_symbol_is_refused_and_nothing_is_written(
    client, eagles, secretariat_officer
):
    mandate = eagles.mandate("1")
    client.force_login(secretariat_officer)

    response = client.post(
        url("evidence-add", mandate.pk),
        evidence_data(kind="document", symbol="UNEP/CMS/StC99/Doc.1"),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 422
    assert "No document UNEP/CMS/StC99/Doc.1 is held here." in text_of(response)
    assert "<html" not in html(response)
    assert not Evidence.objects.exists()


def test_evidence_with_an_unknown_paragraph_names_the_document(client, eagles, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        url("evidence-add", eagles.mandate("1").pk),
        evidence_data(kind="paragraph", symbol="UNEP/CMS/StC70/Doc.5", anchor="9"),
    )

    assert response.status_code == 422
    assert "UNEP/CMS/StC70/Doc.5 has no paragraph 9." in text_of(response)
    assert not Evidence.objects.exists()


def test_a_link_needs_an_address_or_a_note(client, eagles, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(url("evidence-add", eagles.mandate("1").pk), evidence_data(kind="link"))

    assert response.status_code == 422
    assert "Give the address, or say in the note what it is." in text_of(response)


def test_a_document_the_public_cannot_see_is_still_evidence_for_staff(
    client, eagles, secretariat_officer
):
    client.force_login(secretariat_officer)

    client.post(
        url("evidence-add", eagles.mandate("1").pk),
        evidence_data(kind="document", symbol="UNEP/CMS/Resolution 46.9"),
    )

    assert Evidence.objects.get().document == eagles.secret


def test_an_htmx_evidence_answer_updates_the_evidence_and_the_history(
    client, eagles, secretariat_officer
):
    client.force_login(secretariat_officer)

    response = client.post(
        url("evidence-add", eagles.mandate("1").pk),
        evidence_data(kind="link", url="https://example.org/guidelines", note="Draft"),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert 'id="evidence"' in html(response)
    assert 'id="history" aria-labelledby="history-heading" hx-swap-oob="true"' in html(response)
    assert "The evidence was added." in text_of(response)


def test_officer_removes_evidence_and_the_history_keeps_it(client, eagles, secretariat_officer):
    mandate = eagles.mandate("1")
    evidence = services.add_evidence(
        mandate=mandate, by=secretariat_officer, kind="link", url="https://example.org/a"
    )
    client.force_login(secretariat_officer)

    response = client.post(url("evidence-remove", mandate.pk, evidence.pk))

    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert "Evidence · https://example.org/a — deleted" in text_of(
        client.get(url("mandate-detail", mandate.pk))
    )


def test_evidence_of_another_mandate_cannot_be_removed_through_this_one(
    client, eagles, secretariat_officer
):
    other = services.add_evidence(
        mandate=eagles.mandate("2"), by=secretariat_officer, kind="link", url="https://e.org"
    )
    client.force_login(secretariat_officer)

    response = client.post(url("evidence-remove", eagles.mandate("1").pk, other.pk))

    assert response.status_code == 404
    assert Evidence.objects.filter(pk=other.pk).exists()


def test_a_focal_point_cannot_add_evidence(client, eagles, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)

    response = client.post(
        url("evidence-add", eagles.mandate("2").pk), evidence_data(kind="link", note="Done")
    )

    assert response.status_code == 403
    assert not Evidence.objects.exists()


def suggest(eagles: Eagles, mandate: Mandate, anchor: str = "1") -> EvidenceSuggestion:
    return EvidenceSuggestion.objects.create(
        paragraph=Paragraph.objects.get(document=eagles.report, anchor=anchor),
        mandate=mandate,
        rank=1,
        score=0.6,
        method="lexical",
    )


def test_accepting_a_suggestion_makes_the_paragraph_evidence(client, eagles, secretariat_officer):
    mandate = eagles.mandate("1")
    EvidenceSuggestion.objects.filter(mandate=mandate).delete()
    suggestion = suggest(eagles, mandate)
    client.force_login(secretariat_officer)

    response = client.post(
        url("suggestion-decide", mandate.pk, suggestion.pk), {"accept": "1"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == (
        SuggestionStatus.ACCEPTED,
        secretariat_officer,
    )
    assert [e.paragraph for e in mandate.evidence.all()] == [suggestion.paragraph]
    assert "The paragraph is now evidence of the mandate." in text_of(response)


def test_rejecting_a_suggestion_adds_no_evidence(client, eagles, secretariat_officer):
    mandate = eagles.mandate("1")
    EvidenceSuggestion.objects.filter(mandate=mandate).delete()
    suggestion = suggest(eagles, mandate)
    client.force_login(secretariat_officer)

    client.post(url("suggestion-decide", mandate.pk, suggestion.pk), {"accept": "0"})

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert not mandate.evidence.exists()


def test_pending_suggestions_are_shown_to_staff_only(client, eagles, secretariat_officer):
    mandate = eagles.mandate("1")
    EvidenceSuggestion.objects.filter(mandate=mandate).delete()
    suggest(eagles, mandate)

    public = text_of(client.get(url("mandate-detail", mandate.pk)))
    client.force_login(secretariat_officer)
    staff = text_of(client.get(url("mandate-detail", mandate.pk)))

    assert "Suggested by the reports" not in public
    assert "Suggested by the reports" in staff


# reporting obligations


def obligation_of(eagles: Eagles) -> ReportingObligation:
    return ReportingObligation.objects.get(mandate=eagles.mandate("2"))


def obligation_data(obligation: ReportingObligation, **changes: Any) -> dict[str, Any]:
    data = {
        "subject": obligation.subject,
        "every_meeting": "on" if obligation.every_meeting else "",
        "frequency_months": obligation.frequency_months or "",
        "report_to": obligation.report_to,
        "days_before_meeting": obligation.days_before_meeting or "",
        "next_due": obligation.next_due.isoformat() if obligation.next_due else "",
    }
    data.update(changes)
    return {f"obligation-{obligation.pk}-{name}": value for name, value in data.items()}


def test_officer_confirms_the_proposed_obligation_with_a_correction(
    client, eagles, secretariat_officer
):
    obligation = obligation_of(eagles)
    mandate_url = eagles.mandate("2").get_absolute_url()
    client.force_login(secretariat_officer)
    assert "Confirm or reject this proposed obligation" in text_of(client.get(mandate_url))

    response = client.post(
        url("obligation-decide", obligation.pk),
        {
            **obligation_data(obligation, next_due="2052-01-31"),
            "decision": "confirm",
            "next": mandate_url,
        },
    )

    assert response.status_code == 302
    assert response.url == mandate_url
    obligation.refresh_from_db()
    assert (obligation.status, obligation.next_due, obligation.decided_by) == (
        ObligationStatus.CONFIRMED,
        dt.date(2052, 1, 31),
        secretariat_officer,
    )


def test_officer_rejects_a_proposed_obligation(client, eagles, secretariat_officer):
    obligation = obligation_of(eagles)
    client.force_login(secretariat_officer)

    client.post(
        url("obligation-decide", obligation.pk),
        {**obligation_data(obligation), "decision": "reject"},
    )

    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.REJECTED


def test_an_obligation_without_a_subject_is_refused(client, eagles, secretariat_officer):
    obligation = obligation_of(eagles)
    client.force_login(secretariat_officer)

    response = client.post(
        url("obligation-decide", obligation.pk),
        {**obligation_data(obligation, subject=""), "decision": "confirm"},
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {"subject": ["This field is required."]}
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.PROPOSED


def test_a_focal_point_cannot_decide_an_obligation(client, eagles, nfp_uzbekistan):
    obligation = obligation_of(eagles)
    client.force_login(nfp_uzbekistan)

    response = client.post(
        url("obligation-decide", obligation.pk),
        {**obligation_data(obligation), "decision": "confirm"},
    )

    assert response.status_code == 404  # a proposed obligation is not theirs to see
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.PROPOSED


def test_the_register_shows_the_public_confirmed_obligations_only(
    client, eagles, secretariat_officer
):
    before = text_of(client.get(url("obligation-list"), {"instrument": "CMS"}))
    services.decide_obligation(
        obligation=obligation_of(eagles), by=secretariat_officer, confirm=True
    )

    after = text_of(client.get(url("obligation-list"), {"instrument": "CMS"}))

    assert "0 obligations" in before
    assert "1 obligation " in after
    assert "Resolution 46.4 ¶2" in after
    assert "Confirm or reject" not in after


def test_staff_see_proposed_obligations_to_confirm_in_the_register(
    client, eagles, secretariat_officer
):
    client.force_login(secretariat_officer)

    response = client.get(url("obligation-list"))

    assert "proposed" in text_of(response)
    assert url("obligation-decide", obligation_of(eagles).pk) in html(response)


# versions and the review list


@pytest.fixture
def revised(eagles, secretariat_officer) -> Document:
    return ingest(REVISION, by=secretariat_officer)


def test_the_mandate_page_shows_its_versions_and_the_evidence_of_the_earlier_one(
    client, eagles, revised, secretariat_officer
):
    old = eagles.mandate("1")
    services.add_evidence(mandate=old, by=secretariat_officer, kind="link", url="https://e.org/1")
    new = eagles.mandate("1", revised)

    page = text_of(client.get(url("mandate-detail", new.pk)))

    assert "Earlier version: Resolution 46.4 ¶1" in page
    assert "https://e.org/1" in page
    assert "Resolution 46.4 ¶1 superseded" in page
    assert "Resolution 46.4 (Rev.COP47) ¶1 not started" in page


@pytest.mark.parametrize("persona", ["nfp_uzbekistan", "partner_cic", "other_staff"])
def test_the_review_list_is_for_staff(client, revised, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(url("review-list"))

    expected = 200 if persona == "other_staff" else 403
    assert response.status_code == expected


def test_anonymous_is_sent_to_sign_in_for_the_review_list(client, revised):
    response = client.get(url("review-list"))

    assert response.status_code == 302


def test_the_review_list_offers_the_earlier_mandates(client, revised, eagles, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.get(url("review-list"))

    rows = response.context["rows"]
    reasons = sorted(item.mandate.review for item, _ in rows)
    assert reasons == [ReviewReason.NO_PREDECESSOR, ReviewReason.NO_SUCCESSOR]
    new_item = next(item for item, _ in rows if item.needs_predecessor)
    assert eagles.mandate("3") in new_item.candidates


def test_officer_keeps_a_new_mandate_as_new(client, revised, secretariat_officer):
    mandate = Mandate.objects.get(document=revised, paragraph__anchor="3")
    client.force_login(secretariat_officer)

    response = client.post(
        url("review-settle", mandate.pk),
        {f"r{mandate.pk}-decision": "keep"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "Resolution 46.4 (Rev.COP47) ¶3: encourages Range States is kept as it is." in (
        text_of(response)
    )
    mandate.refresh_from_db()
    assert (mandate.review, mandate.status) == ("", MandateStatus.NOT_STARTED)


def test_officer_retires_the_mandate_the_revision_dropped(
    client, eagles, revised, secretariat_officer
):
    dropped = eagles.mandate("3")
    client.force_login(secretariat_officer)

    response = client.post(url("review-settle", dropped.pk), {f"r{dropped.pk}-decision": "retire"})

    assert response.status_code == 302
    dropped.refresh_from_db()
    assert (dropped.review, dropped.status) == ("", MandateStatus.RETIRED)


def test_officer_links_a_new_mandate_to_its_predecessor(
    client, eagles, revised, secretariat_officer
):
    new = Mandate.objects.get(document=revised, paragraph__anchor="3")
    old = eagles.mandate("3")
    client.force_login(secretariat_officer)

    client.post(
        url("review-settle", new.pk),
        {f"r{new.pk}-decision": "link", f"r{new.pk}-predecessor": old.pk},
    )

    new.refresh_from_db()
    old.refresh_from_db()
    assert (new.predecessor, new.review, old.status) == (old, "", MandateStatus.SUPERSEDED)


def test_linking_without_choosing_the_earlier_mandate_says_so(client, revised, secretariat_officer):
    new = Mandate.objects.get(document=revised, paragraph__anchor="3")
    client.force_login(secretariat_officer)

    response = client.post(
        url("review-settle", new.pk), {f"r{new.pk}-decision": "link"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 422
    assert "Choose the earlier mandate it carries on." in text_of(response)
    new.refresh_from_db()
    assert new.review == ReviewReason.NO_PREDECESSOR


def test_staff_of_another_instrument_cannot_settle(client, revised, other_staff):
    new = Mandate.objects.get(document=revised, paragraph__anchor="3")
    client.force_login(other_staff)

    response = client.post(url("review-settle", new.pk), {f"r{new.pk}-decision": "keep"})

    assert response.status_code == 403
    new.refresh_from_db()
    assert new.review == ReviewReason.NO_PREDECESSOR


# --- progress reports -----------------------------------------------------------------------


@pytest.fixture
def meetings(bukhara) -> tuple[Meeting, Meeting]:
    """A Standing Committee meeting past and one to come, of CMS."""
    today = dt.date.today()
    past = Meeting.objects.create(
        slug="cms-stc70",
        instrument=bukhara.cms,
        kind=MeetingKind.STANDING_COMMITTEE,
        name="70th Meeting of the Standing Committee",
        starts_on=today - dt.timedelta(days=400),
    )
    coming = Meeting.objects.create(
        slug="cms-stc71",
        instrument=bukhara.cms,
        kind=MeetingKind.STANDING_COMMITTEE,
        name="71st Meeting of the Standing Committee",
        place="Bonn",
        starts_on=today + dt.timedelta(days=60),
    )
    return past, coming


@pytest.fixture
def report(eagles, meetings, bukhara, secretariat_officer) -> ProgressReport:
    return reports.draft_progress_report(
        instrument=bukhara.cms,
        meeting=meetings[1],
        by=secretariat_officer,
        symbol="UNEP/CMS/StC71/Doc.8",
    )


@pytest.mark.parametrize("name", ["report-list", "report-new"])
@pytest.mark.parametrize("persona", ["nfp_uzbekistan", "partner_cic"])
def test_progress_reports_are_refused_to_anyone_but_staff(client, bukhara, request, persona, name):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(url(name))

    assert response.status_code == 403


@pytest.mark.parametrize("name", ["report-detail", "report-docx", "report-pdf", "report-edit"])
@pytest.mark.parametrize("persona", ["nfp_uzbekistan", "partner_cic"])
def test_a_progress_report_is_refused_to_anyone_but_staff(client, report, request, persona, name):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(url(name, report.pk))

    assert response.status_code == 403


def test_anonymous_is_sent_to_sign_in_for_a_progress_report(client, report):
    response = client.get(url("report-detail", report.pk))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_officer_drafts_a_progress_report_from_the_form(
    client, eagles, meetings, secretariat_officer
):
    client.force_login(secretariat_officer)

    response = client.post(
        url("report-new"),
        {"instrument": "CMS", "meeting": "cms-stc71", "symbol": "UNEP/CMS/StC71/Doc.8"},
    )

    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response.url == url("report-detail", report.pk)
    assert (report.symbol, report.created_by) == ("UNEP/CMS/StC71/Doc.8", secretariat_officer)
    page = text_of(client.get(response.url))
    assert "Prepared by the Secretariat" in page
    assert "Resolution 46.4, paragraph 1" in page


def test_a_report_without_a_meeting_is_refused_with_the_field_named(
    client, meetings, secretariat_officer
):
    client.force_login(secretariat_officer)

    response = client.post(url("report-new"), {"instrument": "CMS", "meeting": ""})

    assert response.status_code == 422
    assert response.context["form"].errors == {"meeting": ["This field is required."]}
    assert not ProgressReport.objects.exists()


def test_staff_cannot_draft_for_an_instrument_they_do_not_serve(client, meetings, other_staff):
    client.force_login(other_staff)

    response = client.post(url("report-new"), {"instrument": "CMS", "meeting": "cms-stc71"})

    assert response.status_code == 422
    assert "instrument" in response.context["form"].errors
    assert not ProgressReport.objects.exists()


def test_staff_of_another_instrument_read_a_report_but_cannot_edit_it(client, report, other_staff):
    entry = report.entries.first()
    client.force_login(other_staff)

    page = client.get(url("report-detail", report.pk))
    response = client.post(url("entry-edit", report.pk, entry.pk), {f"entry-{entry.pk}-text": "X"})

    assert page.status_code == 200
    assert url("entry-edit", report.pk, entry.pk) not in html(page)
    assert response.status_code == 403


def test_officer_rewrites_an_entry_inline_and_it_is_attributed(client, report, secretariat_officer):
    entry = report.entries.order_by("position").first()
    client.force_login(secretariat_officer)

    form = client.get(url("entry-edit", report.pk, entry.pk), HTTP_HX_REQUEST="true")
    response = client.post(
        url("entry-edit", report.pk, entry.pk),
        {f"entry-{entry.pk}-text": "The guidelines were drafted with two utilities."},
        HTTP_HX_REQUEST="true",
    )

    assert "<textarea" in html(form)
    assert response.status_code == 200
    assert "<html" not in html(response)
    assert "The guidelines were drafted with two utilities." in text_of(response)
    assert "edited by officer" in text_of(response)
    latest = ProgressEntry.history.filter(id=entry.pk).latest("history_date")
    assert (latest.history_type, latest.history_user) == ("~", secretariat_officer)


def test_cancelling_an_inline_edit_shows_the_entry_again(client, report, secretariat_officer):
    entry = report.entries.order_by("position").first()
    client.force_login(secretariat_officer)

    response = client.get(url("entry-detail", report.pk, entry.pk), HTTP_HX_REQUEST="true")

    assert "<textarea" not in html(response)
    assert entry.text in text_of(response)
    assert url("entry-edit", report.pk, entry.pk) in html(response)


def test_an_empty_entry_is_refused(client, report, secretariat_officer):
    entry = report.entries.first()
    client.force_login(secretariat_officer)

    response = client.post(
        url("entry-edit", report.pk, entry.pk),
        {f"entry-{entry.pk}-text": "  "},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 422
    assert "Say what was done on this mandate." in text_of(response)
    assert ProgressEntry.objects.get(pk=entry.pk).text == entry.text


def test_officer_edits_the_summary_and_action_requested(client, report, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        url("report-edit", report.pk),
        {
            "symbol": report.symbol,
            "title": report.title,
            "date": "2051-03-01",
            "summary": "A shorter summary.",
            "action_requested": "The Standing Committee is invited to take note.",
        },
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.summary, report.date) == ("A shorter summary.", dt.date(2051, 3, 1))


def test_the_docx_download_is_a_word_document(client, report, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.get(url("report-docx", report.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="unep-cms-stc71-doc8.docx"'
    assert response.content[:2] == b"PK"


def test_the_pdf_download_is_a_pdf(client, report, secretariat_officer):
    problem = weasyprint_problem()
    if problem:
        pytest.skip(problem)
    client.force_login(secretariat_officer)

    response = client.get(url("report-pdf", report.pk))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_pdf_download_says_what_is_missing_without_weasyprint(
    client, report, secretariat_officer, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    client.force_login(secretariat_officer)

    response = client.get(url("report-pdf", report.pk))

    assert response.status_code == 503
    assert response.content.decode().startswith(
        "The PDF export needs WeasyPrint (pip install weasyprint==70.0) and the Pango library"
    )


def test_the_report_list_shows_the_drafts(client, report, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.get(url("report-list"))

    assert [r.pk for r in response.context["reports"]] == [report.pk]
    assert "UNEP/CMS/StC71/Doc.8" in text_of(response)


# --- navigation -----------------------------------------------------------------------------


def test_the_resolution_page_links_to_its_mandates(client, eagles):
    response = client.get(eagles.resolution.get_absolute_url())

    assert 'href="/mandates/list/?resolution=Resolution%2046.4"' in html(response)
    assert listed(client.get(url("mandate-list"), {"resolution": "Resolution 46.4"})) == [
        "Resolution 46.4 ¶1: requests Secretariat",
        "Resolution 46.4 ¶2: requests Parties",
        "Resolution 46.4 ¶3: invites NGOs",
    ]


def test_the_site_navigation_leads_to_the_mandates(client, bukhara):
    response = client.get(url("dashboard"))

    assert '<a href="/mandates/" aria-current="page">Mandates</a>' in html(response)
