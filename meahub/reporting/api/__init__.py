"""National reporting in the API: report formats, reporting cycles and where their reports
stand (as at any date), countries' reports and their answers, submission and review.

Anyone reads adopted formats, cycles and who has reported, and the reports the Secretariat
has accepted and published; a national focal point also reads and writes their own country's
reports, one answer at a time or several together, and submits them; staff serving the
instrument submit on a country's behalf, return a report with comments per question, accept
and publish it. A report one may not read is 404, as if it were not there. An answer saved
on an outdated ``version`` is refused with 409 and the answer as it now stands.

- ``cycles``: ``/reports/formats`` and ``/reports/cycles``;
- ``reports``: ``/reports`` and ``/reports/{report_id}/...``.

The fixed paths come first, since ``/reports/{report_id}`` would match them too.
"""

from ninja import Router

from meahub.reporting.api.cycles import router as cycles_router
from meahub.reporting.api.reports import router as reports_router

router = Router(tags=["reporting"])
router.add_router("", cycles_router)
router.add_router("", reports_router)
