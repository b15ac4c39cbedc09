"""Staff author a report format in a real browser: start it, add a section, a yes/no question
and a long text question asked only if the answer is yes (a condition naming a question that
does not exist is refused beside the field first), then adopt it. Screenshots go to
/tmp/formats-*.png for a person to look at."""

from __future__ import annotations

import re

from meahub.reporting.enums import FormatStatus, QuestionType
from meahub.reporting.models import Question, ReportFormat
from meahub.tests.browser import browser_tests, sign_in

pytestmark = browser_tests


def test_staff_create_a_format_with_a_conditional_question_and_adopt_it(page, secretariat_officer):
    sign_in(page, "officer")
    page.goto("/reporting/formats/")
    page.get_by_role("link", name="New format").click()
    page.get_by_label("Instrument").select_option(label="Bukhara Deer MOU (BKD)")
    page.get_by_label("Title").fill("Bukhara Deer national report")
    page.get_by_role("button", name="Start the format").click()
    page.get_by_role("heading", level=1, name="Edit Bukhara Deer national report v1").wait_for()

    page.get_by_role("link", name="Add a section").click()
    section_form = page.get_by_role("form", name="Add a section")
    section_form.get_by_label("Title (English)").fill("Conservation actions")
    section_form.get_by_role("button", name="Add section").click()
    page.get_by_role("heading", level=2, name="Conservation actions").wait_for()

    page.get_by_role("link", name="Add a question to Conservation actions").click()
    question_form = page.get_by_role("form", name=re.compile("Add a question to"))
    question_form.get_by_label("Type").select_option(label="Yes or no")
    question_form.get_by_label("Label (English)").fill("Were conservation actions taken?")
    question_form.get_by_label("Name").fill("has_actions")
    question_form.get_by_role("button", name="Add question").click()
    page.get_by_text("Were conservation actions taken?").wait_for()

    page.get_by_role("link", name="Add a question to Conservation actions").click()
    question_form = page.get_by_role("form", name=re.compile("Add a question to"))
    question_form.get_by_label("Type").select_option(label="Long text")
    question_form.get_by_label("Label (English)").fill("Describe the actions")
    question_form.get_by_label("Asked only if").fill("${has_action} = 'yes'")
    question_form.get_by_role("button", name="Add question").click()
    question_form.get_by_text("This format has no question ${has_action}.").wait_for()
    page.screenshot(path="/tmp/formats-refused.png", full_page=True)
    assert Question.objects.count() == 1

    question_form.get_by_label("Asked only if").fill("${has_actions} = 'yes'")
    question_form.get_by_role("button", name="Add question").click()
    page.get_by_text("Describe the actions").wait_for()
    page.get_by_role("button", name="Number automatically").click()
    page.get_by_text("Asked only if 1.1 = 'yes'").wait_for()
    page.screenshot(path="/tmp/formats-edit.png", full_page=True)

    page.get_by_label("Adopted by (meeting or decision)", exact=True).last.fill("MOS4")
    page.get_by_role("button", name="Adopt the format").click()
    page.get_by_text("The format is adopted; it can no longer change.").wait_for()
    page.screenshot(path="/tmp/formats-detail.png", full_page=True)

    report_format = ReportFormat.objects.get()
    assert (report_format.status, report_format.adopted_by) == (FormatStatus.ADOPTED, "MOS4")
    assert list(
        Question.objects.filter(format=report_format).values_list(
            "number", "name", "type", "relevant"
        )
    ) == [
        ("1.1", "has_actions", QuestionType.YES_NO, ""),
        ("1.2", "describe_the_actions", QuestionType.LONG_TEXT, "${has_actions} = 'yes'"),
    ]
