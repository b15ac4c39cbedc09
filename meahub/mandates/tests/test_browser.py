"""The mandate pages in a real browser: staff follow the dashboard to a mandate and change its
status; staff draft a progress report, rewrite a paragraph in place and download the DOCX.
Screenshots go to /tmp/mandates-*.png for a person to look at."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from meahub.mandates.models import Mandate, ProgressEntry
from meahub.mandates.tests.test_pages import make_eagles
from meahub.meetings.enums import MeetingKind
from meahub.meetings.models import Meeting
from meahub.tests.browser import browser_tests, sign_in

pytestmark = browser_tests


@pytest.fixture
def eagles(secretariat_officer):
    return make_eagles(secretariat_officer)


@pytest.fixture
def next_stc(bukhara):
    return Meeting.objects.create(
        slug="cms-stc71",
        instrument=bukhara.cms,
        kind=MeetingKind.STANDING_COMMITTEE,
        name="71st Meeting of the Standing Committee",
        place="Bonn",
        starts_on=dt.date.today() + dt.timedelta(days=60),
    )


def test_staff_follow_the_dashboard_to_a_mandate_and_change_its_status(
    page, eagles, secretariat_officer
):
    sign_in(page, "officer")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Mandates").click()
    page.get_by_role("heading", level=1, name="Mandates").wait_for()
    page.screenshot(path="/tmp/mandates-dashboard.png", full_page=True)

    page.get_by_role("row", name="Secretariat").get_by_role("link", name="Secretariat").click()
    page.get_by_role("link", name="Resolution 46.4 ¶1").click()
    page.get_by_role("heading", level=1, name="Resolution 46.4 ¶1: Secretariat").wait_for()
    page.get_by_text("Change status, owner, due date, theme or notes").click()
    page.get_by_label("Status").select_option(label="in progress")
    page.get_by_label("Internal notes").fill("Drafting with two utilities.")
    page.get_by_role("button", name="Save").click()

    history = page.locator("#history")
    history.get_by_text("Status: not started → in progress").wait_for()
    page.screenshot(path="/tmp/mandates-mandate.png", full_page=True)
    assert "by officer" in history.inner_text()
    assert page.locator(".messages").inner_text() == "The mandate was saved."
    mandate = Mandate.objects.get(document=eagles.resolution, paragraph__anchor="1")
    assert (mandate.status, mandate.notes) == ("in_progress", "Drafting with two utilities.")


def test_staff_add_evidence_without_leaving_the_page(page, eagles, secretariat_officer):
    mandate = Mandate.objects.get(document=eagles.resolution, paragraph__anchor="1")
    sign_in(page, "officer")
    page.goto(mandate.get_absolute_url())

    page.get_by_text("Add evidence").first.click()
    page.get_by_label("Document symbol").fill("UNEP/CMS/StC99/Doc.1")
    page.get_by_role("button", name="Add evidence").click()
    page.get_by_text("No document UNEP/CMS/StC99/Doc.1 is held here.").wait_for()
    page.get_by_label("Document symbol").fill("UNEP/CMS/StC70/Doc.5")
    page.get_by_label("Paragraph", exact=True).fill("1")
    page.get_by_role("button", name="Add evidence").click()

    page.locator("#evidence").get_by_role("link", name="UNEP/CMS/StC70/Doc.5 ¶1").wait_for()
    page.locator("#history").get_by_text("UNEP/CMS/StC70/Doc.5 ¶1 — created").wait_for()
    assert mandate.evidence.get().paragraph.anchor == "1"


def test_staff_draft_a_report_rewrite_a_paragraph_and_download_it(
    page, eagles, next_stc, secretariat_officer, tmp_path
):
    from docx import Document as WordDocument

    sign_in(page, "officer")
    page.goto("/mandates/")
    page.get_by_role("link", name="Progress reports").click()
    page.get_by_role("link", name="New progress report").click()
    page.get_by_label("Instrument").select_option("CMS")
    page.get_by_label("Meeting").select_option("cms-stc71")
    page.get_by_label("Symbol").fill("UNEP/CMS/StC71/Doc.8")
    page.get_by_role("button", name="Draft the report").click()
    page.get_by_role("heading", level=1, name="Progress on the mandates of CMS").wait_for()
    page.screenshot(path="/tmp/mandates-report.png", full_page=True)

    first = ProgressEntry.objects.order_by("position").first()
    entry = page.locator(f"#entry-{first.pk}")
    entry.get_by_role("link", name="Edit paragraph 1").click()
    entry.get_by_label("What was done").fill("Guidelines on bird-safe lines were drafted.")
    entry.get_by_role("button", name="Save").click()
    page.locator(f"#entry-{first.pk}").get_by_text("edited by officer").wait_for()
    assert (
        page.locator(f"#entry-{first.pk} .report-entry__text").inner_text()
        == "Guidelines on bird-safe lines were drafted."
    )

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download DOCX").click()
    path = tmp_path / "report.docx"
    download_info.value.save_as(path)
    paragraphs = [p.text for p in WordDocument(io.BytesIO(path.read_bytes())).paragraphs]
    assert paragraphs[0].splitlines()[0] == "UNEP/CMS/StC71/Doc.8"
    assert "1.\tGuidelines on bird-safe lines were drafted. (Resolution 46.4, paragraph 1)" in (
        paragraphs
    )
