"""The overview report as files: XLSX and CSV carry every figure with the countries and
answer ids it came from; DOCX opens in Word; PDF prints (when WeasyPrint can run)."""

from __future__ import annotations

import csv
import io
import sys
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from meahub.core.pdf import weasyprint_problem
from meahub.reporting.overview import compile_overview
from meahub.reporting.overview_exports import (
    HEADER,
    overview_csv,
    overview_docx,
    overview_pdf,
    overview_xlsx,
)
from meahub.reporting.services.overview import start_overview
from meahub.reporting.tests.overview_support import HandMade, build_hand_made

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def made(bkd_cycle, bkd_format, secretariat_officer) -> HandMade:
    return build_hand_made(bkd_cycle, bkd_format, secretariat_officer)


@pytest.fixture
def data(made) -> dict[str, Any]:
    return compile_overview(made.cycle)


def rows_about(rows: list[list[Any]], question: str) -> list[list[Any]]:
    column = HEADER.index("Question")
    return [row for row in rows if row[column] == question]


def pick(row: list[Any], *names: str) -> tuple[Any, ...]:
    return tuple(row[HEADER.index(name)] for name in names)


def test_the_xlsx_holds_each_figure_with_its_countries_and_answers(data, made):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(overview_xlsx(data)))

    assert workbook.sheetnames == ["Overview", "Status"]
    rows = [list(row) for row in workbook["Overview"].iter_rows(values_only=True)]
    assert rows[0] == HEADER
    estimate = rows_about(rows, "Population estimate")
    assert [pick(r, "Figure", "Value", "n", "Previous value", "Countries") for r in estimate] == [
        ("Total", 2000, 3, 1000, "KZ TJ UZ"),
        ("Mean", 666.67, 3, 1000, "KZ TJ UZ"),
        ("Minimum", 300, 3, 1000, "TJ"),
        ("Maximum", 1200, 3, 1000, "UZ"),
    ]
    trend = rows_about(rows, "Population trend")
    assert [pick(r, "Figure", "Value", "Share", "Previous share") for r in trend] == [
        ("Increasing", 2, 0.6667, 0),
        ("Stable", 1, 0.3333, 0),
        ("Decreasing", 0, 0, 1),
    ]
    uz_estimate = made.answer(made.uz, "estimate").pk
    assert pick(estimate[3], "Answers") == (str(uz_estimate),)
    status = [list(row) for row in workbook["Status"].iter_rows(values_only=True)]
    assert status[1] == [data["status"]["summary"], None, None, None, None, None]
    assert [row[:3] for row in status[4:]] == [
        ["Kazakhstan", "KZ", "Submitted"],
        ["Tajikistan", "TJ", "Accepted"],
        ["Turkmenistan", "TM", "Draft"],
        ["Uzbekistan", "UZ", "Submitted"],
    ]


def test_the_csv_quotes_every_text_answer_with_its_country(data, made):
    rows = list(csv.reader(io.StringIO(overview_csv(data).decode("utf-8"))))

    assert rows[0] == HEADER
    quotes = rows_about(rows, "Describe the actions")
    assert [pick(r, "Figure", "Value", "Countries", "Answers") for r in quotes] == [
        ("Answer", "Anti-poaching patrols in Zarafshan", "UZ",
         str(made.answer(made.uz, "actions_taken").pk)),
    ]  # fmt: skip
    areas = rows_about(rows, "Name")
    assert [pick(r, "Item", "Value") for r in areas] == [
        ("Tajikistan: Tigrovaya Balka", "Tigrovaya Balka"),
        ("Uzbekistan: Zarafshan", "Zarafshan"),
        ("Uzbekistan: Badai-Tugai", "Badai-Tugai"),
    ]
    table = rows_about(rows, "Cooperation with other Range States")
    assert [pick(r, "Figure", "Value", "Countries") for r in table] == [
        ("Research / Partners", "CIC", "TJ"),
        ("Research / Partners", "WWF", "UZ"),
        ("Research / Projects", "3", "TJ UZ"),
        ("Monitoring / Projects", "3", "TJ"),
    ]


def test_the_docx_opens_with_the_status_figures_and_quotes(data):
    from docx import Document as WordDocument

    document = WordDocument(io.BytesIO(overview_docx(data, base="https://meahub.example")))

    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Overview of the national reports: Bukhara Deer MOU 2020"
    assert data["status"]["summary"] in texts
    assert "Uzbekistan: Anti-poaching patrols in Zarafshan" in texts
    first_table = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert first_table[0] == ["Country", "Code", "Status", "Submitted at"]
    links = [
        rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("hyperlink")
    ]
    assert all(link.startswith("https://meahub.example/reporting/") for link in links)
    assert len(links) > 20


def test_the_pdf_is_a_pdf(data):
    problem = weasyprint_problem()
    if problem:
        pytest.skip(problem)

    pdf = overview_pdf(data, base="https://meahub.example")

    assert pdf.startswith(b"%PDF")


@override_settings(TASKS=IMMEDIATE)
@pytest.mark.parametrize(
    ("fmt", "content_type", "start"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("csv", "text/csv; charset=utf-8", b"Section,Number,Question"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    ],
)
def test_staff_download_the_overview(
    client, made, secretariat_officer, django_capture_on_commit_callbacks, fmt, content_type, start
):
    with django_capture_on_commit_callbacks(execute=True):
        report = start_overview(cycle=made.cycle, by=secretariat_officer)
    client.force_login(secretariat_officer)

    response = client.get(reverse("reporting:overview-export", args=[report.pk, fmt]))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="overview-bkd-2020.{fmt}"'
    assert response.content.startswith(start)


@override_settings(TASKS=IMMEDIATE)
def test_the_pdf_download_says_what_is_missing_without_weasyprint(
    client, made, secretariat_officer, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        report = start_overview(cycle=made.cycle, by=secretariat_officer)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    client.force_login(secretariat_officer)

    response = client.get(reverse("reporting:overview-export", args=[report.pk, "pdf"]))

    assert response.status_code == 503
    assert response.content.decode().startswith("The PDF export needs WeasyPrint")


def test_an_unknown_format_is_not_found(client, made, secretariat_officer):
    report = start_overview(cycle=made.cycle, by=secretariat_officer)
    client.force_login(secretariat_officer)

    response = client.get(reverse("reporting:overview-export", args=[report.pk, "odt"]))

    assert response.status_code == 404
