"""A country's report as DOCX and PDF: the heading facts (country, cycle, format, status,
submission, on whose behalf), then every section, question and answer in order — repeated
sections item by item, tables as tables, files by name — in the active language. Whoever may
read the report may download it; the public only once it is accepted and published."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from meahub.core.pdf import weasyprint_problem
from meahub.reporting import exports
from meahub.reporting.enums import QuestionType
from meahub.reporting.models import NationalReport, Question
from meahub.reporting.services import answers, review
from meahub.reporting.tests.filling_support import answer, country_report, submitted_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def uz_report(bkd_cycle, bkd_format, nfp_uzbekistan) -> NationalReport:
    report = country_report(bkd_cycle, "UZ", by=nfp_uzbekistan)
    answer(report, bkd_format, "estimate", "1200", by=nfp_uzbekistan)
    answer(report, bkd_format, "trend", "increasing", by=nfp_uzbekistan)
    answer(report, bkd_format, "threats", ["poaching", "other"], other_text="Floods",
           by=nfp_uzbekistan)  # fmt: skip
    answer(report, bkd_format, "has_actions", "no", by=nfp_uzbekistan)
    answer(report, bkd_format, "cooperation", {"monitoring": {"partners": "WWF", "projects": 3}},
           by=nfp_uzbekistan)  # fmt: skip
    for name, deer in (("Zeravshan", "80"), ("Amu Darya", "")):
        item = answers.add_repeat_item(report=report, section=bkd_format.areas, by=nfp_uzbekistan)
        answer(report, bkd_format, "area_name", name, item=item, by=nfp_uzbekistan)
        if deer:
            answer(report, bkd_format, "area_deer", deer, item=item, by=nfp_uzbekistan)
    report.refresh_from_db()
    return report


def read_docx(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """The paragraphs (with text) and the tables (rows of cell texts) of a DOCX."""
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    return paragraphs, tables


def test_the_docx_opens_with_the_country_cycle_format_and_status(uz_report):
    paragraphs, tables = read_docx(exports.report_docx(uz_report))

    assert paragraphs[0] == "National report of Uzbekistan"
    assert tables[0] == [
        ["Country", "Uzbekistan"],
        ["Instrument", "MOU concerning the Bukhara Deer"],
        ["Reporting cycle", "2020"],
        ["Reporting period", "1 January 2015 to 31 December 2019"],
        ["Report format", "Bukhara Deer national report (v1)"],
        ["Status", "Draft"],
    ]


def test_the_docx_gives_every_question_and_answer_in_order(uz_report):
    paragraphs, _tables = read_docx(exports.report_docx(uz_report))

    assert paragraphs[1:] == [
        "1 Population",
        "1.1 Population estimate", "1,200 animals",
        "1.2 Population trend", "Increasing",
        "1.3 Deer counted in protected areas", "80",
        "2 Threats",
        "2.1 Main threats", "Poaching; Other: Floods",
        "3 Actions and cooperation",
        "3.1 Were conservation actions taken?", "No",
        "3.3 Cooperation with other Range States",
        "4 Protected areas",
        "Item 1",
        "4.1 Name", "Zeravshan",
        "4.2 Area", "No answer",
        "4.3 Deer counted", "80",
        "Item 2",
        "4.1 Name", "Amu Darya",
        "4.2 Area", "No answer",
        "4.3 Deer counted", "No answer",
    ]  # fmt: skip


def test_a_table_answer_is_a_table(uz_report):
    _paragraphs, tables = read_docx(exports.report_docx(uz_report))

    assert tables[1] == [
        ["", "Partners", "Projects"],
        ["Research", "", ""],
        ["Monitoring", "WWF", "3"],
    ]


def test_a_file_answer_is_listed_by_its_name(uz_report, bkd_format, nfp_uzbekistan):
    survey = Question.objects.create(
        format=bkd_format.format, section=bkd_format.population, name="survey", number="1.4",
        position=4, type=QuestionType.FILE, label={"en": "Survey report"},
    )  # fmt: skip
    answers.save_file_answer(
        report=uz_report, question=survey, by=nfp_uzbekistan,
        upload=SimpleUploadedFile("survey-2019.pdf", b"%PDF-1.4 survey"),
    )  # fmt: skip

    paragraphs, _tables = read_docx(exports.report_docx(uz_report))

    position = paragraphs.index("1.4 Survey report")
    assert paragraphs[position + 1] == "survey-2019.pdf"


def test_a_report_the_secretariat_submitted_says_so(bkd_cycle, bkd_format, secretariat_officer):
    report = submitted_report(bkd_cycle, bkd_format, "UZ", by=secretariat_officer)

    paragraphs, tables = read_docx(exports.report_docx(report))

    assert [row[0] for row in tables[0][-2:]] == ["Status", "Submitted on"]
    assert tables[0][-2][1] == "Submitted"
    assert paragraphs[1] == "Submitted by the Secretariat on the country's behalf."


def test_a_report_the_country_submitted_does_not_say_on_behalf(
    bkd_cycle, bkd_format, nfp_uzbekistan
):
    report = submitted_report(bkd_cycle, bkd_format, "UZ", by=nfp_uzbekistan)

    paragraphs, _tables = read_docx(exports.report_docx(report))

    assert paragraphs[1] == "1 Population"


def test_questions_a_condition_leaves_out_are_left_out(uz_report, bkd_format, nfp_uzbekistan):
    answer(uz_report, bkd_format, "has_actions", "yes", by=nfp_uzbekistan)

    paragraphs, _tables = read_docx(exports.report_docx(uz_report))

    position = paragraphs.index("3.2 Describe the actions")
    assert paragraphs[position - 2 : position + 2] == [
        "3.1 Were conservation actions taken?", "Yes", "3.2 Describe the actions", "No answer"
    ]  # fmt: skip


def test_the_docx_is_in_the_language_asked_for(uz_report):
    paragraphs, _tables = read_docx(exports.report_docx(uz_report, language="fr"))

    assert paragraphs[2:4] == ["1.1 Estimation de la population", "1\xa0200 animals"]


def test_the_pdf_is_a_pdf(uz_report):
    problem = weasyprint_problem()
    if problem:
        pytest.skip(problem)

    pdf = exports.report_pdf(uz_report)

    assert pdf.startswith(b"%PDF")


# --- the download ------------------------------------------------------------------------------


def url(report: NationalReport, fmt: str) -> str:
    return reverse("reporting:report-export", args=[report.pk, fmt])


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat_officer", 200), ("nfp_uzbekistan", 200), ("nfp_tajikistan", 404),
     ("partner_cic", 404), ("anonymous", 404)],
)  # fmt: skip
def test_who_may_download_a_draft_report(request, client, uz_report, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(url(uz_report, "docx"))

    assert response.status_code == status
    if status == 200:
        assert read_docx(response.content)[0][0] == "National report of Uzbekistan"
        assert response["Content-Disposition"] == (
            'attachment; filename="BKD-2020-UZ-national-report.docx"'
        )


@pytest.mark.parametrize("who", ["nfp_tajikistan", "partner_cic", "anonymous"])
def test_anyone_may_download_an_accepted_and_published_report(
    request, client, bkd_cycle, bkd_format, nfp_uzbekistan, secretariat_officer, who
):
    report = submitted_report(bkd_cycle, bkd_format, "UZ", by=nfp_uzbekistan)
    review.accept_report(report=report, by=secretariat_officer)
    review.publish_report(report=report, by=secretariat_officer)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(url(report, "docx"))

    assert response.status_code == 200
    facts = read_docx(response.content)[1][0]
    assert [row[0] for row in facts[5:]] == ["Status", "Submitted on", "Accepted on"]
    assert facts[5] == ["Status", "Accepted"]


def test_an_accepted_report_not_published_stays_hidden_from_the_public(
    client, bkd_cycle, bkd_format, nfp_uzbekistan, secretariat_officer
):
    report = submitted_report(bkd_cycle, bkd_format, "UZ", by=nfp_uzbekistan)
    review.accept_report(report=report, by=secretariat_officer)

    response = client.get(url(report, "pdf"))

    assert response.status_code == 404


def test_an_unknown_export_format_is_not_found(client, uz_report, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)

    response = client.get(url(uz_report, "odt"))

    assert response.status_code == 404


def test_the_pdf_download_is_a_pdf(client, uz_report, nfp_uzbekistan):
    problem = weasyprint_problem()
    if problem:
        pytest.skip(problem)
    client.force_login(nfp_uzbekistan)

    response = client.get(url(uz_report, "pdf"))

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF")


def test_the_pdf_download_says_what_is_missing_without_weasyprint(
    client, uz_report, nfp_uzbekistan, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    client.force_login(nfp_uzbekistan)

    response = client.get(url(uz_report, "pdf"))

    assert response.status_code == 503
    assert response.content.decode().startswith(
        "The PDF export needs WeasyPrint (pip install weasyprint==70.0) and the Pango library"
    )


@pytest.mark.parametrize("areas", [1, 3])
def test_the_export_takes_the_same_queries_however_many_items(
    uz_report, bkd_format, nfp_uzbekistan, django_assert_max_num_queries, areas
):
    for _ in range(areas - 1):
        item = answers.add_repeat_item(
            report=uz_report, section=bkd_format.areas, by=nfp_uzbekistan
        )
        answer(uz_report, bkd_format, "area_name", "Area", item=item, by=nfp_uzbekistan)
    uz_report.refresh_from_db()

    with django_assert_max_num_queries(8):
        exports.report_docx(uz_report)
