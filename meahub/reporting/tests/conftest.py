"""A short Bukhara Deer report format and its 2020 cycle, for the reporting tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from meahub.reporting.enums import (
    DeadlineRule,
    FormatStatus,
    QuestionType,
    RepeatSource,
)
from meahub.reporting.models import (
    Choice,
    ChoiceList,
    Question,
    ReportFormat,
    ReportingCycle,
    Section,
)


@dataclass
class BkdFormat:
    format: ReportFormat
    population: Section
    threats_section: Section
    actions: Section
    areas: Section
    estimate: Question
    trend: Question
    threats: Question
    has_actions: Question
    actions_taken: Question
    cooperation: Question
    area_name: Question
    area_size: Question
    area_deer: Question
    total_area_deer: Question

    def question(self, name: str) -> Question:
        return Question.objects.get(format=self.format, name=name)


def _choices(report_format: ReportFormat, name: str, items: list[tuple[str, str]]) -> ChoiceList:
    choice_list = ChoiceList.objects.create(format=report_format, name=name)
    for position, (key, label) in enumerate(items):
        Choice.objects.create(
            choice_list=choice_list, name=key, label={"en": label}, position=position
        )
    return choice_list


@pytest.fixture
def bkd_format(bukhara) -> BkdFormat:  # type: ignore[no-untyped-def]
    """Population (estimate, trend), threats (with 'other'), actions (a condition on a
    yes/no), cooperation (a table), protected areas (repeated per area the country adds)."""
    fmt = ReportFormat.objects.create(
        instrument=bukhara.bkd,
        title="Bukhara Deer national report",
        status=FormatStatus.ADOPTED,
        languages=["en", "fr"],
    )
    trend = _choices(
        fmt,
        "trend",
        [("increasing", "Increasing"), ("stable", "Stable"), ("decreasing", "Decreasing")],
    )
    threats = _choices(
        fmt,
        "threats",
        [("poaching", "Poaching"), ("habitat", "Habitat loss"), ("drought", "Drought")],
    )
    population = Section.objects.create(
        format=fmt,
        name="population",
        number="1",
        position=1,
        title={"en": "Population", "fr": "Population"},
    )
    threats_section = Section.objects.create(
        format=fmt, name="threats_section", number="2", position=2, title={"en": "Threats"}
    )
    actions = Section.objects.create(
        format=fmt, name="actions", number="3", position=3, title={"en": "Actions and cooperation"}
    )
    areas = Section.objects.create(
        format=fmt,
        name="areas",
        number="4",
        position=4,
        title={"en": "Protected areas"},
        repeat_source=RepeatSource.FREE,
    )

    def q(section: Section, name: str, number: str, position: int, **fields) -> Question:  # type: ignore[no-untyped-def]
        return Question.objects.create(
            format=fmt, section=section, name=name, number=number, position=position, **fields
        )

    return BkdFormat(
        format=fmt,
        population=population,
        threats_section=threats_section,
        actions=actions,
        areas=areas,
        estimate=q(
            population, "estimate", "1.1", 1, type=QuestionType.INTEGER,
            label={"en": "Population estimate", "fr": "Estimation de la population"},
            unit="animals", min_value=0, max_value=100000, required=True,
        ),
        trend=q(
            population, "trend", "1.2", 2, type=QuestionType.SINGLE_CHOICE,
            label={"en": "Population trend"}, choice_list=trend, required=True,
        ),
        threats=q(
            threats_section, "threats", "2.1", 1, type=QuestionType.MULTIPLE_CHOICE,
            label={"en": "Main threats"}, choice_list=threats, has_other=True,
        ),
        has_actions=q(
            actions, "has_actions", "3.1", 1, type=QuestionType.YES_NO,
            label={"en": "Were conservation actions taken?"}, required=True,
        ),
        actions_taken=q(
            actions, "actions_taken", "3.2", 2, type=QuestionType.LONG_TEXT,
            label={"en": "Describe the actions"}, relevant="${has_actions} = 'yes'", required=True,
        ),
        cooperation=q(
            actions, "cooperation", "3.3", 3, type=QuestionType.TABLE,
            label={"en": "Cooperation with other Range States"},
            table_rows=[{"name": "research", "label": {"en": "Research"}},
                        {"name": "monitoring", "label": {"en": "Monitoring"}}],
            table_columns=[{"name": "partners", "label": {"en": "Partners"}, "type": "text"},
                           {"name": "projects", "label": {"en": "Projects"}, "type": "integer"}],
        ),
        area_name=q(areas, "area_name", "4.1", 1, type=QuestionType.TEXT, label={"en": "Name"}),
        area_size=q(
            areas, "area_size", "4.2", 2, type=QuestionType.DECIMAL, label={"en": "Area"},
            unit="ha", min_value=0,
        ),
        area_deer=q(
            areas, "area_deer", "4.3", 3, type=QuestionType.INTEGER, label={"en": "Deer counted"},
            min_value=0,
        ),
        total_area_deer=q(
            population, "total_area_deer", "1.3", 3, type=QuestionType.CALCULATED,
            label={"en": "Deer counted in protected areas"}, calculation="sum(${area_deer})",
        ),
    )  # fmt: skip


@pytest.fixture
def bkd_cycle(bukhara, bkd_format: BkdFormat) -> ReportingCycle:  # type: ignore[no-untyped-def]
    """The 2020 cycle: signatories report by 1 October 2020."""
    return ReportingCycle.objects.create(
        instrument=bukhara.bkd,
        format=bkd_format.format,
        name="2020",
        period_start=dt.date(2015, 1, 1),
        period_end=dt.date(2019, 12, 31),
        deadline_rule=DeadlineRule.DATE,
        deadline=dt.date(2020, 10, 1),
        member_roles=["signatory"],
        reminder_days=[30, 7],
    )
