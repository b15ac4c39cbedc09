"""Reads for tracking who has reported: the reporting home page and a cycle's status page
(per country: not started, draft, submitted, returned, accepted; as a table, a world map
and one sentence, as at any date).

Each page gets its data from one function here (``reporting_home``, ``cycle_page``); who may
see which report comes from ``meahub.permissions.reporting``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import IntegerField, QuerySet, Value
from django.utils import dateformat, timezone
from django.utils.functional import Promise
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from meahub.core.maps import MapCategory, MapRegion, WorldMap, world_map
from meahub.countries.models import Country
from meahub.instruments.enums import MembershipRole
from meahub.instruments.models import Instrument
from meahub.permissions.reporting import (
    acts_for_country,
    can_manage_reporting,
    cycles_visible_to,
    is_country_focal_point,
    reports_visible_to,
)
from meahub.permissions.roles import AnyUser, is_focal_point, served_instrument_ids
from meahub.reporting import reminders, selectors
from meahub.reporting.enums import (
    RECEIVED_STATES,
    CycleFrequency,
    DeadlineRule,
    FormatStatus,
    ReportState,
)
from meahub.reporting.models import NationalReport, ReminderSent, ReportFormat, ReportingCycle

# The home page lists the open cycles and at most this many closed ones, newest first.
CLOSED_CYCLES_SHOWN = 20
# SQLite allows at most 500 SELECTs in one compound statement.
UNION_CHUNK = 200

# What the members of a cycle that names one role are called, singular and plural.
ROLE_NOUNS: dict[str, tuple[str | Promise, str | Promise]] = {
    MembershipRole.PARTY: (
        pgettext_lazy("reporting", "Party"),
        pgettext_lazy("reporting", "Parties"),
    ),
    MembershipRole.SIGNATORY: (
        pgettext_lazy("reporting", "signatory"),
        pgettext_lazy("reporting", "signatories"),
    ),
    MembershipRole.RANGE_STATE: (
        pgettext_lazy("reporting", "Range State"),
        pgettext_lazy("reporting", "Range States"),
    ),
}


def long_date(day: dt.date) -> str:
    """10 October 2020, in the active language."""
    return dateformat.format(day, "j F Y")


def state_counts(states: Iterable[str]) -> list[tuple[str, str, int]]:
    """(state, label, count) for every report state, in the order of the lifecycle."""
    counted: defaultdict[str, int] = defaultdict(int)
    for state in states:
        counted[state] += 1
    return [(state.value, str(state.label), counted[state.value]) for state in ReportState]


def status_categories() -> list[MapCategory]:
    """The map legend: one colour per report state (CSS class ``role-report-<state>``)."""
    return [
        MapCategory(key=f"report-{state.value}", label=str(state.label)) for state in ReportState
    ]


def status_map(rows: Sequence[tuple[Country, str]]) -> WorldMap:
    """The world map of the countries that must report, coloured by their report's state."""
    regions = {
        country.numeric: MapRegion(
            category=f"report-{state}", title=f"{country.name} — {ReportState(state).label}"
        )
        for country, state in rows
    }
    return world_map(regions, status_categories())


# --- cycles in bulk ------------------------------------------------------------------------


def countries_of_cycles(cycles: Sequence[ReportingCycle]) -> dict[int, list[Country]]:
    """Cycle id → the countries that must report in it (``selectors.cycle_countries``), for
    many cycles in a few queries: one union of their memberships, one of countries."""
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(cycles), UNION_CHUNK):
        chunk = cycles[start : start + UNION_CHUNK]
        queries = [
            selectors.cycle_memberships(cycle)
            .order_by()
            .annotate(cycle_key=Value(cycle.pk, output_field=IntegerField()))
            .values_list("cycle_key", "country_id")
            for cycle in chunk
        ]
        if not queries:
            continue
        union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
        pairs.update((int(c), int(k)) for c, k in union)
    countries = Country.objects.in_bulk({country_id for _cycle, country_id in pairs})
    found: dict[int, list[Country]] = {cycle.pk: [] for cycle in cycles}
    for cycle_id, country_id in pairs:
        found[cycle_id].append(countries[country_id])
    for listed in found.values():
        listed.sort(key=lambda country: country.name_en)
    return found


@dataclass
class CycleSummary:
    """A cycle with where its countries' reports stand now."""

    cycle: ReportingCycle
    countries: list[Country]
    states: dict[int, str]  # country id → state
    reports: dict[int, NationalReport]  # country id → report, where there is one

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        return state_counts(self.states.values())

    @property
    def received(self) -> list[Country]:
        """The countries whose report the Secretariat has (submitted or accepted)."""
        return [c for c in self.countries if self.states[c.pk] in RECEIVED_STATES]

    @property
    def total(self) -> int:
        return len(self.countries)


def cycle_summaries(cycles: Sequence[ReportingCycle]) -> list[CycleSummary]:
    """Each cycle with its countries and their reports' current states, in a fixed number of
    queries however many cycles there are."""
    countries = countries_of_cycles(cycles)
    reports: dict[int, dict[int, NationalReport]] = defaultdict(dict)
    for report in NationalReport.objects.filter(cycle__in=[c.pk for c in cycles]):
        reports[report.cycle_id][report.country_id] = report
    summaries = []
    for cycle in cycles:
        own = reports[cycle.pk]
        states = {
            country.pk: own[country.pk].state if country.pk in own else ReportState.NOT_STARTED
            for country in countries[cycle.pk]
        }
        summaries.append(
            CycleSummary(cycle=cycle, countries=countries[cycle.pk], states=states, reports=own)
        )
    return summaries


# --- the home page ---------------------------------------------------------------------------


@dataclass
class YourReport:
    """A report a focal point's country must give in an open cycle."""

    cycle: ReportingCycle
    country: Country
    state: str
    report: NationalReport | None

    @property
    def state_label(self) -> str:
        return str(ReportState(self.state).label)


@dataclass
class HomePage:
    managed: list[CycleSummary]  # staff: open cycles of the instruments they serve
    can_create_for: list[Instrument]  # staff: instruments with an adopted format
    your_reports: list[YourReport]  # focal points: their countries' reports in open cycles
    open_cycles: list[CycleSummary]  # everyone: open cycles and who has reported
    closed_cycles: list[CycleSummary]  # everyone: recent closed cycles


def _cycles(user: AnyUser) -> QuerySet[ReportingCycle]:
    return cycles_visible_to(user).select_related("instrument", "format")


def reporting_home(user: AnyUser) -> HomePage:
    """The reporting home page: for staff the open cycles of their instruments with counts per
    state; for a focal point each report their country must give in an open cycle; for
    everyone the cycles and who has reported."""
    open_cycles = list(_cycles(user).filter(is_open=True).order_by("deadline", "instrument__code"))
    closed = list(_cycles(user).filter(is_open=False).order_by("-deadline")[:CLOSED_CYCLES_SHOWN])
    summaries = {s.cycle.pk: s for s in cycle_summaries([*open_cycles, *closed])}
    served = served_instrument_ids(user)
    managed = [summaries[c.pk] for c in open_cycles if c.instrument_id in served]
    instruments = (
        Instrument.objects.filter(
            pk__in=served,
            report_formats__status=FormatStatus.ADOPTED,
        )
        .distinct()
        .order_by("code")
        if served
        else Instrument.objects.none()
    )
    your_reports: list[YourReport] = []
    if is_focal_point(user):
        for cycle in open_cycles:
            summary = summaries[cycle.pk]
            for country in summary.countries:
                probe = NationalReport(cycle=cycle, country=country)
                if is_country_focal_point(user, probe):
                    your_reports.append(
                        YourReport(
                            cycle=cycle,
                            country=country,
                            state=summary.states[country.pk],
                            report=summary.reports.get(country.pk),
                        )
                    )
    return HomePage(
        managed=managed,
        can_create_for=list(instruments),
        your_reports=your_reports,
        open_cycles=[summaries[c.pk] for c in open_cycles],
        closed_cycles=[summaries[c.pk] for c in closed],
    )


# --- a cycle's status page -------------------------------------------------------------------


@dataclass
class StatusRow:
    """One country on a status page, as at the page's date."""

    status: selectors.CountryStatus
    reviewed_at: dt.datetime | None
    can_view: bool  # may open the report (staff, the country, a published report)
    can_open: bool  # may start the report (the country's focal point, staff serving)

    @property
    def country(self) -> Country:
        return self.status.country

    @property
    def report(self) -> NationalReport | None:
        return self.status.report


@dataclass
class CyclePage:
    cycle: ReportingCycle
    as_at: dt.date | None
    day: dt.date  # the date the sentence speaks of: as_at, or today
    rows: list[StatusRow]
    counts: list[tuple[str, str, int]]
    map: WorldMap
    sentence: str
    who_reports: str
    frequency: str
    deadline_rule: str
    reminders: list[tuple[int, dt.date]]
    reminders_sent: list[ReminderSent] = field(default_factory=list)
    aligned_cycles: list[ReportingCycle] = field(default_factory=list)
    can_manage: bool = False


def role_nouns(cycle: ReportingCycle) -> tuple[str, str]:
    """What the countries reporting in the cycle are called: signatory/signatories when one
    role must report, country/countries otherwise."""
    roles = list(dict.fromkeys(cycle.member_roles or []))
    if len(roles) == 1 and roles[0] in ROLE_NOUNS:
        singular, plural = ROLE_NOUNS[roles[0]]
        return str(singular), str(plural)
    return _("country"), _("countries")


def status_sentence(
    cycle: ReportingCycle, statuses: Sequence[selectors.CountryStatus], day: dt.date
) -> str:
    """ "As at 10 October 2020, 1 of 4 signatories has submitted its report: Uzbekistan.\""""
    total = len(statuses)
    when = long_date(day)
    if not total:
        return _("No country must report in this cycle.")
    singular, plural = role_nouns(cycle)
    received = [s.country.name for s in statuses if s.state in RECEIVED_STATES]
    noun = singular if total == 1 else plural
    if not received:
        return _("As at %(date)s, none of the %(total)s %(noun)s has submitted its report.") % {
            "date": when,
            "total": total,
            "noun": noun,
        }
    return ngettext(
        "As at %(date)s, %(count)s of %(total)s %(noun)s has submitted its report: %(names)s.",
        "As at %(date)s, %(count)s of %(total)s %(noun)s have submitted their reports: %(names)s.",
        len(received),
    ) % {
        "date": when,
        "count": len(received),
        "total": total,
        "noun": noun,
        "names": get_text_list(received, _("and")),
    }


def who_reports(cycle: ReportingCycle, count: int) -> str:
    """Which members report: "Signatories of BKD on the deadline (4 countries)"."""
    roles = [str(ROLE_NOUNS[r][1]) for r in cycle.member_roles or [] if r in ROLE_NOUNS]
    if roles:
        text = _("%(roles)s of %(instrument)s on the deadline (%(count)s countries)") % {
            "roles": get_text_list(roles, _("and")),
            "instrument": cycle.instrument.code,
            "count": count,
        }
        return capfirst(text)
    return _("Every member country of %(instrument)s on the deadline (%(count)s)") % {
        "instrument": cycle.instrument.code,
        "count": count,
    }


def frequency_text(cycle: ReportingCycle) -> str:
    if cycle.frequency == CycleFrequency.EVERY_N_YEARS:
        return ngettext("Every year", "Every %(n)s years", cycle.every_years) % {
            "n": cycle.every_years
        }
    if cycle.frequency == CycleFrequency.ALIGNED and cycle.aligned_with is not None:
        return _("With the cycles of %(instrument)s") % {
            "instrument": cycle.aligned_with.instrument.code
        }
    return str(CycleFrequency(cycle.frequency).label)


def deadline_text(cycle: ReportingCycle) -> str:
    """The cycle's deadline and the rule it comes from, in one sentence."""
    deadline = long_date(cycle.deadline)
    if cycle.deadline_rule == DeadlineRule.BEFORE_MEETING and cycle.meeting is not None:
        months = cycle.months_before_meeting or 0
        return ngettext(
            "Due %(months)s month before %(meeting)s (which opens on %(start)s): on %(date)s.",
            "Due %(months)s months before %(meeting)s (which opens on %(start)s): on %(date)s.",
            months,
        ) % {
            "months": months,
            "meeting": cycle.meeting.name,
            "start": long_date(cycle.meeting.starts_on) if cycle.meeting.starts_on else "—",
            "date": deadline,
        }
    if cycle.deadline_rule == DeadlineRule.ALIGNED and cycle.aligned_with is not None:
        return _(
            "Due with %(cycle)s, whose reporting period and deadline it follows: on %(date)s."
        ) % {"cycle": cycle.aligned_with, "date": deadline}
    return _("Due on %(date)s.") % {"date": deadline}


def _reviewed_dates(cycle: ReportingCycle, as_at: dt.date | None) -> dict[int, dt.datetime | None]:
    """Country id → when the Secretariat last accepted or returned its report, as at the end
    of ``as_at`` (now by default)."""
    if as_at is None:
        return dict(
            NationalReport.objects.filter(cycle=cycle).values_list("country_id", "reviewed_at")
        )
    end = timezone.make_aware(dt.datetime.combine(as_at, dt.time.max))
    found: dict[int, dt.datetime | None] = {}
    rows = (
        NationalReport.history.filter(cycle_id=cycle.pk, history_date__lte=end)
        .order_by("country_id", "-history_date", "-history_id")
        .values_list("country_id", "reviewed_at")
    )
    for country_id, reviewed_at in rows:
        found.setdefault(country_id, reviewed_at)
    return found


def cycle_page(user: AnyUser, cycle: ReportingCycle, *, as_at: dt.date | None = None) -> CyclePage:
    """A cycle's status page: each country that must report with its report's state as at
    the end of ``as_at`` (now by default), its dates, and whether the user may open its
    report; counts per state; the map; the sentence; the deadline rule; for staff serving
    the instrument, the reminders sent."""
    statuses = selectors.cycle_status(cycle, as_at=as_at)
    reviewed = _reviewed_dates(cycle, as_at)
    visible = set(reports_visible_to(user).filter(cycle=cycle).values_list("pk", flat=True))
    manages = can_manage_reporting(user, cycle.instrument)
    rows = []
    for status in statuses:
        report = status.report or NationalReport(cycle=cycle, country=status.country)
        rows.append(
            StatusRow(
                status=status,
                reviewed_at=reviewed.get(status.country.pk)
                if status.state in (ReportState.ACCEPTED, ReportState.RETURNED)
                else None,
                can_view=status.report is not None and status.report.pk in visible,
                can_open=status.report is None and acts_for_country(user, report),
            )
        )
    day = as_at or timezone.localdate()
    return CyclePage(
        cycle=cycle,
        as_at=as_at,
        day=day,
        rows=rows,
        counts=state_counts(s.state for s in statuses),
        map=status_map([(s.country, s.state) for s in statuses]),
        sentence=status_sentence(cycle, statuses, day),
        who_reports=who_reports(cycle, len(statuses)),
        frequency=frequency_text(cycle),
        deadline_rule=deadline_text(cycle),
        reminders=reminders.reminder_dates(cycle),
        reminders_sent=list(
            ReminderSent.objects.filter(cycle=cycle)
            .select_related("country")
            .order_by("-sent_at", "country__name_en")
        )
        if manages
        else [],
        aligned_cycles=list(
            cycle.aligned_cycles.select_related("instrument").order_by("instrument__code")
        ),
        can_manage=manages,
    )


def adopted_formats(instrument: Instrument) -> QuerySet[ReportFormat]:
    """The formats a new cycle of the instrument may use: its adopted ones."""
    return ReportFormat.objects.filter(instrument=instrument, status=FormatStatus.ADOPTED).order_by(
        "title", "-version"
    )
