"""Who an API request acts for: a token for scripts, the session (with CSRF) for browsers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.crypto import get_random_string

from meahub.accounts.services import create_api_token, revoke_api_token
from meahub.organisations.models import Organisation
from meahub.tests import factories as f
from meahub.tests.api_helpers import bearer

pytestmark = pytest.mark.django_db

NEW_ORGANISATION = {"name": "Saiga Conservation Alliance", "acronym": "SCA", "kind": "ngo"}


def post_organisation(client: Client, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/organisations", NEW_ORGANISATION, content_type="application/json", headers=headers
    )


def test_script_with_a_token_writes_as_its_user(client, secretariat_officer):
    response = post_organisation(client, **bearer(secretariat_officer))

    assert response.status_code == 201
    organisation = Organisation.objects.get(slug="sca")
    assert organisation.history.first().history_user == secretariat_officer


def test_token_records_when_it_was_last_used(client, secretariat_officer):
    token, key = create_api_token(user=secretariat_officer, name="sync script")

    client.get("/api/v1/instruments", headers={"Authorization": f"Bearer {key}"})

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_cannot_write(client, secretariat_officer):
    token, key = create_api_token(user=secretariat_officer, name="old script")
    revoke_api_token(token=token, by=secretariat_officer)

    response = post_organisation(client, Authorization=f"Bearer {key}")

    assert response.status_code == 401
    assert response.json() == {
        "detail": "The API token is not valid (or was revoked).",
        "errors": {},
    }
    assert not Organisation.objects.filter(slug="sca").exists()


def test_revoked_token_cannot_read_either(client, secretariat_officer):
    token, key = create_api_token(user=secretariat_officer, name="old script")
    revoke_api_token(token=token, by=secretariat_officer)

    response = client.get("/api/v1/instruments", headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 401
    assert response.json() == {
        "detail": "The API token is not valid (or was revoked).",
        "errors": {},
    }


def test_wrong_token_is_refused(client, bukhara):
    response = client.get("/api/v1/instruments", headers={"Authorization": "Bearer mh_wrong"})

    assert response.status_code == 401


def test_authorization_other_than_a_bearer_token_reads_as_the_public(client, bukhara):
    f.make_instrument(code="DRAFT", parent=bukhara.cms, is_published=False)

    response = client.get("/api/v1/instruments", headers={"Authorization": "Basic dXNlcjpwdw=="})

    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_authorization_other_than_a_bearer_token_cannot_write(client, bukhara):
    response = post_organisation(client, Authorization="Basic dXNlcjpwdw==")

    assert response.status_code == 401
    assert not Organisation.objects.filter(slug="sca").exists()


def test_token_of_a_deactivated_user_is_refused(client, secretariat_officer):
    headers = bearer(secretariat_officer)
    secretariat_officer.is_active = False
    secretariat_officer.save()

    response = post_organisation(client, **headers)

    assert response.status_code == 401
    assert not Organisation.objects.filter(slug="sca").exists()


def test_token_reads_see_what_its_user_may_see(client, secretariat_officer, bukhara):
    f.make_instrument(code="DRAFT", parent=bukhara.cms, is_published=False)

    response = client.get("/api/v1/instruments/DRAFT", headers=bearer(secretariat_officer))

    assert response.status_code == 200


def test_anonymous_write_is_asked_to_sign_in(client, bukhara):
    response = post_organisation(client)

    assert response.status_code == 401
    assert response.json() == {
        "detail": "Sign in, or send an API token as 'Authorization: Bearer <key>'.",
        "errors": {},
    }
    assert not Organisation.objects.filter(slug="sca").exists()


def test_anonymous_write_is_asked_to_sign_in_even_without_a_csrf_token(bukhara):
    browser = Client(enforce_csrf_checks=True)

    response = post_organisation(browser)

    assert response.status_code == 401


def test_browser_session_write_without_the_csrf_token_is_refused(secretariat_officer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(secretariat_officer)

    response = post_organisation(browser)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "CSRF check failed: send the X-CSRFToken header.",
        "errors": {},
    }
    assert not Organisation.objects.filter(slug="sca").exists()


def test_browser_session_write_with_the_csrf_token_succeeds(secretariat_officer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(secretariat_officer)
    secret = get_random_string(32)
    browser.cookies["csrftoken"] = secret

    response = post_organisation(browser, **{"X-CSRFToken": secret})

    assert response.status_code == 201
    organisation = Organisation.objects.get(slug="sca")
    assert organisation.history.first().history_user == secretariat_officer


def test_browser_session_reads_without_a_csrf_token(secretariat_officer, bukhara):
    f.make_instrument(code="DRAFT", parent=bukhara.cms, is_published=False)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(secretariat_officer)

    response = browser.get("/api/v1/instruments/DRAFT")

    assert response.status_code == 200


def test_token_writes_need_no_csrf_token(secretariat_officer):
    script = Client(enforce_csrf_checks=True)

    response = post_organisation(script, **bearer(secretariat_officer))

    assert response.status_code == 201
