"""Background work of national reporting, run by the task worker (``meahub db_worker``)."""

from __future__ import annotations

import logging
import time

from django.utils import timezone
from django_tasks import task

from meahub.reporting import overview
from meahub.reporting.enums import OverviewStatus
from meahub.reporting.models import OverviewReport

logger = logging.getLogger(__name__)

# The page polls every second: saving progress more often than this is wasted writes.
PROGRESS_EVERY_S = 0.25


@task()
def compile_overview(overview_id: int) -> None:
    """Compile a queued overview report; its ``progress`` of ``total`` questions is saved as
    the work goes, so its page shows how far it is. On failure the overview says why."""
    report = OverviewReport.objects.select_related("cycle__instrument", "cycle__format").get(
        pk=overview_id
    )
    rows = OverviewReport.objects.filter(pk=report.pk)
    rows.update(status=OverviewStatus.RUNNING, progress=0, total=0, error="")
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done < total and now - last < PROGRESS_EVERY_S:
            return
        last = now
        rows.update(progress=done, total=total)

    try:
        data = overview.compile_overview(report.cycle, as_at=report.as_at, progress=progress)
    except Exception as error:
        logger.exception("overview %s failed", overview_id)
        rows.update(
            status=OverviewStatus.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        raise
    report.data = data
    report.status = OverviewStatus.DONE
    report.finished_at = timezone.now()
    report.save(update_fields=["data", "status", "finished_at"])
