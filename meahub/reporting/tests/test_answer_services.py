"""Saving answers as the people filling in a report do: one answer at a time, with the version
they loaded, so nobody overwrites another person unseen; values refused with a reason; files;
items of repeated sections; calculated values; prefill from the previous cycle; reuse of an
answer given to a mapped question in another report. Each role may do what it may, no more."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meahub.reporting.enums import DeadlineRule, FormatStatus, QuestionType, ReportState
from meahub.reporting.models import (
    Answer,
    NationalReport,
    Question,
    QuestionMapping,
    ReportFormat,
    ReportingCycle,
    Section,
)
from meahub.reporting.services import answers, review
from meahub.reporting.services.answers import AnswerConflict
from meahub.reporting.tests.filling_support import (
    answer,
    country_report,
    earlier_cycle,
    make_contributor,
    submitted_report,
)
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def uz_report(bkd_cycle, nfp_uzbekistan) -> NationalReport:
    return country_report(bkd_cycle, "UZ", by=nfp_uzbekistan)


# --- saving one answer -------------------------------------------------------------------------


def test_focal_point_saves_a_number_and_the_report_becomes_a_draft(
    uz_report, bkd_format, nfp_uzbekistan
):
    saved = answer(
        uz_report, bkd_format, "estimate", "1 200", by=nfp_uzbekistan, expected_version=0
    )

    uz_report.refresh_from_db()
    assert (saved.value, saved.version, saved.updated_by) == (1200, 1, nfp_uzbekistan)
    assert uz_report.state == ReportState.DRAFT
    assert saved.history.get().history_user == nfp_uzbekistan


def test_each_save_raises_the_version(uz_report, bkd_format, nfp_uzbekistan):
    first = answer(uz_report, bkd_format, "estimate", "1200", by=nfp_uzbekistan, expected_version=0)

    second = answer(
        uz_report, bkd_format, "estimate", "1300", by=nfp_uzbekistan, expected_version=1
    )

    assert (first.pk, second.version, second.value) == (second.pk, 2, 1300)


def test_a_save_based_on_an_older_version_is_refused_with_the_current_answer(
    uz_report, bkd_format, nfp_uzbekistan, secretariat_officer
):
    answer(uz_report, bkd_format, "estimate", "1200", by=nfp_uzbekistan, expected_version=0)
    answer(uz_report, bkd_format, "estimate", "1250", by=secretariat_officer, expected_version=1)

    with pytest.raises(AnswerConflict) as conflict:
        answer(uz_report, bkd_format, "estimate", "1300", by=nfp_uzbekistan, expected_version=1)

    assert (conflict.value.current.value, conflict.value.current.version) == (1250, 2)
    assert str(conflict.value) == (
        "officer changed this answer since you opened it; their answer is shown. "
        "Check it, then save yours again if it should replace theirs."
    )
    assert Answer.objects.get(report=uz_report, question=bkd_format.estimate).value == 1250


def test_a_first_answer_saved_by_two_people_at_once_is_a_conflict_for_the_second(
    uz_report, bkd_format, nfp_uzbekistan, secretariat_officer
):
    answer(uz_report, bkd_format, "estimate", "1200", by=secretariat_officer, expected_version=0)

    with pytest.raises(AnswerConflict):
        answer(uz_report, bkd_format, "estimate", "900", by=nfp_uzbekistan, expected_version=0)

    assert Answer.objects.get(report=uz_report, question=bkd_format.estimate).value == 1200


def test_saving_the_same_value_again_changes_nothing(uz_report, bkd_format, nfp_uzbekistan):
    answer(uz_report, bkd_format, "estimate", "1200", by=nfp_uzbekistan, expected_version=0)

    again = answer(
        uz_report, bkd_format, "estimate", "1,200", by=nfp_uzbekistan, expected_version=1
    )

    assert again.version == 1
    assert again.history.count() == 1


def test_a_value_of_the_wrong_type_is_refused_with_the_reason_and_nothing_is_written(
    uz_report, bkd_format, nfp_uzbekistan
):
    with pytest.raises(ValidationError) as error:
        answer(uz_report, bkd_format, "estimate", "about 1200", by=nfp_uzbekistan)

    assert error.value.message_dict == {"value": ["Give a whole number, e.g. 1200."]}
    assert not Answer.objects.exists()
    uz_report.refresh_from_db()
    assert uz_report.state == ReportState.NOT_STARTED


def test_a_number_out_of_range_is_refused(uz_report, bkd_format, nfp_uzbekistan):
    with pytest.raises(ValidationError) as error:
        answer(uz_report, bkd_format, "estimate", "-5", by=nfp_uzbekistan)

    assert error.value.message_dict == {"value": ["Give a number between 0 and 100000 animals."]}


def test_other_without_saying_what_is_refused(uz_report, bkd_format, nfp_uzbekistan):
    with pytest.raises(ValidationError) as error:
        answer(uz_report, bkd_format, "threats", ["poaching", "other"], by=nfp_uzbekistan)

    assert error.value.message_dict == {"value": ["Say what 'other' is."]}


def test_other_is_kept_with_its_text_and_dropped_when_unticked(
    uz_report, bkd_format, nfp_uzbekistan
):
    saved = answer(
        uz_report, bkd_format, "threats", ["other", "poaching"], by=nfp_uzbekistan,
        other_text=" Wolves ",
    )  # fmt: skip
    assert (saved.value, saved.other_text) == (["poaching", "other"], "Wolves")

    saved = answer(
        uz_report, bkd_format, "threats", ["poaching"], by=nfp_uzbekistan, other_text="Wolves"
    )

    assert (saved.value, saved.other_text) == (["poaching"], "")


def test_a_table_is_saved_by_row_and_column(uz_report, bkd_format, nfp_uzbekistan):
    saved = answer(
        uz_report, bkd_format, "cooperation",
        {"research": {"partners": "Tajikistan", "projects": "2"}, "monitoring": {}},
        by=nfp_uzbekistan,
    )  # fmt: skip

    assert saved.value == {"research": {"partners": "Tajikistan", "projects": 2}}


def test_a_bad_table_cell_is_named_by_row_and_column(uz_report, bkd_format, nfp_uzbekistan):
    with pytest.raises(ValidationError) as error:
        answer(
            uz_report, bkd_format, "cooperation", {"monitoring": {"projects": "two"}},
            by=nfp_uzbekistan,
        )  # fmt: skip

    assert error.value.message_dict == {
        "value": ["Monitoring, Projects: Give a whole number, e.g. 1200."]
    }


def test_a_question_of_another_format_is_refused(uz_report, nfp_uzbekistan, bukhara):
    other = ReportFormat.objects.create(instrument=bukhara.cami, title="CAMI report")
    section = Section.objects.create(format=other, name="s", title={"en": "S"})
    question = Question.objects.create(
        format=other, section=section, name="q", type=QuestionType.TEXT, label={"en": "Q"}
    )

    with pytest.raises(ValidationError) as error:
        answers.save_answer(report=uz_report, question=question, raw="x", by=nfp_uzbekistan)

    assert error.value.message_dict == {
        "question": ["This question is not in this report's format."]
    }


# --- who may answer ----------------------------------------------------------------------------


def test_staff_answer_on_the_countrys_behalf(uz_report, bkd_format, secretariat_officer):
    saved = answer(uz_report, bkd_format, "estimate", "1200", by=secretariat_officer)

    assert saved.updated_by == secretariat_officer


@pytest.mark.parametrize("who", ["nfp_tajikistan", "partner_cic", "anonymous"])
def test_others_cannot_answer_a_countrys_report(request, who, uz_report, bkd_format):
    person = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        answer(uz_report, bkd_format, "estimate", "1200", by=person)

    assert not Answer.objects.exists()


def test_a_contributor_answers_only_the_sections_delegated_to_them(
    uz_report, bkd_format, nfp_uzbekistan
):
    contributor = make_contributor(uz_report.country)
    review.delegate_section(
        report=uz_report, section=bkd_format.threats_section, contributor=contributor,
        by=nfp_uzbekistan,
    )  # fmt: skip

    answer(uz_report, bkd_format, "threats", ["drought"], by=contributor)
    with pytest.raises(PermissionDenied):
        answer(uz_report, bkd_format, "estimate", "1200", by=contributor)

    assert list(
        Answer.objects.exclude(question__type="calculated").values_list(
            "question__name", "updated_by"
        )
    ) == [("threats", contributor.pk)]


def test_a_submitted_report_is_read_only(bkd_cycle, bkd_format, nfp_uzbekistan):
    report = submitted_report(bkd_cycle, bkd_format, "UZ", by=nfp_uzbekistan)

    with pytest.raises(ValidationError) as error:
        answer(report, bkd_format, "estimate", "10", by=nfp_uzbekistan)

    assert error.value.messages == [
        "The report has been submitted: it is read-only until the Secretariat returns it."
    ]


def test_a_returned_report_can_be_changed_again(
    bkd_cycle, bkd_format, nfp_uzbekistan, secretariat_officer
):
    report = submitted_report(bkd_cycle, bkd_format, "UZ", by=nfp_uzbekistan)
    review.return_report(report=report, by=secretariat_officer, note="Give the 2019 count.")

    saved = answer(report, bkd_format, "estimate", "1300", by=nfp_uzbekistan, expected_version=1)

    assert saved.value == 1300


# --- items of repeated sections and calculated values ------------------------------------------


def test_answers_in_a_repeated_section_need_an_item_the_country_added(
    uz_report, bkd_format, nfp_uzbekistan
):
    with pytest.raises(ValidationError) as error:
        answer(uz_report, bkd_format, "area_name", "Zarafshan", by=nfp_uzbekistan, item="1")
    assert error.value.message_dict == {"item": ["Unknown item '1' for 4 Protected areas."]}

    key = answers.add_repeat_item(report=uz_report, section=bkd_format.areas, by=nfp_uzbekistan)
    saved = answer(uz_report, bkd_format, "area_name", "Zarafshan", by=nfp_uzbekistan, item=key)

    assert (key, saved.item, saved.value) == ("1", "1", "Zarafshan")


def test_a_question_that_is_not_repeated_takes_no_item(uz_report, bkd_format, nfp_uzbekistan):
    with pytest.raises(ValidationError) as error:
        answer(uz_report, bkd_format, "estimate", "5", by=nfp_uzbekistan, item="1")

    assert error.value.message_dict == {"item": ["This question is not repeated: give no item."]}


def test_items_are_added_only_to_sections_the_country_repeats(
    uz_report, bkd_format, nfp_uzbekistan
):
    with pytest.raises(ValidationError) as error:
        answers.add_repeat_item(report=uz_report, section=bkd_format.population, by=nfp_uzbekistan)

    assert error.value.message_dict == {
        "section": ["Items are added only to sections the country repeats."]
    }


def test_a_calculated_value_sums_the_answers_of_every_item(uz_report, bkd_format, nfp_uzbekistan):
    for count in ("40", "25"):
        key = answers.add_repeat_item(report=uz_report, section=bkd_format.areas, by=nfp_uzbekistan)
        answer(uz_report, bkd_format, "area_deer", count, by=nfp_uzbekistan, item=key)

    total = Answer.objects.get(report=uz_report, question=bkd_format.total_area_deer)

    assert total.value == "65"


# --- files -------------------------------------------------------------------------------------


@pytest.fixture
def file_question(bkd_format) -> Question:
    return Question.objects.create(
        format=bkd_format.format, section=bkd_format.population, name="census", number="1.4",
        position=4, type=QuestionType.FILE, label={"en": "Census report"},
    )  # fmt: skip


def test_focal_point_attaches_a_file(uz_report, file_question, nfp_uzbekistan):
    upload = SimpleUploadedFile("census 2019.pdf", b"%PDF-1.4 census", "application/pdf")

    saved = answers.save_file_answer(
        report=uz_report, question=file_question, upload=upload, by=nfp_uzbekistan,
        expected_version=0,
    )  # fmt: skip

    assert saved.value == "census 2019.pdf"
    with saved.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 census"


def test_a_file_of_a_forbidden_type_is_refused(uz_report, file_question, nfp_uzbekistan):
    upload = SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")

    with pytest.raises(ValidationError) as error:
        answers.save_file_answer(
            report=uz_report, question=file_question, upload=upload, by=nfp_uzbekistan
        )

    assert error.value.message_dict["file"][0].startswith(
        "run.exe: files of type .exe are not accepted (accepted: .csv, .doc,"
    )
    assert not Answer.objects.exists()


def test_a_file_too_large_is_refused(uz_report, file_question, nfp_uzbekistan, settings):
    settings.MEAHUB_MAX_UPLOAD_BYTES = 1_000_000
    upload = SimpleUploadedFile("census.pdf", b"x" * 1_500_000, "application/pdf")

    with pytest.raises(ValidationError) as error:
        answers.save_file_answer(
            report=uz_report, question=file_question, upload=upload, by=nfp_uzbekistan
        )

    assert error.value.message_dict == {
        "file": ["census.pdf is 1.5 MB; files may be at most 1 MB."]
    }


# --- prefill and reuse -------------------------------------------------------------------------


@pytest.fixture
def report_2017(bkd_cycle, bkd_format, nfp_uzbekistan) -> NationalReport:
    report = country_report(earlier_cycle(bkd_cycle), "UZ", by=nfp_uzbekistan)
    answer(report, bkd_format, "estimate", "900", by=nfp_uzbekistan)
    answer(report, bkd_format, "trend", "stable", by=nfp_uzbekistan)
    key = answers.add_repeat_item(report=report, section=bkd_format.areas, by=nfp_uzbekistan)
    answer(report, bkd_format, "area_name", "Zarafshan", by=nfp_uzbekistan, item=key)
    return report


def test_prefill_copies_the_previous_cycles_answers_where_there_are_none(
    uz_report, report_2017, bkd_format, nfp_uzbekistan
):
    answer(uz_report, bkd_format, "estimate", "1200", by=nfp_uzbekistan)

    copied = answers.prefill_from_previous(report=uz_report, by=nfp_uzbekistan)

    uz_report.refresh_from_db()
    assert copied == 2
    assert sorted(
        Answer.objects.filter(report=uz_report)
        .exclude(question__type="calculated")
        .values_list("question__name", "item", "value")
    ) == [("area_name", "1", "Zarafshan"), ("estimate", "", 1200), ("trend", "", "stable")]
    assert (uz_report.prefilled_from, uz_report.repeat_counts) == (report_2017, {"areas": 1})


def test_prefill_without_a_previous_report_says_so(uz_report, nfp_uzbekistan):
    with pytest.raises(ValidationError) as error:
        answers.prefill_from_previous(report=uz_report, by=nfp_uzbekistan)

    assert error.value.messages == ["There is no report of the previous cycle to start from."]


def test_another_countrys_focal_point_cannot_prefill(uz_report, report_2017, nfp_tajikistan):
    with pytest.raises(PermissionDenied):
        answers.prefill_from_previous(report=uz_report, by=nfp_tajikistan)

    assert not Answer.objects.filter(report=uz_report).exists()


@pytest.fixture
def cami_answer(bukhara, bkd_format, nfp_uzbekistan) -> Answer:
    """Uzbekistan's CAMI 2025 report answers a question mapped to the BKD estimate."""
    cami_format = ReportFormat.objects.create(
        instrument=bukhara.cami, title="CAMI national report", status=FormatStatus.ADOPTED
    )
    section = Section.objects.create(
        format=cami_format, name="deer", number="3", title={"en": "Deer"}
    )
    question = Question.objects.create(
        format=cami_format, section=section, name="deer_count", number="3.1",
        type=QuestionType.INTEGER, label={"en": "Bukhara deer counted"},
    )  # fmt: skip
    QuestionMapping.objects.create(
        lineage_a=question.lineage, lineage_b=bkd_format.estimate.lineage
    )
    cycle = ReportingCycle.objects.create(
        instrument=bukhara.cami, format=cami_format, name="2025",
        period_start=dt.date(2020, 1, 1), period_end=dt.date(2024, 12, 31),
        deadline_rule=DeadlineRule.DATE, deadline=dt.date(2025, 6, 1),
    )  # fmt: skip
    report = country_report(cycle, "UZ", by=nfp_uzbekistan)
    return answers.save_answer(report=report, question=question, raw="1150", by=nfp_uzbekistan)


def test_focal_point_reuses_the_answer_given_to_a_mapped_question(
    uz_report, bkd_format, cami_answer, nfp_uzbekistan
):
    saved = answers.reuse_answer(
        report=uz_report, question=bkd_format.estimate, source=cami_answer, by=nfp_uzbekistan,
        expected_version=0,
    )  # fmt: skip

    assert (saved.value, saved.reused_from) == (1150, cami_answer)


def test_an_answer_not_offered_for_the_question_cannot_be_reused(
    uz_report, bkd_format, cami_answer, nfp_uzbekistan
):
    with pytest.raises(ValidationError) as error:
        answers.reuse_answer(
            report=uz_report, question=bkd_format.trend, source=cami_answer, by=nfp_uzbekistan
        )

    assert error.value.message_dict == {"source": ["This answer is not offered for this question."]}


def test_another_country_is_not_offered_uzbekistans_answers(
    bkd_cycle, bkd_format, cami_answer, nfp_tajikistan
):
    from meahub.reporting.selectors import reuse_offers

    report = country_report(bkd_cycle, "TJ", by=nfp_tajikistan)

    assert reuse_offers(report) == {}


def test_reuse_is_offered_with_its_source(uz_report, bkd_format, cami_answer):
    from meahub.reporting.selectors import reuse_offers

    offers = reuse_offers(uz_report)

    assert [(o.answer, o.source) for o in offers[bkd_format.estimate.pk]] == [
        (cami_answer, "CAMI 2025, question 3.1")
    ]


def test_make_contributor_is_of_the_country(uz_report):
    contributor = make_contributor(f.make_country("UZ"))

    assert contributor.contact.country == uz_report.country
