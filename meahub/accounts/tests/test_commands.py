"""``meahub createtoken``: a key printed once, that signs API requests in as the user."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from meahub.accounts.models import ApiToken
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db


def test_createtoken_prints_a_key_that_signs_api_requests_in(client, bukhara):
    officer = f.make_secretariat(instruments=[bukhara.cms], username="officer")
    out = StringIO()

    call_command(
        "createtoken", username="officer", name="sync script", stdout=out, stderr=StringIO()
    )

    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=officer)
    assert (token.name, token.key_hash) == ("sync script", ApiToken.hash(key))
    response = client.patch(
        "/api/v1/instruments/BKD",
        {"summary": "Set by a script."},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200


def test_createtoken_for_an_unknown_user_makes_no_token_for_the_api(db):
    with pytest.raises(CommandError) as error:
        call_command("createtoken", username="ghost", name="sync script")

    assert str(error.value) == "No active user with the user name 'ghost'."
    assert ApiToken.objects.count() == 0


def test_createtoken_without_a_name_makes_no_token_for_the_api(db):
    f.make_user(username="officer")

    with pytest.raises(CommandError) as error:
        call_command("createtoken", username="officer", name="  ")

    assert str(error.value) == "Give the token a name, e.g. the script that uses it."
    assert ApiToken.objects.count() == 0
