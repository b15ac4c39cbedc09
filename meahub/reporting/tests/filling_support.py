"""Builders shared by the tests of filling in and reviewing a report (plain functions, no
fixtures): a contributor of a country, a country's report, a report answered enough to be
submitted, and an earlier cycle to prefill from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from meahub.accounts.models import User
from meahub.countries.models import Country
from meahub.reporting.enums import DeadlineRule, ReportState
from meahub.reporting.models import NationalReport, ReportingCycle
from meahub.reporting.services import answers, review
from meahub.reporting.services.cycles import open_report
from meahub.reporting.tests.conftest import BkdFormat
from meahub.tests import factories as f


def make_contributor(country: Country, *, username: str = "contributor-uz") -> User:
    """A person of ``country`` with an account who is not a focal point."""
    user = f.make_user(username=username, first_name="Dilnoza", last_name="Karimova")
    f.make_contact(name="Dilnoza Karimova", email=user.email, country=country, user=user)
    return user


def country_report(cycle: ReportingCycle, code: str, *, by: Any) -> NationalReport:
    return open_report(cycle=cycle, country=f.make_country(code), by=by)


def answer(
    report: NationalReport, fmt: BkdFormat, name: str, raw: Any, *, by: Any, **options: Any
) -> Any:
    return answers.save_answer(
        report=report, question=fmt.question(name), raw=raw, by=by, **options
    )


def answer_required(report: NationalReport, fmt: BkdFormat, *, by: Any) -> None:
    """Answer the required questions (estimate, trend, has_actions = no)."""
    answer(report, fmt, "estimate", "1200", by=by)
    answer(report, fmt, "trend", "increasing", by=by)
    answer(report, fmt, "has_actions", "no", by=by)


def submitted_report(
    cycle: ReportingCycle, fmt: BkdFormat, code: str, *, by: Any
) -> NationalReport:
    report = country_report(cycle, code, by=by)
    answer_required(report, fmt, by=by)
    review.submit_report(report=report, by=by)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    return report


def earlier_cycle(cycle: ReportingCycle, *, name: str = "2017") -> ReportingCycle:
    """The same format's cycle three years before ``cycle``."""
    return ReportingCycle.objects.create(
        instrument=cycle.instrument,
        format=cycle.format,
        name=name,
        period_start=dt.date(2012, 1, 1),
        period_end=dt.date(2016, 12, 31),
        deadline_rule=DeadlineRule.DATE,
        deadline=dt.date(2017, 10, 1),
        member_roles=["signatory"],
    )
