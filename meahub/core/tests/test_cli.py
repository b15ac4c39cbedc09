from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meahub.accounts.models import User
from meahub.cli import translate


def test_meahub_serve_takes_a_port():
    assert translate(["serve", "--port", "8123"]) == ["runserver", "127.0.0.1:8123"]


def test_meahub_serve_refuses_a_port_that_is_not_a_number():
    with pytest.raises(SystemExit) as error:
        translate(["serve", "--port", "eighty"])

    assert str(error.value) == "meahub serve: --port 'eighty' is not a port number"


def test_meahub_demo_and_other_commands_pass_through():
    assert translate(["demo"]) == ["load_demo_data"]
    assert translate(["migrate", "--no-input"]) == ["migrate", "--no-input"]


@pytest.mark.django_db
def test_createsecretariat_makes_staff_serving_the_instrument(bukhara):
    out = io.StringIO()

    call_command(
        "createsecretariat",
        "--username",
        "amina",
        "--email",
        "amina@example.org",
        "--password",
        "a long enough secret",
        "--instrument",
        "bkd",
        stdout=out,
    )

    user = User.objects.get(username="amina")
    assert (user.is_secretariat, list(user.instruments_served.values_list("code", flat=True))) == (
        True,
        ["BKD"],
    )
    assert out.getvalue().strip() == "Secretariat account amina serves: BKD."


@pytest.mark.django_db
def test_createsecretariat_refuses_an_unknown_instrument(bukhara):
    with pytest.raises(CommandError) as error:
        call_command(
            "createsecretariat", "--username", "amina", "--password", "x", "--instrument", "NOPE"
        )

    assert str(error.value) == "Unknown instrument code(s): NOPE (known: BKD, CAMI, CMS)"
    assert not User.objects.filter(username="amina").exists()
