"""Meeting pages: the list, and one meeting's documents by agenda item, as each role sees
them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meahub.documents import services
from meahub.documents.models import Document
from meahub.meetings.enums import MeetingKind
from meahub.meetings.models import Meeting
from meahub.meetings.selectors import agenda_order

pytestmark = pytest.mark.django_db

LIST_URL = reverse("meetings:meeting-list")


def detail_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting-detail", args=[meeting.slug])


def make_meeting(slug: str, **values: object) -> Meeting:
    defaults: dict[str, object] = {"name": slug.replace("-", " ").title(), "kind": MeetingKind.COP}
    defaults.update(values)
    return Meeting.objects.create(slug=slug, **defaults)


def make_document(symbol: str, meeting: Meeting, *, item: str = "", published: bool = True):
    return Document.objects.create(
        symbol=symbol,
        key=symbol,
        kind="working document",
        meeting=meeting,
        agenda_item=item,
        is_published=published,
        title=f"About {symbol}",
    )


@pytest.fixture
def meetings(bukhara):
    """A meeting with published documents, and one with only an unpublished document."""
    open_meeting = make_meeting("cms-cop40", instrument=bukhara.cms, place="Samarkand")
    make_document("CMS/COP40/Doc.10.2", open_meeting, item="10.2")
    make_document("CMS/COP40/Doc.2", open_meeting, item="2")
    make_document("CMS/COP40/Doc.10.11", open_meeting, item="10.11")
    make_document("CMS/COP40/Inf.1", open_meeting)
    make_document("CMS/COP40/Doc.3", open_meeting, item="3", published=False)
    closed_meeting = make_meeting("cms-stc70", kind=MeetingKind.STANDING_COMMITTEE)
    make_document("CMS/StC70/Doc.1", closed_meeting, published=False)
    return open_meeting, closed_meeting


def test_anonymous_sees_only_meetings_with_a_published_document(client, meetings):
    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert [(m.slug, m.document_count) for m in response.context["meetings"]] == [("cms-cop40", 4)]


def test_staff_see_every_meeting_with_all_its_documents(client, meetings, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.get(LIST_URL)

    counts = sorted((m.slug, m.document_count) for m in response.context["meetings"])
    assert counts == [("cms-cop40", 5), ("cms-stc70", 1)]


def test_a_meeting_lists_its_documents_by_agenda_item_in_order(client, meetings):
    open_meeting, _ = meetings

    response = client.get(detail_url(open_meeting))

    agenda = [(e.item, [d.symbol for d in e.documents]) for e in response.context["page"].agenda]
    assert agenda == [
        ("2", ["CMS/COP40/Doc.2"]),
        ("10.2", ["CMS/COP40/Doc.10.2"]),
        ("10.11", ["CMS/COP40/Doc.10.11"]),
        ("", ["CMS/COP40/Inf.1"]),
    ]
    html = response.content.decode()
    assert "Agenda item 10.11" in html
    assert "Without an agenda item" in html
    assert "Samarkand" in html


def test_staff_see_the_unpublished_documents_of_a_meeting(client, meetings, secretariat_officer):
    open_meeting, _ = meetings
    client.force_login(secretariat_officer)

    response = client.get(detail_url(open_meeting))

    items = [e.item for e in response.context["page"].agenda]
    assert items == ["2", "3", "10.2", "10.11", ""]
    assert "unpublished" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("anonymous", 404), ("nfp_uzbekistan", 404)])
def test_a_meeting_without_published_documents_is_not_found_for_the_public(
    client, meetings, request, persona, status
):
    _, closed_meeting = meetings
    user = request.getfixturevalue(persona)
    if user.is_authenticated:
        client.force_login(user)

    assert client.get(detail_url(closed_meeting)).status_code == status


def test_staff_see_a_meeting_without_published_documents(client, meetings, secretariat_officer):
    _, closed_meeting = meetings
    client.force_login(secretariat_officer)

    response = client.get(detail_url(closed_meeting))

    assert response.status_code == 200
    assert [d.symbol for d in response.context["page"].agenda[0].documents] == ["CMS/StC70/Doc.1"]


def test_a_meeting_read_from_an_ingested_document_has_a_page(client, secretariat_officer):
    text = (
        "UNEP/CMS/StC80/Doc.1\nOriginal: English\n\n80th Meeting of the Standing Committee\n"
        "Bonn, Germany, 3-4 November 2050\n\nTHE AGENDA\n\n1. The agenda is adopted.\n"
    )
    document = services.ingest_text(text, "a.txt", by=secretariat_officer, publish=True).document

    response = client.get(detail_url(document.meeting))

    assert response.status_code == 200
    assert response.context["page"].meeting.name == "80th Meeting of the Standing Committee"


@pytest.mark.parametrize("count", [1, 3])
def test_the_meeting_list_needs_the_same_queries_for_one_or_three_meetings(
    client, bukhara, django_assert_max_num_queries, count
):
    for n in range(count):
        meeting = make_meeting(f"m-{n}", instrument=bukhara.cms)
        make_document(f"CMS/M{n}/Doc.1", meeting)

    with django_assert_max_num_queries(3):
        response = client.get(LIST_URL)

    assert len(response.context["meetings"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_a_meeting_page_needs_the_same_queries_for_one_or_three_documents(
    client, bukhara, django_assert_max_num_queries, count
):
    meeting = make_meeting("m", instrument=bukhara.cms)
    for n in range(count):
        make_document(f"CMS/M/Doc.{n}", meeting, item=str(n))

    with django_assert_max_num_queries(4):
        response = client.get(detail_url(meeting))

    assert response.context["page"].document_count == count


def test_agenda_items_sort_as_numbers_with_the_empty_one_last():
    items = ["", "10.2", "2", "10.11", "2a", "Annex"]

    assert sorted(items, key=agenda_order) == ["2", "2a", "10.2", "10.11", "Annex", ""]
