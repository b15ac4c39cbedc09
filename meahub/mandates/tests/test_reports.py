"""The progress report: what a draft covers and says, who may write it, and the DOCX and PDF
exports read back."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meahub.core.pdf import weasyprint_problem
from meahub.mandates import reports, services
from meahub.mandates.enums import MandateStatus
from meahub.mandates.models import Mandate, ProgressEntry, ProgressReport
from meahub.mandates.tests.test_pages import REPORT, RESOLUTION, SECRET, Eagles, ingest
from meahub.meetings.enums import MeetingKind
from meahub.meetings.models import Meeting

pytestmark = pytest.mark.django_db

BKD_DECISION = """UNEP/CMS/BKD/MOS5/Dec.5.1
Original: English

SURVEYS OF THE BUKHARA DEER

Adopted by the Meeting of the Signatories at its 5th Meeting (Dushanbe, 4-6 June 2049)

The Meeting of the Signatories to the Memorandum of Understanding concerning the Bukhara Deer

1. Requests the Secretariat to publish the survey results of every range country.
"""

TODAY = dt.date.today()


def meeting(bukhara, slug: str, days: int, kind: str = MeetingKind.STANDING_COMMITTEE) -> Meeting:
    return Meeting.objects.create(
        slug=slug,
        instrument=bukhara.cms,
        kind=kind,
        name=f"Meeting {slug}",
        starts_on=TODAY + dt.timedelta(days=days),
    )


@pytest.fixture
def eagles(secretariat_officer) -> Eagles:
    return Eagles(
        resolution=ingest(RESOLUTION, by=secretariat_officer),
        secret=ingest(SECRET, by=secretariat_officer, publish=False),
        report=ingest(REPORT, by=secretariat_officer),
    )


@pytest.fixture
def coming(bukhara) -> Meeting:
    """The next Standing Committee; the last one was more than a year ago."""
    meeting(bukhara, "stc-last", -400)
    return meeting(bukhara, "stc-next", 60)


def draft(bukhara, coming, by, **options) -> ProgressReport:  # type: ignore[no-untyped-def]
    return reports.draft_progress_report(
        instrument=bukhara.cms, meeting=coming, by=by, symbol="UNEP/CMS/StC71/Doc.8", **options
    )


def entry_for(report: ProgressReport, mandate: Mandate) -> ProgressEntry:
    return report.entries.get(mandate=mandate)


# --- what a draft covers --------------------------------------------------------------------


def test_a_draft_has_an_entry_for_each_open_mandate_by_theme(
    eagles, coming, bukhara, secretariat_officer
):
    report = draft(bukhara, coming, secretariat_officer)

    sections = reports.report_sections(report)
    assert [(s.theme, [i.reference for i in s.entries]) for s in sections] == [
        (
            "Steppe Eagles and Power Lines",
            [
                "Resolution 46.4, paragraph 1",
                "Resolution 46.4, paragraph 2",
                "Resolution 46.4, paragraph 3",
            ],
        ),
        ("Unpublished Matters", ["Resolution 46.9, paragraph 1"]),
    ]
    assert [i.number for s in sections for i in s.entries] == [1, 2, 3, 4]


def test_themes_follow_what_staff_set(eagles, coming, bukhara, secretariat_officer):
    services.update_mandate(mandate=eagles.mandate("3"), by=secretariat_officer, theme="Monitoring")

    report = draft(bukhara, coming, secretariat_officer)

    assert [s.theme for s in reports.report_sections(report)] == [
        "Steppe Eagles and Power Lines",
        "Monitoring",
        "Unpublished Matters",
    ]


def test_a_mandate_done_before_the_last_meeting_is_left_out(eagles, bukhara, secretariat_officer):
    services.update_mandate(
        mandate=eagles.mandate("3"), by=secretariat_officer, status=MandateStatus.DONE
    )
    meeting(bukhara, "stc-last", 10)  # everything happened before it
    coming = meeting(bukhara, "stc-next", 60)

    report = draft(bukhara, coming, secretariat_officer)

    assert not report.entries.filter(mandate=eagles.mandate("3")).exists()
    assert report.entries.count() == 3


def test_a_mandate_done_since_the_last_meeting_is_reported(
    eagles, coming, bukhara, secretariat_officer
):
    done = eagles.mandate("3")
    services.update_mandate(mandate=done, by=secretariat_officer, status=MandateStatus.DONE)

    report = draft(bukhara, coming, secretariat_officer)

    assert "It has been carried out." in entry_for(report, done).text


def test_a_superseded_mandate_is_reported_by_the_version_that_carries_it_on(
    eagles, coming, bukhara, secretariat_officer
):
    revision = ingest(
        RESOLUTION.replace("Resolution 46.4\n", "Resolution 46.4 (Rev.COP47)\n"),
        by=secretariat_officer,
    )

    report = draft(bukhara, coming, secretariat_officer)

    covered = set(report.entries.values_list("mandate__document", flat=True))
    assert covered == {revision.pk, eagles.secret.pk}


def test_the_mandates_of_the_instruments_under_it_are_reported_too(
    eagles, coming, bukhara, secretariat_officer
):
    ingest(BKD_DECISION, by=secretariat_officer)

    report = draft(bukhara, coming, secretariat_officer)

    references = [i.reference for s in reports.report_sections(report) for i in s.entries]
    assert "UNEP/CMS/BKD/MOS5/Dec.5.1, paragraph 1" in references


def test_a_first_report_with_no_earlier_meeting_covers_every_mandate(
    eagles, bukhara, secretariat_officer
):
    services.update_mandate(
        mandate=eagles.mandate("3"), by=secretariat_officer, status=MandateStatus.DONE
    )
    first = meeting(bukhara, "stc-first", 30)

    report = draft(bukhara, first, secretariat_officer)

    assert report.entries.count() == 4


# --- what a draft says ----------------------------------------------------------------------


def test_an_entry_says_what_was_asked_its_status_notes_and_evidence(
    eagles, coming, bukhara, secretariat_officer
):
    mandate = eagles.mandate("1")
    services.update_mandate(
        mandate=mandate,
        by=secretariat_officer,
        status=MandateStatus.IN_PROGRESS,
        notes="Two utilities took part",
    )
    services.add_evidence(
        mandate=mandate,
        by=secretariat_officer,
        kind="paragraph",
        document=eagles.report,
        paragraph=eagles.report.paragraphs.get(anchor="1"),
    )
    services.add_evidence(
        mandate=mandate, by=secretariat_officer, kind="link", url="https://example.org/g"
    )

    report = draft(bukhara, coming, secretariat_officer)

    assert entry_for(report, mandate).text == (
        "Resolution 46.4, paragraph 1 requests the Secretariat to prepare guidelines on "
        "bird-safe power lines by 2050. Work on it is in progress. Two utilities took part. "
        "See UNEP/CMS/StC70/Doc.5, paragraph 1; https://example.org/g."
    )


def test_the_summary_counts_the_mandates_and_names_the_meetings(
    eagles, coming, bukhara, secretariat_officer
):
    report = draft(bukhara, coming, secretariat_officer)

    assert report.summary.startswith(
        "This document sets out the progress made since the Meeting stc-last on the mandates"
    )
    assert "It covers 4 mandates that are open or changed in that period (4 not started)" in (
        report.summary
    )


def test_the_action_requested_invites_the_meeting_to_take_note(
    eagles, coming, bukhara, secretariat_officer
):
    report = draft(bukhara, coming, secretariat_officer)

    assert report.action_requested.splitlines() == [
        "The Standing Committee is invited to:",
        "(a) take note of the present report;",
        "(b) provide guidance on the 4 mandates on which work has not started.",
    ]


def test_a_draft_has_a_title_a_date_and_an_author(eagles, coming, bukhara, secretariat_officer):
    report = draft(bukhara, coming, secretariat_officer)

    assert (report.title, report.date, report.created_by) == (
        "Progress on the mandates of CMS",
        TODAY,
        secretariat_officer,
    )
    assert report.history.get().history_user == secretariat_officer
    assert {e.history_user for e in ProgressEntry.history.all()} == {secretariat_officer}


# --- who writes -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["nfp_uzbekistan", "partner_cic", "anonymous"])
def test_only_staff_draft_a_report(eagles, coming, bukhara, request, persona):
    with pytest.raises(PermissionDenied):
        draft(bukhara, coming, request.getfixturevalue(persona))

    assert not ProgressReport.objects.exists()


def test_an_entry_rewritten_is_attributed(eagles, coming, bukhara, secretariat_officer):
    report = draft(bukhara, coming, secretariat_officer)
    entry = report.entries.first()

    reports.update_progress_entry(entry=entry, by=secretariat_officer, text="Guidelines drafted.")

    latest = entry.history.latest("history_date")
    assert (latest.text, latest.history_user) == ("Guidelines drafted.", secretariat_officer)


def test_an_empty_entry_is_refused(eagles, coming, bukhara, secretariat_officer):
    entry = draft(bukhara, coming, secretariat_officer).entries.first()

    with pytest.raises(ValidationError) as error:
        reports.update_progress_entry(entry=entry, by=secretariat_officer, text=" ")

    assert error.value.message_dict == {"text": ["Say what was done on this mandate."]}


def test_a_report_field_that_is_not_editable_is_refused(
    eagles, coming, bukhara, secretariat_officer
):
    report = draft(bukhara, coming, secretariat_officer)

    with pytest.raises(ValidationError) as error:
        reports.update_progress_report(report=report, by=secretariat_officer, meeting=None)

    assert error.value.message_dict == {"meeting": ["This field cannot be changed here."]}


# --- exports --------------------------------------------------------------------------------


def docx_text(data: bytes) -> tuple[list[str], list[str]]:
    """(the body's paragraphs, the text of the table cells) of a DOCX."""
    from docx import Document as WordDocument

    document = WordDocument(io.BytesIO(data))
    cells = [
        paragraph.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
    ]
    return [p.text for p in document.paragraphs], cells


def test_the_docx_has_the_heading_summary_sections_and_action_requested(
    eagles, coming, bukhara, secretariat_officer
):
    report = draft(bukhara, coming, secretariat_officer)
    report.date = dt.date(2051, 3, 1)
    report.save()

    paragraphs, cells = docx_text(reports.progress_report_docx(report))

    assert paragraphs[0].splitlines() == [
        "UNEP/CMS/StC71/Doc.8",
        "1 March 2051",
        "Original: English",
    ]
    assert "(Prepared by the Secretariat)" in paragraphs
    assert "PROGRESS ON THE MANDATES OF CMS" in paragraphs
    assert cells[0] == "Summary"
    assert cells[1] == report.summary
    assert "Steppe Eagles and Power Lines" in paragraphs
    numbered = [p for p in paragraphs if p[:1].isdigit()]
    assert [p.split("\t")[0] for p in numbered] == ["1.", "2.", "3.", "4."]
    for reference in (
        "Resolution 46.4, paragraph 1",
        "Resolution 46.4, paragraph 2",
        "Resolution 46.4, paragraph 3",
        "Resolution 46.9, paragraph 1",
    ):
        assert sum(reference in p for p in numbered) == 1, reference
    at = paragraphs.index("Action requested")
    assert paragraphs[at + 1] == "The Standing Committee is invited to:"


def test_the_docx_keeps_the_reference_when_an_edit_took_it_out(
    eagles, coming, bukhara, secretariat_officer
):
    report = draft(bukhara, coming, secretariat_officer)
    entry = entry_for(report, eagles.mandate("1"))
    reports.update_progress_entry(entry=entry, by=secretariat_officer, text="Guidelines drafted.")

    paragraphs, _ = docx_text(reports.progress_report_docx(report))

    assert "1.\tGuidelines drafted. (Resolution 46.4, paragraph 1)" in paragraphs


def test_the_pdf_is_a_pdf(eagles, coming, bukhara, secretariat_officer):
    problem = weasyprint_problem()
    if problem:
        pytest.skip(problem)
    report = draft(bukhara, coming, secretariat_officer)

    pdf = reports.progress_report_pdf(report)

    assert pdf.startswith(b"%PDF")
