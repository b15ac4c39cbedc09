"""``meahub mandates``: the mandates held, filtered, as a table or one JSON object per line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from meahub.documents.services import ingest_text
from meahub.mandates.enums import MandateStatus
from meahub.mandates.models import Mandate
from meahub.mandates.services import update_mandate

pytestmark = pytest.mark.django_db

TEXT = """UNEP/CMS/Resolution 46.3
Original: English

MIGRATORY SHARKS

Adopted by the Conference of the Parties at its 46th Meeting (Manila, 2-7 April 2049)

The Conference of the Parties to the Convention on the Conservation of Migratory Species of
Wild Animals

1. Requests the Secretariat to publish a guide to shark fin identification by 2050;

2. Urges Parties to ban finning at sea and invites NGOs to monitor fish markets.
"""


@pytest.fixture
def resolution(secretariat_officer):  # type: ignore[no-untyped-def]
    outcome = ingest_text(TEXT, "sharks.txt", by=secretariat_officer)
    assert outcome.document is not None, outcome.message
    return outcome.document


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("mandates", *args, stdout=out)
    return out.getvalue()


def json_lines(*args: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in run("--json", *args).splitlines()]


def test_json_prints_one_object_per_mandate(resolution):
    rows = json_lines()

    assert [(r["paragraph"], r["verb"], r["actor"], r["status"]) for r in rows] == [
        ("1", "requests", "Secretariat", "not_started"),
        ("2", "urges", "Parties", "not_started"),
        ("2", "invites", "NGOs", "not_started"),
    ]
    first = Mandate.objects.get(paragraph__anchor="1")
    assert rows[0] == {
        "id": first.pk,
        "actor": "Secretariat",
        "verb": "requests",
        "status": "not_started",
        "resolution": "Resolution 46.3",
        "symbol": "UNEP/CMS/Resolution 46.3",
        "paragraph": "1",
        "action": "Requests the Secretariat to publish a guide to shark fin identification by 2050",
        "timing": "time_bound",
        "due": "2050-12-31",
        "due_text": "by 2050",
        "report_to": "",
        "instrument": "CMS",
        "review": "",
    }


def test_filters_narrow_the_list(resolution, secretariat_officer):
    update_mandate(
        mandate=Mandate.objects.get(actor__name="NGOs"),
        by=secretariat_officer,
        status=MandateStatus.IN_PROGRESS,
    )

    assert [r["actor"] for r in json_lines("--actor", "parties")] == ["Parties"]
    assert [r["actor"] for r in json_lines("--status", "in_progress")] == ["NGOs"]
    assert len(json_lines("--status", "open")) == 3
    assert len(json_lines("--instrument", "cms", "--resolution", "Resolution 46.3")) == 3
    assert json_lines("--instrument", "BKD") == []


def test_without_json_it_prints_a_table_and_a_count(resolution):
    lines = run().splitlines()

    assert lines[0].split() == ["id", "resolution", "verb", "actor", "status", "due", "action"]
    assert "Resolution 46.3 ¶2" in lines[2]
    assert lines[-1] == "3 mandates"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "forgotten"], "no status 'forgotten'; the statuses are: not_started, "),
        (["--actor", "Martians"], "no actor 'Martians'; the actors are: "),
        (["--instrument", "NOPE"], "no instrument 'NOPE'; the codes are: "),
        (["--resolution", "Resolution 1.1"], "no resolution 'Resolution 1.1'; those with "),
    ],
)
def test_an_unknown_filter_value_is_refused_naming_it_and_the_allowed_values(
    resolution, args, message
):
    with pytest.raises(CommandError) as error:
        run(*args)

    assert str(error.value).startswith(message)


def test_the_allowed_values_are_listed(resolution):
    with pytest.raises(CommandError) as error:
        run("--instrument", "NOPE")

    assert str(error.value) == "no instrument 'NOPE'; the codes are: BKD, CAMI, CMS"
