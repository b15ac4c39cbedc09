"""The document pages as readers and staff use them: the register, a document and its
paragraphs, versions and differences, what is asked of an actor, editing and publishing."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.urls import resolve, reverse

from meahub.documents import services
from meahub.documents.models import Document, Paragraph
from meahub.documents.selectors import REGISTER_PAGE_SIZE, DocumentFilters, documents_matching
from meahub.documents.tests.corridors import (
    REPORT,
    RESOLUTION,
    REVISION,
    Corridors,
    ingest,
    make_corridors,
)
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db

RESOLUTION_SYMBOL = "UNEP/CMS/Resolution 40.2"
REVISION_SYMBOL = "UNEP/CMS/Resolution 40.2 (Rev.COP41)"
REPORT_SYMBOL = "UNEP/CMS/StC60/Doc.4"

DECISIONS = """UNEP/CMS/COP40/Dec.Steppe
Original: English

DECISIONS ON STEPPE CORRIDORS

Adopted by the Conference of the Parties at its 40th Meeting (Samarkand, 2-7 May 2040)

40.7 The Secretariat shall publish the corridor maps online.

40.8 The Secretariat shall report on the maps to the Standing Committee.
"""

CITES_DECISION = """UNEP/CMS/StC61/Doc.2
Original: English

61st Meeting of the Standing Committee
Bonn, Germany, 1-2 November 2044

MAPS ONLINE

(Prepared by the Secretariat)

1. Following Decision 40.7, the maps are online.
"""


@pytest.fixture
def corridors(secretariat_officer) -> Corridors:
    return make_corridors(by=secretariat_officer, publish_report=False)


def url(name: str, *args: str) -> str:
    return reverse(f"documents:{name}", args=args)


def html_of(response) -> str:
    return response.content.decode()


# --- addresses -------------------------------------------------------------------------------


def test_a_symbol_with_slashes_spaces_and_brackets_has_an_address():
    address = url("paragraph-detail", REVISION_SYMBOL, "preamble-2")

    match = resolve(unquote(address))  # as the server sees it

    assert match.url_name == "paragraph-detail"
    assert match.kwargs == {"symbol": REVISION_SYMBOL, "anchor": "preamble-2"}
    assert resolve(unquote(url("document-detail", REVISION_SYMBOL))).kwargs == {
        "symbol": REVISION_SYMBOL
    }
    assert resolve(unquote(url("document-diff", REVISION_SYMBOL))).url_name == "document-diff"
    assert resolve(unquote(url("document-akn", REVISION_SYMBOL))).url_name == "document-akn"
    assert resolve(url("actor-list")).url_name == "actor-list"


# --- the register ----------------------------------------------------------------------------


def test_anonymous_sees_published_documents_and_the_placeholders_they_cite(client, corridors):
    response = client.get(url("document-list"))

    assert response.status_code == 200
    symbols = [d.symbol for d in response.context["page_obj"]]
    assert symbols == [RESOLUTION_SYMBOL, REVISION_SYMBOL, "Resolution 38.1"]
    assert "cited, not held" in html_of(response)


def test_staff_also_see_unpublished_documents_in_the_register(
    client, corridors, secretariat_officer
):
    client.force_login(secretariat_officer)

    response = client.get(url("document-list"))

    symbols = [d.symbol for d in response.context["page_obj"]]
    assert symbols == [RESOLUTION_SYMBOL, REVISION_SYMBOL, REPORT_SYMBOL, "Resolution 38.1"]
    assert 'href="/documents/upload/"' in html_of(response)


def test_the_register_offers_no_upload_to_a_focal_point(client, corridors, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)

    response = client.get(url("document-list"))

    assert 'href="/documents/upload/"' not in html_of(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "in_force"}, [REVISION_SYMBOL, REPORT_SYMBOL]),
        ({"status": "superseded"}, [RESOLUTION_SYMBOL]),
        ({"kind": "working document"}, [REPORT_SYMBOL]),
        ({"q": "corridor maps"}, [REPORT_SYMBOL]),
        ({"q": "Rev.COP41"}, [REVISION_SYMBOL]),
        ({"held": "on"}, [RESOLUTION_SYMBOL, REVISION_SYMBOL, REPORT_SYMBOL]),
        ({"instrument": "CMS", "kind": "resolution"}, [RESOLUTION_SYMBOL, REVISION_SYMBOL]),
    ],
)
def test_staff_filter_the_register(client, corridors, secretariat_officer, query, expected):
    client.force_login(secretariat_officer)

    response = client.get(url("document-list"), query)

    assert [d.symbol for d in response.context["page_obj"]] == expected


def test_the_register_filters_by_meeting(client, corridors):
    meeting = corridors.revision.meeting

    response = client.get(url("document-list"), {"meeting": meeting.slug})

    assert [d.symbol for d in response.context["page_obj"]] == [REVISION_SYMBOL]


def test_an_unknown_instrument_in_the_filter_is_shown_as_an_error(client, corridors):
    response = client.get(url("document-list"), {"instrument": "NOPE"})

    assert response.status_code == 200
    assert response.context["form"].errors["instrument"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert len(response.context["page_obj"]) == 3


def test_the_register_is_paginated_by_fifty(client, secretariat_officer):
    for n in range(REGISTER_PAGE_SIZE + 2):
        Document.objects.create(symbol=f"CMS/Test/{n:03}", key=f"CMS/Test/{n:03}", kind="other")
    client.force_login(secretariat_officer)

    first = client.get(url("document-list"))
    second = client.get(url("document-list"), {"page": 2})

    assert len(first.context["page_obj"]) == REGISTER_PAGE_SIZE
    assert [d.symbol for d in second.context["page_obj"]] == ["CMS/Test/050", "CMS/Test/051"]
    assert "Page 1 of 2" in html_of(first)


def test_an_htmx_filter_gets_only_the_results(client, corridors):
    response = client.get(url("document-list"), {"q": "40.2"}, headers={"HX-Request": "true"})

    html = html_of(response)
    assert "<table" in html
    assert "<html" not in html
    assert 'name="q"' not in html


@pytest.mark.parametrize("count", [1, 3])
def test_the_register_needs_the_same_queries_for_one_or_three_documents(
    client, secretariat_officer, django_assert_max_num_queries, count
):
    meeting = f.make_instrument(code=f"X{count}")
    for n in range(count):
        Document.objects.create(
            symbol=f"CMS/Q/{n}", key=f"CMS/Q/{n}", kind="resolution", instrument=meeting
        )
    client.force_login(secretariat_officer)

    with django_assert_max_num_queries(9):
        response = client.get(url("document-list"))

    assert len(response.context["page_obj"]) == count


def test_documents_matching_hides_what_is_superseded_only_by_what_one_may_see(
    secretariat_officer, anonymous
):
    resolution = ingest(RESOLUTION, by=secretariat_officer)
    ingest(REVISION, by=secretariat_officer, publish=False)

    for_public = documents_matching(anonymous, DocumentFilters(status="in_force"))
    for_staff = documents_matching(secretariat_officer, DocumentFilters(status="in_force"))

    assert list(for_public) == [resolution]
    assert resolution not in for_staff


# --- a document ------------------------------------------------------------------------------


def test_visitor_reads_a_resolution_with_its_paragraphs_in_order(client, corridors):
    response = client.get(url("document-detail", REVISION_SYMBOL))

    assert response.status_code == 200
    html = html_of(response)
    page = response.context["page"]
    anchors = [e.paragraph.anchor for g in page.groups for e in g.paragraphs]
    assert anchors == ["preamble-1", "preamble-2", "1", "2", "3"]
    assert [g.section_label for g in page.groups if g.starts_section] == ["Preamble", "Operative"]
    assert 'id="para-preamble-2"' in html
    assert f'href="{url("paragraph-detail", REVISION_SYMBOL, "3")}"' in html
    assert "Keeping Steppe Corridors Open" in html


def test_verbs_and_actors_are_marked_in_the_text(client, corridors):
    response = client.get(url("document-detail", REVISION_SYMBOL))

    html = html_of(response)
    assert (
        '<mark class="verb">Instructs</mark> the <mark class="actor">Standing Committee</mark> '
        "to review" in html
    )
    assert '<mark class="verb">Urges</mark> <mark class="actor">Parties</mark>' in html


def test_the_text_of_a_document_is_escaped_before_it_is_marked(client, secretariat_officer):
    text = RESOLUTION.replace(
        "Urges Parties to keep", 'Urges Parties <script>alert("x")</script> & friends to keep'
    )
    ingest(text, by=secretariat_officer)

    html = html_of(client.get(url("document-detail", RESOLUTION_SYMBOL)))

    assert "<script>alert" not in html
    assert (
        '<mark class="verb">Urges</mark> <mark class="actor">Parties</mark> '
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; friends" in html
    )


def test_a_citation_links_to_the_cited_document(client, corridors, secretariat_officer):
    client.force_login(secretariat_officer)

    html = html_of(client.get(url("document-detail", REPORT_SYMBOL)))

    assert (
        f'<a class="citation" href="{url("document-detail", REVISION_SYMBOL)}">'
        "Resolution 40.2 (Rev.COP41)</a>" in html
    )


def test_a_citation_of_a_document_not_held_is_marked_not_held(client, corridors):
    html = html_of(client.get(url("document-detail", REVISION_SYMBOL)))

    assert (
        f'<a class="citation citation--not-held" href="{url("document-detail", "Resolution 38.1")}"'
        in html
    )


def test_citations_not_written_as_cited_are_listed_beside_the_paragraph(
    client, secretariat_officer
):
    text = REPORT.replace(
        "sent data for four corridors.", "sent data, as Resolutions 38.1 and 38.4 ask."
    )
    ingest(text, by=secretariat_officer)

    response = client.get(url("document-detail", REPORT_SYMBOL))

    entry = response.context["page"].groups[0].paragraphs[1]
    assert [link.ref for link in entry.unmarked_citations] == ["Resolution 38.1", "Resolution 38.4"]
    placeholder = url("document-detail", "Resolution 38.4")
    assert (
        f'<a class="citation citation--not-held" href="{placeholder}">Resolution 38.4</a>'
        in html_of(response)
    )


def test_a_citation_of_a_decision_links_to_its_paragraph(client, secretariat_officer):
    ingest_text_with_symbol(DECISIONS, "UNEP/CMS/COP40/Dec.Steppe", by=secretariat_officer)
    ingest(CITES_DECISION, by=secretariat_officer)

    html = html_of(client.get(url("document-detail", "UNEP/CMS/StC61/Doc.2")))

    target = url("paragraph-detail", "UNEP/CMS/COP40/Dec.Steppe", "40.7")
    assert f'<a class="citation" href="{target}">Decision 40.7</a>' in html


def ingest_text_with_symbol(text: str, symbol: str, *, by) -> Document:
    outcome = services.ingest_text(text, "decisions.txt", by=by, symbol=symbol, publish=True)
    assert outcome.document is not None, outcome.message
    return outcome.document


def test_a_citation_of_an_unpublished_document_has_no_link_for_the_public(
    client, secretariat_officer
):
    ingest(REVISION, by=secretariat_officer, publish=False)
    ingest(REPORT, by=secretariat_officer)

    html = html_of(client.get(url("document-detail", REPORT_SYMBOL)))

    assert '<span class="citation">Resolution 40.2 (Rev.COP41)</span>' in html
    assert url("document-detail", REVISION_SYMBOL) not in html


def test_a_superseded_resolution_says_what_carries_it_on(client, corridors):
    response = client.get(url("document-detail", RESOLUTION_SYMBOL))

    page = response.context["page"]
    assert [link.document.symbol for link in page.superseded_by] == [REVISION_SYMBOL]
    assert not page.in_force
    html = html_of(response)
    assert "Superseded" in html
    assert "revised version (Rev.)" in html


def test_the_revision_is_in_force_and_links_to_what_it_carries_on(client, corridors):
    response = client.get(url("document-detail", REVISION_SYMBOL))

    page = response.context["page"]
    assert page.in_force
    assert [link.document.symbol for link in page.supersedes] == [RESOLUTION_SYMBOL]
    assert page.previous_version == corridors.resolution
    assert url("document-diff", REVISION_SYMBOL) in html_of(response)


def test_the_document_page_lists_the_documents_that_cite_it(client, secretariat_officer):
    make_corridors(by=secretariat_officer, publish_report=True)

    response = client.get(url("document-detail", REVISION_SYMBOL))

    cited_by = response.context["page"].cited_by
    assert [(c.document.symbol, c.paragraph.anchor) for c in cited_by] == [(REPORT_SYMBOL, "1")]
    assert url("paragraph-detail", REPORT_SYMBOL, "1") in html_of(response)


def test_the_public_does_not_see_an_unpublished_document_cite_it(client, corridors):
    response = client.get(url("document-detail", REVISION_SYMBOL))

    assert response.context["page"].cited_by == []


def test_anonymous_gets_404_for_an_unpublished_document(client, corridors):
    response = client.get(url("document-detail", REPORT_SYMBOL))

    assert response.status_code == 404


def test_a_placeholder_says_it_is_cited_but_not_held_and_who_cites_it(client, corridors):
    response = client.get(url("document-detail", "Resolution 38.1"))

    html = html_of(response)
    assert response.status_code == 200
    assert "is cited by documents held here, but its text has not been added yet" in html
    citing = [c.document.symbol for c in response.context["page"].cited_by]
    assert citing == [RESOLUTION_SYMBOL, REVISION_SYMBOL]
    assert "Upload it" not in html


def test_staff_are_offered_to_upload_a_placeholder(client, corridors, secretariat_officer):
    client.force_login(secretariat_officer)

    html = html_of(client.get(url("document-detail", "Resolution 38.1")))

    assert "Upload it" in html


def test_a_placeholder_not_cited_by_anything_published_is_not_found(client, secretariat_officer):
    ingest(REVISION, by=secretariat_officer, publish=False)

    response = client.get(url("document-detail", "Resolution 38.1"))

    assert response.status_code == 404


@pytest.mark.parametrize("paragraphs", [1, 3])
def test_the_document_page_needs_the_same_queries_for_one_or_three_paragraphs(
    client, secretariat_officer, django_assert_max_num_queries, paragraphs
):
    operative = "\n\n".join(
        f"{n}. Requests the Secretariat to act on Resolution 38.{n};"
        for n in range(1, paragraphs + 1)
    )
    ingest(RESOLUTION.split("1. Requests")[0] + operative + "\n", by=secretariat_officer)

    with django_assert_max_num_queries(14):
        response = client.get(url("document-detail", RESOLUTION_SYMBOL))

    assert response.context["page"].paragraph_count == 2 + paragraphs


# --- files -----------------------------------------------------------------------------------


def test_visitor_downloads_the_original_file_with_its_name(client, secretariat_officer):
    services.ingest_text(RESOLUTION, "steppe-corridors.txt", by=secretariat_officer, publish=True)

    response = client.get(url("document-original", RESOLUTION_SYMBOL))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="steppe-corridors.txt"'
    assert b"".join(response.streaming_content).decode() == RESOLUTION


def test_a_placeholder_has_no_original_file(client, corridors):
    response = client.get(url("document-original", "Resolution 38.1"))

    assert response.status_code == 404


def test_the_akoma_ntoso_export_is_xml(client, corridors):
    response = client.get(url("document-akn", REVISION_SYMBOL))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/akn+xml; charset=utf-8"
    assert b"akomaNtoso" in response.content


def test_a_placeholder_has_no_akoma_ntoso_export(client, corridors):
    response = client.get(url("document-akn", "Resolution 38.1"))

    assert response.status_code == 404


# --- one paragraph ---------------------------------------------------------------------------


def test_a_paragraph_has_its_own_page_with_its_neighbours(client, corridors):
    response = client.get(url("paragraph-detail", REVISION_SYMBOL, "2"))

    assert response.status_code == 200
    page = response.context["page"]
    assert page.entry.paragraph.text.startswith("Urges Parties to keep the mapped corridors")
    assert (page.previous.anchor, page.next.anchor) == ("1", "3")
    assert [(v.verb, [a.name for a in v.actors]) for v in page.entry.verbs] == [
        ("urges", ["Parties"])
    ]
    html = html_of(response)
    assert f'href="{url("document-detail", REVISION_SYMBOL)}"' in html
    assert url("paragraph-detail", REVISION_SYMBOL, "3") in html


def test_an_unnumbered_paragraph_is_named_by_its_section_and_rank(client, corridors):
    response = client.get(url("paragraph-detail", REVISION_SYMBOL, "preamble-2"))

    html = html_of(response)
    assert "<h1>Preamble paragraph 2</h1>" in html
    assert "Preamble paragraph 1</a>" in html
    assert "Paragraph 1 →</a>" in html


def test_a_paragraph_page_lists_its_citations(client, corridors):
    response = client.get(url("paragraph-detail", REVISION_SYMBOL, "preamble-1"))

    citations = response.context["page"].entry.citations
    assert [(c.ref, c.held) for c in citations] == [("Resolution 38.1", False)]


def test_a_paragraph_page_lists_what_cites_that_paragraph(client, secretariat_officer):
    ingest_text_with_symbol(DECISIONS, "UNEP/CMS/COP40/Dec.Steppe", by=secretariat_officer)
    ingest(CITES_DECISION, by=secretariat_officer)

    response = client.get(url("paragraph-detail", "UNEP/CMS/COP40/Dec.Steppe", "40.7"))

    cited_by = response.context["page"].cited_by
    assert [(c.document.symbol, c.paragraph.anchor) for c in cited_by] == [
        ("UNEP/CMS/StC61/Doc.2", "1")
    ]


def test_a_paragraph_address_holds_when_the_document_is_ingested_again(client, secretariat_officer):
    ingest(RESOLUTION, by=secretariat_officer)
    address = url("paragraph-detail", RESOLUTION_SYMBOL, "2")
    row = Paragraph.objects.get(document__symbol=RESOLUTION_SYMBOL, anchor="2")

    ingest(
        RESOLUTION.replace("free of new fences", "free of any new fences"), by=secretariat_officer
    )
    response = client.get(address)

    assert response.status_code == 200
    assert response.context["page"].entry.paragraph.pk == row.pk
    assert "free of any new fences" in html_of(response)


def test_an_unknown_paragraph_is_not_found(client, corridors):
    response = client.get(url("paragraph-detail", REVISION_SYMBOL, "99"))

    assert response.status_code == 404


def test_a_paragraph_of_an_unpublished_document_is_not_found_for_the_public(client, corridors):
    response = client.get(url("paragraph-detail", REPORT_SYMBOL, "1"))

    assert response.status_code == 404


# --- versions and differences ----------------------------------------------------------------


def test_the_version_history_walks_the_chain_from_either_end(client, corridors):
    from_old = client.get(url("document-versions", RESOLUTION_SYMBOL)).context["versions"]
    from_new = client.get(url("document-versions", REVISION_SYMBOL)).context["versions"]

    expected = [RESOLUTION_SYMBOL, REVISION_SYMBOL]
    assert [v.document.symbol for v in from_old] == expected
    assert [v.document.symbol for v in from_new] == expected
    assert [v.is_current for v in from_old] == [True, False]
    assert [(link.document.symbol, link.basis) for link in from_new[1].supersedes] == [
        (RESOLUTION_SYMBOL, "revision")
    ]


def test_the_version_history_shows_the_basis_in_words(client, corridors):
    html = html_of(client.get(url("document-versions", REVISION_SYMBOL)))

    assert f"carries on {RESOLUTION_SYMBOL}: revised version (Rev.)" in html


def test_the_diff_compares_with_the_nearest_held_predecessor(client, corridors):
    response = client.get(url("document-diff", REVISION_SYMBOL))

    diff = response.context["diff"]
    assert (diff.old, diff.new) == (corridors.resolution, corridors.revision)
    rows = [(r.kind, r.old and r.old.anchor, r.new and r.new.anchor) for r in diff.rows]
    assert rows == [
        ("pair", "preamble-1", "preamble-1"),
        ("pair", "preamble-2", "preamble-2"),
        ("pair", "1", "1"),
        ("pair", "2", "2"),
        ("deleted", "3", None),
        ("new", None, "3"),
    ]


def test_the_diff_marks_the_words_added_and_removed(client, corridors):
    response = client.get(url("document-diff", REVISION_SYMBOL))

    first = response.context["diff"].rows[2]
    assert first.new_words == [
        ("same", "Requests the Secretariat to map"),
        ("added", "and publish"),
        ("same", "the corridors together with Range States;"),
    ]
    assert first.score is not None and first.score > 0.5
    html = html_of(response)
    assert "<ins>and publish</ins>" in html
    assert "<del>Invites NGOs to count the animals crossing each corridor in spring.</del>" in html


def test_the_diff_can_compare_with_a_chosen_version(client, corridors):
    response = client.get(url("document-diff", RESOLUTION_SYMBOL), {"from": REVISION_SYMBOL})

    diff = response.context["diff"]
    assert (diff.old.symbol, diff.new.symbol) == (REVISION_SYMBOL, RESOLUTION_SYMBOL)


def test_the_diff_of_a_first_version_says_there_is_nothing_earlier(client, corridors):
    response = client.get(url("document-diff", RESOLUTION_SYMBOL))

    assert response.status_code == 200
    assert response.context["diff"] is None
    assert "No earlier version of this document is held here." in html_of(response)


def test_the_diff_with_a_placeholder_says_it_has_no_text(client, corridors):
    response = client.get(url("document-diff", REVISION_SYMBOL), {"from": "Resolution 38.1"})

    assert response.context["diff"] is None
    assert "Resolution 38.1 is cited but not held" in html_of(response)


def test_the_diff_with_a_document_one_cannot_see_is_not_found(client, corridors):
    response = client.get(url("document-diff", REVISION_SYMBOL), {"from": REPORT_SYMBOL})

    assert response.status_code == 404


# --- what is asked of whom -------------------------------------------------------------------


def test_the_actor_page_lists_what_is_asked_in_resolutions_in_force(client, corridors):
    response = client.get(url("actor-detail", "standing-committee"))

    page = response.context["page"]
    assert [
        (group.document.symbol, [e.paragraph.anchor for e in group.paragraphs])
        for group in page.documents
    ] == [(REVISION_SYMBOL, ["3"])]
    assert [v.verb for v in page.documents[0].paragraphs[0].verbs] == ["instructs"]


def test_what_a_superseded_resolution_asked_is_not_listed(client, corridors):
    response = client.get(url("actor-detail", "ngos"))

    assert response.context["page"].documents == []


def test_the_actor_page_filters_by_verb(client, corridors):
    asked = client.get(url("actor-detail", "secretariat"), {"verb": "requests"})
    not_asked = client.get(url("actor-detail", "secretariat"), {"verb": "urges"})

    assert asked.context["page"].paragraph_count == 1
    assert not_asked.context["page"].paragraph_count == 0


def test_the_actor_page_filters_by_instrument(client, corridors, bukhara):
    in_cms = client.get(url("actor-detail", "parties"), {"instrument": "CMS"})
    in_bkd = client.get(url("actor-detail", "parties"), {"instrument": "BKD"})

    assert in_cms.context["page"].paragraph_count == 1
    assert in_bkd.context["page"].paragraph_count == 0


def test_the_public_does_not_see_what_unpublished_resolutions_ask(client, secretariat_officer):
    ingest(REVISION, by=secretariat_officer, publish=False)

    response = client.get(url("actor-detail", "standing-committee"))

    assert response.context["page"].documents == []


def test_the_actor_list_counts_the_paragraphs_in_force(client, corridors):
    response = client.get(url("actor-list"))

    counts = {entry.actor.slug: entry.paragraphs for entry in response.context["actors"]}
    assert (counts["secretariat"], counts["standing-committee"], counts["ngos"]) == (1, 1, 0)


def test_an_unknown_actor_is_not_found(client, corridors):
    assert client.get(url("actor-detail", "nobody")).status_code == 404


# --- editing and publishing --------------------------------------------------------------------


def edit_data(document: Document, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": document.title,
        "kind": document.kind,
        "language": document.language,
        "date": document.date.isoformat() if document.date else "",
        "meeting": document.meeting_id or "",
        "instrument": document.instrument_id or "",
        "agenda_item": document.agenda_item,
        "is_published": "on" if document.is_published else "",
    }
    data.update(changes)
    return data


def test_officer_corrects_the_title_and_date_of_a_resolution(
    client, corridors, secretariat_officer
):
    client.force_login(secretariat_officer)
    document = corridors.revision

    response = client.post(
        url("document-edit", REVISION_SYMBOL),
        edit_data(document, title="Keeping Corridors Open", date="2043-06-10", agenda_item="12.1"),
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.date.isoformat(), document.agenda_item) == (
        "Keeping Corridors Open",
        "2043-06-10",
        "12.1",
    )
    assert document.history.first().history_user == secretariat_officer


def test_an_invalid_edit_is_shown_with_its_error(client, corridors, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        url("document-edit", REVISION_SYMBOL), edit_data(corridors.revision, date="not a date")
    )

    assert response.status_code == 422
    assert response.context["form"].errors["date"] == ["Enter a valid date."]
    corridors.revision.refresh_from_db()
    assert corridors.revision.date is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat_officer", 200), ("nfp_uzbekistan", 403), ("other_staff", 403)],
)
def test_only_staff_serving_the_instrument_may_edit_a_document(
    client, corridors, persona, status, request, bukhara
):
    if persona == "other_staff":
        user = f.make_secretariat(instruments=[bukhara.bkd])
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)

    get = client.get(url("document-edit", REVISION_SYMBOL))
    post = client.post(
        url("document-edit", REVISION_SYMBOL), edit_data(corridors.revision, title="Changed")
    )

    assert get.status_code == status
    corridors.revision.refresh_from_db()
    assert (corridors.revision.title == "Changed") == (status == 200)
    assert post.status_code == (302 if status == 200 else status)


def test_anonymous_is_sent_to_sign_in_to_edit(client, corridors):
    response = client.get(url("document-edit", REVISION_SYMBOL))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_focal_point_cannot_find_an_unpublished_document_to_edit(
    client, corridors, nfp_uzbekistan
):
    client.force_login(nfp_uzbekistan)

    response = client.get(url("document-edit", REPORT_SYMBOL))

    assert response.status_code == 404


def test_officer_publishes_a_document_and_the_public_can_read_it(
    client, corridors, secretariat_officer
):
    client.force_login(secretariat_officer)

    response = client.post(url("document-publish", REPORT_SYMBOL), {"published": "1"})
    client.logout()

    assert response.status_code == 302
    assert client.get(url("document-detail", REPORT_SYMBOL)).status_code == 200


def test_officer_unpublishes_a_document(client, corridors, secretariat_officer):
    client.force_login(secretariat_officer)

    client.post(url("document-publish", REVISION_SYMBOL), {"published": "0"})

    corridors.revision.refresh_from_db()
    assert corridors.revision.is_published is False


def test_a_focal_point_cannot_publish(client, corridors, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)

    response = client.post(url("document-publish", REVISION_SYMBOL), {"published": "0"})

    assert response.status_code == 403
    corridors.revision.refresh_from_db()
    assert corridors.revision.is_published is True


def test_publishing_needs_a_post(client, corridors, secretariat_officer):
    client.force_login(secretariat_officer)

    assert client.get(url("document-publish", REVISION_SYMBOL)).status_code == 405


# --- the seeds -----------------------------------------------------------------------------------


def test_the_seed_resolutions_compare_quickly_enough_to_show(
    client, seeds_dir, secretariat_officer
):
    paths = {p.name[:3]: p for p in seeds_dir.glob("*.txt")}
    for key, symbol in (("001", "UNEP/CMS/Resolution 10.21"), ("003", None)):
        outcome = services.ingest_path(
            paths[key], by=secretariat_officer, symbol=symbol, publish=True
        )
        assert outcome.document is not None, outcome.message

    response = client.get(url("document-diff", "UNEP/CMS/Resolution 11.10 (Rev.COP14)"))

    diff = response.context["diff"]
    assert diff.old.symbol == "UNEP/CMS/Resolution 10.21"
    assert diff.pairs > 10
    assert "<ins>" in html_of(response)
