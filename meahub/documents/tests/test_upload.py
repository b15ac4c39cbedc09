"""Uploading documents in the browser: the files are checked, stored as a batch, ingested by
the task worker, and the batch page follows them to the end."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from meahub.documents.enums import BatchStatus, IngestStatus
from meahub.documents.models import Document, IngestBatch, IngestFile
from meahub.documents.tests.corridors import RESOLUTION, REVISION
from meahub.documents.uploads import start_upload_batch
from meahub.meetings.models import Meeting
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
UPLOAD_URL = reverse("documents:upload")


def upload(name: str, content: str | bytes) -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def batch_url(batch: IngestBatch) -> str:
    return reverse("documents:batch-detail", args=[batch.pk])


def stored_uploads() -> list[str]:
    if not default_storage.exists("documents/incoming"):
        return []
    return default_storage.listdir("documents/incoming")[1]


@override_settings(TASKS=IMMEDIATE)
def test_officer_uploads_two_files_and_sees_one_created_and_one_refused(
    client, secretariat_officer, django_capture_on_commit_callbacks
):
    client.force_login(secretariat_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            UPLOAD_URL,
            {"uploads": [upload("corridors.txt", RESOLUTION), upload("empty.txt", b"")]},
        )

    batch = IngestBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == batch_url(batch)
    assert batch.status == BatchStatus.DONE
    assert batch.task_id != ""
    files = [(item.name, item.status, item.message) for item in batch.files.all()]
    assert files == [
        (
            "corridors.txt",
            IngestStatus.CREATED,
            "created UNEP/CMS/Resolution 40.2: resolution, 5 paragraphs, 1 reference",
        ),
        ("empty.txt", IngestStatus.REFUSED, "empty.txt: the file is empty"),
    ]
    assert Document.objects.get(symbol="UNEP/CMS/Resolution 40.2").is_published is False
    assert stored_uploads() == []


@override_settings(TASKS=IMMEDIATE)
def test_the_batch_page_shows_each_file_and_the_summary(
    client, secretariat_officer, django_capture_on_commit_callbacks
):
    client.force_login(secretariat_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            UPLOAD_URL,
            {"uploads": [upload("corridors.txt", RESOLUTION), upload("empty.txt", b"")]},
        )
    batch = IngestBatch.objects.get()

    response = client.get(batch_url(batch))

    html = response.content.decode()
    assert response.status_code == 200
    assert "1 created, 0 updated, 0 unchanged, 1 refused." in html
    assert "empty.txt: the file is empty" in html
    assert '<progress id="batch-progress-bar" max="2" value="2">' in html
    assert "hx-trigger" not in html


@override_settings(TASKS=IMMEDIATE)
def test_an_upload_may_name_the_instrument_and_meeting_and_publish(
    client, secretariat_officer, bukhara, django_capture_on_commit_callbacks
):
    meeting = Meeting.objects.create(
        slug="bkd-mos5", name="Fifth Meeting of the Signatories", instrument=bukhara.bkd
    )
    client.force_login(secretariat_officer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            UPLOAD_URL,
            {
                "uploads": [upload("corridors.txt", RESOLUTION)],
                "instrument": "BKD",
                "meeting": "bkd-mos5",
                "publish": "on",
            },
        )

    document = Document.objects.get(symbol="UNEP/CMS/Resolution 40.2")
    assert (document.instrument, document.meeting, document.is_published) == (
        bukhara.bkd,
        meeting,
        True,
    )


def test_a_queued_batch_page_polls_for_progress(client, secretariat_officer):
    client.force_login(secretariat_officer)
    batch = start_upload_batch(by=secretariat_officer, files=[upload("a.txt", RESOLUTION)])

    response = client.get(batch_url(batch))

    html = response.content.decode()
    assert f'hx-get="{batch_url(batch)}" hx-trigger="every 1s"' in html
    assert '<progress id="batch-progress-bar" max="1" value="0">' in html


def test_htmx_polling_gets_only_the_progress(client, secretariat_officer):
    client.force_login(secretariat_officer)
    batch = start_upload_batch(by=secretariat_officer, files=[upload("a.txt", RESOLUTION)])

    response = client.get(batch_url(batch), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="batch-progress"')
    assert "<html" not in html


def test_an_unsupported_file_is_refused_at_once_and_nothing_is_stored(client, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        UPLOAD_URL,
        {"uploads": [upload("corridors.txt", RESOLUTION), upload("map.png", b"\x89PNG")]},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["uploads"] == [
        'map.png: unsupported file type ".png" (use .txt, .md, .pdf or .docx).'
    ]
    assert IngestBatch.objects.count() == 0
    assert IngestFile.objects.count() == 0
    assert stored_uploads() == []


def test_a_file_over_the_size_limit_is_refused_with_its_name(client, secretariat_officer, settings):
    settings.MEAHUB_MAX_DOCUMENT_BYTES = 100
    client.force_login(secretariat_officer)

    response = client.post(UPLOAD_URL, {"uploads": [upload("long.txt", "x" * 101)]})

    assert response.status_code == 422
    assert response.context["form"].errors["uploads"] == [
        "long.txt: the file is 101 bytes, over the limit of 100 bytes."
    ]
    assert IngestBatch.objects.count() == 0


def test_a_symbol_cannot_be_given_for_several_files(client, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        UPLOAD_URL,
        {
            "uploads": [upload("a.txt", RESOLUTION), upload("b.txt", REVISION)],
            "symbol": "UNEP/CMS/Resolution 40.9",
        },
    )

    assert response.status_code == 422
    assert response.context["form"].errors["symbol"] == [
        "A symbol can only be given when one file is uploaded."
    ]
    assert IngestBatch.objects.count() == 0


def test_an_upload_needs_a_file(client, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(UPLOAD_URL, {})

    assert response.status_code == 422
    assert response.context["form"].errors["uploads"] == ["This field is required."]


def test_staff_see_the_upload_form_and_their_recent_uploads(client, secretariat_officer):
    client.force_login(secretariat_officer)
    batch = start_upload_batch(by=secretariat_officer, files=[upload("a.txt", RESOLUTION)])

    response = client.get(UPLOAD_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="file" name="uploads" multiple' in html
    assert 'enctype="multipart/form-data"' in html
    assert batch_url(batch) in html


@pytest.mark.parametrize("persona", ["nfp_uzbekistan", "partner_cic"])
def test_only_staff_may_upload(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    get = client.get(UPLOAD_URL)
    post = client.post(UPLOAD_URL, {"uploads": [upload("a.txt", RESOLUTION)]})

    assert (get.status_code, post.status_code) == (403, 403)
    assert IngestBatch.objects.count() == 0


def test_anonymous_is_sent_to_sign_in_to_upload(client):
    response = client.get(UPLOAD_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_cannot_upload_for_an_instrument_they_do_not_serve(
    client, bukhara, secretariat_officer
):
    outsider = f.make_secretariat(instruments=[bukhara.bkd])
    client.force_login(outsider)

    response = client.post(
        UPLOAD_URL, {"uploads": [upload("a.txt", RESOLUTION)], "instrument": "CMS"}
    )

    assert response.status_code == 422
    assert "instrument" in response.context["form"].errors
    assert IngestBatch.objects.count() == 0


def test_a_batch_is_seen_only_by_the_person_who_made_it(client, bukhara, secretariat_officer):
    batch = start_upload_batch(by=secretariat_officer, files=[upload("a.txt", RESOLUTION)])
    colleague = f.make_secretariat(instruments=[bukhara.cms])
    client.force_login(colleague)

    response = client.get(batch_url(batch))

    assert response.status_code == 403


def test_an_unknown_batch_is_not_found(client, secretariat_officer):
    client.force_login(secretariat_officer)

    assert client.get(reverse("documents:batch-detail", args=[999])).status_code == 404


def test_start_upload_batch_refuses_a_focal_point(nfp_uzbekistan):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        start_upload_batch(by=nfp_uzbekistan, files=[upload("a.txt", RESOLUTION)])

    assert IngestBatch.objects.count() == 0


def test_start_upload_batch_stores_the_files_and_waits_for_the_worker(secretariat_officer):
    batch = start_upload_batch(
        by=secretariat_officer,
        files=[upload("a.txt", RESOLUTION), upload("b.txt", REVISION)],
        publish=True,
    )

    assert (batch.status, batch.publish, batch.created_by) == (
        BatchStatus.QUEUED,
        True,
        secretariat_officer,
    )
    items = list(batch.files.all())
    assert [(i.name, i.status) for i in items] == [
        ("a.txt", IngestStatus.WAITING),
        ("b.txt", IngestStatus.WAITING),
    ]
    with items[0].upload.open("rb") as handle:
        assert handle.read().decode() == RESOLUTION


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_ingests_an_uploaded_batch(client, secretariat_officer):
    client.force_login(secretariat_officer)
    client.post(UPLOAD_URL, {"uploads": [upload("a.txt", RESOLUTION), upload("b.txt", REVISION)]})
    batch = IngestBatch.objects.get()
    assert batch.status == BatchStatus.QUEUED
    assert batch.task_id != ""

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert [item.status for item in batch.files.all()] == [
        IngestStatus.CREATED,
        IngestStatus.CREATED,
    ]
    revision = Document.objects.get(symbol="UNEP/CMS/Resolution 40.2 (Rev.COP41)")
    assert list(revision.supersedes.values_list("symbol", flat=True)) == [
        "UNEP/CMS/Resolution 40.2"
    ]


@override_settings(TASKS=IMMEDIATE)
def test_officer_gives_the_symbol_of_a_file_whose_text_lacks_one(
    client, secretariat_officer, django_capture_on_commit_callbacks
):
    client.force_login(secretariat_officer)
    text = RESOLUTION.replace("UNEP/CMS/Resolution 40.2\n", "")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            UPLOAD_URL,
            {"uploads": [upload("no-symbol.txt", text)], "symbol": "UNEP/CMS/Resolution 40.7"},
        )

    item = IngestFile.objects.get()
    assert item.status == IngestStatus.CREATED, item.message
    assert item.document.symbol == "UNEP/CMS/Resolution 40.7"
