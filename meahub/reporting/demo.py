"""The national reporting part of the demo: a Bukhara Deer MOU report format, its 2020 cycle,
and Uzbekistan's report submitted while the other Signatories have not started, so that the
cycle's status page "as at 10 October 2020" says what UNEP/CMS/BKD/TW1/Doc.2 says.

Everything goes through the services a person would use (the XLSForm import, adoption,
opening a cycle, answering, submitting), so the demo exercises the real code. Idempotent: a
format, cycle or report already there is left as it is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from meahub.accounts.models import User
from meahub.core.demo import LoadReport, _read
from meahub.countries.models import Country
from meahub.instruments.models import Instrument
from meahub.meetings.models import Meeting
from meahub.reporting.enums import DeadlineRule, FormatStatus, ReportState
from meahub.reporting.models import (
    Answer,
    NationalReport,
    Question,
    ReportFormat,
    ReportingCycle,
    Section,
)
from meahub.reporting.services import answers, cycles, formats, review
from meahub.reporting.services.xlsform import import_rows

FORMAT_FILE = "reporting/bkd_format.yaml"
CYCLE_FILE = "reporting/bkd_2020.yaml"


def load_reporting_demo(report: LoadReport, *, officer: User) -> None:
    """Load the format, the cycle and the reports of ``reporting/*.yaml``; ``officer`` (staff
    serving CMS and so BKD) authors the format and opens the cycle."""
    data = _read(CYCLE_FILE)
    spec = data["cycle"]
    instrument = Instrument.objects.get(code=spec["instrument"])
    report_format = _load_format(report, instrument, officer, spec)
    cycle = _load_cycle(report, instrument, report_format, officer, spec)
    for entry in data["reports"]:
        _load_report(report, cycle, entry)


def _load_format(
    report: LoadReport, instrument: Instrument, officer: User, spec: dict[str, Any]
) -> ReportFormat:
    report_format = (
        ReportFormat.objects.filter(instrument=instrument, title=spec["format"])
        .order_by("-version")
        .first()
    )
    if report_format is None:
        rows = _read(FORMAT_FILE)
        result = import_rows(
            survey=rows["survey"], choices=rows["choices"], settings=rows["settings"],
            instrument=instrument, by=officer, source_name=PurePath(FORMAT_FILE).name,
        )  # fmt: skip
        report_format = result.format
        report.count(ReportFormat, created=True, changed=False)
        for model, count in ((Section, result.sections), (Question, result.questions)):
            name = str(model._meta.verbose_name_plural)
            report.created[name] = report.created.get(name, 0) + count
    if report_format.status == FormatStatus.DRAFT:
        formats.adopt_format(report_format=report_format, by=officer, adopted_by=spec["adopted_by"])
    return report_format


def _load_cycle(
    report: LoadReport,
    instrument: Instrument,
    report_format: ReportFormat,
    officer: User,
    spec: dict[str, Any],
) -> ReportingCycle:
    cycle = ReportingCycle.objects.filter(instrument=instrument, name=spec["name"]).first()
    if cycle is not None:
        return cycle
    cycle = cycles.save_cycle(
        cycle=ReportingCycle(instrument=instrument),
        by=officer,
        name=spec["name"],
        format=report_format,
        frequency=spec["frequency"],
        period_start=spec["period_start"],
        period_end=spec["period_end"],
        deadline_rule=DeadlineRule.DATE,
        deadline=spec["deadline"],
        meeting=Meeting.objects.get(slug=spec["meeting"]),
        member_roles=spec["member_roles"],
        reminder_days=spec["reminder_days"],
    )
    report.count(ReportingCycle, created=True, changed=False)
    return cycle


def _load_report(report: LoadReport, cycle: ReportingCycle, entry: dict[str, Any]) -> None:
    """The country's report answered and submitted by its focal point, then dated as the
    data file says: the services stamp "now", and the status page reads past states from the
    report's history, so the history rows get the dates of the draft and the submission."""
    country = Country.objects.get(code=entry["country"])
    existing = NationalReport.objects.filter(cycle=cycle, country=country).first()
    if existing is not None and existing.state != ReportState.NOT_STARTED:
        return
    by = User.objects.get(username=entry["by"])
    national = cycles.open_report(cycle=cycle, country=country, by=by)
    for section_name, count in entry.get("items", {}).items():
        section = Section.objects.get(format=cycle.format, name=section_name)
        for _n in range(count):
            answers.add_repeat_item(report=national, section=section, by=by)
    questions = {q.name: q for q in Question.objects.filter(format=cycle.format)}
    for answer in entry["answers"]:
        answers.save_answer(
            report=national, question=questions[answer["question"]], raw=answer["value"],
            by=by, item=str(answer.get("item", "")), other_text=answer.get("other_text", ""),
        )  # fmt: skip
    if "submitted_at" in entry:
        review.submit_report(report=national, by=by)
    _date_history(national, drafted=entry["drafted_at"], submitted=entry.get("submitted_at"))
    report.count(NationalReport, created=existing is None, changed=existing is not None)


def _date_history(
    national: NationalReport, *, drafted: dt.datetime, submitted: dt.datetime | None
) -> None:
    history = NationalReport.history.filter(id=national.pk)
    history.exclude(state=ReportState.SUBMITTED).update(history_date=drafted)
    Answer.history.filter(report_id=national.pk).update(history_date=drafted)
    Answer.objects.filter(report=national).update(updated_at=drafted)
    if submitted is not None:
        history.filter(state=ReportState.SUBMITTED).update(
            history_date=submitted, submitted_at=submitted
        )
        NationalReport.objects.filter(pk=national.pk).update(submitted_at=submitted)
