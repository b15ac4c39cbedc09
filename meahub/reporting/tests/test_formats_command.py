"""``meahub formats import`` and ``meahub formats export`` (management command ``formats``)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from pyxform.xls2xform import convert

from meahub.reporting.models import ReportFormat
from meahub.reporting.services.xlsform import CONSOLE_REASON
from meahub.reporting.tests.xlsform_support import format_rows, make_xlsx, shape

SURVEY = [
    ["type", "name", "label", "constraint"],
    ["begin_group", "population", "Population"],
    ["integer", "estimate", "Estimate", ". >= 0"],
    ["select_one trend", "trend", "Trend"],
    ["geopoint", "where", "Where"],
    ["end_group"],
]
CHOICES = [["list_name", "name", "label"], ["trend", "up", "Up"], ["trend", "down", "Down"]]


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("formats", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args: str) -> tuple[str, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("formats", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(caught.value)


@pytest.fixture
def form_file(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "deer.xlsx"
    path.write_bytes(make_xlsx(SURVEY, CHOICES, [["form_title"], ["Deer report"]]))
    return path


def test_import_prints_what_it_created_and_dropped(form_file, bukhara):
    out, _err = run("import", str(form_file), "--instrument", "BKD")

    made = ReportFormat.objects.get()
    assert out.splitlines() == [
        f"Imported deer.xlsx as format {made.pk}: Deer report (v1) of BKD (draft): 1 sections, "
        "2 questions, 1 choice lists.",
        "Dropped 1:",
        "  survey, row 5: geopoint: meahub report formats have no 'geopoint' questions; the "
        "question 'where' is left out.",
    ]


def test_import_with_json_prints_the_agreed_shape(form_file, bukhara):
    out, _err = run("import", str(form_file), "--instrument", "BKD", "--json")

    made = ReportFormat.objects.get()
    assert json.loads(out) == {
        "format": made.pk,
        "sections": 1,
        "questions": 2,
        "choice_lists": 1,
        "dropped": [
            {
                "sheet": "survey",
                "row": 5,
                "feature": "geopoint",
                "reason": "meahub report formats have no 'geopoint' questions; the question "
                "'where' is left out.",
            }
        ],
    }


def test_import_from_the_command_line_is_attributed_to_no_user(form_file, bukhara):
    run("import", str(form_file), "--instrument", "BKD")

    history = ReportFormat.objects.get().history.get()
    assert (history.history_user, history.history_change_reason) == (None, CONSOLE_REASON)


def test_import_of_a_broken_form_prints_the_errors_and_fails(tmp_path, bukhara):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(make_xlsx([["type", "name", "label"], ["begin_group", "g", "G"]]))
    before = format_rows()

    _out, err, failure = run_failing("import", str(path), "--instrument", "BKD")

    assert err.splitlines() == [
        "survey, row 2: Unmatched 'begin_group'. No matching 'end_group' was found for the "
        "name 'g'."
    ]
    assert failure == "1 error; nothing was imported"
    assert format_rows() == before


def test_import_errors_as_json(tmp_path, bukhara):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(make_xlsx([["type", "name", "label"], ["select_one nope", "q", "Q"]]))

    out, _err, _failure = run_failing("import", str(path), "--instrument", "BKD", "--json")

    assert json.loads(out) == {
        "errors": [
            {
                "sheet": "choices",
                "row": None,
                "message": "There should be a choices sheet in this xlsform. Please ensure that "
                "the choices sheet has the mandatory columns 'list_name', 'name', and 'label'.",
            }
        ]
    }


def test_unknown_instrument_code_lists_the_allowed_codes(form_file, bukhara):
    out, _err, _failure = run_failing("import", str(form_file), "--instrument", "XYZ", "--json")

    assert json.loads(out) == {
        "errors": [
            {
                "sheet": None,
                "row": None,
                "message": "No instrument with the code 'XYZ'; use one of: BKD, CAMI, CMS.",
            }
        ]
    }
    assert ReportFormat.objects.count() == 0


def test_import_of_a_missing_file_fails(tmp_path, bukhara):
    _out, err, _failure = run_failing("import", str(tmp_path / "nope.xlsx"), "--instrument", "BKD")

    assert err.strip() == f"{tmp_path / 'nope.xlsx'}: no such file."


def test_export_writes_a_file_pyxform_converts(bkd_format, tmp_path):
    out_path = tmp_path / "bkd.xlsx"

    out, _err = run("export", str(bkd_format.format.pk), "--xlsform", str(out_path))

    assert out.strip() == (
        f"Wrote {out_path}: Bukhara Deer national report (v1) of BKD, 4 sections, 10 questions."
    )
    assert (
        "<h:title>Bukhara Deer national report</h:title>"
        in convert(xlsform=out_path.read_bytes(), file_type=".xlsx").xform
    )


def test_export_then_import_on_the_command_line_gives_the_same_format(bkd_format, tmp_path):
    out_path = tmp_path / "bkd.xlsx"
    run("export", str(bkd_format.format.pk), "--xlsform", str(out_path))

    out, _err = run("import", str(out_path), "--instrument", "BKD", "--json")

    again = ReportFormat.objects.get(pk=json.loads(out)["format"])
    assert (again.version, shape(again)) == (2, shape(bkd_format.format))


def test_export_of_an_unknown_format_fails(bukhara, tmp_path):
    _out, _err, failure = run_failing("export", "999", "--xlsform", str(tmp_path / "x.xlsx"))

    assert failure == "No report format with the id 999."
