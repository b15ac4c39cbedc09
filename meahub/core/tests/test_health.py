from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_health_reports_the_database_is_up(client):
    response = client.get("/health")

    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})
