"""Reporting cycles: staff serving an instrument open and edit its cycles in the browser (a
date, N months before a meeting, or aligned with another instrument's cycle), open the next
cycle from one, and the countries that must report follow from memberships on the deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from meahub.instruments.enums import MembershipRole
from meahub.meetings.enums import MeetingKind
from meahub.meetings.models import Meeting
from meahub.reporting import selectors
from meahub.reporting.enums import CycleFrequency, DeadlineRule, FormatStatus
from meahub.reporting.models import ReportFormat, ReportingCycle
from meahub.reporting.reminders import send_reminders
from meahub.reporting.services.cycles import save_cycle
from meahub.reporting.services.schedule import next_cycle
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("reporting:cycle-create") + "?instrument=BKD"


def form_data(bkd_format: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": "2023",
        "format": bkd_format.format.pk,
        "frequency": CycleFrequency.EVERY_N_YEARS,
        "every_years": "3",
        "period_start": "2020-01-01",
        "period_end": "2022-12-31",
        "deadline_rule": DeadlineRule.DATE,
        "deadline": "2023-10-01",
        "meeting": "",
        "months_before_meeting": "",
        "aligned_with": "",
        "reminder_days": "30, 7, 1",
        "member_roles": ["signatory"],
    }
    data.update(overrides)
    return data


def cami_cycle(bukhara: Any, **overrides: Any) -> ReportingCycle:
    """CAMI's five-year cycle 2021-2025, due 1 June 2026."""
    cami_format, _created = ReportFormat.objects.get_or_create(
        instrument=bukhara.cami, title="CAMI national report", status=FormatStatus.ADOPTED
    )
    values: dict[str, Any] = {
        "instrument": bukhara.cami,
        "format": cami_format,
        "name": "2021-2025",
        "frequency": CycleFrequency.EVERY_N_YEARS,
        "every_years": 5,
        "period_start": dt.date(2021, 1, 1),
        "period_end": dt.date(2025, 12, 31),
        "deadline": dt.date(2026, 6, 1),
    }
    values.update(overrides)
    return ReportingCycle.objects.create(**values)


def cop(bukhara: Any, number: int, starts_on: dt.date) -> Meeting:
    return Meeting.objects.create(
        slug=f"cms-cop{number}",
        instrument=bukhara.cms,
        kind=MeetingKind.COP,
        name=f"CMS COP{number}",
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=5),
    )


def mos(bukhara: Any, number: int, starts_on: dt.date) -> Meeting:
    return Meeting.objects.create(
        slug=f"bkd-mos{number}",
        instrument=bukhara.bkd,
        kind=MeetingKind.MOP,
        name=f"BKD MOS{number}",
        starts_on=starts_on,
    )


# --- creating and editing in the browser -------------------------------------------------------


def test_staff_open_a_cycle_with_a_date_deadline(client, secretariat_officer, bkd_format):
    client.force_login(secretariat_officer)

    response = client.post(CREATE_URL, form_data(bkd_format))

    cycle = ReportingCycle.objects.get(name="2023")
    assert response.status_code == 302
    assert response.url == cycle.get_absolute_url()
    assert (
        cycle.instrument.code, cycle.format_id, cycle.frequency, cycle.every_years,
        cycle.period_start, cycle.period_end, cycle.deadline_rule, cycle.deadline,
        cycle.reminder_days, cycle.member_roles,
    ) == (
        "BKD", bkd_format.format.pk, "every_n_years", 3,
        dt.date(2020, 1, 1), dt.date(2022, 12, 31), "date", dt.date(2023, 10, 1),
        [30, 7, 1], ["signatory"],
    )  # fmt: skip
    assert cycle.history.get().history_user == secretariat_officer


def test_staff_set_the_deadline_months_before_a_meeting(
    client, secretariat_officer, bukhara, bkd_format
):
    meeting = mos(bukhara, 4, dt.date(2024, 2, 12))
    client.force_login(secretariat_officer)

    client.post(
        CREATE_URL,
        form_data(
            bkd_format, deadline_rule=DeadlineRule.BEFORE_MEETING, deadline="",
            meeting=meeting.pk, months_before_meeting="6",
        ),
    )  # fmt: skip

    cycle = ReportingCycle.objects.get(name="2023")
    assert (cycle.meeting, cycle.months_before_meeting, cycle.deadline) == (
        meeting,
        6,
        dt.date(2023, 8, 12),
    )


def test_staff_align_the_mou_with_camis_cycle(client, secretariat_officer, bukhara, bkd_format):
    cami = cami_cycle(bukhara)
    client.force_login(secretariat_officer)

    client.post(
        CREATE_URL,
        form_data(
            bkd_format, name="2021-2025", frequency=CycleFrequency.ALIGNED,
            deadline_rule=DeadlineRule.ALIGNED, deadline="", period_start="", period_end="",
            aligned_with=cami.pk,
        ),
    )  # fmt: skip

    cycle = ReportingCycle.objects.get(instrument=bukhara.bkd)
    assert (cycle.aligned_with, cycle.frequency, cycle.period_start, cycle.period_end,
            cycle.deadline) == (
        cami, "aligned", dt.date(2021, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 6, 1)
    )  # fmt: skip


def test_moving_camis_deadline_moves_the_aligned_mou_cycle(
    secretariat_officer, bukhara, bkd_format
):
    cami = cami_cycle(bukhara)
    bkd = save_cycle(
        cycle=ReportingCycle(instrument=bukhara.bkd), by=secretariat_officer, name="2021-2025",
        format=bkd_format.format, deadline_rule=DeadlineRule.ALIGNED, aligned_with=cami,
    )  # fmt: skip

    save_cycle(cycle=cami, by=secretariat_officer, deadline=dt.date(2026, 9, 1))

    bkd.refresh_from_db()
    assert bkd.deadline == dt.date(2026, 9, 1)


def test_a_cycle_aligned_in_rhythm_only_keeps_its_own_deadline(
    secretariat_officer, bukhara, bkd_format
):
    cami = cami_cycle(bukhara)
    bkd = save_cycle(
        cycle=ReportingCycle(instrument=bukhara.bkd), by=secretariat_officer, name="2021-2025",
        format=bkd_format.format, frequency=CycleFrequency.ALIGNED, aligned_with=cami,
        period_start=dt.date(2021, 1, 1), period_end=dt.date(2025, 12, 31),
        deadline_rule=DeadlineRule.DATE, deadline=dt.date(2026, 3, 1),
    )  # fmt: skip

    save_cycle(cycle=cami, by=secretariat_officer, deadline=dt.date(2026, 9, 1))

    bkd.refresh_from_db()
    assert bkd.deadline == dt.date(2026, 3, 1)


def test_moving_camis_deadline_queues_the_mou_cycles_reminders_anew(
    secretariat_officer, bukhara, bkd_format, django_capture_on_commit_callbacks
):
    later = dt.date.today() + dt.timedelta(days=200)
    cami = cami_cycle(bukhara, deadline=later - dt.timedelta(days=30))
    bkd = save_cycle(
        cycle=ReportingCycle(instrument=bukhara.bkd), by=secretariat_officer, name="2021-2025",
        format=bkd_format.format, deadline_rule=DeadlineRule.ALIGNED, aligned_with=cami,
        reminder_days=[7],
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        save_cycle(cycle=cami, by=secretariat_officer, deadline=later)

    queued = DBTaskResult.objects.filter(task_path=send_reminders.module_path)
    assert [(row.args_kwargs["args"], row.run_after.date()) for row in queued] == [
        ([bkd.pk, 7], later - dt.timedelta(days=7))
    ]


def test_no_role_ticked_means_every_member_country_reports(client, secretariat_officer, bkd_format):
    client.force_login(secretariat_officer)

    client.post(CREATE_URL, form_data(bkd_format, member_roles=[]))

    cycle = ReportingCycle.objects.get(name="2023")
    assert cycle.member_roles == []
    assert [c.code for c in selectors.cycle_countries(cycle)] == ["AF", "KZ", "TJ", "TM", "UZ"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reminder_days": "30, soon"}, "reminder_days",
         "“soon” is not a number of days (0 to 366); write e.g. 30, 7, 1."),
        ({"deadline": ""}, "deadline", "Give the deadline."),
        ({"period_end": "2019-12-31"}, "period_end", "The period ends before it starts."),
        ({"deadline_rule": DeadlineRule.BEFORE_MEETING}, "meeting", "Choose the meeting."),
        ({"deadline_rule": DeadlineRule.ALIGNED}, "aligned_with",
         "Choose the cycle to align with."),
        ({"frequency": CycleFrequency.EVERY_N_YEARS, "every_years": ""}, "every_years",
         "Say every how many years."),
        ({"name": ""}, "name", "This field is required."),
    ],
)  # fmt: skip
def test_a_bad_cycle_is_refused_naming_the_field_and_nothing_is_saved(
    client, secretariat_officer, bkd_format, overrides, field, message
):
    client.force_login(secretariat_officer)

    response = client.post(CREATE_URL, form_data(bkd_format, **overrides))

    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert ReportingCycle.objects.count() == 0


def test_a_cycle_name_used_twice_is_refused(client, secretariat_officer, bkd_format, bkd_cycle):
    client.force_login(secretariat_officer)

    response = client.post(CREATE_URL, form_data(bkd_format, name="2020"))

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "This instrument already has a cycle of this name."
    ]
    assert ReportingCycle.objects.count() == 1


def test_another_instruments_format_is_not_offered(
    client, secretariat_officer, bukhara, bkd_format
):
    cami_format = ReportFormat.objects.create(
        instrument=bukhara.cami, title="CAMI report", status=FormatStatus.ADOPTED
    )
    client.force_login(secretariat_officer)

    response = client.post(CREATE_URL, form_data(bkd_format, format=cami_format.pk))

    assert response.status_code == 422
    assert response.context["form"].errors["format"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_the_form_offers_the_instruments_adopted_formats_only(
    client, secretariat_officer, bukhara, bkd_format
):
    ReportFormat.objects.create(instrument=bukhara.bkd, title="Draft format")
    client.force_login(secretariat_officer)

    response = client.get(CREATE_URL)

    assert list(response.context["form"].fields["format"].queryset) == [bkd_format.format]


def test_staff_edit_a_cycle(client, secretariat_officer, bkd_format, bkd_cycle):
    client.force_login(secretariat_officer)

    response = client.post(
        reverse("reporting:cycle-edit", args=[bkd_cycle.pk]),
        form_data(
            bkd_format, name="2020", frequency=CycleFrequency.ANNUAL, period_start="2015-01-01",
            period_end="2019-12-31", deadline="2020-11-15", reminder_days="14", is_open="on",
        ),
    )  # fmt: skip

    bkd_cycle.refresh_from_db()
    assert response.status_code == 302
    assert (bkd_cycle.deadline, bkd_cycle.reminder_days, bkd_cycle.is_open) == (
        dt.date(2020, 11, 15),
        [14],
        True,
    )
    assert bkd_cycle.history.latest().history_user == secretariat_officer


def test_staff_close_a_cycle(client, secretariat_officer, bkd_format, bkd_cycle):
    client.force_login(secretariat_officer)
    data = form_data(
        bkd_format, name="2020", period_start="2015-01-01", period_end="2019-12-31",
        deadline="2020-10-01",
    )  # fmt: skip

    client.post(reverse("reporting:cycle-edit", args=[bkd_cycle.pk]), data)

    bkd_cycle.refresh_from_db()
    assert bkd_cycle.is_open is False


def test_the_edit_form_starts_from_the_cycle(client, secretariat_officer, bkd_cycle):
    client.force_login(secretariat_officer)

    response = client.get(reverse("reporting:cycle-edit", args=[bkd_cycle.pk]))

    form = response.context["form"]
    assert (form["name"].value(), form["reminder_days"].value(), form["member_roles"].value()) == (
        "2020",
        "30, 7",
        ["signatory"],
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat_officer", 200), ("nfp_uzbekistan", 403), ("partner_cic", 403)],
)
def test_only_staff_serving_the_instrument_open_cycles(
    client, request, bkd_format, persona, status
):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(CREATE_URL).status_code == status


def test_staff_of_another_instrument_may_not_open_its_cycles(client, bukhara, bkd_format):
    other = f.make_secretariat(instruments=[f.make_instrument(code="EUR")])
    client.force_login(other)

    response = client.post(CREATE_URL, form_data(bkd_format))

    assert response.status_code == 403
    assert ReportingCycle.objects.count() == 0


def test_the_public_is_asked_to_sign_in_to_open_a_cycle(client, bkd_format):
    response = client.get(CREATE_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("persona", "status"), [("nfp_uzbekistan", 403), ("partner_cic", 403)])
def test_others_may_not_edit_a_cycle(client, request, bkd_format, bkd_cycle, persona, status):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        reverse("reporting:cycle-edit", args=[bkd_cycle.pk]), form_data(bkd_format, name="x")
    )

    bkd_cycle.refresh_from_db()
    assert (response.status_code, bkd_cycle.name) == (status, "2020")


def test_an_unknown_instrument_is_not_found(client, secretariat_officer):
    client.force_login(secretariat_officer)

    assert client.get(reverse("reporting:cycle-create") + "?instrument=NOPE").status_code == 404


# --- who must report ---------------------------------------------------------------------------


def test_a_country_that_signs_after_the_deadline_does_not_report(bukhara, bkd_cycle):
    f.make_membership(
        instrument=bukhara.bkd, country=f.make_country("MN"), signed_on=dt.date(2020, 11, 1)
    )

    assert [c.code for c in selectors.cycle_countries(bkd_cycle)] == ["KZ", "TJ", "TM", "UZ"]


def test_a_country_that_withdrew_before_the_deadline_does_not_report(bukhara, bkd_cycle):
    membership = bukhara.bkd.memberships.get(country__code="TM")
    membership.withdrawn_on = dt.date(2019, 6, 30)
    membership.save()

    assert [c.code for c in selectors.cycle_countries(bkd_cycle)] == ["KZ", "TJ", "UZ"]


def test_a_country_that_withdrew_after_the_deadline_still_reports(bukhara, bkd_cycle):
    membership = bukhara.bkd.memberships.get(country__code="TM")
    membership.withdrawn_on = dt.date(2021, 1, 31)
    membership.save()

    assert [c.code for c in selectors.cycle_countries(bkd_cycle)] == ["KZ", "TJ", "TM", "UZ"]


def test_only_the_roles_the_cycle_names_report(bkd_cycle):
    bkd_cycle.member_roles = [MembershipRole.RANGE_STATE]

    assert [c.code for c in selectors.cycle_countries(bkd_cycle)] == ["AF"]


# --- the next cycle ----------------------------------------------------------------------------


def test_the_next_annual_cycle_moves_period_and_deadline_on_a_year(secretariat_officer, bkd_cycle):
    bkd_cycle.frequency = CycleFrequency.ANNUAL
    bkd_cycle.save()

    new = next_cycle(bkd_cycle, by=secretariat_officer)

    assert (new.name, new.format_id, new.period_start, new.period_end, new.deadline,
            new.reminder_days, new.member_roles, new.is_open) == (
        "2021", bkd_cycle.format_id, dt.date(2016, 1, 1), dt.date(2020, 12, 31),
        dt.date(2021, 10, 1), [30, 7], ["signatory"], True,
    )  # fmt: skip
    assert new.history.get().history_user == secretariat_officer


def test_the_next_cycle_every_five_years_moves_on_five_years(secretariat_officer, bkd_cycle):
    bkd_cycle.frequency = CycleFrequency.EVERY_N_YEARS
    bkd_cycle.every_years = 5
    bkd_cycle.name = "2015-2019"
    bkd_cycle.save()

    new = next_cycle(bkd_cycle, by=secretariat_officer)

    assert (new.name, new.period_start, new.period_end, new.deadline) == (
        "2020-2024",
        dt.date(2020, 1, 1),
        dt.date(2024, 12, 31),
        dt.date(2025, 10, 1),
    )


def test_a_cycle_held_once_has_no_next_cycle(secretariat_officer, bkd_cycle):
    bkd_cycle.frequency = CycleFrequency.ONCE
    bkd_cycle.save()

    with pytest.raises(ValidationError) as error:
        next_cycle(bkd_cycle, by=secretariat_officer)

    assert error.value.message_dict == {
        "frequency": ["BKD 2020 is held once: it has no next cycle."]
    }
    assert ReportingCycle.objects.count() == 1


def test_the_next_cycle_before_a_meeting_follows_the_next_meeting(
    secretariat_officer, bukhara, bkd_format
):
    first, second = mos(bukhara, 3, dt.date(2021, 4, 20)), mos(bukhara, 4, dt.date(2024, 2, 12))
    cycle = save_cycle(
        cycle=ReportingCycle(instrument=bukhara.bkd), by=secretariat_officer, name="2018-2020",
        format=bkd_format.format, frequency=CycleFrequency.EVERY_N_YEARS, every_years=3,
        period_start=dt.date(2018, 1, 1), period_end=dt.date(2020, 12, 31),
        deadline_rule=DeadlineRule.BEFORE_MEETING, meeting=first, months_before_meeting=4,
    )  # fmt: skip

    new = next_cycle(cycle, by=secretariat_officer)

    assert (new.name, new.meeting, new.deadline, new.period_end) == (
        "2021-2023",
        second,
        dt.date(2023, 10, 12),
        dt.date(2023, 12, 31),
    )


def test_without_a_next_meeting_the_next_cycle_is_refused(secretariat_officer, bukhara, bkd_format):
    meeting = mos(bukhara, 3, dt.date(2021, 4, 20))
    cycle = save_cycle(
        cycle=ReportingCycle(instrument=bukhara.bkd), by=secretariat_officer, name="2020",
        format=bkd_format.format, period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2020, 12, 31), deadline_rule=DeadlineRule.BEFORE_MEETING,
        meeting=meeting, months_before_meeting=2,
    )  # fmt: skip

    with pytest.raises(ValidationError) as error:
        next_cycle(cycle, by=secretariat_officer)

    assert error.value.message_dict == {
        "meeting": [
            "No meeting after BKD MOS3 is registered: add the next one to the meetings first, "
            "then open the next cycle."
        ]
    }


def test_the_next_aligned_cycle_follows_camis_next_cycle(secretariat_officer, bukhara, bkd_format):
    cami = cami_cycle(bukhara)
    cami_next = cami_cycle(
        bukhara, name="2026-2030", period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2030, 12, 31), deadline=dt.date(2031, 6, 1),
    )  # fmt: skip
    bkd = save_cycle(
        cycle=ReportingCycle(instrument=bukhara.bkd), by=secretariat_officer, name="2021-2025",
        format=bkd_format.format, deadline_rule=DeadlineRule.ALIGNED, aligned_with=cami,
    )  # fmt: skip

    new = next_cycle(bkd, by=secretariat_officer)

    assert (new.name, new.aligned_with, new.period_start, new.deadline) == (
        "2026-2030",
        cami_next,
        dt.date(2026, 1, 1),
        dt.date(2031, 6, 1),
    )


def test_an_aligned_cycle_waits_for_the_next_cycle_it_follows(
    secretariat_officer, bukhara, bkd_format
):
    cami = cami_cycle(bukhara)
    bkd = save_cycle(
        cycle=ReportingCycle(instrument=bukhara.bkd), by=secretariat_officer, name="2021-2025",
        format=bkd_format.format, deadline_rule=DeadlineRule.ALIGNED, aligned_with=cami,
    )  # fmt: skip

    with pytest.raises(ValidationError) as error:
        next_cycle(bkd, by=secretariat_officer)

    assert error.value.message_dict == {
        "aligned_with": [
            "CAMI has no cycle after CAMI 2021-2025 yet: open it first, then this one with it."
        ]
    }


def test_the_next_cycle_once_opened_is_refused_a_second_time(secretariat_officer, bkd_cycle):
    next_cycle(bkd_cycle, by=secretariat_officer)

    with pytest.raises(ValidationError) as error:
        next_cycle(bkd_cycle, by=secretariat_officer)

    assert error.value.message_dict == {
        "__all__": ["This instrument already has a cycle of this name."]
    }


def test_staff_open_the_next_cycle_from_the_status_page(client, secretariat_officer, bkd_cycle):
    client.force_login(secretariat_officer)

    response = client.post(reverse("reporting:cycle-next", args=[bkd_cycle.pk]))

    new = ReportingCycle.objects.get(name="2021")
    assert response.url == reverse("reporting:cycle-edit", args=[new.pk])


def test_a_refused_next_cycle_is_explained_on_the_status_page(
    client, secretariat_officer, bkd_cycle
):
    bkd_cycle.frequency = CycleFrequency.ONCE
    bkd_cycle.save()
    client.force_login(secretariat_officer)

    response = client.post(reverse("reporting:cycle-next", args=[bkd_cycle.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "BKD 2020 is held once: it has no next cycle."
    ]


def test_a_focal_point_may_not_open_the_next_cycle(client, nfp_uzbekistan, bkd_cycle):
    client.force_login(nfp_uzbekistan)

    response = client.post(reverse("reporting:cycle-next", args=[bkd_cycle.pk]))

    assert response.status_code == 403
    assert ReportingCycle.objects.count() == 1


def test_staff_record_which_reporting_obligation_a_cycle_meets(
    client, secretariat_officer, bukhara, bkd_format
):
    from meahub.documents.services import ingest_text
    from meahub.mandates.enums import ObligationStatus
    from meahub.mandates.models import ReportingObligation
    from meahub.mandates.tests.test_sync import RAPTORS

    ingest_text(RAPTORS, "raptors.txt", by=secretariat_officer, instrument=bukhara.bkd)
    obligation = ReportingObligation.objects.get()
    obligation.status = ObligationStatus.CONFIRMED
    obligation.save()
    client.force_login(secretariat_officer)

    client.post(CREATE_URL, form_data(bkd_format, obligation=str(obligation.pk)))
    page = client.get(ReportingCycle.objects.get(name="2023").get_absolute_url())

    assert ReportingCycle.objects.get(name="2023").obligation == obligation
    assert obligation.mandate.get_absolute_url() in page.content.decode()


def test_a_proposed_obligation_is_not_offered_to_a_cycle(
    client, secretariat_officer, bukhara, bkd_format
):
    from meahub.documents.services import ingest_text
    from meahub.mandates.models import ReportingObligation
    from meahub.mandates.tests.test_sync import RAPTORS

    ingest_text(RAPTORS, "raptors.txt", by=secretariat_officer, instrument=bukhara.bkd)
    proposed = ReportingObligation.objects.get()
    client.force_login(secretariat_officer)

    response = client.post(CREATE_URL, form_data(bkd_format, obligation=str(proposed.pk)))

    assert response.status_code == 422
    assert "obligation" in response.context["form"].errors
    assert not ReportingObligation.objects.filter(cycles__isnull=False).exists()
