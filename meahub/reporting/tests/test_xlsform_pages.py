"""The XLSForm pages: importing a format (reporting:format-import) and downloading one
(reporting:format-xlsform)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from meahub.reporting.enums import FormatStatus
from meahub.reporting.models import Question, ReportFormat
from meahub.reporting.tests.xlsform_support import format_rows, make_xlsx
from meahub.tests import factories as f

IMPORT_URL = reverse("reporting:format-import")
SURVEY = [
    ["type", "name", "label", "appearance"],
    ["integer", "estimate", "Estimate"],
    ["text", "notes", "Notes", "minimal"],
]


def upload(data: bytes, name: str = "deer.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_staff_import_a_form_and_see_what_was_created_and_dropped(client, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        IMPORT_URL, {"instrument": "BKD", "xlsform": upload(make_xlsx(SURVEY)), "title": "Deer"}
    )

    assert response.status_code == 200
    made = ReportFormat.objects.get()
    assert (made.title, made.instrument.code, made.status) == ("Deer", "BKD", FormatStatus.DRAFT)
    assert list(Question.objects.filter(format=made).values_list("name", flat=True)) == [
        "estimate", "notes",
    ]  # fmt: skip
    page = response.content.decode()
    assert "Imported “Deer” (version 1) of BKD as a draft:" in page
    assert "meahub lays out its pages itself; the appearance &#x27;minimal&#x27; is not used." in (
        page
    )


def test_errors_are_listed_by_sheet_and_row_and_nothing_is_written(client, secretariat_officer):
    client.force_login(secretariat_officer)
    broken = make_xlsx([["type", "name", "label"], ["text", "a", "A"], ["begin_group", "g", "G"]])
    before = format_rows()

    response = client.post(IMPORT_URL, {"instrument": "BKD", "xlsform": upload(broken)})

    assert response.status_code == 422
    assert response.context["errors"] == [
        {"sheet": "survey", "row": 3,
         "message": "Unmatched 'begin_group'. No matching 'end_group' was found for the name 'g'."}
    ]  # fmt: skip
    assert "<tr><td>survey</td><td>3</td><td>Unmatched" in response.content.decode()
    assert format_rows() == before


def test_a_file_of_another_type_is_refused_naming_it(client, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        IMPORT_URL, {"instrument": "BKD", "xlsform": upload(b"a,b\n", "form.csv")}
    )

    assert response.status_code == 422
    assert response.context["errors"] == [
        {"sheet": None, "row": None,
         "message": "form.csv: an XLSForm is read from an .xlsx workbook, not .csv (save it as "
                    ".xlsx: Excel 2007 or later)."}
    ]  # fmt: skip
    assert ReportFormat.objects.count() == 0


def test_an_instrument_the_officer_does_not_serve_is_not_offered(client, bukhara):
    aewa = f.make_instrument(code="AEWA")
    officer = f.make_secretariat(instruments=[aewa])
    client.force_login(officer)

    response = client.post(IMPORT_URL, {"instrument": "BKD", "xlsform": upload(make_xlsx(SURVEY))})

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["instrument"]
    assert ReportFormat.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat_officer", 200), ("nfp_uzbekistan", 403), ("partner_cic", 403)],
)
def test_who_may_open_the_import_page(request, client, who, status):
    client.force_login(request.getfixturevalue(who))

    response = client.get(IMPORT_URL + "?instrument=BKD")

    assert response.status_code == status


def test_the_public_is_sent_to_sign_in_before_importing(client, bukhara):
    response = client.post(IMPORT_URL, {"instrument": "BKD"})

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("accounts:login"))
    assert ReportFormat.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat_officer", 200), ("nfp_uzbekistan", 200), ("partner_cic", 200),
     ("anonymous", 200)],
)  # fmt: skip
def test_anyone_may_download_an_adopted_format_as_xlsform(request, client, bkd_format, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("reporting:format-xlsform", args=[bkd_format.format.pk]))

    assert response.status_code == status
    assert response["Content-Disposition"] == (
        'attachment; filename="BKD-bukhara-deer-national-report-v1.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["survey", "choices", "settings"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat_officer", 200), ("nfp_uzbekistan", 404), ("partner_cic", 404),
     ("anonymous", 404)],
)  # fmt: skip
def test_only_staff_may_download_a_draft(request, client, bkd_format, who, status):
    ReportFormat.objects.filter(pk=bkd_format.format.pk).update(status=FormatStatus.DRAFT)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("reporting:format-xlsform", args=[bkd_format.format.pk]))

    assert response.status_code == status
