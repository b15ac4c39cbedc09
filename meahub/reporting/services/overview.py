"""The overview report of a cycle: staff ask for it, the task worker compiles it
(``tasks.compile_overview``) while its page shows the progress.

An overview's life: queued (asked for, task enqueued) → running (``progress`` of ``total``
questions compiled) → done (``data`` holds the figures) or failed (``error`` says why).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meahub.core.audit import save_validated
from meahub.permissions.reporting import can_compile_overview
from meahub.reporting.models import OverviewReport, ReportingCycle


@transaction.atomic
def start_overview(
    *, cycle: ReportingCycle, by: Any, as_at: dt.date | None = None
) -> OverviewReport:
    """Ask for the overview of ``cycle`` as at ``as_at`` (now when None): the overview is
    stored as queued and compiled by the task worker once this transaction commits.
    Refuses (PermissionDenied) anyone but staff serving the cycle's instrument, and
    (ValidationError on "as_at") a date in the future."""
    if not can_compile_overview(by, cycle):
        raise PermissionDenied
    if as_at is not None and as_at > timezone.localdate():
        raise ValidationError({"as_at": _("Give today's date or an earlier one.")})
    overview = OverviewReport(
        cycle=cycle,
        as_at=as_at,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    save_validated(overview, by=by)
    transaction.on_commit(partial(_enqueue, overview.pk))
    return overview


def _enqueue(overview_id: int) -> None:
    from meahub.reporting.tasks import compile_overview

    compile_overview.enqueue(overview_id)
