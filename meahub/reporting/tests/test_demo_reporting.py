"""The demo's national reporting: a Bukhara Deer MOU format, its 2020 cycle, and the status
that UNEP/CMS/BKD/TW1/Doc.2 gives: as at 10 October 2020 only Uzbekistan has submitted."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from pyxform.xls2xform import convert

from meahub.reporting import selectors
from meahub.reporting.enums import FormatStatus, QuestionType, RepeatSource, ReportState
from meahub.reporting.models import (
    Answer,
    NationalReport,
    Question,
    ReportFormat,
    ReportingCycle,
    Section,
)
from meahub.reporting.services.xlsform import export_xlsform

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> ReportingCycle:
    call_command("load_demo_data", stdout=io.StringIO())
    return ReportingCycle.objects.get(instrument__code="BKD", name="2020")


def states(cycle: ReportingCycle, as_at: dt.date | None = None) -> dict[str, str]:
    return {s.country.code: s.state for s in selectors.cycle_status(cycle, as_at=as_at)}


def test_as_at_10_october_2020_only_uzbekistan_has_submitted(demo):
    assert states(demo, as_at=dt.date(2020, 10, 10)) == {
        "KZ": ReportState.NOT_STARTED,
        "TJ": ReportState.NOT_STARTED,
        "TM": ReportState.NOT_STARTED,
        "UZ": ReportState.SUBMITTED,
    }


def test_before_uzbekistan_submitted_its_report_was_a_draft(demo):
    assert states(demo, as_at=dt.date(2020, 9, 25))["UZ"] == ReportState.DRAFT
    assert states(demo, as_at=dt.date(2020, 9, 1))["UZ"] == ReportState.NOT_STARTED


def test_uzbekistans_report_was_submitted_by_its_focal_point_before_the_deadline(demo):
    report = NationalReport.objects.get(cycle=demo, country__code="UZ")

    assert (report.submitted_by.username, report.submitted_on_behalf) == (
        "nfp.uz@example.org", False,
    )  # fmt: skip
    assert report.submitted_at.date() == dt.date(2020, 9, 28) < demo.deadline
    assert selectors.missing_required(report) == []


def test_the_cycle_is_the_signatories_reports_for_the_second_meeting(demo):
    assert (demo.meeting.slug, demo.deadline, demo.member_roles) == (
        "bkd-tw1", dt.date(2020, 9, 30), ["signatory"],
    )  # fmt: skip


def test_the_demo_format_is_adopted_with_every_kind_of_question(demo):
    report_format = demo.format
    questions = {q.name: q for q in Question.objects.filter(format=report_format)}

    assert (report_format.status, report_format.languages) == (
        FormatStatus.ADOPTED, ["en", "fr", "es"],
    )  # fmt: skip
    assert {name: q.type for name, q in questions.items()} == {
        "population_estimate": QuestionType.INTEGER,
        "population_trend": QuestionType.SINGLE_CHOICE,
        "threats": QuestionType.MULTIPLE_CHOICE,
        "actions_taken": QuestionType.YES_NO,
        "actions_described": QuestionType.LONG_TEXT,
        "cooperation": QuestionType.TABLE,
        "area_name": QuestionType.TEXT,
        "area_size": QuestionType.DECIMAL,
        "deer_counted": QuestionType.INTEGER,
    }
    assert questions["actions_described"].relevant == "${actions_taken} = 'yes'"
    assert questions["threats"].has_other is True
    areas = Section.objects.get(format=report_format, name="protected_areas")
    assert areas.repeat_source == RepeatSource.FREE


def test_the_demo_format_exports_as_an_xlsform_pyxform_converts(demo):
    result = convert(xlsform=export_xlsform(demo.format), file_type=".xlsx")

    assert "Bukhara Deer MOU national report (demo)" in result.xform


def test_loading_the_demo_twice_changes_nothing(demo):
    counted = (NationalReport, NationalReport.history.model, Answer, Answer.history.model,
               ReportFormat, ReportFormat.history.model, ReportingCycle, Question)  # fmt: skip
    before = {model.__name__: model.objects.count() for model in counted}

    call_command("load_demo_data", stdout=io.StringIO())

    assert {model.__name__: model.objects.count() for model in counted} == before
    assert states(demo, as_at=dt.date(2020, 10, 10))["UZ"] == ReportState.SUBMITTED
