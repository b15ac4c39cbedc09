"""The document pages in a real browser: uploading and following the batch, reading a
resolution and following its links, comparing versions."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from meahub.documents.models import IngestBatch
from meahub.documents.tests.corridors import RESOLUTION, make_corridors
from meahub.tests.browser import browser_tests, sign_in

pytestmark = browser_tests

REVISION_URL = "/documents/UNEP/CMS/Resolution%2040.2%20(Rev.COP41)/"


@pytest.fixture
def corridors(secretariat_officer):
    return make_corridors(by=secretariat_officer, publish_report=True)


def test_staff_upload_two_files_and_follow_the_batch_until_it_is_done(
    page, secretariat_officer, tmp_path
):
    sign_in(page, "officer")
    page.goto("/documents/")
    page.get_by_role("link", name="Upload documents").click()

    page.get_by_label("Files").set_input_files(
        [
            {"name": "corridors.txt", "mimeType": "text/plain", "buffer": RESOLUTION.encode()},
            {"name": "empty.txt", "mimeType": "text/plain", "buffer": b""},
        ]
    )
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/documents/uploads/*/")
    page.get_by_role("heading", name="Status: queued").wait_for()
    assert page.locator("#batch-progress").get_attribute("hx-trigger") == "every 1s"

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)  # the real worker

    page.get_by_role("heading", name="Status: done").wait_for()
    page.screenshot(path=tmp_path / "batch.png", full_page=True)
    rows = page.locator("#batch-progress tbody tr")
    assert rows.nth(0).inner_text().split("\t")[:2] == ["corridors.txt", "created"]
    assert "empty.txt: the file is empty" in rows.nth(1).inner_text()
    assert page.locator("progress").get_attribute("value") == "2"
    assert page.locator("#batch-progress").get_attribute("hx-trigger") is None
    assert IngestBatch.objects.get().status == "done"


def test_visitor_follows_a_citation_and_a_paragraph_permalink(page, corridors, tmp_path):
    page.goto("/documents/")
    page.get_by_role("link", name="UNEP/CMS/StC60/Doc.4").click()

    page.locator("#para-1").get_by_role("link", name="Resolution 40.2 (Rev.COP41)").click()
    page.get_by_role("heading", level=1, name="UNEP/CMS/Resolution 40.2 (Rev.COP41)").wait_for()
    page.screenshot(path=tmp_path / "document.png", full_page=True)
    text = page.locator("#para-3 .paragraph__text")
    assert text.locator("mark.verb").inner_text() == "Instructs"
    assert text.locator("mark.actor").inner_text() == "Standing Committee"

    page.locator("#para-3").get_by_role("link", name="3 — permanent link").click()
    page.get_by_role("heading", level=1, name="Paragraph 3").wait_for()

    assert page.url.endswith("/documents/UNEP/CMS/Resolution%2040.2%20(Rev.COP41)/para/3/")
    assert "review the corridor maps" in page.locator("main").inner_text()


def test_visitor_opens_a_citation_of_a_document_not_held(page, corridors):
    page.goto(REVISION_URL)

    page.locator("#para-preamble-1").get_by_role("link", name="Resolution 38.1").click()

    page.get_by_role("heading", name="Not held here").wait_for()
    citing = page.locator("#cited-by").get_by_role("link").all_inner_texts()
    assert citing == [
        "UNEP/CMS/Resolution 40.2, preamble paragraph 1",
        "UNEP/CMS/Resolution 40.2 (Rev.COP41), preamble paragraph 1",
    ]


def test_the_comparison_shows_added_and_removed_words(page, corridors, tmp_path):
    page.goto(REVISION_URL)

    page.get_by_role("link", name="Compare with UNEP/CMS/Resolution 40.2").click()
    page.get_by_role("heading", name="Compare versions").wait_for()
    page.screenshot(path=tmp_path / "diff.png", full_page=True)

    assert page.locator("table.diff ins").first.inner_text() == "and publish"
    assert page.locator("table.diff del").last.inner_text().startswith("Invites NGOs to count")


def test_the_register_narrows_while_typing(page, corridors):
    page.goto("/documents/")

    page.get_by_label("Symbol or title").press_sequentially("Rev.COP41", delay=30)

    results = page.locator("#document-results tbody tr")
    page.wait_for_function(
        "() => document.querySelectorAll('#document-results tbody tr').length === 1"
    )
    assert results.first.inner_text().startswith("UNEP/CMS/Resolution 40.2 (Rev.COP41)")
    assert "q=Rev.COP41" in page.url
