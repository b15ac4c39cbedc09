"""E-mail reminders to the national focal points of countries that have not yet submitted.

A cycle lists the days before its deadline to remind on (``reminder_days``: 30, 7, 1). When a
cycle is saved, ``schedule_reminders`` queues one ``send_reminders`` task per day, to run at
08:00 UTC that day; the task worker (``meahub db_worker``) runs it then, never a web request.
When it runs, the task e-mails the confirmed national focal points (those with an e-mail
address) of each country that must report and has not submitted, once per cycle, country and
day: a ``ReminderSent`` row records it, so running it again sends nothing twice. A cycle that
has closed, or whose deadline has moved so that the day no longer falls on that reminder,
sends nothing (saving it queued the reminders of its new dates).

``send_due_reminders(today)`` queues every open cycle's reminders due on ``today``: a daily
command (cron) calls it, so reminders still go out when a queued task was lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from django_tasks.base import Task

from meahub.contacts.enums import FocalPointKind
from meahub.contacts.selectors import instrument_focal_points
from meahub.countries.models import Country
from meahub.reporting import selectors
from meahub.reporting.enums import ReportState
from meahub.reporting.models import ReminderSent, ReportingCycle

logger = logging.getLogger(__name__)

# Reminders go out at this time (UTC) on their day: the start of the working day in Europe
# and Africa, the afternoon in Central Asia.
SEND_AT = dt.time(8, 0, tzinfo=dt.UTC)

# A country that has handed its report in (or had it accepted) is not reminded; a returned
# report is back with the country, so it is.
DONE_STATES = frozenset({ReportState.SUBMITTED, ReportState.ACCEPTED})


def reminder_date(cycle: ReportingCycle, days_before: int) -> dt.date:
    """The day of the reminder sent ``days_before`` days before the cycle's deadline."""
    return cycle.deadline - dt.timedelta(days=days_before)


def reminder_dates(cycle: ReportingCycle) -> list[tuple[int, dt.date]]:
    """(days before, date) of each of the cycle's reminders, earliest first."""
    days = sorted({int(d) for d in cycle.reminder_days or []}, reverse=True)
    return [(d, reminder_date(cycle, d)) for d in days]


def utc_today() -> dt.date:
    return timezone.now().astimezone(dt.UTC).date()


# --- who is reminded ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingCountry:
    """A country that must report and has not submitted, with its focal points' addresses."""

    country: Country
    state: str
    recipients: list[str]


def pending_countries(cycle: ReportingCycle) -> list[PendingCountry]:
    """The countries that must report in the cycle and have not submitted (not started,
    draft or returned), each with the e-mail addresses of its confirmed national focal points
    for the cycle's instrument (its own or inherited ones, as on the instrument's page)."""
    addresses: dict[int, set[str]] = {}
    for entry in instrument_focal_points(cycle.instrument):
        role = entry.role
        is_national = role.kind == FocalPointKind.NATIONAL_FOCAL_POINT
        if is_national and role.country_id and role.contact.email:
            addresses.setdefault(role.country_id, set()).add(role.contact.email.lower())
    return [
        PendingCountry(
            country=status.country,
            state=status.state,
            recipients=sorted(addresses.get(status.country.pk, ())),
        )
        for status in selectors.cycle_status(cycle)
        if status.state not in DONE_STATES
    ]


# --- sending -----------------------------------------------------------------------------------


def report_link(cycle: ReportingCycle, country: Country) -> str:
    """The address where the country's focal point opens its report."""
    return settings.MEAHUB_BASE_URL + reverse(
        "reporting:report-open", args=[cycle.pk, country.code]
    )


def _message(cycle: ReportingCycle, pending: PendingCountry, days_before: int) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "cycle": cycle,
            "country": pending.country,
            "state": ReportState(pending.state).label,
            "days_before": days_before,
            "deadline": cycle.deadline,
            "url": report_link(cycle, pending.country),
        }
        subject = render_to_string("reporting/reminder_subject.txt", context).strip()
        body = render_to_string("reporting/reminder_email.txt", context)
    return EmailMessage(subject=subject, body=body, to=pending.recipients)


def remind_focal_points(
    cycle: ReportingCycle, days_before: int, *, today: dt.date
) -> list[ReminderSent]:
    """E-mail the reminder due ``days_before`` days before the deadline, if ``today`` is its
    day, the cycle is open and still lists that reminder: one message per country that has
    not submitted and has focal points with an e-mail address, each recorded in a
    ``ReminderSent`` row. A country already reminded for this day is skipped, so calling it
    again sends nothing twice. Returns the rows written now."""
    if not cycle.is_open or days_before not in (cycle.reminder_days or []):
        return []
    if reminder_date(cycle, days_before) != today:
        return []
    sent_before = set(
        ReminderSent.objects.filter(cycle=cycle, days_before=days_before).values_list(
            "country_id", flat=True
        )
    )
    written = []
    for pending in pending_countries(cycle):
        if pending.country.pk in sent_before or not pending.recipients:
            continue
        try:
            # The row is written first, under a lock of its unique key, so two workers never
            # both send; if the e-mail fails, the row is rolled back and a later run retries.
            with transaction.atomic():
                row = ReminderSent.objects.create(
                    cycle=cycle,
                    country=pending.country,
                    days_before=days_before,
                    recipients=pending.recipients,
                )
                _message(cycle, pending, days_before).send()
        except IntegrityError:
            continue  # another worker reminded this country meanwhile
        except (smtplib.SMTPException, OSError):
            # The mail server refused or is away: the row was rolled back, so the next run
            # (the daily command) tries this country again; the others are still reminded.
            logger.exception("reminder of %s to %s not sent", cycle, pending.country.code)
            continue
        written.append(row)
    return written


@task()
def send_reminders(cycle_id: int, days_before: int, on: str | None = None) -> int:
    """The task the worker runs on a reminder's day (``on``, an ISO date, for a day other
    than today, e.g. when a daily command catches up). Returns how many countries were
    reminded."""
    cycle = (
        ReportingCycle.objects.select_related("instrument", "format").filter(pk=cycle_id).first()
    )
    if cycle is None:
        return 0
    today = dt.date.fromisoformat(on) if on else utc_today()
    sent = remind_focal_points(cycle, days_before, today=today)
    logger.info("cycle %s: %s reminders sent %s days before", cycle, len(sent), days_before)
    return len(sent)


# --- queueing ----------------------------------------------------------------------------------


def _queued(cycle: ReportingCycle, reminders: Task[Any, Any]) -> set[tuple[int, dt.datetime]]:
    """(days before, run after) of this cycle's reminders already waiting in the database
    queue, so saving a cycle twice does not queue them twice."""
    if (
        not settings.TASKS.get(reminders.backend, {})
        .get("BACKEND", "")
        .startswith("django_tasks_db.")
    ):
        return set()
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=reminders.module_path, status="READY"
    ).values_list("args_kwargs", "run_after")
    found = set()
    for args_kwargs, run_after in waiting:
        args = list(args_kwargs.get("args", []))
        if len(args) >= 2 and args[0] == cycle.pk:
            found.add((int(args[1]), run_after))
    return found


def schedule_reminders(cycle: ReportingCycle, *, today: dt.date | None = None) -> list[dt.date]:
    """Queue the cycle's reminders that are still to come (today's included), each to run at
    08:00 UTC on its day. Called when a cycle is saved. Reminders already queued for the same
    day are not queued again; those of an earlier deadline stay queued and send nothing when
    they run. Nothing is queued for a closed cycle, or when the task backend cannot run tasks
    later (the daily ``send_due_reminders`` then sends them). Returns the days queued."""
    if not cycle.is_open or not cycle.reminder_days:
        return []
    backend = send_reminders.get_backend()
    if not backend.supports_defer:
        logger.warning("task backend %s cannot defer: reminders of %s not queued", backend, cycle)
        return []
    today = today or utc_today()
    queued = _queued(cycle, send_reminders)
    scheduled = []
    for days_before, day in reminder_dates(cycle):
        if day < today:
            continue
        run_after = dt.datetime.combine(day, SEND_AT)
        if (days_before, run_after) in queued:
            continue
        send_reminders.using(run_after=run_after).enqueue(cycle.pk, days_before)
        scheduled.append(day)
    return scheduled


def send_due_reminders(today: dt.date) -> list[tuple[ReportingCycle, int]]:
    """Queue every open cycle's reminders due on ``today`` for the worker to send now;
    (cycle, days before) of each. Safe to run more than once a day: nothing is sent twice."""
    due = []
    for cycle in ReportingCycle.objects.filter(is_open=True).select_related("instrument"):
        for days_before, day in reminder_dates(cycle):
            if day == today:
                send_reminders.enqueue(cycle.pk, days_before, today.isoformat())
                due.append((cycle, days_before))
    return due
