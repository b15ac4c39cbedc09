"""Reminders: saving a cycle queues one task per reminder day for the worker; on its day the
task e-mails the focal points of the countries that have not submitted, once."""

from __future__ import annotations

import datetime as dt
import smtplib
from typing import ClassVar

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from meahub.contacts.enums import NominationStatus
from meahub.reporting import reminders
from meahub.reporting.enums import ReportState
from meahub.reporting.models import NationalReport, ReminderSent
from meahub.reporting.services.cycles import save_cycle
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The bkd_cycle is due on 1 October 2020, with reminders 30 and 7 days before.
THIRTY_DAYS_BEFORE = dt.date(2020, 9, 1)
SEVEN_DAYS_BEFORE = dt.date(2020, 9, 24)


def queued_reminders() -> list[tuple[list, dt.datetime]]:
    return [
        (row.args_kwargs["args"], row.run_after)
        for row in DBTaskResult.objects.filter(
            task_path=reminders.send_reminders.module_path
        ).order_by("run_after")
    ]


def at_eight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8, 0), tzinfo=dt.UTC)


def report_in_state(cycle, code: str, state: str) -> NationalReport:  # type: ignore[no-untyped-def]
    return NationalReport.objects.create(cycle=cycle, country=f.make_country(code), state=state)


# --- queueing ----------------------------------------------------------------------------------


def test_scheduling_queues_one_task_per_reminder_day_at_eight_utc(bkd_cycle):
    days = reminders.schedule_reminders(bkd_cycle, today=dt.date(2020, 8, 1))

    assert days == [THIRTY_DAYS_BEFORE, SEVEN_DAYS_BEFORE]
    assert queued_reminders() == [
        ([bkd_cycle.pk, 30], at_eight(THIRTY_DAYS_BEFORE)),
        ([bkd_cycle.pk, 7], at_eight(SEVEN_DAYS_BEFORE)),
    ]


def test_scheduling_twice_does_not_queue_a_reminder_twice(bkd_cycle):
    reminders.schedule_reminders(bkd_cycle, today=dt.date(2020, 8, 1))

    again = reminders.schedule_reminders(bkd_cycle, today=dt.date(2020, 8, 1))

    assert again == []
    assert len(queued_reminders()) == 2


def test_reminders_whose_day_has_passed_are_not_queued(bkd_cycle):
    days = reminders.schedule_reminders(bkd_cycle, today=dt.date(2020, 9, 10))

    assert days == [SEVEN_DAYS_BEFORE]


def test_a_closed_cycle_queues_no_reminder(bkd_cycle):
    bkd_cycle.is_open = False

    assert reminders.schedule_reminders(bkd_cycle, today=dt.date(2020, 8, 1)) == []
    assert queued_reminders() == []


@override_settings(TASKS=IMMEDIATE)
def test_a_backend_that_cannot_defer_queues_nothing_and_runs_nothing(bkd_cycle):
    assert reminders.schedule_reminders(bkd_cycle, today=dt.date(2020, 8, 1)) == []
    assert mail.outbox == []


def test_saving_a_cycle_queues_its_reminders_when_the_change_is_committed(
    bkd_cycle, secretariat_officer, django_capture_on_commit_callbacks
):
    future = dt.date.today() + dt.timedelta(days=100)

    with django_capture_on_commit_callbacks(execute=True):
        save_cycle(cycle=bkd_cycle, by=secretariat_officer, deadline=future, reminder_days=[10])

    assert queued_reminders() == [([bkd_cycle.pk, 10], at_eight(future - dt.timedelta(days=10)))]


# --- sending -----------------------------------------------------------------------------------


def test_on_its_day_the_reminder_goes_to_the_focal_points_of_countries_not_submitted(
    bkd_cycle, nfp_uzbekistan, nfp_tajikistan
):
    report_in_state(bkd_cycle, "UZ", ReportState.SUBMITTED)
    report_in_state(bkd_cycle, "TJ", ReportState.DRAFT)

    sent = reminders.remind_focal_points(bkd_cycle, 7, today=SEVEN_DAYS_BEFORE)

    assert [(row.country.code, row.recipients) for row in sent] == [("TJ", [nfp_tajikistan.email])]
    assert [message.to for message in mail.outbox] == [[nfp_tajikistan.email]]
    assert (
        mail.outbox[0].subject == "Reminder: the BKD 2020 national report is due on 1 October 2020"
    )
    assert "due in 7 days, on 1 October 2020" in mail.outbox[0].body
    assert "Tajikistan" in mail.outbox[0].body


def test_a_returned_report_is_reminded_and_an_accepted_one_is_not(
    bkd_cycle, nfp_uzbekistan, nfp_tajikistan
):
    report_in_state(bkd_cycle, "UZ", ReportState.ACCEPTED)
    report_in_state(bkd_cycle, "TJ", ReportState.RETURNED)

    sent = reminders.remind_focal_points(bkd_cycle, 30, today=THIRTY_DAYS_BEFORE)

    assert [row.country.code for row in sent] == ["TJ"]


def test_running_the_reminder_again_sends_nothing_twice(bkd_cycle, nfp_tajikistan):
    reminders.remind_focal_points(bkd_cycle, 7, today=SEVEN_DAYS_BEFORE)

    again = reminders.remind_focal_points(bkd_cycle, 7, today=SEVEN_DAYS_BEFORE)

    assert again == []
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(cycle=bkd_cycle, days_before=7).count() == 1


def test_each_reminder_day_is_sent_once(bkd_cycle, nfp_tajikistan):
    reminders.remind_focal_points(bkd_cycle, 30, today=THIRTY_DAYS_BEFORE)
    reminders.remind_focal_points(bkd_cycle, 7, today=SEVEN_DAYS_BEFORE)

    assert sorted(
        ReminderSent.objects.filter(country__code="TJ").values_list("days_before", flat=True)
    ) == [7, 30]


def test_a_cycle_whose_deadline_moved_sends_nothing_on_the_old_day(bkd_cycle, nfp_tajikistan):
    bkd_cycle.deadline = dt.date(2020, 11, 1)
    bkd_cycle.save()

    sent = reminders.remind_focal_points(bkd_cycle, 7, today=SEVEN_DAYS_BEFORE)

    assert sent == []
    assert mail.outbox == []


def test_a_closed_cycle_sends_nothing(bkd_cycle, nfp_tajikistan):
    bkd_cycle.is_open = False
    bkd_cycle.save()

    assert reminders.remind_focal_points(bkd_cycle, 7, today=SEVEN_DAYS_BEFORE) == []
    assert mail.outbox == []


def test_a_day_no_longer_among_the_reminder_days_sends_nothing(bkd_cycle, nfp_tajikistan):
    bkd_cycle.reminder_days = [30]
    bkd_cycle.save()

    assert reminders.remind_focal_points(bkd_cycle, 7, today=SEVEN_DAYS_BEFORE) == []


def test_focal_points_without_an_address_or_not_confirmed_get_nothing(bukhara, bkd_cycle):
    uzbekistan = f.make_country("UZ")
    f.make_role(
        contact=f.make_contact(email="", country=uzbekistan),
        instrument=bukhara.cms,
        country=uzbekistan,
    )
    f.make_role(
        contact=f.make_contact(email="nominee@example.org", country=uzbekistan),
        instrument=bukhara.bkd,
        country=uzbekistan,
        status=NominationStatus.NOMINATED,
    )

    sent = reminders.remind_focal_points(bkd_cycle, 7, today=SEVEN_DAYS_BEFORE)

    assert sent == []
    assert mail.outbox == []


def test_the_instruments_own_focal_point_is_reminded_instead_of_the_inherited_one(
    bukhara, bkd_cycle, nfp_uzbekistan
):
    uzbekistan = f.make_country("UZ")
    own = f.make_contact(email="bkd-uz@example.org", country=uzbekistan)
    f.make_role(contact=own, instrument=bukhara.bkd, country=uzbekistan)

    sent = reminders.remind_focal_points(bkd_cycle, 7, today=SEVEN_DAYS_BEFORE)

    assert [(row.country.code, row.recipients) for row in sent] == [("UZ", ["bkd-uz@example.org"])]


@override_settings(TASKS=IMMEDIATE)
def test_the_task_reminds_on_the_day_it_is_given(bkd_cycle, nfp_tajikistan):
    result = reminders.send_reminders.enqueue(bkd_cycle.pk, 7, SEVEN_DAYS_BEFORE.isoformat())

    assert result.return_value == 1
    assert [message.to for message in mail.outbox] == [[nfp_tajikistan.email]]


@override_settings(TASKS=IMMEDIATE)
def test_the_task_of_a_deleted_cycle_does_nothing(bkd_cycle):
    result = reminders.send_reminders.enqueue(bkd_cycle.pk + 1000, 7)

    assert result.return_value == 0


@override_settings(TASKS=IMMEDIATE)
def test_the_daily_run_sends_the_reminders_due_that_day(bkd_cycle, nfp_tajikistan):
    due = reminders.send_due_reminders(SEVEN_DAYS_BEFORE)

    assert due == [(bkd_cycle, 7)]
    assert [message.to for message in mail.outbox] == [[nfp_tajikistan.email]]


@override_settings(TASKS=IMMEDIATE)
def test_the_daily_run_on_a_day_without_reminders_sends_nothing(bkd_cycle, nfp_tajikistan):
    assert reminders.send_due_reminders(dt.date(2020, 9, 2)) == []
    assert mail.outbox == []


def test_the_daily_run_queues_for_the_worker(bkd_cycle):
    reminders.send_due_reminders(THIRTY_DAYS_BEFORE)

    assert [args for args, _run_after in queued_reminders()] == [[bkd_cycle.pk, 30, "2020-09-01"]]


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the addresses in ``refused`` and delivers to the others."""

    refused: ClassVar[set[str]] = set()

    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        for message in email_messages:
            if set(message.to) & self.refused:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"mailbox unavailable")})
            mail.outbox.append(message)
        return len(email_messages)


def test_a_refused_message_is_retried_later_and_the_others_still_go(
    settings, bkd_cycle, nfp_uzbekistan, nfp_tajikistan
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    RefusingBackend.refused = {nfp_tajikistan.email}
    mail.outbox = []

    sent = reminders.remind_focal_points(bkd_cycle, 7, today=SEVEN_DAYS_BEFORE)

    assert [row.country.code for row in sent] == ["UZ"]
    assert [message.to for message in mail.outbox] == [[nfp_uzbekistan.email]]
    assert list(ReminderSent.objects.values_list("country__code", flat=True)) == ["UZ"]
