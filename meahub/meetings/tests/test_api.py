"""The meetings endpoints: which meetings each persona sees, and a meeting's documents by
agenda item."""

from __future__ import annotations

import datetime as dt

import pytest

from meahub.documents.models import Document
from meahub.documents.services import ingest_text
from meahub.meetings.models import Meeting
from meahub.tests.api_helpers import bearer

pytestmark = pytest.mark.django_db


def note(symbol: str, title: str) -> str:
    """A short meeting document of our own."""
    return (
        f"{symbol}\nOriginal: English\n\n{title.upper()}\n\n"
        "1. The Secretariat reports on the work done since the last meeting.\n"
    )


@pytest.fixture
def persona(request, bukhara):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


@pytest.fixture
def cop(bukhara) -> Meeting:  # type: ignore[no-untyped-def]
    return Meeting.objects.create(
        slug="cms-cop40",
        instrument=bukhara.cms,
        kind="cop",
        name="40th Meeting of the Conference of the Parties",
        place="Bukhara",
        starts_on=dt.date(2040, 3, 2),
        ends_on=dt.date(2040, 3, 7),
    )


@pytest.fixture
def workshop(bukhara) -> Meeting:  # type: ignore[no-untyped-def]
    return Meeting.objects.create(
        slug="bkd-workshop", instrument=bukhara.bkd, kind="workshop", name="Deer count workshop"
    )


def add_document(
    by, meeting: Meeting, symbol: str, *, agenda_item: str = "", publish: bool = True
) -> Document:  # type: ignore[no-untyped-def]
    document = ingest_text(
        note(symbol, f"Note {symbol}"), "note.txt", by=by, meeting=meeting, publish=publish
    ).document
    Document.objects.filter(pk=document.pk).update(agenda_item=agenda_item)
    return document


def slugs(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["slug"] for item in response.json()["items"]]


# --- listing ----------------------------------------------------------------------------------


def test_public_lists_meetings_that_have_a_published_document(
    client, secretariat_officer, cop, workshop
):
    add_document(secretariat_officer, cop, "UNEP/CMS/COP40/Doc.1")
    add_document(secretariat_officer, workshop, "UNEP/CMS/BKD/WS1/Doc.1", publish=False)

    response = client.get("/api/v1/meetings")

    assert response.status_code == 200
    assert slugs(response) == ["cms-cop40"]


def test_staff_list_every_meeting(client, secretariat_officer, cop, workshop):
    response = client.get("/api/v1/meetings", headers=bearer(secretariat_officer))

    assert slugs(response) == ["cms-cop40", "bkd-workshop"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("instrument=bkd", ["bkd-workshop"]),
        ("kind=cop", ["cms-cop40"]),
        ("q=deer", ["bkd-workshop"]),
        ("q=bukhara", ["cms-cop40"]),
    ],
)
def test_staff_filter_and_search_meetings(
    client, secretariat_officer, cop, workshop, query, expected
):
    response = client.get(f"/api/v1/meetings?{query}", headers=bearer(secretariat_officer))

    assert slugs(response) == expected


def test_unknown_meeting_kind_filter_is_refused_naming_the_parameter(client, bukhara):
    response = client.get("/api/v1/meetings?kind=party")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["kind"]


def test_public_gets_a_listed_meeting_with_its_codes_and_page(client, secretariat_officer, cop):
    add_document(secretariat_officer, cop, "UNEP/CMS/COP40/Doc.1")

    response = client.get("/api/v1/meetings")

    assert response.json()["items"] == [
        {
            "slug": "cms-cop40",
            "name": "40th Meeting of the Conference of the Parties",
            "kind": "cop",
            "instrument": "CMS",
            "place": "Bukhara",
            "starts_on": "2040-03-02",
            "ends_on": "2040-03-07",
            "url": f"http://testserver{cop.get_absolute_url()}",
        }
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_meeting_list_queries_do_not_grow_with_items(
    client, secretariat_officer, bukhara, django_assert_max_num_queries, n
):
    for number in range(n):
        meeting = Meeting.objects.create(
            slug=f"stc-{number}", instrument=bukhara.cms, name=f"Standing Committee {number}"
        )
        add_document(secretariat_officer, meeting, f"UNEP/CMS/StC{number}/Doc.1")

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/meetings")

    assert response.json()["count"] == n


# --- one meeting --------------------------------------------------------------------------------


def test_public_gets_a_meeting_with_its_documents_by_agenda_item(client, secretariat_officer, cop):
    add_document(secretariat_officer, cop, "UNEP/CMS/COP40/Doc.10.1", agenda_item="10.1")
    add_document(secretariat_officer, cop, "UNEP/CMS/COP40/Inf.3")
    add_document(secretariat_officer, cop, "UNEP/CMS/COP40/Doc.2", agenda_item="2")
    add_document(secretariat_officer, cop, "UNEP/CMS/COP40/Doc.10", agenda_item="10")
    add_document(secretariat_officer, cop, "UNEP/CMS/COP40/Doc.2/Add.1", agenda_item="2")

    response = client.get("/api/v1/meetings/cms-cop40")

    assert response.status_code == 200
    assert [
        (entry["agenda_item"], [d["symbol"] for d in entry["documents"]])
        for entry in response.json()["agenda"]
    ] == [
        ("2", ["UNEP/CMS/COP40/Doc.2", "UNEP/CMS/COP40/Doc.2/Add.1"]),
        ("10", ["UNEP/CMS/COP40/Doc.10"]),
        ("10.1", ["UNEP/CMS/COP40/Doc.10.1"]),
        ("", ["UNEP/CMS/COP40/Inf.3"]),
    ]


def test_meeting_lists_only_the_documents_the_reader_can_see(client, secretariat_officer, cop):
    add_document(secretariat_officer, cop, "UNEP/CMS/COP40/Doc.1", agenda_item="1")
    add_document(secretariat_officer, cop, "UNEP/CMS/COP40/Doc.4", agenda_item="4", publish=False)

    response = client.get("/api/v1/meetings/cms-cop40")

    assert [entry["agenda_item"] for entry in response.json()["agenda"]] == ["1"]


def test_meeting_documents_are_listed_as_in_the_documents_list(client, secretariat_officer, cop):
    add_document(secretariat_officer, cop, "UNEP/CMS/COP40/Doc.1", agenda_item="1")
    listed = client.get("/api/v1/documents?meeting=cms-cop40").json()["items"]

    response = client.get("/api/v1/meetings/cms-cop40")

    assert response.json()["agenda"][0]["documents"] == listed


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
def test_only_staff_get_a_meeting_without_published_documents(client, workshop, persona, status):
    response = client.get("/api/v1/meetings/bkd-workshop", headers=bearer(persona))

    assert response.status_code == status


def test_unknown_meeting_is_a_json_404(client, bukhara):
    response = client.get("/api/v1/meetings/no-such-meeting")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found (or not visible to you).", "errors": {}}
