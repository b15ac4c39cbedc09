"""Filling in a national report in a real browser: the Uzbek focal point fills in the BKD 2020
report (each answer saves itself, the progress follows, a condition shows its question, a
protected area is added) and submits it; a stale second tab gets the conflict message without
losing what was typed; the Secretariat returns the report with a comment the focal point then
sees. Screenshots go to /tmp/reporting-*.png for a person to look at."""

from __future__ import annotations

from typing import Any

from meahub.reporting.enums import ReportState
from meahub.reporting.models import Answer, NationalReport, ReviewComment
from meahub.tests.browser import browser_tests, sign_in

pytestmark = browser_tests


def answer_form(page: Any, question: Any, item: str = "") -> Any:
    return page.locator(f'[id="q-{question.name}' + (f"-{item}" if item else "") + '"]')


def test_focal_point_fills_in_and_submits_the_report_and_staff_return_it(
    page, browser, live_server, bkd_cycle, bkd_format, nfp_uzbekistan, secretariat_officer
):
    sign_in(page, "nfp-uz")
    page.goto(f"/reporting/reports/open/{bkd_cycle.pk}/UZ/")
    page.get_by_role("heading", level=1, name="Uzbekistan — BKD 2020").wait_for()
    nav = page.locator("#report-nav")
    assert nav.locator(".report-nav__total").inner_text() == "0 of 5 answered"

    estimate = answer_form(page, bkd_format.estimate)
    estimate.get_by_label("1.1 Population estimate").fill("1200")
    estimate.get_by_label("1.1 Population estimate").press("Tab")
    estimate.get_by_text("Saved").wait_for()
    assert nav.locator(".report-nav__total").inner_text() == "1 of 5 answered"

    answer_form(page, bkd_format.trend).get_by_label("Increasing").check()
    answer_form(page, bkd_format.trend).get_by_text("Saved").wait_for()
    described = answer_form(page, bkd_format.actions_taken)
    assert described.is_hidden()
    answer_form(page, bkd_format.has_actions).get_by_label("Yes").check()
    described.get_by_label("3.2 Describe the actions").wait_for()
    described.get_by_label("3.2 Describe the actions").fill("Two rangers patrol the Zarafshan.")
    described.get_by_label("3.2 Describe the actions").press("Tab")
    described.get_by_text("Saved").wait_for()
    assert nav.locator(".report-nav__total").inner_text() == "4 of 6 answered"

    page.get_by_role("button", name="Add an item to Protected areas").click()
    area = page.locator(f"#s-{bkd_format.areas.pk}-i-1")
    area.get_by_text("Item 1", exact=True).wait_for()
    area.get_by_label("4.1 Name").fill("Zarafshan")
    area.get_by_label("4.1 Name").press("Tab")
    answer_form(page, bkd_format.area_name, "1").get_by_text("Saved").wait_for()
    area.get_by_label("4.3 Deer counted").fill("40")
    area.get_by_label("4.3 Deer counted").press("Tab")
    answer_form(page, bkd_format.area_deer, "1").get_by_text("Saved").wait_for()
    answer_form(page, bkd_format.total_area_deer).get_by_text("40").wait_for()
    page.screenshot(path="/tmp/reporting-form.png", full_page=True)

    # A second tab loaded before someone else saves the estimate.
    stale = page.context.new_page()
    stale.goto(page.url)
    estimate.get_by_label("1.1 Population estimate").fill("1250")
    estimate.get_by_label("1.1 Population estimate").press("Tab")
    estimate.get_by_text("Saved").wait_for()
    stale_estimate = answer_form(stale, bkd_format.estimate)
    stale_estimate.get_by_label("1.1 Population estimate").fill("1300")
    stale_estimate.get_by_label("1.1 Population estimate").press("Tab")
    stale_estimate.get_by_text("changed this answer since you opened it").wait_for()
    assert stale_estimate.locator(".answer__theirs").inner_text() == "1,250 animals"
    assert stale_estimate.get_by_label("1.1 Population estimate").input_value() == "1300"
    stale.screenshot(path="/tmp/reporting-conflict.png", full_page=True)
    stale.close()
    assert Answer.objects.get(question=bkd_format.estimate).value == 1250

    page.get_by_role("button", name="Submit the report").click()
    page.get_by_text("The report was submitted to the Secretariat.").wait_for()
    assert page.locator('[id="q-estimate-input"]').count() == 0
    report = NationalReport.objects.get()
    assert report.state == ReportState.SUBMITTED

    staff_context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url
    )
    staff = staff_context.new_page()
    staff.set_default_timeout(10_000)
    sign_in(staff, "officer")
    staff.goto(report.get_absolute_url())
    staff.get_by_label("Comment on 1.1").fill("Is this the 2019 count?")
    staff.get_by_role("button", name="Return with comments").click()
    staff.get_by_text("The report was returned to Uzbekistan with your comments.").wait_for()
    staff_context.close()
    assert list(ReviewComment.objects.values_list("text", flat=True)) == ["Is this the 2019 count?"]

    page.reload()
    page.get_by_text("The Secretariat returned the report on").wait_for()
    estimate = answer_form(page, bkd_format.estimate)
    assert (
        estimate.locator(".answer__comments")
        .inner_text()
        .startswith("Secretariat: Is this the 2019 count?")
    )
    assert estimate.get_by_label("1.1 Population estimate").input_value() == "1250"
    page.screenshot(path="/tmp/reporting-returned.png", full_page=True)
