"""The mandates endpoints: what each persona reads (lists, one mandate, the dashboard, the
obligations register), and what staff change (tracking, evidence, suggestions, obligations,
the review list). Each role sees what it may and no more; every refusal names the input."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from meahub.documents.models import Document
from meahub.documents.services import ingest_text
from meahub.mandates import services
from meahub.mandates.enums import (
    EvidenceKind,
    MandateStatus,
    ObligationStatus,
    ReviewReason,
    SuggestionStatus,
)
from meahub.mandates.models import Evidence, EvidenceSuggestion, Mandate, ReportingObligation
from meahub.tests import factories as f
from meahub.tests.api_helpers import DENIED_WRITERS, bearer

pytestmark = pytest.mark.django_db

OTTERS = """UNEP/CMS/Resolution 48.2
Original: English

OTTERS OF THE ARAL BASIN

Adopted by the Conference of the Parties at its 48th Meeting (Nukus, 5-10 March 2053)

The Conference of the Parties to the Convention on the Conservation of Migratory Species of
Wild Animals

1. Requests the Secretariat to compile a census method for otters by 2054;

2. Requests Parties to report on otter numbers to each meeting of the Conference of the
Parties;

3. Invites NGOs to restore reed beds along the Amu Darya.
"""

OTTERS_REVISED = (
    OTTERS.replace("Resolution 48.2\n", "Resolution 48.2 (Rev.COP49)\n")
    .replace("its 48th Meeting (Nukus, 5-10 March 2053)", "its 49th Meeting (Termez, 2-7 May 2056)")
    .replace(
        "3. Invites NGOs to restore reed beds along the Amu Darya.",
        "3. Encourages Range States to ban fish traps in otter rivers.",
    )
)

SECRET = """UNEP/CMS/Resolution 48.9
Original: English

UNPUBLISHED MATTERS

Adopted by the Conference of the Parties at its 48th Meeting (Nukus, 5-10 March 2053)

The Conference of the Parties to the Convention on the Conservation of Migratory Species of
Wild Animals

1. Requests the Secretariat to draft a confidential budget for the otter programme.
"""

REPORT = """UNEP/CMS/StC71/Doc.8
Original: English

71st Meeting of the Standing Committee
Bonn, Germany, 3-4 November 2053

OTTERS

(Prepared by the Secretariat)

1. The Secretariat has compiled a census method for otters, as Resolution 48.2 requested.

2. NGOs restored reed beds along the Amu Darya in two districts.
"""


def ingest(text: str, *, by: Any, publish: bool = True) -> Document:
    outcome = ingest_text(text, "document.txt", by=by, publish=publish)
    assert outcome.document is not None, outcome.message
    return outcome.document


def at(document: Document, anchor: str) -> Mandate:
    return Mandate.objects.get(document=document, paragraph__anchor=anchor)


@pytest.fixture
def persona(request, bukhara):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


@pytest.fixture
def otters(secretariat_officer) -> Document:  # type: ignore[no-untyped-def]
    """A published resolution: the Secretariat (¶1), Parties (¶2, proposing a reporting
    obligation) and NGOs (¶3) are asked to act."""
    return ingest(OTTERS, by=secretariat_officer)


@pytest.fixture
def secret(secretariat_officer) -> Document:  # type: ignore[no-untyped-def]
    """An unpublished resolution with one mandate."""
    return ingest(SECRET, by=secretariat_officer, publish=False)


@pytest.fixture
def revised(secretariat_officer, otters) -> Document:  # type: ignore[no-untyped-def]
    """The revision: ¶1 and ¶2 carry the mandates on, ¶3 asks Range States instead of NGOs
    (both wait on the review list)."""
    return ingest(OTTERS_REVISED, by=secretariat_officer)


@pytest.fixture
def report(secretariat_officer, otters) -> Document:  # type: ignore[no-untyped-def]
    """A published Standing Committee report on the otters: ingesting it suggests evidence."""
    return ingest(REPORT, by=secretariat_officer)


@pytest.fixture
def other_staff(bukhara):  # type: ignore[no-untyped-def]
    aewa = f.make_instrument(code="AEWA", short_name="AEWA")
    return f.make_secretariat(instruments=[aewa], username="aewa-officer")


def items(response) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return list(response.json()["items"])


def anchors(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(item["resolution"], item["paragraph"]) for item in items(response)]


def cli_json() -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command("mandates", "--json", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


# --- listing ------------------------------------------------------------------------------------


def test_public_lists_the_mandates_of_published_resolutions_only(client, otters, secret):
    response = client.get("/api/v1/mandates")

    assert anchors(response) == [
        ("Resolution 48.2", "1"),
        ("Resolution 48.2", "2"),
        ("Resolution 48.2", "3"),
    ]
    assert response.json()["count"] == 3


def test_staff_list_includes_the_mandates_of_unpublished_resolutions(
    client, secretariat_officer, otters, secret
):
    response = client.get("/api/v1/mandates", headers=bearer(secretariat_officer))

    assert [resolution for resolution, _ in anchors(response)] == [
        "Resolution 48.2",
        "Resolution 48.2",
        "Resolution 48.2",
        "Resolution 48.9",
    ]


def test_list_item_has_the_keys_and_values_of_the_command_line_json(
    client, secretariat_officer, otters, secret
):
    printed = cli_json()

    listed = items(client.get("/api/v1/mandates", headers=bearer(secretariat_officer)))

    assert [set(row) <= set(item) for row, item in zip(printed, listed, strict=True)] == [True] * 4
    assert [{key: item[key] for key in row} for row, item in zip(printed, listed, strict=True)] == (
        printed
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=Parties", ["2"]),
        ("actor=secretariat", ["1"]),
        ("status=in_progress", ["3"]),
        ("status=open", ["1", "2", "3"]),
        ("status=done", []),
        ("instrument=cms", ["1", "2", "3"]),
        ("instrument=BKD", []),
        ("resolution=Resolution 48.2", ["1", "2", "3"]),
        ("resolution=UNEP/CMS/Resolution 48.2", ["1", "2", "3"]),
        ("q=reed beds", ["3"]),
        ("overdue=true", ["2"]),
        ("overdue=false", ["1", "3"]),
        ("actor=parties&status=in_progress", []),
    ],
)
def test_public_filters_and_searches_mandates(client, secretariat_officer, otters, query, expected):
    services.update_mandate(
        mandate=at(otters, "3"), by=secretariat_officer, status=MandateStatus.IN_PROGRESS
    )
    services.update_mandate(
        mandate=at(otters, "2"), by=secretariat_officer, due_date=dt.date(2020, 1, 31)
    )

    response = client.get(f"/api/v1/mandates?{query}")

    assert [paragraph for _, paragraph in anchors(response)] == expected


def test_public_cannot_name_an_unpublished_resolution_in_the_filter(client, otters, secret):
    response = client.get("/api/v1/mandates", {"resolution": "Resolution 48.9"})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "resolution": [
            "No resolution 'Resolution 48.9' with mandates; those with mandates are: "
            "Resolution 48.2."
        ]
    }


def test_unknown_status_is_refused_naming_the_parameter_and_the_statuses(client, otters):
    response = client.get("/api/v1/mandates?status=forgotten")

    message = (
        "Unknown status 'forgotten'; the statuses are: not_started, in_progress, done, "
        "ongoing, superseded, retired, open."
    )
    assert response.status_code == 422
    assert response.json() == {"detail": message, "errors": {"status": [message]}}


def test_unknown_instrument_is_refused_with_the_codes(client, otters):
    response = client.get("/api/v1/mandates?instrument=XYZ")

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "instrument": ["Unknown instrument code 'XYZ'; the codes are: BKD, CAMI, CMS."]
    }


@pytest.mark.parametrize(
    ("query", "field", "start"),
    [
        ("actor=Martians", "actor", "Unknown actor 'Martians'; the actors are: "),
        ("resolution=Resolution 1.1", "resolution", "No resolution 'Resolution 1.1' with "),
        ("overdue=perhaps", "overdue", "Input should be a valid boolean"),
    ],
)
def test_unknown_filter_value_is_refused_naming_the_parameter(client, otters, query, field, start):
    response = client.get(f"/api/v1/mandates?{query}")

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert errors[field][0].startswith(start)


def test_unknown_actor_message_lists_the_actors(client, otters):
    message = client.get("/api/v1/mandates?actor=Martians").json()["errors"]["actor"][0]

    assert "Parties" in message.split(": ", 1)[1].split(", ")


@pytest.mark.parametrize("n", [1, 3])
def test_mandate_list_queries_do_not_grow_with_items(
    client, secretariat_officer, django_assert_max_num_queries, n
):
    for number in range(n):
        ingest(
            OTTERS.replace("Resolution 48.2", f"Resolution 48.{number + 20}"),
            by=secretariat_officer,
        )

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/mandates")

    assert response.json()["count"] == 3 * n


# --- one mandate --------------------------------------------------------------------------------


def test_public_gets_a_mandate_with_its_source_paragraph(client, otters):
    mandate = at(otters, "1")

    detail = client.get(f"/api/v1/mandates/{mandate.pk}").json()

    paragraph = mandate.paragraph
    assert paragraph is not None
    assert detail["source"] == {
        "document": otters.pk,
        "symbol": "UNEP/CMS/Resolution 48.2",
        "anchor": "1",
        "url": f"http://testserver{paragraph.get_absolute_url()}",
        "text": "Requests the Secretariat to compile a census method for otters by 2054;",
    }
    assert (detail["verb"], detail["actor"], detail["due"]) == (
        "requests",
        "Secretariat",
        "2054-12-31",
    )


def test_mandate_detail_keeps_the_keys_of_the_list_item(client, otters):
    mandate = at(otters, "2")
    listed = client.get("/api/v1/mandates?actor=Parties").json()["items"][0]

    detail = client.get(f"/api/v1/mandates/{mandate.pk}").json()

    assert {key: detail[key] for key in listed} == listed


def test_mandate_detail_gives_the_evidence_trail_of_its_versions(
    client, secretariat_officer, otters, report, revised
):
    old, new = at(otters, "1"), at(revised, "1")
    evidence = services.add_evidence(
        mandate=old,
        by=secretariat_officer,
        kind=EvidenceKind.PARAGRAPH,
        document=report,
        paragraph=report.paragraphs.get(anchor="1"),
    )

    detail = client.get(f"/api/v1/mandates/{new.pk}").json()

    assert [(v["mandate"], v["label"], v["is_current"]) for v in detail["evidence"]] == [
        (new.pk, "Resolution 48.2 (Rev.COP49) ¶1", True),
        (old.pk, "Resolution 48.2 ¶1", False),
    ]
    (given,) = detail["evidence"][1]["evidence"]
    assert dt.datetime.fromisoformat(given.pop("added_at")) - evidence.added_at < dt.timedelta(
        milliseconds=1
    )
    assert given == {
        "id": evidence.pk,
        "kind": "paragraph",
        "document": report.pk,
        "symbol": "UNEP/CMS/StC71/Doc.8",
        "paragraph": "1",
        "target_url": "http://testserver/documents/UNEP/CMS/StC71/Doc.8/para/1/",
        "url": "",
        "note": "",
    }


def test_mandate_detail_gives_its_chain_of_versions(client, otters, revised):
    old, new = at(otters, "1"), at(revised, "1")

    older = client.get(f"/api/v1/mandates/{old.pk}").json()
    newer = client.get(f"/api/v1/mandates/{new.pk}").json()

    assert (older["predecessor"], older["successors"]) == (None, [new.pk])
    assert (newer["predecessor"], newer["successors"]) == (old.pk, [])
    assert [(v["id"], v["resolution"], v["status"], v["is_current"]) for v in newer["chain"]] == [
        (old.pk, "Resolution 48.2", "superseded", False),
        (new.pk, "Resolution 48.2 (Rev.COP49)", "not_started", True),
    ]


def test_public_does_not_see_evidence_in_an_unpublished_document(
    client, secretariat_officer, otters, secret
):
    mandate = at(otters, "1")
    services.add_evidence(
        mandate=mandate,
        by=secretariat_officer,
        kind=EvidenceKind.DOCUMENT,
        document=secret,
        note="The budget covers the census.",
    )

    evidence = client.get(f"/api/v1/mandates/{mandate.pk}").json()["evidence"][0]["evidence"]

    assert [(e["document"], e["symbol"], e["target_url"], e["note"]) for e in evidence] == [
        (None, None, None, "The budget covers the census.")
    ]


@pytest.mark.parametrize(
    ("persona", "internal"),
    [
        ("secretariat_officer", True),
        ("nfp_uzbekistan", False),
        ("partner_cic", False),
        ("anonymous", False),
    ],
    indirect=["persona"],
)
def test_notes_and_owner_are_given_to_staff_only(
    client, secretariat_officer, otters, persona, internal
):
    mandate = at(otters, "1")
    services.update_mandate(
        mandate=mandate,
        by=secretariat_officer,
        notes="Ask WWF for data.",
        owner=secretariat_officer,
    )

    detail = client.get(f"/api/v1/mandates/{mandate.pk}", headers=bearer(persona)).json()

    expected = ("Ask WWF for data.", "officer") if internal else (None, None)
    assert (detail["notes"], detail["owner"]) == expected


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretariat_officer", 200),
        ("nfp_uzbekistan", 404),
        ("partner_cic", 404),
        ("anonymous", 404),
    ],
    indirect=["persona"],
)
def test_only_staff_get_a_mandate_of_an_unpublished_resolution(client, secret, persona, status):
    mandate = at(secret, "1")

    response = client.get(f"/api/v1/mandates/{mandate.pk}", headers=bearer(persona))

    assert response.status_code == status


def test_anonymous_gets_the_one_error_body_for_an_unpublished_mandate(client, secret):
    response = client.get(f"/api/v1/mandates/{at(secret, '1').pk}")

    assert response.json() == {"detail": "Not found (or not visible to you).", "errors": {}}


# --- tracking -----------------------------------------------------------------------------------


def test_officer_updates_a_mandate_and_the_history_names_them(client, secretariat_officer, otters):
    mandate = at(otters, "1")

    response = client.patch(
        f"/api/v1/mandates/{mandate.pk}",
        {
            "status": "in_progress",
            "owner": "officer",
            "notes": "Draft with IUCN.",
            "due_date": "2054-06-30",
            "theme": "Census",
        },
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["owner"], body["notes"], body["due"], body["theme"]) == (
        "in_progress",
        "officer",
        "Draft with IUCN.",
        "2054-06-30",
        "Census",
    )
    latest = mandate.history.latest()
    assert (latest.status, latest.history_user) == ("in_progress", secretariat_officer)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_staff", 403), *DENIED_WRITERS],
    indirect=["persona"],
)
def test_others_cannot_update_a_mandate(client, otters, persona, status):
    mandate = at(otters, "1")

    response = client.patch(
        f"/api/v1/mandates/{mandate.pk}",
        {"status": "done", "notes": "Finished."},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    mandate.refresh_from_db()
    assert (mandate.status, mandate.notes) == (MandateStatus.NOT_STARTED, "")


def test_focal_point_gets_404_updating_a_mandate_they_cannot_see(client, nfp_uzbekistan, secret):
    response = client.patch(
        f"/api/v1/mandates/{at(secret, '1').pk}",
        {"status": "done"},
        content_type="application/json",
        headers=bearer(nfp_uzbekistan),
    )

    assert response.status_code == 404


def test_bad_status_is_refused_naming_it_and_nothing_is_written(
    client, secretariat_officer, otters
):
    mandate = at(otters, "1")
    changes = mandate.history.count()

    response = client.patch(
        f"/api/v1/mandates/{mandate.pk}",
        {"status": "finished", "notes": "Done, I think."},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["status"]
    assert mandate.history.count() == changes
    mandate.refresh_from_db()
    assert mandate.notes == ""


@pytest.mark.parametrize(
    ("owner", "message"),
    [
        ("nobody", "Unknown user 'nobody'."),
        ("nfp-uz", "Choose a member of the Secretariat."),
    ],
)
def test_owner_must_be_a_staff_member(
    client, secretariat_officer, nfp_uzbekistan, otters, owner, message
):
    mandate = at(otters, "1")

    response = client.patch(
        f"/api/v1/mandates/{mandate.pk}",
        {"owner": owner},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json() == {"detail": message, "errors": {"owner": [message]}}
    mandate.refresh_from_db()
    assert mandate.owner is None


# --- evidence -----------------------------------------------------------------------------------


def test_officer_adds_a_paragraph_of_a_report_as_evidence(
    client, secretariat_officer, otters, report
):
    mandate = at(otters, "1")

    response = client.post(
        f"/api/v1/mandates/{mandate.pk}/evidence",
        {"kind": "paragraph", "document": "UNEP/CMS/StC71/Doc.8", "paragraph": "1"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 201
    evidence = Evidence.objects.get(mandate=mandate)
    assert (evidence.document, evidence.paragraph.anchor, evidence.added_by) == (  # type: ignore[union-attr]
        report,
        "1",
        secretariat_officer,
    )
    assert response.json()["id"] == evidence.pk
    assert evidence.history.latest().history_user == secretariat_officer


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (
            {"kind": "paragraph", "document": "UNEP/CMS/StC71/Doc.8", "paragraph": "9"},
            "paragraph",
            "UNEP/CMS/StC71/Doc.8 has no paragraph '9'.",
        ),
        (
            {"kind": "paragraph", "paragraph": "1"},
            "document",
            "Give the document: its id, symbol or citation key.",
        ),
        (
            {"kind": "document", "document": "Resolution 99.1"},
            "document",
            "No document 'Resolution 99.1' is held here (give its id, symbol or citation key).",
        ),
        ({"kind": "link"}, "url", "Give the address, or say what it is."),
        ({"kind": "link", "url": "not a link"}, "url", "Enter a valid URL."),
    ],
)
def test_bad_evidence_is_refused_naming_the_field_and_nothing_is_written(
    client, secretariat_officer, otters, report, payload, field, message
):
    mandate = at(otters, "1")

    response = client.post(
        f"/api/v1/mandates/{mandate.pk}/evidence",
        payload,
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {field: [message]}
    assert not Evidence.objects.exists()


def test_officer_adds_a_link_with_a_note(client, secretariat_officer, otters):
    mandate = at(otters, "3")

    response = client.post(
        f"/api/v1/mandates/{mandate.pk}/evidence",
        {"kind": "link", "url": "https://example.org/reeds", "note": "Reed bed survey"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["url"], body["note"], body["document"]) == (
        "link",
        "https://example.org/reeds",
        "Reed bed survey",
        None,
    )


@pytest.mark.parametrize(
    ("persona", "status"), [("other_staff", 403), *DENIED_WRITERS], indirect=["persona"]
)
def test_others_cannot_add_evidence(client, otters, report, persona, status):
    mandate = at(otters, "1")

    response = client.post(
        f"/api/v1/mandates/{mandate.pk}/evidence",
        {"kind": "document", "document": "UNEP/CMS/StC71/Doc.8"},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    assert not Evidence.objects.exists()


def test_officer_deletes_evidence(client, secretariat_officer, otters, report):
    mandate = at(otters, "1")
    evidence = services.add_evidence(
        mandate=mandate, by=secretariat_officer, kind=EvidenceKind.DOCUMENT, document=report
    )

    response = client.delete(
        f"/api/v1/mandates/{mandate.pk}/evidence/{evidence.pk}",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 204
    assert not Evidence.objects.exists()
    assert Evidence.history.latest().history_user == secretariat_officer


def test_other_staff_cannot_delete_evidence(client, secretariat_officer, other_staff, otters):
    mandate = at(otters, "3")
    evidence = services.add_evidence(
        mandate=mandate, by=secretariat_officer, kind=EvidenceKind.LINK, note="A survey."
    )

    response = client.delete(
        f"/api/v1/mandates/{mandate.pk}/evidence/{evidence.pk}", headers=bearer(other_staff)
    )

    assert response.status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_evidence_of_another_mandate_is_not_found(client, secretariat_officer, otters):
    evidence = services.add_evidence(
        mandate=at(otters, "3"), by=secretariat_officer, kind=EvidenceKind.LINK, note="A survey."
    )

    response = client.delete(
        f"/api/v1/mandates/{at(otters, '1').pk}/evidence/{evidence.pk}",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


# --- dashboard ----------------------------------------------------------------------------------


def test_public_dashboard_counts_the_published_mandates(
    client, secretariat_officer, otters, secret
):
    services.update_mandate(
        mandate=at(otters, "3"), by=secretariat_officer, status=MandateStatus.DONE
    )

    board = client.get("/api/v1/mandates/dashboard").json()

    totals = board["totals"]
    assert (totals["total"], totals["not_started"], totals["done"], totals["open"]) == (3, 2, 1, 2)
    assert [(row["actor"], row["counts"]["total"]) for row in board["by_actor"]] == [
        ("NGOs", 1),
        ("Parties", 1),
        ("Secretariat", 1),
    ]
    assert [row["instrument"] for row in board["by_instrument"]] == ["CMS"]


def test_dashboard_for_one_actor(client, secretariat_officer, otters):
    services.update_mandate(
        mandate=at(otters, "1"), by=secretariat_officer, due_date=dt.date(2020, 1, 31)
    )

    board = client.get("/api/v1/mandates/dashboard?actor=secretariat&instrument=cms").json()

    assert (board["actor"], board["instrument"]) == ("Secretariat", "CMS")
    assert (board["totals"]["total"], board["totals"]["overdue"]) == (1, 1)


def test_dashboard_refuses_an_unknown_instrument(client, otters):
    response = client.get("/api/v1/mandates/dashboard?instrument=XYZ")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["instrument"]


# --- evidence suggestions -----------------------------------------------------------------------


def test_officer_lists_the_pending_suggestions_of_a_report(client, secretariat_officer, report):
    pending = EvidenceSuggestion.objects.filter(paragraph__document=report).order_by(
        "paragraph__position", "rank"
    )

    response = client.get(
        "/api/v1/mandates/suggestions",
        {"document": "UNEP/CMS/StC71/Doc.8"},
        headers=bearer(secretariat_officer),
    )

    listed = items(response)
    assert [s["id"] for s in listed] == [s.pk for s in pending]
    assert (listed[0]["paragraph"], listed[0]["rank"], listed[0]["mandate"]["actor"]) == (
        "1",
        1,
        "Secretariat",
    )


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_only_staff_list_suggestions(client, report, persona, status):
    response = client.get(
        "/api/v1/mandates/suggestions", {"document": report.pk}, headers=bearer(persona)
    )

    assert response.status_code == status


def test_suggestions_of_an_unknown_document_are_refused_naming_it(
    client, secretariat_officer, report
):
    response = client.get(
        "/api/v1/mandates/suggestions",
        {"document": "UNEP/CMS/StC99/Doc.1"},
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["document"]


def test_officer_accepts_a_suggestion_and_the_paragraph_becomes_evidence(
    client, secretariat_officer, otters, report
):
    suggestion = EvidenceSuggestion.objects.get(mandate=at(otters, "1"), paragraph__anchor="1")

    response = client.post(
        f"/api/v1/mandates/suggestions/{suggestion.pk}",
        {"accept": True},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == (
        SuggestionStatus.ACCEPTED,
        secretariat_officer,
    )
    assert [e.paragraph for e in at(otters, "1").evidence.all()] == [suggestion.paragraph]


@pytest.mark.parametrize(
    ("persona", "status"), [("other_staff", 403), *DENIED_WRITERS], indirect=["persona"]
)
def test_others_cannot_decide_a_suggestion(client, otters, report, persona, status):
    suggestion = EvidenceSuggestion.objects.get(mandate=at(otters, "1"), paragraph__anchor="1")

    response = client.post(
        f"/api/v1/mandates/suggestions/{suggestion.pk}",
        {"accept": False},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING


@pytest.mark.parametrize("n", [1, 3])
def test_suggestion_list_queries_do_not_grow_with_items(
    client, secretariat_officer, otters, django_assert_max_num_queries, n
):
    paragraphs = "".join(
        f"\n{number + 1}. The Secretariat has compiled census method {number} for otters, as "
        "Resolution 48.2 requested.\n"
        for number in range(n)
    )
    report = ingest(REPORT.split("\n1. ")[0] + paragraphs, by=secretariat_officer)
    headers = bearer(secretariat_officer)

    with django_assert_max_num_queries(6):
        response = client.get(
            "/api/v1/mandates/suggestions", {"document": report.pk}, headers=headers
        )

    assert {s["paragraph"] for s in items(response)} == {str(number + 1) for number in range(n)}


# --- reporting obligations ----------------------------------------------------------------------


def obligation_subjects(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(o["subject"], o["status"]) for o in items(response)]


def test_public_register_has_no_proposed_obligations(client, otters):
    response = client.get("/api/v1/mandates/obligations")

    assert obligation_subjects(response) == []


def test_staff_register_shows_the_proposed_obligations(client, secretariat_officer, otters):
    response = client.get("/api/v1/mandates/obligations", headers=bearer(secretariat_officer))

    assert obligation_subjects(response) == [("otter numbers", "proposed")]
    assert items(response)[0]["mandate"] == at(otters, "2").pk


def test_officer_confirms_an_obligation_with_a_correction_and_the_public_sees_it(
    client, secretariat_officer, otters
):
    obligation = ReportingObligation.objects.get()

    response = client.post(
        f"/api/v1/mandates/obligations/{obligation.pk}",
        {"confirm": True, "subject": "otter numbers by river", "next_due": "2055-09-30"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["next_due"]) == ("confirmed", "2055-09-30")
    assert obligation_subjects(client.get("/api/v1/mandates/obligations?instrument=CMS")) == [
        ("otter numbers by river", "confirmed")
    ]
    assert obligation.history.latest().history_user == secretariat_officer


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_staff", 403), ("nfp_uzbekistan", 404), ("partner_cic", 404), ("anonymous", 401)],
    indirect=["persona"],
)
def test_others_cannot_decide_an_obligation(client, otters, persona, status):
    obligation = ReportingObligation.objects.get()

    response = client.post(
        f"/api/v1/mandates/obligations/{obligation.pk}",
        {"confirm": True},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.PROPOSED


@pytest.mark.parametrize("n", [1, 3])
def test_obligation_list_queries_do_not_grow_with_items(
    client, secretariat_officer, django_assert_max_num_queries, n
):
    for number in range(n):
        ingest(
            OTTERS.replace("Resolution 48.2", f"Resolution 48.{number + 20}"),
            by=secretariat_officer,
        )
    headers = bearer(secretariat_officer)

    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/mandates/obligations", headers=headers)

    assert response.json()["count"] == n


# --- the review list ----------------------------------------------------------------------------


def test_officer_lists_the_mandates_a_revision_left_to_review(
    client, secretariat_officer, otters, revised
):
    response = client.get("/api/v1/mandates/review", headers=bearer(secretariat_officer))

    listed = items(response)
    assert [(m["resolution"], m["paragraph"], m["actor"], m["review"]) for m in listed] == [
        ("Resolution 48.2 (Rev.COP49)", "3", "Range States", "no_predecessor"),
        ("Resolution 48.2", "3", "NGOs", "no_successor"),
    ]
    assert [c["id"] for c in listed[0]["candidates"]] == [
        at(otters, anchor).pk for anchor in ("1", "2", "3")
    ]


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_only_staff_list_the_mandates_to_review(client, revised, persona, status):
    response = client.get("/api/v1/mandates/review", headers=bearer(persona))

    assert response.status_code == status


def test_officer_links_a_new_mandate_to_its_predecessor(
    client, secretariat_officer, otters, revised
):
    new, old = at(revised, "3"), at(otters, "3")

    response = client.post(
        f"/api/v1/mandates/{new.pk}/review",
        {"decision": "link", "predecessor": old.pk},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    assert (response.json()["predecessor"], response.json()["review"]) == (old.pk, "")
    old.refresh_from_db()
    assert (old.status, old.review) == (MandateStatus.SUPERSEDED, ReviewReason.NONE)


def test_officer_retires_a_mandate_no_longer_asked(client, secretariat_officer, otters, revised):
    old = at(otters, "3")

    response = client.post(
        f"/api/v1/mandates/{old.pk}/review",
        {"decision": "retire"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert (response.status_code, response.json()["status"]) == (200, "retired")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"decision": "link"}, "Choose the earlier mandate it carries on."),
        ({"decision": "keep", "predecessor": 1}, "Only a decision to link names a predecessor."),
        ({"decision": "link", "predecessor": 999999}, "No mandate 999999."),
    ],
)
def test_bad_review_decision_is_refused_naming_the_predecessor(
    client, secretariat_officer, otters, revised, payload, message
):
    new = at(revised, "3")

    response = client.post(
        f"/api/v1/mandates/{new.pk}/review",
        payload,
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"predecessor": [message]}
    new.refresh_from_db()
    assert new.review == ReviewReason.NO_PREDECESSOR


def test_a_mandate_not_on_the_review_list_cannot_be_settled(client, secretariat_officer, otters):
    response = client.post(
        f"/api/v1/mandates/{at(otters, '1').pk}/review",
        {"decision": "keep"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"review": ["This mandate is not on the review list."]}


@pytest.mark.parametrize(
    ("persona", "status"), [("other_staff", 403), *DENIED_WRITERS], indirect=["persona"]
)
def test_others_cannot_settle_a_review(client, otters, revised, persona, status):
    new = at(revised, "3")

    response = client.post(
        f"/api/v1/mandates/{new.pk}/review",
        {"decision": "keep"},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    new.refresh_from_db()
    assert new.review == ReviewReason.NO_PREDECESSOR
