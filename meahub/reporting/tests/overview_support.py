"""A small hand-made cycle for the overview tests: three signatories' reports received
(Kazakhstan, Tajikistan, Uzbekistan), Turkmenistan's still a draft, and Uzbekistan's report
of the previous cycle (2017), all answered through the services as staff on the countries'
behalf."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from meahub.reporting.enums import DeadlineRule
from meahub.reporting.models import Answer, NationalReport, ReportingCycle
from meahub.reporting.services import answers, review
from meahub.reporting.services.cycles import open_report
from meahub.reporting.tests.conftest import BkdFormat
from meahub.tests import factories as f


@dataclass
class HandMade:
    cycle: ReportingCycle
    earlier: ReportingCycle
    fmt: BkdFormat
    kz: NationalReport
    tj: NationalReport
    uz: NationalReport
    tm: NationalReport
    uz_2017: NationalReport

    def answer(self, report: NationalReport, name: str, item: str = "") -> Answer:
        return Answer.objects.get(report=report, question__name=name, item=item)


def fill(report: NationalReport, fmt: BkdFormat, by: Any, **answered: Any) -> None:
    """Answer ``name=value`` (a (value, other_text) pair for 'other'); ``areas`` is a list
    of (name, size, deer) added as items of the protected-areas section."""
    for name, raw in answered.items():
        if name == "areas":
            for area_name, size, deer in raw:
                item = answers.add_repeat_item(report=report, section=fmt.areas, by=by)
                for question, value in (
                    ("area_name", area_name), ("area_size", size), ("area_deer", deer)
                ):  # fmt: skip
                    answers.save_answer(
                        report=report, question=fmt.question(question), raw=value, by=by,
                        item=item,
                    )  # fmt: skip
            continue
        raw, other = raw if isinstance(raw, tuple) else (raw, "")
        answers.save_answer(
            report=report, question=fmt.question(name), raw=raw, by=by, other_text=other
        )


def report_of(cycle: ReportingCycle, code: str, by: Any) -> NationalReport:
    return open_report(cycle=cycle, country=f.make_country(code), by=by)


def submit(report: NationalReport, by: Any) -> NationalReport:
    review.submit_report(report=report, by=by)
    report.refresh_from_db()
    return report


def earlier_cycle(cycle: ReportingCycle) -> ReportingCycle:
    return ReportingCycle.objects.create(
        instrument=cycle.instrument,
        format=cycle.format,
        name="2017",
        period_start=dt.date(2012, 1, 1),
        period_end=dt.date(2016, 12, 31),
        deadline_rule=DeadlineRule.DATE,
        deadline=dt.date(2017, 10, 1),
        member_roles=["signatory"],
    )


def build_hand_made(
    cycle: ReportingCycle,
    fmt: BkdFormat,
    by: Any,
    *,
    before_submit: Callable[[dict[str, NationalReport]], None] | None = None,
) -> HandMade:
    """See the module doc; ``before_submit`` may answer more of the reports by country code
    before they are submitted."""
    earlier = earlier_cycle(cycle)
    uz_2017 = report_of(earlier, "UZ", by)
    fill(uz_2017, fmt, by, estimate=1000, trend="decreasing", has_actions="no")
    submit(uz_2017, by)

    uz = report_of(cycle, "UZ", by)
    fill(
        uz, fmt, by,
        estimate=1200, trend="increasing", threats=(["poaching", "other"], "Fires"),
        has_actions="yes", actions_taken="Anti-poaching patrols in Zarafshan",
        cooperation={"research": {"partners": "WWF", "projects": 2}},
        areas=[("Zarafshan", "2352.5", 800), ("Badai-Tugai", "5927", 300)],
    )  # fmt: skip
    tj = report_of(cycle, "TJ", by)
    fill(
        tj, fmt, by,
        estimate=300, trend="stable", threats=["poaching", "habitat"],
        has_actions="yes", actions_taken="Fencing",
        cooperation={"research": {"partners": "CIC", "projects": 1},
                     "monitoring": {"projects": 3}},
        areas=[("Tigrovaya Balka", "49786", 150)],
    )  # fmt: skip
    # Tajikistan then says no action was taken: its description is no longer asked.
    fill(tj, fmt, by, has_actions="no")
    kz = report_of(cycle, "KZ", by)
    fill(kz, fmt, by, estimate=500, trend="increasing", threats=["habitat"], has_actions="no")
    tm = report_of(cycle, "TM", by)
    fill(tm, fmt, by, estimate=9999, trend="decreasing")
    if before_submit is not None:
        before_submit({"KZ": kz, "TJ": tj, "UZ": uz, "TM": tm})
    for report in (uz, tj, kz):
        submit(report, by)
    review.accept_report(report=tj, by=by)
    tj.refresh_from_db()
    return HandMade(
        cycle=cycle, earlier=earlier, fmt=fmt, kz=kz, tj=tj, uz=uz, tm=tm, uz_2017=uz_2017
    )


def move_history(report: NationalReport, when: dt.datetime) -> None:
    """Date every history row of ``report`` and its answers at ``when`` (as if the country
    had worked on it then)."""
    NationalReport.history.filter(id=report.pk).update(history_date=when)
    Answer.history.filter(report_id=report.pk).update(history_date=when)


def aware(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
