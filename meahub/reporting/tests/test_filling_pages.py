"""The report form as a focal point fills it in: who may open it, answers that save themselves
(with HTMX, and without JavaScript), refusals and conflicts that keep what the person typed,
conditions, repeated items, files, prefill, reuse, delegation, validation and submission, the
edit log, labels in the reader's language, and a fixed number of queries whatever the length."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meahub.reporting.enums import DeadlineRule, FormatStatus, QuestionType, ReportState
from meahub.reporting.models import (
    Answer,
    Choice,
    ChoiceList,
    NationalReport,
    Question,
    QuestionMapping,
    ReportFormat,
    ReportingCycle,
    Section,
    SectionDelegation,
)
from meahub.reporting.services import answers, review
from meahub.reporting.tests.filling_support import (
    answer,
    answer_required,
    country_report,
    earlier_cycle,
    make_contributor,
    submitted_report,
)
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
# Queries of the form page and of saving one answer, whatever the number of questions: the
# session and user, the person's roles (6), then the report, format, answers and comments.
PAGE_QUERIES = 23
SAVE_QUERIES = 38


@pytest.fixture
def uz_report(bkd_cycle, nfp_uzbekistan) -> NationalReport:
    return country_report(bkd_cycle, "UZ", by=nfp_uzbekistan)


def detail_url(report: NationalReport) -> str:
    return reverse("reporting:report-detail", args=[report.pk])


def save_url(report: NationalReport, question: Question) -> str:
    return reverse("reporting:answer-save", args=[report.pk, question.pk])


def text_of(html: str) -> str:
    """The page's text, tags removed and spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def login(client, user):  # type: ignore[no-untyped-def]
    if user is not None and user.is_authenticated:
        client.force_login(user)


# --- who may open the report -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status", "editable"),
    [
        ("nfp_uzbekistan", 200, True),
        ("secretariat_officer", 200, True),
        ("nfp_tajikistan", 404, False),
        ("partner_cic", 404, False),
        ("anonymous", 404, False),
    ],
)
def test_who_opens_a_draft_report(request, client, who, status, editable, uz_report, bkd_format):
    answer(uz_report, bkd_format, "estimate", "1200", by=request.getfixturevalue("nfp_uzbekistan"))
    login(client, request.getfixturevalue(who))

    response = client.get(detail_url(uz_report))

    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        field = f'id="q-{bkd_format.estimate.name}-input"'
        assert (field in html and 'value="1200"' in html) is editable


@pytest.mark.parametrize("who", ["anonymous", "partner_cic", "nfp_tajikistan"])
def test_everyone_reads_an_accepted_and_published_report_without_working_papers(
    request, client, who, bkd_cycle, bkd_format, nfp_uzbekistan, secretariat_officer
):
    report = submitted_report(bkd_cycle, bkd_format, "UZ", by=nfp_uzbekistan)
    review.accept_report(report=report, by=secretariat_officer)
    review.publish_report(report=report, by=secretariat_officer)
    login(client, request.getfixturevalue(who))

    response = client.get(detail_url(report))

    text = text_of(response.content.decode())
    assert response.status_code == 200
    assert "1.1 Population estimate (required) 1,200 animals" in text
    assert '<form id="q-' not in response.content.decode()
    assert "Edit log" not in text


def test_focal_point_opens_their_countrys_report_for_the_first_time(
    client, bkd_cycle, nfp_uzbekistan
):
    client.force_login(nfp_uzbekistan)

    response = client.get(reverse("reporting:report-open", args=[bkd_cycle.pk, "UZ"]))

    report = NationalReport.objects.get()
    assert (report.country.code, report.state) == ("UZ", ReportState.NOT_STARTED)
    assert response.url == detail_url(report)


@pytest.mark.parametrize("who", ["nfp_tajikistan", "partner_cic", "anonymous"])
def test_others_cannot_open_a_countrys_report(request, client, who, bkd_cycle):
    login(client, request.getfixturevalue(who))

    response = client.get(reverse("reporting:report-open", args=[bkd_cycle.pk, "UZ"]))

    assert response.status_code == 404
    assert not NationalReport.objects.exists()


def test_a_country_that_does_not_report_in_the_cycle_is_told_so(
    client, bkd_cycle, secretariat_officer
):
    client.force_login(secretariat_officer)

    response = client.get(reverse("reporting:report-open", args=[bkd_cycle.pk, "AF"]), follow=True)

    assert "Afghanistan does not report in BKD 2020." in text_of(response.content.decode())
    assert not NationalReport.objects.exists()


# --- answers that save themselves --------------------------------------------------------------


def test_a_saved_answer_says_saved_with_its_new_version_and_the_progress(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    client.force_login(nfp_uzbekistan)

    response = client.post(
        save_url(uz_report, bkd_format.estimate), {"item": "", "value": "1200", "version": "0"},
        headers=HTMX,
    )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="answer__saved">Saved</span>' in html
    assert (
        f'<input type="hidden" id="q-{bkd_format.estimate.name}-version" name="version" value="1" '
        'hx-swap-oob="true">'
    ) in html
    assert "1 of 5 answered" in text_of(html)
    assert (
        f'<span class="report-nav__count" id="progress-{bkd_format.population.pk}">1/2</span>'
    ) in html
    assert Answer.objects.get(report=uz_report, question=bkd_format.estimate).value == 1200


def test_without_javascript_an_answer_posts_and_comes_back_to_the_page(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    client.force_login(nfp_uzbekistan)

    response = client.post(
        save_url(uz_report, bkd_format.trend), {"item": "", "value": "stable", "version": "0"}
    )

    assert response.url == detail_url(uz_report) + f"#q-{bkd_format.trend.name}"
    assert Answer.objects.get(report=uz_report, question=bkd_format.trend).value == "stable"


def test_an_invalid_value_is_refused_beside_the_field(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    client.force_login(nfp_uzbekistan)

    response = client.post(
        save_url(uz_report, bkd_format.estimate), {"item": "", "value": "lots", "version": "0"},
        headers=HTMX,
    )  # fmt: skip

    assert response.status_code == 422
    assert text_of(response.content.decode()) == "Give a whole number, e.g. 1200."
    assert not Answer.objects.filter(question=bkd_format.estimate).exists()


def test_without_javascript_an_invalid_value_is_shown_with_what_was_typed(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    client.force_login(nfp_uzbekistan)

    response = client.post(
        save_url(uz_report, bkd_format.estimate), {"item": "", "value": "-4", "version": "0"}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert 'name="value" value="-4"' in html
    assert "Give a number between 0 and 100000 animals." in html
    assert 'aria-invalid="true"' in html


def test_a_stale_save_shows_the_other_persons_answer_and_keeps_the_typed_one(
    client, uz_report, bkd_format, nfp_uzbekistan, secretariat_officer
):
    answer(uz_report, bkd_format, "estimate", "1250", by=secretariat_officer, expected_version=0)
    client.force_login(nfp_uzbekistan)

    response = client.post(
        save_url(uz_report, bkd_format.estimate), {"item": "", "value": "1300", "version": "0"},
        headers=HTMX,
    )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 409
    assert text_of(html) == (
        "officer changed this answer since you opened it; their answer is shown. Check it, "
        "then save yours again if it should replace theirs. Their answer: 1,250 animals "
        "Save my answer instead"
    )
    # The page's field is untouched (only the status is swapped); the version now lets the
    # person save theirs over the other one.
    assert (
        f'<input type="hidden" id="q-{bkd_format.estimate.name}-version" name="version" value="1" '
        'hx-swap-oob="true">'
    ) in html

    again = client.post(
        save_url(uz_report, bkd_format.estimate), {"item": "", "value": "1300", "version": "1"},
        headers=HTMX,
    )  # fmt: skip
    assert again.status_code == 200
    assert Answer.objects.get(question=bkd_format.estimate).value == 1300


def test_without_javascript_a_conflict_keeps_the_typed_value_in_the_field(
    client, uz_report, bkd_format, nfp_uzbekistan, secretariat_officer
):
    answer(uz_report, bkd_format, "estimate", "1250", by=secretariat_officer)
    client.force_login(nfp_uzbekistan)

    response = client.post(
        save_url(uz_report, bkd_format.estimate), {"item": "", "value": "1300", "version": "0"}
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert 'name="value" value="1300"' in html
    assert "Their answer: 1,250 animals" in text_of(html)


def test_answering_yes_shows_the_question_that_depends_on_it(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    client.force_login(nfp_uzbekistan)
    page = client.get(detail_url(uz_report)).content.decode()
    assert (
        f'<div id="q-{bkd_format.actions_taken.name}" class="answer answer--hidden" hidden>' in page
    )

    response = client.post(
        save_url(uz_report, bkd_format.has_actions), {"item": "", "value": "yes", "version": "0"},
        headers=HTMX,
    )  # fmt: skip

    html = response.content.decode()
    assert f'<form id="q-{bkd_format.actions_taken.name}" class="answer answer--long_text"' in html
    assert 'hx-swap-oob="true">' in html
    assert "3.2 Describe the actions (required)" in text_of(html)


def test_several_choices_with_other_specified(client, uz_report, bkd_format, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)

    client.post(
        save_url(uz_report, bkd_format.threats),
        {"item": "", "value": ["drought", "other"], "other_text": "Wolves", "version": "0"},
        headers=HTMX,
    )

    saved = Answer.objects.get(question=bkd_format.threats)
    assert (saved.value, saved.other_text) == (["drought", "other"], "Wolves")
    page = client.get(detail_url(uz_report)).content.decode()
    assert 'value="drought" checked' in page
    assert 'name="other_text" value="Wolves"' in page


def test_a_table_is_saved_cell_by_cell_and_a_bad_cell_is_named(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    client.force_login(nfp_uzbekistan)
    url = save_url(uz_report, bkd_format.cooperation)

    partners = {"version": "0", "cell-research-partners": "Tajikistan"}

    refused = client.post(url, {**partners, "cell-research-projects": "a few"}, headers=HTMX)
    saved = client.post(url, {**partners, "cell-research-projects": "2"}, headers=HTMX)

    assert (
        text_of(refused.content.decode()) == "Research, Projects: Give a whole number, e.g. 1200."
    )
    assert saved.status_code == 200
    assert Answer.objects.get(question=bkd_format.cooperation).value == {
        "research": {"partners": "Tajikistan", "projects": 2}
    }


@pytest.fixture
def census(bkd_format) -> Question:
    return Question.objects.create(
        format=bkd_format.format, section=bkd_format.population, name="census", number="1.4",
        position=4, type=QuestionType.FILE, label={"en": "Census report"},
    )  # fmt: skip


def test_focal_point_uploads_a_file_and_sees_its_link(client, uz_report, census, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)
    upload = SimpleUploadedFile("census.pdf", b"%PDF-1.4", "application/pdf")

    response = client.post(
        save_url(uz_report, census), {"item": "", "version": "0", "file": upload}, headers=HTMX
    )

    saved = Answer.objects.get(question=census)
    link = reverse("reporting:answer-file", args=[uz_report.pk, saved.pk])
    assert f'Current file: <a href="{link}">census.pdf</a>' in response.content.decode()
    download = client.get(link)
    assert b"".join(download.streaming_content) == b"%PDF-1.4"
    download.close()


def test_a_file_of_a_forbidden_type_is_refused_in_place(client, uz_report, census, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)
    upload = SimpleUploadedFile("tool.exe", b"MZ", "application/octet-stream")

    response = client.post(
        save_url(uz_report, census), {"item": "", "version": "0", "file": upload}, headers=HTMX
    )

    assert response.status_code == 422
    assert "tool.exe: files of type .exe are not accepted" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("nfp_tajikistan", 404), ("partner_cic", 404)])
def test_others_cannot_download_a_countrys_files(
    request, client, who, status, uz_report, census, nfp_uzbekistan
):
    upload = SimpleUploadedFile("census.pdf", b"%PDF-1.4", "application/pdf")
    saved = answers.save_file_answer(
        report=uz_report, question=census, upload=upload, by=nfp_uzbekistan
    )
    login(client, request.getfixturevalue(who))

    response = client.get(reverse("reporting:answer-file", args=[uz_report.pk, saved.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("nfp_tajikistan", 404), ("partner_cic", 404), ("anonymous", 302)]
)
def test_others_cannot_save_answers(request, client, who, status, uz_report, bkd_format):
    login(client, request.getfixturevalue(who))

    response = client.post(
        save_url(uz_report, bkd_format.estimate), {"value": "5", "version": "0"}, headers=HTMX
    )

    assert response.status_code == status
    assert not Answer.objects.exists()


# --- after submission --------------------------------------------------------------------------


def test_a_submitted_report_is_read_only_for_the_focal_point(
    client, bkd_cycle, bkd_format, nfp_uzbekistan
):
    report = submitted_report(bkd_cycle, bkd_format, "UZ", by=nfp_uzbekistan)
    client.force_login(nfp_uzbekistan)

    page = client.get(detail_url(report)).content.decode()
    refused = client.post(
        save_url(report, bkd_format.estimate), {"value": "5", "version": "1"}, headers=HTMX
    )

    assert "The report is read-only until the Secretariat returns it." in text_of(page)
    assert "1.2 Population trend (required) Increasing" in text_of(page)
    assert '<form id="q-' not in page
    assert refused.status_code == 422
    assert text_of(refused.content.decode()) == (
        "The report has been submitted: it is read-only until the Secretariat returns it."
    )


def test_validate_lists_the_missing_required_answers_with_links(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    answer(uz_report, bkd_format, "has_actions", "yes", by=nfp_uzbekistan)
    client.force_login(nfp_uzbekistan)

    response = client.get(detail_url(uz_report) + "?validate=1", headers=HTMX)

    html = response.content.decode()
    assert text_of(html) == (
        "3 required answers are missing 1.1 Population estimate 1.2 Population trend "
        "3.2 Describe the actions"
    )
    assert f'<a href="#q-{bkd_format.estimate.name}">' in html


def test_submitting_with_answers_missing_says_how_many_and_lists_them(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    client.force_login(nfp_uzbekistan)

    response = client.post(reverse("reporting:report-submit", args=[uz_report.pk]), follow=True)

    text = text_of(response.content.decode())
    assert "The report cannot be submitted yet: 3 required answers are missing." in text
    assert "3 required answers are missing 1.1 Population estimate" in text
    uz_report.refresh_from_db()
    assert uz_report.state == ReportState.NOT_STARTED


def test_focal_point_submits_the_report(client, uz_report, bkd_format, nfp_uzbekistan):
    answer_required(uz_report, bkd_format, by=nfp_uzbekistan)
    client.force_login(nfp_uzbekistan)

    response = client.post(reverse("reporting:report-submit", args=[uz_report.pk]), follow=True)

    text = text_of(response.content.decode())
    assert "The report was submitted to the Secretariat." in text
    assert "Submitted by nfp-uz on" in text
    uz_report.refresh_from_db()
    assert (uz_report.state, uz_report.submitted_on_behalf) == (ReportState.SUBMITTED, False)


def test_staff_see_that_they_submit_on_the_countrys_behalf(
    client, uz_report, bkd_format, secretariat_officer
):
    answer_required(uz_report, bkd_format, by=secretariat_officer)
    client.force_login(secretariat_officer)

    page = text_of(client.get(detail_url(uz_report)).content.decode())
    response = client.post(reverse("reporting:report-submit", args=[uz_report.pk]), follow=True)

    assert "Submit on Uzbekistan's behalf" in page
    assert "The report was submitted on Uzbekistan's behalf." in text_of(response.content.decode())
    uz_report.refresh_from_db()
    assert uz_report.submitted_on_behalf is True


# --- repeated items, prefill, reuse ------------------------------------------------------------


def test_focal_point_adds_a_protected_area_and_answers_for_it(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    client.force_login(nfp_uzbekistan)

    added = client.post(
        reverse("reporting:repeat-item-add", args=[uz_report.pk, bkd_format.areas.pk])
    )
    client.post(
        save_url(uz_report, bkd_format.area_name),
        {"item": "1", "value": "Zarafshan", "version": "0"}, headers=HTMX,
    )  # fmt: skip

    assert added.url == detail_url(uz_report) + f"#s-{bkd_format.areas.pk}-i-1"
    page = client.get(detail_url(uz_report)).content.decode()
    assert f'id="q-{bkd_format.area_deer.name}-1-input"' in page
    assert "Item 1: Zarafshan" in page


def test_deer_counted_in_each_area_add_up_on_the_page(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    for _n in range(2):
        answers.add_repeat_item(report=uz_report, section=bkd_format.areas, by=nfp_uzbekistan)
    answer(uz_report, bkd_format, "area_deer", "40", by=nfp_uzbekistan, item="1")
    client.force_login(nfp_uzbekistan)

    response = client.post(
        save_url(uz_report, bkd_format.area_deer), {"item": "2", "value": "25", "version": "0"},
        headers=HTMX,
    )  # fmt: skip

    assert "1.3 Deer counted in protected areas 65" in text_of(response.content.decode())


def test_focal_point_prefills_from_the_previous_cycle(
    client, uz_report, bkd_cycle, bkd_format, nfp_uzbekistan
):
    earlier = country_report(earlier_cycle(bkd_cycle), "UZ", by=nfp_uzbekistan)
    answer(earlier, bkd_format, "estimate", "900", by=nfp_uzbekistan)
    answer(earlier, bkd_format, "trend", "stable", by=nfp_uzbekistan)
    client.force_login(nfp_uzbekistan)
    assert "Prefill from BKD 2017" in text_of(client.get(detail_url(uz_report)).content.decode())

    response = client.post(reverse("reporting:report-prefill", args=[uz_report.pk]), follow=True)

    text = text_of(response.content.decode())
    assert "2 answers were copied from BKD 2017." in text
    assert "Prefill from BKD 2017" not in text
    assert Answer.objects.get(report=uz_report, question=bkd_format.estimate).value == 900


@pytest.fixture
def cami_estimate(bukhara, bkd_format, nfp_uzbekistan) -> Answer:
    cami = ReportFormat.objects.create(
        instrument=bukhara.cami, title="CAMI national report", status=FormatStatus.ADOPTED
    )
    section = Section.objects.create(format=cami, name="deer", number="3", title={"en": "Deer"})
    question = Question.objects.create(
        format=cami, section=section, name="deer_count", number="3.1",
        type=QuestionType.INTEGER, label={"en": "Bukhara deer counted"},
    )  # fmt: skip
    QuestionMapping.objects.create(
        lineage_a=question.lineage, lineage_b=bkd_format.estimate.lineage
    )
    cycle = ReportingCycle.objects.create(
        instrument=bukhara.cami, format=cami, name="2025", period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2024, 12, 31), deadline_rule=DeadlineRule.DATE,
        deadline=dt.date(2025, 6, 1),
    )  # fmt: skip
    report = country_report(cycle, "UZ", by=nfp_uzbekistan)
    return answers.save_answer(report=report, question=question, raw="1150", by=nfp_uzbekistan)


def test_focal_point_reuses_the_answer_given_in_another_report(
    client, uz_report, bkd_format, cami_estimate, nfp_uzbekistan
):
    client.force_login(nfp_uzbekistan)
    page = text_of(client.get(detail_url(uz_report)).content.decode())
    assert "Reuse the answer given in CAMI 2025, question 3.1: 1,150 Reuse this answer" in page

    response = client.post(
        reverse("reporting:answer-reuse", args=[uz_report.pk, bkd_format.estimate.pk]),
        {"source": cami_estimate.pk, "version": "0", "item": ""},
        headers=HTMX,
    )

    saved = Answer.objects.get(report=uz_report, question=bkd_format.estimate)
    assert (saved.value, saved.reused_from) == (1150, cami_estimate)
    html = response.content.decode()
    assert 'name="value" value="1150"' in html
    assert "Reuse the answer" not in html


# --- delegation --------------------------------------------------------------------------------


def test_focal_point_delegates_a_section_and_the_contributor_edits_only_it(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    contributor = make_contributor(uz_report.country)
    client.force_login(nfp_uzbekistan)

    client.post(
        reverse("reporting:report-delegate", args=[uz_report.pk]),
        {"section": bkd_format.areas.pk, "contributor": contributor.pk},
    )

    assert SectionDelegation.objects.get().contributor == contributor
    client.force_login(contributor)
    page = client.get(detail_url(uz_report)).content.decode()
    assert "You draft the sections delegated to you: 4 Protected areas." in text_of(page)
    assert "Add an item to Protected areas" in page
    assert f'id="q-{bkd_format.estimate.name}-input"' not in page  # not theirs to change
    assert "Submit the report" not in page


def test_a_person_of_another_country_cannot_be_chosen_as_contributor(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    stranger = make_contributor(f.make_country("TJ"), username="tj-person")
    client.force_login(nfp_uzbekistan)

    response = client.post(
        reverse("reporting:report-delegate", args=[uz_report.pk]),
        {"section": bkd_format.areas.pk, "contributor": stranger.pk},
        follow=True,
    )

    assert "Choose a person of Uzbekistan." in text_of(response.content.decode())
    assert not SectionDelegation.objects.exists()


# --- the edit log ------------------------------------------------------------------------------


def test_the_edit_log_shows_who_changed_what_from_what_to_what(
    client, uz_report, bkd_format, nfp_uzbekistan, secretariat_officer
):
    answer(uz_report, bkd_format, "estimate", "1200", by=nfp_uzbekistan)
    answer(uz_report, bkd_format, "estimate", "1250", by=secretariat_officer)
    client.force_login(nfp_uzbekistan)

    response = client.get(reverse("reporting:report-history", args=[uz_report.pk]))

    text = text_of(response.content.decode())
    assert "officer 1.1 Population estimate 1,200 animals 1,250 animals" in text
    assert "nfp-uz 1.1 Population estimate — 1,200 animals" in text
    assert "nfp-uz Report state Not started Draft" in text


@pytest.mark.parametrize("who", ["nfp_tajikistan", "partner_cic", "anonymous"])
def test_others_never_see_the_edit_log_even_of_a_published_report(
    request, client, who, bkd_cycle, bkd_format, nfp_uzbekistan, secretariat_officer
):
    report = submitted_report(bkd_cycle, bkd_format, "UZ", by=nfp_uzbekistan)
    review.accept_report(report=report, by=secretariat_officer)
    review.publish_report(report=report, by=secretariat_officer)
    login(client, request.getfixturevalue(who))

    response = client.get(reverse("reporting:report-history", args=[report.pk]))

    assert response.status_code == 404


# --- language and queries ----------------------------------------------------------------------


def test_labels_are_in_the_readers_language(client, uz_report, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)

    response = client.get(detail_url(uz_report), headers={"Accept-Language": "fr"})

    assert "1.1 Estimation de la population" in text_of(response.content.decode())


def make_format(bukhara, size: int) -> ReportingCycle:  # type: ignore[no-untyped-def]
    """A format of ``size`` questions of every type over two sections and a repeated one,
    with conditions, and its cycle."""
    fmt = ReportFormat.objects.create(instrument=bukhara.bkd, title=f"Format of {size}")
    choices = ChoiceList.objects.create(format=fmt, name="levels")
    for position, name in enumerate(["yes", "no"]):
        Choice.objects.create(choice_list=choices, name=name, label={"en": name}, position=position)
    sections = [
        Section.objects.create(format=fmt, name="one", number="1", position=1, title={"en": "One"}),
        Section.objects.create(format=fmt, name="two", number="2", position=2, title={"en": "Two"}),
        Section.objects.create(
            format=fmt,
            name="sites",
            number="3",
            position=3,
            title={"en": "Sites"},
            repeat_source="free",
        ),
    ]
    kinds = [
        {"type": QuestionType.SINGLE_CHOICE, "choice_list": choices, "has_other": True},
        {"type": QuestionType.INTEGER, "unit": "ha", "relevant": "${q0} = 'yes'"},
        {"type": QuestionType.CALCULATED, "calculation": "${q1} * 2"},
        {"type": QuestionType.YES_NO},
        {"type": QuestionType.MULTIPLE_CHOICE, "choice_list": choices},
        {"type": QuestionType.TABLE, "table_rows": ["a", "b"], "table_columns": ["x", "y"]},
        {"type": QuestionType.TEXT},
        {"type": QuestionType.DATE},
        {"type": QuestionType.LONG_TEXT},
        {"type": QuestionType.DECIMAL},
    ]
    for n in range(size):
        kind = kinds[n % len(kinds)]
        # Every third question is in the repeated section, except calculated values.
        repeated = n % 3 == 1 and kind["type"] != QuestionType.CALCULATED
        Question.objects.create(
            format=fmt, section=sections[2] if repeated else sections[n % 2], name=f"q{n}",
            number=f"{n}", position=n, label={"en": f"Question {n}"}, **kind,
        )  # fmt: skip
    return ReportingCycle.objects.create(
        instrument=bukhara.bkd, format=fmt, name=f"Cycle {size}", period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2020, 12, 31), deadline=dt.date(2021, 1, 1),
        member_roles=["signatory"],
    )  # fmt: skip


def answered_report(bukhara, size: int, by) -> NationalReport:  # type: ignore[no-untyped-def]
    cycle = make_format(bukhara, size)
    report = country_report(cycle, "UZ", by=by)
    section = Section.objects.get(format=cycle.format, name="sites")
    answers.add_repeat_item(report=report, section=section, by=by)
    raw = {
        QuestionType.YES_NO: "yes", QuestionType.INTEGER: "5", QuestionType.TEXT: "t",
        QuestionType.SINGLE_CHOICE: "yes", QuestionType.MULTIPLE_CHOICE: ["yes", "no"],
        QuestionType.TABLE: {"a": {"x": "1"}}, QuestionType.DATE: "2020-01-01",
        QuestionType.LONG_TEXT: "long", QuestionType.DECIMAL: "2.5",
    }  # fmt: skip
    for question in Question.objects.filter(format=cycle.format).select_related("section"):
        if question.type in raw:
            item = "1" if question.section.repeat_source else ""
            answers.save_answer(
                report=report, question=question, raw=raw[question.type], by=by, item=item
            )
    return report


@pytest.mark.parametrize("size", [3, 30])
def test_the_form_page_takes_as_many_queries_for_30_questions_as_for_3(
    client, bukhara, nfp_uzbekistan, size, django_assert_max_num_queries
):
    report = answered_report(bukhara, size, nfp_uzbekistan)
    client.force_login(nfp_uzbekistan)
    client.get(detail_url(report))  # the session and the user's roles, once

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(detail_url(report))

    calculated = Question.objects.filter(format=report.cycle.format, type="calculated").count()
    assert response.content.decode().count('<form id="q-') == size - calculated


@pytest.mark.parametrize("size", [3, 30])
def test_saving_an_answer_takes_as_many_queries_for_30_questions_as_for_3(
    client, bukhara, nfp_uzbekistan, size, django_assert_max_num_queries
):
    report = answered_report(bukhara, size, nfp_uzbekistan)
    question = Question.objects.get(format=report.cycle.format, name="q0")
    client.force_login(nfp_uzbekistan)
    client.get(detail_url(report))

    with django_assert_max_num_queries(SAVE_QUERIES):
        response = client.post(
            save_url(report, question), {"value": "no", "version": "1"}, headers=HTMX
        )

    assert response.status_code == 200


def test_reusing_over_an_answer_saved_meanwhile_is_a_conflict_shown_in_the_whole_answer(
    client, uz_report, bkd_format, cami_estimate, nfp_uzbekistan, secretariat_officer
):
    answer(uz_report, bkd_format, "estimate", "1250", by=secretariat_officer)
    client.force_login(nfp_uzbekistan)

    response = client.post(
        reverse("reporting:answer-reuse", args=[uz_report.pk, bkd_format.estimate.pk]),
        {"source": cami_estimate.pk, "version": "0", "item": "", "value": ""},
        headers=HTMX,
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert html.lstrip().startswith(f'<form id="q-{bkd_format.estimate.name}"')
    assert "Their answer: 1,250 animals" in text_of(html)
    assert Answer.objects.get(report=uz_report, question=bkd_format.estimate).value == 1250


def test_a_section_repeated_for_each_species_shows_once_per_species_with_its_note(
    client, uz_report, bkd_format, nfp_uzbekistan
):
    section = Section.objects.create(
        format=bkd_format.format, name="per_species", number="5", position=5,
        title={"en": "Species"}, repeat_source="species",
    )  # fmt: skip
    Question.objects.create(
        format=bkd_format.format, section=section, name="about", number="5.0", position=0,
        type=QuestionType.NOTE, label={"en": "About the species"},
        help={"en": "Answer for each species the MOU covers."},
    )  # fmt: skip
    count = Question.objects.create(
        format=bkd_format.format, section=section, name="species_count", number="5.1",
        position=1, type=QuestionType.DECIMAL, unit="animals/km²", label={"en": "Density"},
    )  # fmt: skip
    client.force_login(nfp_uzbekistan)

    html = client.get(detail_url(uz_report)).content.decode()

    slug = "cervus-elaphus-bactrianus"
    text = text_of(html)
    assert (
        "5 Species Cervus elaphus bactrianus 5.0 About the species (Cervus elaphus bactrianus) "
        "Answer for each species the MOU covers. 5.1 Density"
    ) in text
    assert f'id="q-{count.name}-{slug}-input"' in html
    assert 'inputmode="decimal"' in html
    assert '<span class="answer__unit">animals/km²</span>' in html

    response = client.post(
        save_url(uz_report, count), {"item": slug, "value": "0.4", "version": "0"}, headers=HTMX
    )
    assert response.status_code == 200
    assert Answer.objects.get(question=count).item == slug
