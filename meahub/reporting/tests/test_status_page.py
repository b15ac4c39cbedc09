"""Tracking who has reported: a cycle's status page (table, map, sentence, as at any date)
and the reporting home page, for each role. Who has reported is public; the reports are not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from meahub.reporting import tracking
from meahub.reporting.enums import ReportState
from meahub.reporting.models import NationalReport, ReminderSent, ReportingCycle
from meahub.tests import factories as f
from meahub.tests.browser import browser_tests, sign_in

pytestmark = pytest.mark.django_db


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def record(
    cycle: ReportingCycle, code: str, *steps: tuple[dt.date, str], **fields: Any
) -> NationalReport:
    """A country's report going through ``steps`` (date, state), each kept in its history on
    that date, as the services would have left it."""
    report = NationalReport(cycle=cycle, country=f.make_country(code), **fields)
    for day, state in steps:
        report.state = state
        if state == ReportState.SUBMITTED:
            report.submitted_at = noon(day)
        if state in (ReportState.ACCEPTED, ReportState.RETURNED):
            report.reviewed_at = noon(day)
        report.save()
        latest = NationalReport.history.filter(id=report.pk).latest("history_id")
        NationalReport.history.filter(history_id=latest.history_id).update(history_date=noon(day))
    return report


@pytest.fixture
def uzbekistan_submitted(bkd_cycle) -> NationalReport:  # type: ignore[no-untyped-def]
    """Uzbekistan started on 1 September 2020 and submitted on 28 September 2020."""
    return record(
        bkd_cycle, "UZ", (dt.date(2020, 9, 1), ReportState.DRAFT),
        (dt.date(2020, 9, 28), ReportState.SUBMITTED),
    )  # fmt: skip


def status_url(cycle: ReportingCycle, as_at: str = "") -> str:
    url = reverse("reporting:cycle-detail", args=[cycle.pk])
    return f"{url}?as_at={as_at}" if as_at else url


# --- the sentence and the table ----------------------------------------------------------------


def test_the_public_reads_who_had_reported_as_at_a_date(client, bkd_cycle, uzbekistan_submitted):
    response = client.get(status_url(bkd_cycle, "2020-10-10"))

    assert response.status_code == 200
    assert response.context["page"].sentence == (
        "As at 10 October 2020, 1 of 4 signatories has submitted its report: Uzbekistan."
    )
    assert "1 of 4 signatories has submitted its report: Uzbekistan." in response.text


def test_before_the_first_submission_none_has_submitted(client, bkd_cycle, uzbekistan_submitted):
    response = client.get(status_url(bkd_cycle, "2020-09-20"))

    assert response.context["page"].sentence == (
        "As at 20 September 2020, none of the 4 signatories has submitted its report."
    )


def test_several_submissions_are_named_in_the_sentence(bkd_cycle, uzbekistan_submitted, anonymous):
    record(bkd_cycle, "TJ", (dt.date(2020, 9, 30), ReportState.SUBMITTED))

    page = tracking.cycle_page(anonymous, bkd_cycle, as_at=dt.date(2020, 10, 10))

    assert page.sentence == (
        "As at 10 October 2020, 2 of 4 signatories have submitted their reports: "
        "Tajikistan and Uzbekistan."
    )


def test_an_accepted_report_counts_as_submitted_and_a_returned_one_does_not(bkd_cycle, anonymous):
    record(bkd_cycle, "UZ", (dt.date(2020, 9, 28), ReportState.SUBMITTED),
           (dt.date(2020, 10, 5), ReportState.ACCEPTED))  # fmt: skip
    record(bkd_cycle, "TJ", (dt.date(2020, 9, 28), ReportState.SUBMITTED),
           (dt.date(2020, 10, 5), ReportState.RETURNED))  # fmt: skip

    page = tracking.cycle_page(anonymous, bkd_cycle, as_at=dt.date(2020, 10, 10))

    assert page.sentence == (
        "As at 10 October 2020, 1 of 4 signatories has submitted its report: Uzbekistan."
    )


def test_the_table_gives_each_countrys_state_and_dates_as_at_the_date(bkd_cycle, anonymous):
    record(bkd_cycle, "UZ", (dt.date(2020, 9, 28), ReportState.SUBMITTED),
           (dt.date(2020, 10, 5), ReportState.ACCEPTED))  # fmt: skip
    record(bkd_cycle, "TJ", (dt.date(2020, 9, 1), ReportState.DRAFT),
           (dt.date(2020, 10, 20), ReportState.SUBMITTED))  # fmt: skip

    page = tracking.cycle_page(anonymous, bkd_cycle, as_at=dt.date(2020, 10, 10))

    assert [
        (row.country.code, row.status.state, row.status.submitted_at, row.reviewed_at)
        for row in page.rows
    ] == [
        ("KZ", "not_started", None, None),
        ("TJ", "draft", None, None),
        ("TM", "not_started", None, None),
        ("UZ", "accepted", noon(dt.date(2020, 9, 28)), noon(dt.date(2020, 10, 5))),
    ]
    assert page.counts == [
        ("not_started", "Not started", 2),
        ("draft", "Draft", 1),
        ("submitted", "Submitted", 0),
        ("returned", "Returned with comments", 0),
        ("accepted", "Accepted", 1),
    ]


def test_without_a_date_the_page_shows_where_reports_stand_now(client, bkd_cycle, anonymous):
    record(bkd_cycle, "TJ", (dt.date(2020, 9, 1), ReportState.DRAFT),
           (dt.date(2020, 10, 20), ReportState.SUBMITTED))  # fmt: skip

    response = client.get(status_url(bkd_cycle))

    page = response.context["page"]
    assert page.as_at is None
    assert [(row.country.code, row.status.state) for row in page.rows][1] == ("TJ", "submitted")


def test_the_map_colours_each_country_by_its_reports_state(
    bkd_cycle, uzbekistan_submitted, anonymous
):
    page = tracking.cycle_page(anonymous, bkd_cycle)

    legend = [(category.key, category.label, count) for category, count in page.map.legend]
    assert legend == [
        ("report-not_started", "Not started", 3),
        ("report-submitted", "Submitted", 1),
    ]
    assert {c.title: c.category for c in page.map.countries if c.category} == {
        "Kazakhstan — Not started": "report-not_started",
        "Tajikistan — Not started": "report-not_started",
        "Turkmenistan — Not started": "report-not_started",
        "Uzbekistan — Submitted": "report-submitted",
    }


def test_a_report_submitted_by_the_secretariat_says_so(client, bkd_cycle):
    record(bkd_cycle, "KZ", (dt.date(2020, 9, 30), ReportState.SUBMITTED), submitted_on_behalf=True)

    response = client.get(status_url(bkd_cycle))

    assert response.context["page"].rows[0].status.on_behalf is True
    assert "by the Secretariat on the country's behalf" in response.text


def test_a_bad_date_is_refused_with_a_message_and_today_is_shown(client, bkd_cycle):
    response = client.get(status_url(bkd_cycle, "10/10/2020x"))

    assert response.status_code == 422
    assert response.context["form"].errors == {"as_at": ["Enter a valid date."]}
    assert response.context["page"].as_at is None


def test_changing_the_date_with_htmx_replaces_only_the_status(
    client, bkd_cycle, uzbekistan_submitted
):
    response = client.get(status_url(bkd_cycle, "2020-10-10"), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<h1" not in response.text
    assert "1 of 4 signatories has submitted its report: Uzbekistan." in response.text


def test_the_page_explains_the_cycle(client, bkd_cycle):
    response = client.get(status_url(bkd_cycle))

    page = response.context["page"]
    assert (page.frequency, page.deadline_rule, page.who_reports, page.reminders) == (
        "Every year",
        "Due on 1 October 2020.",
        "Signatories of BKD on the deadline (4 countries)",
        [(30, dt.date(2020, 9, 1)), (7, dt.date(2020, 9, 24))],
    )


# --- who sees what -----------------------------------------------------------------------------


def report_links(response: Any) -> list[str]:
    return [
        code
        for code, report in (("UZ", response.context["page"].rows[3].report),)
        if report is not None
        and reverse("reporting:report-detail", args=[report.pk]) in response.text
    ]


@pytest.mark.parametrize(
    ("persona", "links"),
    [
        ("secretariat_officer", ["UZ"]),
        ("nfp_uzbekistan", ["UZ"]),
        ("nfp_tajikistan", []),
        ("partner_cic", []),
        ("anonymous", []),
    ],
)
def test_a_report_is_linked_for_those_who_may_read_it(
    client, request, bkd_cycle, uzbekistan_submitted, persona, links
):
    user = request.getfixturevalue(persona)
    if persona != "anonymous":
        client.force_login(user)

    response = client.get(status_url(bkd_cycle))

    assert response.status_code == 200
    assert report_links(response) == links


def test_a_published_report_is_linked_for_everyone(client, bkd_cycle):
    report = record(bkd_cycle, "UZ", (dt.date(2020, 9, 28), ReportState.SUBMITTED),
                    (dt.date(2020, 10, 5), ReportState.ACCEPTED))  # fmt: skip
    report.is_published = True
    report.save()

    response = client.get(status_url(bkd_cycle))

    assert reverse("reporting:report-detail", args=[report.pk]) in response.text


@pytest.mark.parametrize(
    ("persona", "can_open"),
    [
        ("secretariat_officer", ["KZ", "TJ", "TM", "UZ"]),
        ("nfp_uzbekistan", ["UZ"]),
        ("nfp_tajikistan", ["TJ"]),
        ("partner_cic", []),
        ("anonymous", []),
    ],
)
def test_a_report_not_started_can_be_started_by_the_country_and_staff(
    request, bkd_cycle, persona, can_open
):
    page = tracking.cycle_page(request.getfixturevalue(persona), bkd_cycle)

    assert [row.country.code for row in page.rows if row.can_open] == can_open


def test_staff_see_the_reminders_sent_and_the_public_does_not(
    client, bkd_cycle, secretariat_officer
):
    ReminderSent.objects.create(
        cycle=bkd_cycle, country=f.make_country("TJ"), days_before=7,
        recipients=["nfp@example.org"],
    )  # fmt: skip

    public = client.get(status_url(bkd_cycle))
    client.force_login(secretariat_officer)
    staff = client.get(status_url(bkd_cycle))

    assert [(r.country.code, r.days_before) for r in staff.context["page"].reminders_sent] == [
        ("TJ", 7)
    ]
    assert "nfp@example.org" in staff.text
    assert public.context["page"].reminders_sent == []
    assert "nfp@example.org" not in public.text


def test_an_unknown_cycle_is_not_found(client, bkd_cycle):
    assert client.get(reverse("reporting:cycle-detail", args=[bkd_cycle.pk + 1])).status_code == 404


@pytest.mark.parametrize("reports", [1, 3])
def test_the_status_page_needs_the_same_queries_for_one_report_or_three(
    client, django_assert_max_num_queries, secretariat_officer, bkd_cycle, reports
):
    for code in ["UZ", "TJ", "KZ"][:reports]:
        record(bkd_cycle, code, (dt.date(2020, 9, 28), ReportState.SUBMITTED))
    client.force_login(secretariat_officer)

    with django_assert_max_num_queries(17):
        client.get(status_url(bkd_cycle, "2020-10-10"))


# --- the home page -----------------------------------------------------------------------------


def test_staff_see_the_open_cycles_of_their_instruments_with_counts(
    client, secretariat_officer, bkd_cycle, uzbekistan_submitted
):
    client.force_login(secretariat_officer)

    response = client.get(reverse("reporting:home"))

    page = response.context["page"]
    assert [(s.cycle, dict((k, n) for k, _l, n in s.counts)) for s in page.managed] == [
        (bkd_cycle, {"not_started": 3, "draft": 0, "submitted": 1, "returned": 0, "accepted": 0})
    ]
    assert [i.code for i in page.can_create_for] == ["BKD"]
    assert reverse("reporting:cycle-edit", args=[bkd_cycle.pk]) in response.text


def test_a_focal_point_sees_their_countrys_report_with_its_state_and_link(
    client, nfp_uzbekistan, bkd_cycle, uzbekistan_submitted
):
    client.force_login(nfp_uzbekistan)

    response = client.get(reverse("reporting:home"))

    page = response.context["page"]
    assert [(r.cycle, r.country.code, r.state) for r in page.your_reports] == [
        (bkd_cycle, "UZ", "submitted")
    ]
    assert page.managed == []
    assert reverse("reporting:report-open", args=[bkd_cycle.pk, "UZ"]) in response.text


def test_a_focal_point_of_a_country_that_does_not_report_has_no_reports(client, bukhara, bkd_cycle):
    nfp_afghanistan = f.make_focal_point(instrument=bukhara.bkd, country=f.make_country("AF"))
    client.force_login(nfp_afghanistan)

    response = client.get(reverse("reporting:home"))

    assert response.context["page"].your_reports == []


@pytest.mark.parametrize("persona", ["anonymous", "partner_cic"])
def test_the_public_sees_the_cycles_and_who_has_reported(
    client, request, bkd_cycle, uzbekistan_submitted, persona
):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("reporting:home"))

    page = response.context["page"]
    assert [(s.cycle, [c.code for c in s.received], s.total) for s in page.open_cycles] == [
        (bkd_cycle, ["UZ"], 4)
    ]
    assert (page.managed, page.your_reports, page.can_create_for) == ([], [], [])
    assert "1 of 4 has reported: Uzbekistan." in " ".join(response.text.split())
    assert reverse("reporting:cycle-edit", args=[bkd_cycle.pk]) not in response.text


def test_closed_cycles_are_listed_apart(client, bkd_cycle):
    bkd_cycle.is_open = False
    bkd_cycle.save()

    page = client.get(reverse("reporting:home")).context["page"]

    assert ([s.cycle for s in page.open_cycles], [s.cycle for s in page.closed_cycles]) == (
        [],
        [bkd_cycle],
    )


@pytest.mark.parametrize("cycles", [1, 3])
@pytest.mark.parametrize("persona", ["secretariat_officer", "nfp_uzbekistan", "anonymous"])
def test_the_home_page_needs_the_same_queries_for_one_cycle_or_three(
    client, request, django_assert_max_num_queries, bkd_cycle, persona, cycles
):
    for year in range(2021, 2021 + cycles - 1):
        ReportingCycle.objects.create(
            instrument=bkd_cycle.instrument, format=bkd_cycle.format, name=str(year),
            period_start=dt.date(year - 1, 1, 1), period_end=dt.date(year - 1, 12, 31),
            deadline=dt.date(year, 10, 1), member_roles=["signatory"],
        )  # fmt: skip
        record(ReportingCycle.objects.get(name=str(year)), "UZ",
               (dt.date(year, 9, 1), ReportState.SUBMITTED))  # fmt: skip
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))

    with django_assert_max_num_queries(15):
        response = client.get(reverse("reporting:home"))

    assert len(response.context["page"].open_cycles) == cycles


# --- in a real browser -------------------------------------------------------------------------


@pytest.mark.browser
@browser_tests[1]
def test_the_public_moves_the_date_and_the_status_follows(page, bkd_cycle, uzbekistan_submitted):
    page.goto(status_url(bkd_cycle))
    page.get_by_role("heading", level=1, name="Reporting cycle BKD 2020").wait_for()

    page.get_by_label("As at", exact=True).fill("2020-09-20")
    page.get_by_role("button", name="Show").click()

    sentence = page.locator(".status-sentence")
    sentence.get_by_text("As at 20 September 2020, none of the 4 signatories").wait_for()
    page.screenshot(path="/tmp/reporting-status.png", full_page=True)
    assert page.url.endswith("?as_at=2020-09-20")
    assert page.locator(".legend").inner_text().split("\n") == ["Not started (3)", "Draft (1)"]


@pytest.mark.browser
@browser_tests[1]
def test_staff_open_a_cycle_in_the_browser(page, secretariat_officer, bkd_format):
    sign_in(page, "officer")
    page.goto(reverse("reporting:home"))
    page.get_by_role("link", name="BKD", exact=True).click()

    page.get_by_label("Name").fill("2023")
    page.get_by_label("Reporting period from").fill("2020-01-01")
    page.get_by_label("Reporting period to").fill("2022-12-31")
    page.get_by_label("Deadline", exact=True).fill("2023-10-01")
    page.get_by_label("Signatory").check()
    page.get_by_label("Reminders, days before the deadline").fill("30, 7")
    page.get_by_role("button", name="Open the cycle").click()

    page.get_by_role("heading", level=1, name="Reporting cycle BKD 2023").wait_for()
    page.screenshot(path="/tmp/reporting-cycle.png", full_page=True)
    cycle = ReportingCycle.objects.get(name="2023")
    assert (cycle.deadline, cycle.reminder_days, cycle.member_roles) == (
        dt.date(2023, 10, 1),
        [30, 7],
        ["signatory"],
    )
