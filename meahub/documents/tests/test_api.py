"""The documents endpoints: what each persona reads, uploads, parses, aligns and corrects."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meahub.documents.akn import to_akn
from meahub.documents.alignment import align
from meahub.documents.models import Document
from meahub.documents.parser import parse_text, to_json
from meahub.documents.selectors import alignment_items
from meahub.documents.services import ingest_text
from meahub.meetings.models import Meeting
from meahub.tests import factories as f
from meahub.tests.api_helpers import bearer

pytestmark = pytest.mark.django_db

FLYWAYS = """UNEP/CMS/Resolution 40.2
Original: English

SAFE FLYWAYS FOR WATERBIRDS

Adopted by the Conference of the Parties at its 40th Meeting (Bukhara, 2-7 March 2040)

Recalling Resolution 38.1 on wetland inventories,

Noting that power lines kill many cranes each year,

1. Requests the Secretariat to publish a map of dangerous power lines;

2. Urges Parties to mark power lines near wetlands with
(a) bird diverters;
(b) coloured spirals.
"""

FLYWAYS_REVISED = """UNEP/CMS/Resolution 40.2 (Rev.COP41)
Original: English

SAFE FLYWAYS FOR WATERBIRDS

Adopted by the Conference of the Parties at its 41st Meeting (Samarkand, 4-9 April 2042)

Recalling Resolution 38.1 on wetland inventories,

Noting that power lines kill many cranes and storks each year,

1. Requests the Secretariat to publish and update a map of dangerous power lines;

2. Urges Parties to mark power lines near wetlands with
(a) bird diverters;
(b) coloured spirals.

3. Invites the Scientific Council to study collisions with wind turbines.
"""

AGENDA_NOTE = """UNEP/CMS/COP40/Doc.9
Original: English

BUDGET FOR THE NEXT TRIENNIUM

Summary: the Secretariat proposes a budget.

1. The costs of meetings have risen.

2. Staff costs are stable.
"""

PARAGRAPH_KEYS = {"section", "number", "text", "verbs", "subitems"}


@pytest.fixture
def persona(request, bukhara):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


@pytest.fixture
def flyways(secretariat_officer) -> Document:  # type: ignore[no-untyped-def]
    """The resolution, published."""
    return ingest_text(FLYWAYS, "flyways.txt", by=secretariat_officer, publish=True).document


@pytest.fixture
def revised(secretariat_officer, flyways) -> Document:  # type: ignore[no-untyped-def]
    """Its revision, published: it supersedes the first version."""
    return ingest_text(
        FLYWAYS_REVISED, "flyways-rev.txt", by=secretariat_officer, publish=True
    ).document


@pytest.fixture
def draft(secretariat_officer) -> Document:  # type: ignore[no-untyped-def]
    """A working document, not published."""
    return ingest_text(AGENDA_NOTE, "budget.txt", by=secretariat_officer).document


def symbols(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["symbol"] for item in response.json()["items"]]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


# --- listing ----------------------------------------------------------------------------------


def test_public_lists_published_documents_and_the_placeholders_they_cite(client, flyways, draft):
    response = client.get("/api/v1/documents")

    assert response.status_code == 200
    assert symbols(response) == ["UNEP/CMS/Resolution 40.2", "Resolution 38.1"]
    assert response.json()["count"] == 2


def test_staff_list_includes_unpublished_documents(client, secretariat_officer, flyways, draft):
    response = client.get("/api/v1/documents", headers=bearer(secretariat_officer))

    assert symbols(response) == [
        "UNEP/CMS/COP40/Doc.9",
        "UNEP/CMS/Resolution 40.2",
        "Resolution 38.1",
    ]


def test_public_gets_a_listed_document_with_its_codes_and_page(client, flyways):
    response = client.get("/api/v1/documents?placeholder=false")

    assert response.json()["items"] == [
        {
            "id": flyways.pk,
            "symbol": "UNEP/CMS/Resolution 40.2",
            "key": "Resolution 40.2",
            "title": "Safe Flyways for Waterbirds",
            "kind": "resolution",
            "language": flyways.language,
            "date": None,
            "meeting": flyways.meeting.slug,
            "instrument": "CMS",
            "agenda_item": "",
            "is_placeholder": False,
            "is_published": True,
            "in_force": True,
            "url": f"http://testserver{flyways.get_absolute_url()}",
        }
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "kind=resolution&placeholder=false",
            [
                "UNEP/CMS/Resolution 40.2",
                "UNEP/CMS/Resolution 40.2 (Rev.COP41)",
            ],
        ),
        ("placeholder=true", ["Resolution 38.1"]),
        ("in_force=true", ["UNEP/CMS/Resolution 40.2 (Rev.COP41)"]),
        ("in_force=false", ["UNEP/CMS/Resolution 40.2", "Resolution 38.1"]),
        ("q=rev.cop41", ["UNEP/CMS/Resolution 40.2 (Rev.COP41)"]),
        (
            "q=waterbirds&placeholder=false",
            [
                "UNEP/CMS/Resolution 40.2",
                "UNEP/CMS/Resolution 40.2 (Rev.COP41)",
            ],
        ),
        ("instrument=cms&in_force=true", ["UNEP/CMS/Resolution 40.2 (Rev.COP41)"]),
    ],
)
def test_public_filters_and_searches_documents(client, revised, query, expected):
    response = client.get(f"/api/v1/documents?{query}")

    assert symbols(response) == expected


def test_public_filters_documents_by_meeting(client, flyways, revised):
    response = client.get(f"/api/v1/documents?meeting={revised.meeting.slug}")

    assert symbols(response) == ["UNEP/CMS/Resolution 40.2 (Rev.COP41)"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("kind=treaty", "kind"), ("in_force=perhaps", "in_force"), ("placeholder=2", "placeholder")],
)
def test_bad_document_filter_is_refused_naming_the_parameter(client, bukhara, query, field):
    response = client.get(f"/api/v1/documents?{query}")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


def test_unknown_instrument_filter_is_refused_with_its_code(client, bukhara):
    response = client.get("/api/v1/documents?instrument=XYZ")

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Unknown instrument code 'XYZ'.",
        "errors": {"instrument": ["Unknown instrument code 'XYZ'."]},
    }


@pytest.mark.parametrize("n", [1, 3])
def test_document_list_queries_do_not_grow_with_items(
    client, secretariat_officer, django_assert_max_num_queries, n
):
    for number in range(n):
        text = FLYWAYS.replace("Resolution 40.2", f"Resolution 40.{number + 10}")
        ingest_text(text, f"r{number}.txt", by=secretariat_officer, publish=True)

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/documents?placeholder=false")

    assert response.json()["count"] == n


# --- one document -------------------------------------------------------------------------------


def test_document_detail_keeps_the_keys_of_the_parse_json(client, flyways):
    parsed = to_json(parse_text(FLYWAYS))

    detail = client.get(f"/api/v1/documents/{flyways.pk}").json()

    assert set(parsed) <= set(detail)
    assert [set(p) for p in detail["paragraphs"]] == [
        PARAGRAPH_KEYS | {"anchor", "url"} for _ in parsed["paragraphs"]
    ]
    assert {"kind", "ref"} <= set(detail["references"][0])


def test_document_detail_paragraphs_say_what_the_parser_read(client, flyways):
    parsed = json.loads(json.dumps(to_json(parse_text(FLYWAYS))))

    detail = client.get(f"/api/v1/documents/{flyways.pk}").json()

    assert [{key: p[key] for key in PARAGRAPH_KEYS} for p in detail["paragraphs"]] == parsed[
        "paragraphs"
    ]
    assert [{"kind": r["kind"], "ref": r["ref"]} for r in detail["references"]] == parsed[
        "references"
    ]
    assert (detail["symbol"], detail["title"], detail["kind"]) == (
        parsed["symbol"],
        parsed["title"],
        parsed["kind"],
    )


@pytest.mark.parametrize("n", [1, 3])
def test_document_detail_queries_do_not_grow_with_paragraphs(
    client, secretariat_officer, django_assert_max_num_queries, n
):
    extra = "".join(
        f"\n{number + 3}. Requests the Secretariat to report on Resolution 37.{number}.\n"
        for number in range(n)
    )
    document = ingest_text(FLYWAYS + extra, "long.txt", by=secretariat_officer, publish=True)

    with django_assert_max_num_queries(7):
        response = client.get(f"/api/v1/documents/{document.document.pk}")

    assert len(response.json()["paragraphs"]) == 4 + n


def test_document_detail_gives_stable_paragraph_addresses(client, flyways):
    detail = client.get(f"/api/v1/documents/{flyways.pk}").json()

    assert [(p["anchor"], p["url"]) for p in detail["paragraphs"]] == [
        (p.anchor, f"http://testserver{p.get_absolute_url()}")
        for p in flyways.paragraphs.order_by("position")
    ]


def test_document_detail_names_its_meeting_as_the_parser_does(client, flyways):
    meeting = client.get(f"/api/v1/documents/{flyways.pk}").json()["meeting"]

    assert meeting == {
        "name": flyways.meeting.name,
        "place": "Bukhara",
        "dates": "2040-03-02/2040-03-07",
        "slug": flyways.meeting.slug,
        "url": f"http://testserver{flyways.meeting.get_absolute_url()}",
    }


def test_reference_to_a_document_not_held_points_to_its_placeholder(client, flyways):
    placeholder = Document.objects.get(key="Resolution 38.1")

    detail = client.get(f"/api/v1/documents/{flyways.pk}").json()

    assert detail["references"] == [
        {
            "kind": "resolution",
            "ref": "Resolution 38.1",
            "target": placeholder.pk,
            "target_url": f"http://testserver{placeholder.get_absolute_url()}",
        }
    ]


def test_reference_to_an_unpublished_document_has_no_target_for_the_public(
    client, secretariat_officer, draft
):
    citing = ingest_text(
        FLYWAYS.replace("on wetland inventories", "and document UNEP/CMS/COP40/Doc.9"),
        "citing.txt",
        by=secretariat_officer,
        publish=True,
    ).document

    references = client.get(f"/api/v1/documents/{citing.pk}").json()["references"]

    assert {r["ref"]: r["target"] for r in references} == {
        "Resolution 38.1": Document.objects.get(key="Resolution 38.1").pk,
        "UNEP/CMS/COP40/Doc.9": None,
    }


def test_revision_supersedes_the_first_version_which_is_no_longer_in_force(
    client, flyways, revised
):
    old = client.get(f"/api/v1/documents/{flyways.pk}").json()
    new = client.get(f"/api/v1/documents/{revised.pk}").json()

    assert (old["in_force"], new["in_force"]) == (False, True)
    assert old["superseded_by"] == [
        {"id": revised.pk, "symbol": revised.symbol, "basis": "revision"}
    ]
    assert new["supersedes"] == [{"id": flyways.pk, "symbol": flyways.symbol, "basis": "revision"}]


def test_public_does_not_see_an_unpublished_revision_end_the_first_version(
    client, secretariat_officer, flyways, revised
):
    Document.objects.filter(pk=revised.pk).update(is_published=False)

    old = client.get(f"/api/v1/documents/{flyways.pk}").json()

    assert (old["in_force"], old["superseded_by"]) == (True, [])


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
def test_only_staff_get_an_unpublished_document(client, draft, persona, status):
    response = client.get(f"/api/v1/documents/{draft.pk}", headers=bearer(persona))

    assert response.status_code == status


def test_public_gets_a_json_404_for_a_document_that_does_not_exist(client, bukhara):
    response = client.get("/api/v1/documents/999999")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found (or not visible to you).", "errors": {}}


def test_document_id_that_is_not_a_number_is_refused_naming_it(client, bukhara):
    response = client.get("/api/v1/documents/resolution")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["document_id"]


def test_public_gets_a_document_by_its_symbol_with_slashes(client, flyways):
    by_id = client.get(f"/api/v1/documents/{flyways.pk}").json()

    response = client.get("/api/v1/documents/by-symbol", {"symbol": "UNEP/CMS/Resolution 40.2"})

    assert response.status_code == 200
    assert response.json() == by_id


def test_public_gets_a_document_by_its_citation_key(client, flyways):
    response = client.get("/api/v1/documents/by-symbol", {"symbol": "Resolution 40.2"})

    assert response.json()["id"] == flyways.pk


def test_public_gets_404_for_an_unpublished_document_by_symbol(client, draft):
    response = client.get("/api/v1/documents/by-symbol", {"symbol": "UNEP/CMS/COP40/Doc.9"})

    assert response.status_code == 404


def test_public_gets_a_paragraph_by_its_anchor(client, flyways):
    paragraph = flyways.paragraphs.get(anchor="2")

    response = client.get(f"/api/v1/documents/{flyways.pk}/paragraphs/2")

    assert response.status_code == 200
    assert response.json() == {
        "section": "operative",
        "number": "2",
        "text": "Urges Parties to mark power lines near wetlands with",
        "verbs": [{"verb": "urges", "actors": ["Parties"]}],
        "subitems": [
            {"label": "(a)", "text": "bird diverters;"},
            {"label": "(b)", "text": "coloured spirals."},
        ],
        "anchor": "2",
        "url": f"http://testserver{paragraph.get_absolute_url()}",
        "document": flyways.pk,
        "symbol": "UNEP/CMS/Resolution 40.2",
        "references": [],
    }


def test_paragraph_gives_what_it_cites(client, flyways):
    anchor = flyways.paragraphs.get(position=0).anchor

    response = client.get(f"/api/v1/documents/{flyways.pk}/paragraphs/{anchor}")

    assert [r["ref"] for r in response.json()["references"]] == ["Resolution 38.1"]


def test_unknown_paragraph_anchor_is_a_json_404(client, flyways):
    response = client.get(f"/api/v1/documents/{flyways.pk}/paragraphs/99")

    assert response.status_code == 404
    assert response.json()["detail"] == "Not found (or not visible to you)."


def test_public_downloads_the_original_file(client, flyways):
    response = client.get(f"/api/v1/documents/{flyways.pk}/original")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FLYWAYS.encode("utf-8")
    assert response["Content-Disposition"] == 'attachment; filename="flyways.txt"'


def test_placeholder_has_no_original_to_download(client, flyways):
    placeholder = Document.objects.get(key="Resolution 38.1")

    response = client.get(f"/api/v1/documents/{placeholder.pk}/original")

    assert response.status_code == 404
    assert response.json()["detail"] == "Not found (or not visible to you)."


def test_public_gets_a_document_as_akoma_ntoso_xml(client, flyways):
    response = client.get(f"/api/v1/documents/{flyways.pk}/akn")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response.content == to_akn(flyways)


def test_placeholder_has_no_akoma_ntoso_export(client, flyways):
    placeholder = Document.objects.get(key="Resolution 38.1")

    response = client.get(f"/api/v1/documents/{placeholder.pk}/akn")

    assert response.status_code == 404


def test_public_gets_404_for_the_export_of_an_unpublished_document(client, draft):
    response = client.get(f"/api/v1/documents/{draft.pk}/akn")

    assert response.status_code == 404


# --- uploading --------------------------------------------------------------------------------


def test_staff_uploads_a_file_and_gets_the_document_created(client, secretariat_officer):
    response = client.post(
        "/api/v1/documents",
        {"file": upload("flyways.txt", FLYWAYS.encode()), "publish": "true"},
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 201
    document = Document.objects.get(symbol="UNEP/CMS/Resolution 40.2")
    body = response.json()
    assert (body["status"], body["document"]["id"], body["document"]["is_published"]) == (
        "created",
        document.pk,
        True,
    )
    assert body["message"] == (
        "created UNEP/CMS/Resolution 40.2: resolution, 4 paragraphs, 1 reference"
    )


def test_staff_uploading_the_same_file_again_changes_nothing(client, secretariat_officer):
    headers = bearer(secretariat_officer)
    client.post("/api/v1/documents", {"file": upload("a.txt", FLYWAYS.encode())}, headers=headers)
    count = Document.objects.count()

    response = client.post(
        "/api/v1/documents", {"file": upload("b.txt", FLYWAYS.encode())}, headers=headers
    )

    assert response.status_code == 200
    assert response.json()["status"] == "unchanged"
    assert response.json()["message"] == (
        "already held as UNEP/CMS/Resolution 40.2; nothing changed"
    )
    assert Document.objects.count() == count


def test_staff_upload_of_a_new_version_updates_the_document(client, secretariat_officer, flyways):
    changed = FLYWAYS.replace("many cranes", "many cranes and bustards")

    response = client.post(
        "/api/v1/documents",
        {"file": upload("flyways-corrected.txt", changed.encode())},
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 201
    assert (response.json()["status"], response.json()["document"]["id"]) == ("updated", flyways.pk)


def test_staff_of_another_instrument_cannot_upload_for_this_one(client, bukhara):
    other = f.make_secretariat(instruments=[f.make_instrument(code="EUROBATS")])

    response = client.post(
        "/api/v1/documents",
        {"file": upload("flyways.txt", FLYWAYS.encode()), "instrument": "CMS"},
        headers=bearer(other),
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "You may not add documents of CMS."
    assert Document.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "status"),
    [("nfp_uzbekistan", 403), ("partner_cic", 403), ("anonymous", 401)],
    indirect=["persona"],
)
def test_others_cannot_upload_documents(client, persona, status):
    count = Document.objects.count()

    response = client.post(
        "/api/v1/documents",
        {"file": upload("flyways.txt", FLYWAYS.encode())},
        headers=bearer(persona),
    )

    assert response.status_code == status
    assert Document.objects.count() == count


def test_empty_upload_is_refused_naming_the_file_and_nothing_is_stored(client, secretariat_officer):
    count = Document.objects.count()

    response = client.post(
        "/api/v1/documents",
        {"file": upload("empty.txt", b"")},
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "empty.txt: the file is empty",
        "errors": {"file": ["empty.txt: the file is empty"]},
    }
    assert Document.objects.count() == count


def test_upload_over_the_size_limit_is_refused_unread(client, secretariat_officer, settings):
    settings.MEAHUB_MAX_DOCUMENT_BYTES = 100

    response = client.post(
        "/api/v1/documents",
        {"file": upload("flyways.txt", FLYWAYS.encode())},
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"flyways.txt: the file is {len(FLYWAYS.encode()):,} bytes, over the limit of 100 bytes"
    )
    assert Document.objects.count() == 0


def test_upload_of_an_unknown_file_type_is_refused_naming_the_file(client, secretariat_officer):
    response = client.post(
        "/api/v1/documents",
        {"file": upload("flyways.odt", FLYWAYS.encode())},
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["detail"] == (
        'flyways.odt: unsupported file type ".odt" (use .txt, .md, .pdf or .docx)'
    )
    assert Document.objects.count() == 0


def test_upload_without_a_symbol_is_refused_until_one_is_given(client, secretariat_officer):
    text = FLYWAYS.replace("UNEP/CMS/Resolution 40.2\n", "")
    headers = bearer(secretariat_officer)

    refused = client.post(
        "/api/v1/documents", {"file": upload("nosymbol.txt", text.encode())}, headers=headers
    )
    accepted = client.post(
        "/api/v1/documents",
        {"file": upload("nosymbol.txt", text.encode()), "symbol": "UNEP/CMS/Resolution 40.3"},
        headers=headers,
    )

    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("nosymbol.txt: no document symbol found")
    assert accepted.status_code == 201
    assert accepted.json()["document"]["symbol"] == "UNEP/CMS/Resolution 40.3"


def test_upload_naming_an_unknown_meeting_is_refused_naming_the_field(client, secretariat_officer):
    response = client.post(
        "/api/v1/documents",
        {"file": upload("flyways.txt", FLYWAYS.encode()), "meeting": "no-such-meeting"},
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"meeting": ["Unknown meeting 'no-such-meeting'."]}
    assert Document.objects.count() == 0


def test_upload_to_a_given_meeting_files_the_document_there(client, secretariat_officer, bukhara):
    meeting = Meeting.objects.create(slug="bkd-mos5", name="Fifth Meeting", instrument=bukhara.bkd)

    response = client.post(
        "/api/v1/documents",
        {"file": upload("flyways.txt", FLYWAYS.encode()), "meeting": "bkd-mos5"},
        headers=bearer(secretariat_officer),
    )

    assert response.json()["document"]["meeting"] == "bkd-mos5"
    assert Document.objects.get(symbol="UNEP/CMS/Resolution 40.2").meeting == meeting


# --- parsing without storing --------------------------------------------------------------------


def test_signed_in_user_parses_a_file_as_the_command_line_does(client, nfp_uzbekistan):
    response = client.post(
        "/api/v1/documents/parse",
        {"file": upload("flyways.txt", FLYWAYS.encode())},
        headers=bearer(nfp_uzbekistan),
    )

    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(to_json(parse_text(FLYWAYS))))
    assert Document.objects.count() == 0


def test_public_must_sign_in_to_parse_a_file(client, bukhara):
    response = client.post(
        "/api/v1/documents/parse", {"file": upload("flyways.txt", FLYWAYS.encode())}
    )

    assert response.status_code == 401


def test_unreadable_file_is_refused_naming_the_file_and_the_reason(client, nfp_uzbekistan):
    response = client.post(
        "/api/v1/documents/parse",
        {"file": upload("scan.pdf", b"this is not a PDF at all")},
        headers=bearer(nfp_uzbekistan),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "scan.pdf: not a readable PDF (it has no PDF header)",
        "errors": {"file": ["scan.pdf: not a readable PDF (it has no PDF header)"]},
    }


# --- aligning versions --------------------------------------------------------------------------


def test_public_aligns_two_versions_by_symbol(client, flyways, revised):
    response = client.get("/api/v1/documents/align", {"old": flyways.symbol, "new": revised.symbol})

    assert response.status_code == 200
    assert response.json() == align(alignment_items(flyways), alignment_items(revised)).to_json()
    assert set(response.json()) == {"pairs", "unmatched_old", "unmatched_new"}
    assert response.json()["unmatched_new"] == ["3"]


def test_public_aligns_two_versions_by_id_and_citation_key(client, flyways, revised):
    response = client.get(
        "/api/v1/documents/align", {"old": str(flyways.pk), "new": "Resolution 40.2 (Rev.COP41)"}
    )

    assert response.json()["pairs"][0] == {"old": "preamble-1", "new": "preamble-1", "score": 1.0}


def test_alignment_with_an_unknown_version_is_refused_naming_the_parameter(client, flyways):
    response = client.get("/api/v1/documents/align", {"old": flyways.symbol, "new": "Nothing 1"})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "new": ["No document 'Nothing 1' (give an id, symbol or key)."]
    }


def test_alignment_with_a_placeholder_is_refused(client, flyways):
    response = client.get(
        "/api/v1/documents/align", {"old": "Resolution 38.1", "new": flyways.symbol}
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "old": ["Resolution 38.1 is cited but not held here: it has no paragraphs."]
    }


def test_public_cannot_align_with_an_unpublished_document(client, flyways, draft):
    response = client.get("/api/v1/documents/align", {"old": draft.symbol, "new": flyways.symbol})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["old"]


# --- correcting ---------------------------------------------------------------------------------


def test_staff_corrects_a_title_and_publishes_a_document(client, secretariat_officer, draft):
    response = client.patch(
        f"/api/v1/documents/{draft.pk}",
        {"title": "Budget 2041-2043", "is_published": True, "agenda_item": "12.1"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["is_published"]) == (
        "Budget 2041-2043",
        True,
    )
    draft.refresh_from_db()
    assert (draft.title, draft.is_published, draft.agenda_item) == (
        "Budget 2041-2043",
        True,
        "12.1",
    )


def test_staff_files_a_document_under_a_meeting_by_slug(client, secretariat_officer, draft):
    Meeting.objects.create(slug="cms-cop40", name="COP40")

    response = client.patch(
        f"/api/v1/documents/{draft.pk}",
        {"meeting": "cms-cop40"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.json()["meeting"]["slug"] == "cms-cop40"


def test_correction_naming_an_unknown_instrument_is_refused(client, secretariat_officer, draft):
    response = client.patch(
        f"/api/v1/documents/{draft.pk}",
        {"instrument": "NOPE"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"instrument": ["Unknown instrument code 'NOPE'."]}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("nfp_uzbekistan", 403), ("partner_cic", 403), ("anonymous", 401)],
    indirect=["persona"],
)
def test_others_cannot_correct_a_published_document(client, flyways, persona, status):
    response = client.patch(
        f"/api/v1/documents/{flyways.pk}",
        {"title": "Something else"},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    flyways.refresh_from_db()
    assert flyways.title == "Safe Flyways for Waterbirds"


# --- actors -----------------------------------------------------------------------------------


def test_public_lists_the_controlled_list_of_actors(client, bukhara):
    response = client.get("/api/v1/documents/actors?limit=200")

    secretariat = next(a for a in response.json()["items"] if a["slug"] == "secretariat")
    assert secretariat == {
        "name": "Secretariat",
        "slug": "secretariat",
        "patterns": [r"(?:CMS |Convention )?Secretariat\b"],
    }


def test_public_gets_what_is_asked_of_an_actor_in_resolutions_in_force(client, flyways):
    paragraph = flyways.paragraphs.get(anchor="1")

    response = client.get("/api/v1/documents/actors/secretariat/asks")

    assert response.status_code == 200
    assert response.json()["items"] == [
        {
            "document": flyways.pk,
            "symbol": "UNEP/CMS/Resolution 40.2",
            "anchor": "1",
            "url": f"http://testserver{paragraph.get_absolute_url()}",
            "verb": "requests",
            "text": "Requests the Secretariat to publish a map of dangerous power lines;",
        }
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_actor_asks_queries_do_not_grow_with_items(
    client, secretariat_officer, django_assert_max_num_queries, n
):
    for number in range(n):
        text = FLYWAYS.replace("Resolution 40.2", f"Resolution 40.{number + 10}")
        ingest_text(text, f"r{number}.txt", by=secretariat_officer, publish=True)

    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/documents/actors/secretariat/asks")

    assert response.json()["count"] == n


def test_asks_of_a_superseded_resolution_are_not_listed(client, flyways, revised):
    response = client.get("/api/v1/documents/actors/secretariat/asks")

    assert [(a["symbol"], a["anchor"]) for a in response.json()["items"]] == [
        ("UNEP/CMS/Resolution 40.2 (Rev.COP41)", "1")
    ]


def test_asks_in_unpublished_resolutions_are_hidden_from_the_public(
    client, secretariat_officer, flyways
):
    Document.objects.filter(pk=flyways.pk).update(is_published=False)

    public = client.get("/api/v1/documents/actors/secretariat/asks")
    staff = client.get(
        "/api/v1/documents/actors/secretariat/asks", headers=bearer(secretariat_officer)
    )

    assert (public.json()["count"], staff.json()["count"]) == (0, 1)


def test_asks_of_an_unknown_actor_are_a_json_404(client, bukhara):
    response = client.get("/api/v1/documents/actors/nobody/asks")

    assert response.status_code == 404
    assert response.json()["detail"] == "Not found (or not visible to you)."
