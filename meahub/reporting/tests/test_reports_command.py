"""``meahub reports overview CYCLE --format F -o OUT``: the overview written to a file, one
line said about it, and bad input refused with a non-zero exit status."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from meahub.cli import main
from meahub.core.pdf import weasyprint_problem
from meahub.reporting.tests.overview_support import HandMade, build_hand_made

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(bkd_cycle, bkd_format, secretariat_officer) -> HandMade:
    return build_hand_made(bkd_cycle, bkd_format, secretariat_officer)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("reports", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("fmt", "start"), [("xlsx", b"PK"), ("docx", b"PK"), ("pdf", b"%PDF")])
def test_the_overview_is_written_in_each_format(made, tmp_path, fmt, start):
    if fmt == "pdf" and weasyprint_problem():
        pytest.skip(weasyprint_problem())
    output = tmp_path / f"overview.{fmt}"

    said = run("overview", "BKD/2020", "--format", fmt, "-o", str(output))

    assert output.read_bytes().startswith(start)
    assert said.startswith(f"wrote {output} ({fmt}, ")
    assert ": BKD 2020, 3 reports, 28 answers to 10 questions. As at " in said
    assert said.rstrip().endswith(
        "3 of 4 countries have submitted their national reports: Kazakhstan, Tajikistan, "
        "Uzbekistan."
    )


def test_the_csv_as_at_a_date_by_cycle_id(made, tmp_path):
    output = tmp_path / "overview.csv"

    said = run(
        "overview", str(made.cycle.pk), "--format", "csv", "-o", str(output), "--as-at",
        "2020-10-10",
    )  # fmt: skip

    rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8"))))
    assert rows[0][:5] == ["Section", "Number", "Question", "Item", "Figure"]
    assert said.rstrip().endswith(
        "0 reports, 0 answers to 10 questions. As at 10 October 2020, no country has "
        "submitted its national report."
    )


def test_an_unknown_cycle_is_refused_with_the_known_ones(made, tmp_path):
    output = tmp_path / "overview.xlsx"

    with pytest.raises(CommandError) as error:
        run("overview", "BKD/2019", "--format", "xlsx", "-o", str(output))

    assert str(error.value) == (
        f"no reporting cycle 'BKD/2019'; the cycles are: {made.cycle.pk} (BKD/2020), "
        f"{made.earlier.pk} (BKD/2017)"
    )
    assert not output.exists()


def test_an_unknown_format_is_refused(made, tmp_path):
    with pytest.raises(CommandError) as error:
        run("overview", "BKD/2020", "--format", "odt", "-o", str(tmp_path / "o.odt"))

    assert str(error.value) == "unknown format 'odt'; use xlsx, csv, docx, pdf"


def test_a_bad_date_is_refused(made, tmp_path):
    with pytest.raises(CommandError) as error:
        run("overview", "BKD/2020", "--format", "csv", "-o", str(tmp_path / "o.csv"),
            "--as-at", "10/10/2020")  # fmt: skip

    assert str(error.value) == "--as-at '10/10/2020' is not a date as YYYY-MM-DD"


def test_the_meahub_command_exits_non_zero_on_an_unknown_cycle(made, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["reports", "overview", "XYZ/1", "--format", "csv", "-o", str(tmp_path / "o.csv")])

    assert exit_.value.code == 1
    assert "no reporting cycle 'XYZ/1'" in capsys.readouterr().err


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
)
def test_the_daily_remind_command_emails_countries_that_have_not_submitted(
    bkd_cycle, nfp_tajikistan
):
    seven_days_before = bkd_cycle.deadline - dt.timedelta(days=7)

    said = run("remind", "--date", seven_days_before.isoformat())

    assert said.splitlines() == ["BKD 2020: 7 days before", "1 reminder runs queued for 2020-09-24"]
    assert [message.to for message in mail.outbox] == [[nfp_tajikistan.email]]
    assert run("remind", "--date", seven_days_before.isoformat()).endswith(
        "queued for 2020-09-24\n"
    )
    assert len(mail.outbox) == 1  # nothing is sent twice


def test_the_remind_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="'yesterday' is not a date"):
        run("remind", "--date", "yesterday")
