"""The admin of mandates, obligations and progress reports: staff open every page; the
rights are those of ``permissions.mandates``."""

from __future__ import annotations

import pytest

from meahub.documents.services import ingest_text
from meahub.mandates.models import Mandate, ReportingObligation
from meahub.mandates.tests.test_sync import RAPTORS
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_pages(secretariat_officer) -> list[str]:  # type: ignore[no-untyped-def]
    ingest_text(RAPTORS, "raptors.txt", by=secretariat_officer)
    mandate, obligation = Mandate.objects.first(), ReportingObligation.objects.get()
    return [
        "/admin/mandates/mandate/",
        "/admin/mandates/mandate/?status__exact=not_started&review__exact=",
        f"/admin/mandates/mandate/{mandate.pk}/change/",
        f"/admin/mandates/mandate/{mandate.pk}/history/",
        "/admin/mandates/reportingobligation/",
        f"/admin/mandates/reportingobligation/{obligation.pk}/change/",
        "/admin/mandates/progressreport/",
        "/admin/mandates/progressreport/add/",
    ]


def test_staff_open_every_admin_page_of_mandates(client, secretariat_officer, admin_pages):
    client.force_login(secretariat_officer)

    statuses = {url: client.get(url).status_code for url in admin_pages}

    assert set(statuses.values()) == {200}


def test_staff_of_another_instrument_cannot_change_a_mandate_in_the_admin(client, admin_pages):
    other = f.make_secretariat(instruments=[f.make_instrument(code="ACAP")])
    client.force_login(other)
    mandate = Mandate.objects.first()

    response = client.post(
        f"/admin/mandates/mandate/{mandate.pk}/change/", {"status": "done", "action": "x"}
    )

    assert response.status_code == 403
    mandate.refresh_from_db()
    assert mandate.status == "not_started"
