"""Filling in a report offline: the focal point downloads the report as an Excel workbook
(blank or with the answers so far), fills it in, and uploads it back. Every refused cell is
named and nothing is written then; answers changed online since the download are not
overwritten unseen; only people who may edit the report may upload."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from meahub.reporting.enums import QuestionType
from meahub.reporting.models import Answer, NationalReport, Question
from meahub.reporting.services import answers, review
from meahub.reporting.services.offline import CellError, UploadResult, import_workbook
from meahub.reporting.tests.filling_support import (
    answer,
    answer_required,
    country_report,
    make_contributor,
)
from meahub.reporting.workbook import META_SHEET, REPORT_SHEET, report_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def uz_report(bkd_cycle, nfp_uzbekistan) -> NationalReport:
    return country_report(bkd_cycle, "UZ", by=nfp_uzbekistan)


@pytest.fixture
def answered(uz_report, bkd_format, nfp_uzbekistan) -> NationalReport:
    """Uzbekistan's draft: the population, threats with 'other', a table cell, one area."""
    answer(uz_report, bkd_format, "estimate", "1200", by=nfp_uzbekistan)
    answer(uz_report, bkd_format, "trend", "increasing", by=nfp_uzbekistan)
    answer(uz_report, bkd_format, "threats", ["poaching", "other"], other_text="Floods",
           by=nfp_uzbekistan)  # fmt: skip
    answer(uz_report, bkd_format, "cooperation", {"research": {"partners": "WWF"}},
           by=nfp_uzbekistan)  # fmt: skip
    item = answers.add_repeat_item(report=uz_report, section=bkd_format.areas, by=nfp_uzbekistan)
    answer(uz_report, bkd_format, "area_name", "Zeravshan", item=item, by=nfp_uzbekistan)
    answer(uz_report, bkd_format, "area_deer", "80", item=item, by=nfp_uzbekistan)
    uz_report.refresh_from_db()
    return uz_report


def download(report: NationalReport, *, prefilled: bool = True, language: str = "en") -> Workbook:
    return load_workbook(
        io.BytesIO(report_workbook(report, prefilled=prefilled, language=language))
    )


def rows(book: Workbook) -> dict[str, int]:
    """Key → row number of the sheet "Report"."""
    sheet = book[REPORT_SHEET]
    return {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}


def fill(book: Workbook, key: str, value: Any, *, column: str = "H") -> str:
    row = rows(book)[key]
    book[REPORT_SHEET][f"{column}{row}"] = value
    return f"Report!{column}{row}"


def upload(
    report: NationalReport, book: Workbook, *, by: Any, name: str = "r.xlsx"
) -> UploadResult:
    buffer = io.BytesIO()
    book.save(buffer)
    return import_workbook(report=report, data=buffer.getvalue(), filename=name, by=by)


def as_file(book: Workbook, name: str = "report.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def snapshot(report: NationalReport) -> list[tuple[str, str, Any, str, int]]:
    return sorted(
        (a.question.name, a.item, a.value, a.other_text, a.version)
        for a in Answer.objects.filter(report=report).select_related("question")
    )


# --- the workbook ------------------------------------------------------------------------------


def test_the_workbook_has_a_row_per_answer_place_with_blank_rows_for_new_items(answered):
    book = download(answered)

    assert list(rows(book)) == [
        "estimate", "trend", "total_area_deer", "threats", "has_actions", "actions_taken",
        "cooperation[research/partners]", "cooperation[research/projects]",
        "cooperation[monitoring/partners]", "cooperation[monitoring/projects]",
        "area_name[1]", "area_size[1]", "area_deer[1]",
        "area_name[new-1]", "area_size[new-1]", "area_deer[new-1]",
        "area_name[new-2]", "area_size[new-2]", "area_deer[new-2]",
        "area_name[new-3]", "area_size[new-3]", "area_deer[new-3]",
    ]  # fmt: skip


def test_a_prefilled_workbook_shows_the_answers_as_a_person_reads_them(answered):
    sheet = download(answered)[REPORT_SHEET]

    assert [[cell.value for cell in sheet[row]][1:9] for row in (2, 5, 7, 12)] == [
        ["1.1", "1 Population", None, "Population estimate", None,
         "Whole number; animals; from 0 to 100000; required", 1200, None],
        ["2.1", "2 Threats", None, "Main threats", None,
         "One or more of (separate them with ;): Poaching; Habitat loss; Drought; "
         "Other (say what in the next column)", "Poaching; Other", "Floods"],
        ["3.2", "3 Actions and cooperation", None, "Describe the actions", None,
         "Text (as long as needed); required; only if 3.1 = 'yes'", None, None],
        ["4.1", "4 Protected areas", "Item 1", "Name", None, "Text", "Zeravshan", None],
    ]  # fmt: skip


def test_a_blank_workbook_leaves_every_answer_cell_empty_but_shows_calculated_values(answered):
    sheet = download(answered, prefilled=False)[REPORT_SHEET]

    filled = {
        sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=8).value
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(row=r, column=8).value is not None
    }
    assert filled == {"total_area_deer": 80}


def test_calculated_rows_are_marked_not_to_fill_and_locked(answered):
    sheet = download(answered)[REPORT_SHEET]

    assert (sheet["G4"].value, sheet["H4"].protection.locked, sheet["H2"].protection.locked) == (
        "Calculated from other answers: do not fill in", True, False
    )  # fmt: skip
    assert sheet.protection.sheet is True


def test_choices_and_yes_no_offer_drop_down_lists_of_labels(answered):
    book = download(answered)
    sheet = book[REPORT_SHEET]

    lists = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list":
            continue
        ref = validation.formula1.split("!")[1].replace("$", "")
        column = ref.split(":")[0][0]
        labels = [c.value for c in book["Lists"][column] if c.value]
        lists[str(validation.sqref)] = labels
    assert lists == {"H3": ["Increasing", "Stable", "Decreasing"], "H6": ["Yes", "No"]}


def test_numbers_are_checked_by_excel_with_the_questions_range(answered):
    sheet = download(answered)[REPORT_SHEET]

    estimate = next(v for v in sheet.data_validations.dataValidation if "H2" in str(v.sqref))
    assert (estimate.type, estimate.formula1, estimate.formula2) == ("whole", "0", "100000")


def test_dates_are_written_as_dates(answered, bkd_format, nfp_uzbekistan):
    Question.objects.create(
        format=bkd_format.format, section=bkd_format.actions, name="last_survey", number="3.4",
        position=4, type=QuestionType.DATE, label={"en": "Date of the last survey"},
    )  # fmt: skip
    answer(answered, bkd_format, "last_survey", "2019-05-31", by=nfp_uzbekistan)
    book = download(answered)

    cell = book[REPORT_SHEET][f"H{rows(book)['last_survey']}"]
    assert (cell.value, cell.number_format) == (dt.datetime(2019, 5, 31), "yyyy-mm-dd")


def test_the_hidden_sheet_names_the_report_and_the_format_version(answered):
    book = download(answered)

    meta = {row[0]: row[1] for row in book[META_SHEET].iter_rows(values_only=True)}
    assert (
        book[META_SHEET].sheet_state, meta["report"], meta["format"], meta["format_version"]
    ) == ("hidden", answered.pk, answered.cycle.format_id, 1)  # fmt: skip
    assert book.sheetnames[:2] == ["Read me", "Report"]


def test_the_workbook_speaks_the_language_asked_for(answered):
    sheet = download(answered, language="fr")[REPORT_SHEET]

    assert sheet["E2"].value == "Estimation de la population"


# --- uploading it back -------------------------------------------------------------------------


def test_focal_point_fills_in_the_workbook_and_uploads_it(answered, bkd_format, nfp_uzbekistan):
    book = download(answered)
    fill(book, "estimate", 1500)
    fill(book, "trend", "Stable")
    fill(book, "threats", "Drought; Other")
    fill(book, "threats", "Locusts", column="I")
    fill(book, "cooperation[monitoring/projects]", 4)
    fill(book, "area_deer[1]", 95)
    fill(book, "area_name[new-1]", "Amu Darya")
    fill(book, "area_size[new-1]", 2300.5)

    result = upload(answered, book, by=nfp_uzbekistan)

    assert (result.errors, result.changed, result.items_added) == ([], 7, 1)
    assert snapshot(answered) == [
        ("area_deer", "1", 95, "", 2),
        ("area_name", "1", "Zeravshan", "", 1),
        ("area_name", "2", "Amu Darya", "", 1),
        ("area_size", "2", "2300.5", "", 1),
        ("cooperation", "", {"research": {"partners": "WWF"},
                             "monitoring": {"projects": 4}}, "", 2),
        ("estimate", "", 1500, "", 2),
        ("threats", "", ["drought", "other"], "Locusts", 2),
        ("total_area_deer", "", "95", "", 3),
        ("trend", "", "stable", "", 2),
    ]  # fmt: skip


def test_the_edit_log_names_the_person_who_uploaded(answered, bkd_format, nfp_uzbekistan):
    book = download(answered)
    fill(book, "estimate", 1500)

    upload(answered, book, by=nfp_uzbekistan)

    latest = Answer.history.filter(question__name="estimate").order_by("-history_date").first()
    assert (latest.value, latest.history_user) == (1500, nfp_uzbekistan)


def test_the_result_lists_each_change_by_cell(answered, nfp_uzbekistan):
    book = download(answered)
    cell = fill(book, "estimate", 1500)

    result = upload(answered, book, by=nfp_uzbekistan)

    assert [(c.cell, c.question.name, c.before, c.after) for c in result.changes] == [
        (cell, "estimate", "1,200 animals", "1,500 animals")
    ]
    assert result.unchanged == 8


def test_a_blank_workbook_changes_only_the_cells_filled_in(answered, nfp_uzbekistan):
    book = download(answered, prefilled=False)
    fill(book, "has_actions", "Yes")
    before = snapshot(answered)

    result = upload(answered, book, by=nfp_uzbekistan)

    assert (result.changed, result.items_added) == (1, 0)
    assert snapshot(answered) == sorted([*before, ("has_actions", "", "yes", "", 1)])


def test_clearing_a_cell_of_a_prefilled_workbook_clears_the_answer(answered, nfp_uzbekistan):
    book = download(answered)
    fill(book, "trend", None)

    upload(answered, book, by=nfp_uzbekistan)

    assert Answer.objects.get(report=answered, question__name="trend").value is None


def test_an_answer_changed_online_since_the_download_is_kept_when_the_cell_is_untouched(
    answered, bkd_format, nfp_uzbekistan, secretariat_officer
):
    book = download(answered)
    answer(answered, bkd_format, "trend", "decreasing", by=secretariat_officer)
    fill(book, "estimate", 1500)

    result = upload(answered, book, by=nfp_uzbekistan)

    assert result.errors == []
    assert Answer.objects.get(report=answered, question__name="trend").value == "decreasing"


def test_an_answer_changed_both_online_and_offline_is_a_conflict_and_nothing_is_written(
    answered, bkd_format, nfp_uzbekistan, secretariat_officer
):
    book = download(answered)
    answer(answered, bkd_format, "estimate", "1300", by=secretariat_officer)
    cell = fill(book, "estimate", 1500)
    fill(book, "trend", "Stable")
    before = snapshot(answered)

    result = upload(answered, book, by=nfp_uzbekistan)

    assert [(e.cell, e.message.split(" changed")[0]) for e in result.errors] == [(cell, "officer")]
    assert "it now reads '1,300 animals'" in result.errors[0].message
    assert snapshot(answered) == before


# --- bad input: every problem named by its cell, nothing written -------------------------------


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("estimate", "many", "give a whole number, e.g. 1200 (you wrote 'many')."),
        ("estimate", 200000,
         "give a number between 0 and 100000 animals (you wrote '200000')."),
        ("estimate", 12.5, "give a whole number, without decimals (you wrote '12.5')."),
        ("trend", "Booming", "'Booming' is not one of the choices (you wrote 'Booming')."),
        ("has_actions", "Maybe", "answer yes or no (you wrote 'Maybe')."),
        ("cooperation[monitoring/projects]", "a few",
         "give a whole number, e.g. 1200 (you wrote 'a few')."),
        ("area_size[new-1]", "1,5",
         "use a point for decimals: write 1.5, not 1,5 (you wrote '1,5')."),
        ("total_area_deer", 1000,
         "1.3 is calculated from other answers; leave this cell as it was (you wrote '1000')."),
    ],
)  # fmt: skip
def test_a_value_of_the_wrong_type_or_out_of_range_is_refused_by_its_cell(
    answered, nfp_uzbekistan, key, value, message
):
    book = download(answered)
    cell = fill(book, key, value)
    fill(book, "area_deer[1]", 90)
    before = (Answer.objects.count(), snapshot(answered))

    result = upload(answered, book, by=nfp_uzbekistan)

    assert result.errors == [CellError(cell, message)]
    assert (Answer.objects.count(), snapshot(answered)) == before


def test_every_refused_cell_is_listed_at_once(answered, nfp_uzbekistan):
    book = download(answered)
    first = fill(book, "estimate", "many")
    fill(book, "threats", "Drought; Other")
    second = fill(book, "threats", None, column="I")

    result = upload(answered, book, by=nfp_uzbekistan)

    assert [str(error) for error in result.errors] == [
        f"{first}: give a whole number, e.g. 1200 (you wrote 'many').",
        f"{second}: Say what 'other' is.",
    ]


def test_an_unknown_question_key_is_refused_by_its_cell(answered, nfp_uzbekistan):
    book = download(answered)
    cell = fill(book, "estimate", "population", column="A")
    fill(book, "trend", "Stable")
    before = snapshot(answered)

    result = upload(answered, book, by=nfp_uzbekistan)

    assert result.errors == [CellError(cell, (
        "unknown question key 'population'; keys must not change. Download the workbook "
        "again and copy your answers into it."))]  # fmt: skip
    assert snapshot(answered) == before


def test_a_workbook_without_the_report_sheet_is_refused(answered, nfp_uzbekistan):
    book = download(answered)
    book[REPORT_SHEET].title = "Answers"

    result = upload(answered, book, by=nfp_uzbekistan)

    assert [str(e) for e in result.errors] == [
        "The sheet 'Report' is missing; download the workbook again."
    ]


def test_the_workbook_of_another_countrys_report_is_refused(
    answered, bkd_cycle, nfp_uzbekistan, nfp_tajikistan
):
    tajik = country_report(bkd_cycle, "TJ", by=nfp_tajikistan)
    book = download(tajik)
    fill(book, "estimate", 1500)
    before = snapshot(answered)

    result = upload(answered, book, by=nfp_uzbekistan)

    assert [str(e) for e in result.errors] == [
        "This workbook belongs to another report. Download the workbook of this report "
        "(Uzbekistan, BKD 2020) and copy your answers into it."
    ]
    assert snapshot(answered) == before


def test_a_workbook_of_another_format_version_is_refused(answered, nfp_uzbekistan):
    book = download(answered)
    meta = book[META_SHEET]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "format_version")
    meta.cell(row, 2).value = 2

    result = upload(answered, book, by=nfp_uzbekistan)

    assert [str(e) for e in result.errors] == [
        "This workbook was made for version 2 of the report format; the report now uses "
        "version 1. Download the workbook again."
    ]


def test_a_file_that_is_not_an_xlsx_workbook_is_refused(answered, nfp_uzbekistan):
    result = import_workbook(report=answered, data=b"a,b\n", filename="report.csv",
                             by=nfp_uzbekistan)  # fmt: skip
    broken = import_workbook(report=answered, data=b"not a zip", filename="report.xlsx",
                             by=nfp_uzbekistan)  # fmt: skip

    assert [str(e) for e in result.errors + broken.errors] == [
        "report.csv is not an Excel workbook (.xlsx). Save the workbook as .xlsx and upload it "
        "again.",
        "report.xlsx cannot be read as an Excel workbook (.xlsx); download the workbook again.",
    ]


def test_a_workbook_too_large_is_refused(answered, nfp_uzbekistan, settings):
    settings.MEAHUB_MAX_UPLOAD_BYTES = 1000
    book = download(answered)
    fill(book, "estimate", 1500)
    before = snapshot(answered)

    result = upload(answered, book, by=nfp_uzbekistan, name="big.xlsx")

    assert [str(e).replace("\xa0", " ") for e in result.errors] == [
        "big.xlsx is larger than 1000 bytes, the most a workbook may be."
    ]
    assert snapshot(answered) == before


def test_a_submitted_report_refuses_uploads(uz_report, bkd_format, nfp_uzbekistan):
    answer_required(uz_report, bkd_format, by=nfp_uzbekistan)
    book = download(uz_report)
    review.submit_report(report=uz_report, by=nfp_uzbekistan)
    uz_report.refresh_from_db()
    fill(book, "estimate", 1500)

    result = upload(uz_report, book, by=nfp_uzbekistan)

    assert [str(e) for e in result.errors] == [
        "The report has been submitted: it is read-only until the Secretariat returns it."
    ]
    assert Answer.objects.get(report=uz_report, question__name="estimate").value == 1200


def test_new_item_rows_left_blank_add_no_item(answered, nfp_uzbekistan):
    book = download(answered)
    fill(book, "estimate", 1500)

    result = upload(answered, book, by=nfp_uzbekistan)

    answered.refresh_from_db()
    assert (result.items_added, answered.repeat_counts) == (0, {"areas": 1})


# --- who may upload ----------------------------------------------------------------------------


def test_staff_may_upload_on_the_countrys_behalf(answered, secretariat_officer):
    book = download(answered)
    fill(book, "estimate", 1500)

    result = upload(answered, book, by=secretariat_officer)

    assert (result.errors, result.changed) == ([], 1)


@pytest.mark.parametrize("who", ["nfp_tajikistan", "partner_cic", "contributor"])
def test_people_who_may_not_edit_the_report_cannot_upload(request, answered, who):
    user = (
        make_contributor(answered.country) if who == "contributor" else request.getfixturevalue(who)
    )
    book = download(answered)
    fill(book, "estimate", 1500)
    before = snapshot(answered)

    with pytest.raises(PermissionDenied):
        upload(answered, book, by=user)

    assert snapshot(answered) == before


# --- the pages ---------------------------------------------------------------------------------


def url(name: str, report: NationalReport) -> str:
    return reverse(f"reporting:{name}", args=[report.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat_officer", 200), ("nfp_uzbekistan", 200), ("nfp_tajikistan", 404),
     ("partner_cic", 404), ("anonymous", 404)],
)  # fmt: skip
def test_who_may_download_the_workbook(request, client, answered, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(url("report-xlsx", answered) + "?prefilled=1")

    assert response.status_code == status
    if status == 200:
        book = load_workbook(io.BytesIO(response.content))
        assert book[REPORT_SHEET]["H2"].value == 1200
        assert response["Content-Disposition"] == (
            'attachment; filename="BKD-2020-UZ-report-prefilled.xlsx"'
        )


def test_the_upload_page_lists_refused_cells(client, answered, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)
    book = download(answered)
    cell = fill(book, "estimate", "many")
    buffer = as_file(book)

    response = client.post(url("report-upload", answered), {"workbook": buffer})

    assert response.status_code == 422
    assert response.context["result"].errors == [
        CellError(cell, "give a whole number, e.g. 1200 (you wrote 'many').")
    ]
    assert f'<th scope="row">{cell}</th>' in response.content.decode()


def test_the_upload_page_shows_what_changed(client, answered, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)
    book = download(answered)
    fill(book, "estimate", 1500)
    buffer = as_file(book)

    response = client.post(url("report-upload", answered), {"workbook": buffer})

    assert response.status_code == 200
    assert "1 answer changed, 8 unchanged, 0 items added." in response.content.decode()
    assert Answer.objects.get(report=answered, question__name="estimate").value == 1500


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat_officer", 200), ("nfp_uzbekistan", 200), ("nfp_tajikistan", 404),
     ("partner_cic", 404), ("contributor", 403)],
)  # fmt: skip
def test_who_may_open_the_upload_page(request, client, answered, who, status):
    user = (
        make_contributor(answered.country) if who == "contributor" else request.getfixturevalue(who)
    )
    if who == "contributor":
        review.delegate_section(
            report=answered, section=answered.cycle.format.sections.get(name="areas"),
            contributor=user, by=request.getfixturevalue("nfp_uzbekistan"),
        )  # fmt: skip
    client.force_login(user)

    response = client.get(url("report-upload", answered))

    assert response.status_code == status


def test_the_public_is_sent_to_sign_in_before_uploading(client, answered):
    response = client.get(url("report-upload", answered))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("accounts:login"))


def test_another_countrys_focal_point_cannot_upload_through_the_page(
    client, answered, nfp_tajikistan
):
    client.force_login(nfp_tajikistan)
    book = download(answered)
    fill(book, "estimate", 1500)
    buffer = as_file(book)
    before = snapshot(answered)

    response = client.post(url("report-upload", answered), {"workbook": buffer})

    assert (response.status_code, snapshot(answered)) == (404, before)


def test_the_upload_page_of_a_submitted_report_says_it_is_read_only(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    answer_required(uz_report, bkd_format, by=nfp_uzbekistan)
    review.submit_report(report=uz_report, by=nfp_uzbekistan)
    client.force_login(nfp_uzbekistan)

    response = client.get(url("report-upload", uz_report))

    assert (response.status_code, response.context["form"]) == (200, None)
    assert (
        "The report has been submitted: it is read-only until the Secretariat returns it."
        in response.content.decode()
    )


def test_the_upload_form_answers_htmx_with_its_fragment(client, answered, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)
    book = download(answered)
    fill(book, "estimate", 1500)

    response = client.post(
        url("report-upload", answered), {"workbook": as_file(book)}, HTTP_HX_REQUEST="true"
    )

    content = response.content.decode()
    assert (response.status_code, content.lstrip().startswith('<div id="workbook-upload">')) == (
        200, True
    )  # fmt: skip


@pytest.mark.parametrize("areas", [1, 3])
def test_the_workbook_takes_the_same_queries_however_many_items(
    answered, bkd_format, nfp_uzbekistan, django_assert_max_num_queries, areas
):
    for _ in range(areas - 1):
        item = answers.add_repeat_item(report=answered, section=bkd_format.areas, by=nfp_uzbekistan)
        answer(answered, bkd_format, "area_name", "Area", item=item, by=nfp_uzbekistan)
    answered.refresh_from_db()

    with django_assert_max_num_queries(8):
        report_workbook(answered, prefilled=True)


def test_uploading_the_workbook_as_downloaded_changes_nothing(answered, bkd_format, nfp_uzbekistan):
    Question.objects.create(
        format=bkd_format.format, section=bkd_format.actions, name="last_survey", number="3.4",
        position=4, type=QuestionType.DATE, label={"en": "Date of the last survey"},
    )  # fmt: skip
    answer(answered, bkd_format, "last_survey", "2019-05-31", by=nfp_uzbekistan)
    answer(answered, bkd_format, "area_size", "2300.75", item="1", by=nfp_uzbekistan)
    answer(answered, bkd_format, "actions_taken", "=Patrols\nand counts", by=nfp_uzbekistan)
    before = snapshot(answered)

    result = upload(answered, download(answered), by=nfp_uzbekistan)

    assert (result.errors, result.changed, snapshot(answered)) == ([], 0, before)


def test_only_the_report_sheet_is_selected_when_the_workbook_opens(answered):
    book = download(answered)

    assert [(s.title, s.sheet_view.tabSelected) for s in book.worksheets[:2]] == [
        ("Read me", False), ("Report", True)
    ]  # fmt: skip
