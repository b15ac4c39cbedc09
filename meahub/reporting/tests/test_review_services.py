"""From draft to accepted: the focal point delegates sections and submits (staff may submit on
the country's behalf, recorded as such); the Secretariat returns the report with comments per
question, accepts it, publishes or withdraws it. Each role may do what it may, no more."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meahub.reporting.enums import ReportState
from meahub.reporting.models import NationalReport, ReviewComment, SectionDelegation
from meahub.reporting.services import answers, review
from meahub.reporting.tests.filling_support import (
    answer,
    answer_required,
    country_report,
    make_contributor,
    submitted_report,
)
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def uz_report(bkd_cycle, nfp_uzbekistan) -> NationalReport:
    return country_report(bkd_cycle, "UZ", by=nfp_uzbekistan)


@pytest.fixture
def uz_submitted(bkd_cycle, bkd_format, nfp_uzbekistan) -> NationalReport:
    return submitted_report(bkd_cycle, bkd_format, "UZ", by=nfp_uzbekistan)


# --- submission --------------------------------------------------------------------------------


def test_submitting_with_required_answers_missing_names_each_of_them(
    uz_report, bkd_format, nfp_uzbekistan
):
    answer(uz_report, bkd_format, "has_actions", "yes", by=nfp_uzbekistan)
    answers.add_repeat_item(report=uz_report, section=bkd_format.areas, by=nfp_uzbekistan)

    with pytest.raises(ValidationError) as error:
        review.submit_report(report=uz_report, by=nfp_uzbekistan)

    assert error.value.message_dict == {
        "estimate": ["Question 1.1 needs an answer."],
        "trend": ["Question 1.2 needs an answer."],
        "actions_taken": ["Question 3.2 needs an answer."],
    }
    uz_report.refresh_from_db()
    assert uz_report.state == ReportState.DRAFT


def test_a_question_hidden_by_its_condition_is_not_required(uz_report, bkd_format, nfp_uzbekistan):
    answer_required(uz_report, bkd_format, by=nfp_uzbekistan)  # has_actions = no

    submitted = review.submit_report(report=uz_report, by=nfp_uzbekistan)

    assert submitted.state == ReportState.SUBMITTED


def test_focal_point_submits_and_it_is_recorded(uz_report, bkd_format, nfp_uzbekistan):
    answer_required(uz_report, bkd_format, by=nfp_uzbekistan)

    review.submit_report(report=uz_report, by=nfp_uzbekistan)

    uz_report.refresh_from_db()
    assert (uz_report.state, uz_report.submitted_by, uz_report.submitted_on_behalf) == (
        ReportState.SUBMITTED, nfp_uzbekistan, False,
    )  # fmt: skip
    latest = uz_report.history.first()
    assert (latest.history_user, latest.history_change_reason) == (nfp_uzbekistan, "Submitted")


def test_staff_submit_on_the_countrys_behalf(uz_report, bkd_format, secretariat_officer):
    answer_required(uz_report, bkd_format, by=secretariat_officer)

    review.submit_report(report=uz_report, by=secretariat_officer)

    uz_report.refresh_from_db()
    assert (uz_report.state, uz_report.submitted_on_behalf) == (ReportState.SUBMITTED, True)
    assert uz_report.history.first().history_change_reason == ("Submitted on the country's behalf")


def test_a_contributor_cannot_submit(uz_report, bkd_format, nfp_uzbekistan):
    contributor = make_contributor(uz_report.country)
    review.delegate_section(
        report=uz_report, section=bkd_format.population, contributor=contributor,
        by=nfp_uzbekistan,
    )  # fmt: skip
    answer_required(uz_report, bkd_format, by=nfp_uzbekistan)

    with pytest.raises(PermissionDenied):
        review.submit_report(report=uz_report, by=contributor)


@pytest.mark.parametrize("who", ["nfp_tajikistan", "partner_cic", "anonymous"])
def test_others_cannot_submit(request, who, uz_report, bkd_format, nfp_uzbekistan):
    answer_required(uz_report, bkd_format, by=nfp_uzbekistan)

    with pytest.raises(PermissionDenied):
        review.submit_report(report=uz_report, by=request.getfixturevalue(who))

    uz_report.refresh_from_db()
    assert uz_report.state == ReportState.DRAFT


def test_a_submitted_report_cannot_be_submitted_again(uz_submitted, nfp_uzbekistan):
    with pytest.raises(ValidationError) as error:
        review.submit_report(report=uz_submitted, by=nfp_uzbekistan)

    assert error.value.messages == ["This report has already been submitted."]


# --- review ------------------------------------------------------------------------------------


def test_staff_return_a_report_with_comments_per_question(
    uz_submitted, bkd_format, secretariat_officer
):
    review.return_report(
        report=uz_submitted, by=secretariat_officer, note="Two points to check.",
        comments=[(bkd_format.estimate, "", "Is this the 2019 count?")],
    )  # fmt: skip

    uz_submitted.refresh_from_db()
    assert (uz_submitted.state, uz_submitted.review_note, uz_submitted.reviewed_by) == (
        ReportState.RETURNED, "Two points to check.", secretariat_officer,
    )  # fmt: skip
    assert list(ReviewComment.objects.values_list("question", "text", "created_by")) == [
        (bkd_format.estimate.pk, "Is this the 2019 count?", secretariat_officer.pk)
    ]


def test_returning_without_saying_what_to_change_is_refused(uz_submitted, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        review.return_report(report=uz_submitted, by=secretariat_officer, note="  ")

    assert error.value.message_dict == {"note": ["Say what the country should change."]}
    uz_submitted.refresh_from_db()
    assert uz_submitted.state == ReportState.SUBMITTED


def test_a_draft_cannot_be_returned(uz_report, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        review.return_report(report=uz_report, by=secretariat_officer, note="Why?")

    assert error.value.messages == ["Only a submitted report can be returned."]


def test_staff_accept_a_report_and_its_open_comments_are_resolved(
    uz_submitted, bkd_format, secretariat_officer, nfp_uzbekistan
):
    review.return_report(
        report=uz_submitted, by=secretariat_officer,
        comments=[(bkd_format.estimate, "", "Is this the 2019 count?")],
    )  # fmt: skip
    review.submit_report(report=uz_submitted, by=nfp_uzbekistan)

    review.accept_report(report=uz_submitted, by=secretariat_officer)

    uz_submitted.refresh_from_db()
    assert uz_submitted.state == ReportState.ACCEPTED
    assert ReviewComment.objects.filter(resolved_at__isnull=True).count() == 0


def test_staff_publish_an_accepted_report_and_withdraw_it(uz_submitted, secretariat_officer):
    review.accept_report(report=uz_submitted, by=secretariat_officer)

    review.publish_report(report=uz_submitted, by=secretariat_officer)
    uz_submitted.refresh_from_db()
    assert uz_submitted.is_published is True

    review.publish_report(report=uz_submitted, by=secretariat_officer, published=False)
    uz_submitted.refresh_from_db()
    assert uz_submitted.is_published is False


def test_a_report_not_accepted_cannot_be_published(uz_submitted, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        review.publish_report(report=uz_submitted, by=secretariat_officer)

    assert error.value.messages == ["Only an accepted report can be published."]


@pytest.mark.parametrize("who", ["nfp_uzbekistan", "nfp_tajikistan", "partner_cic", "anonymous"])
def test_only_the_secretariat_reviews(request, who, uz_submitted):
    person = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        review.accept_report(report=uz_submitted, by=person)
    with pytest.raises(PermissionDenied):
        review.return_report(report=uz_submitted, by=person, note="No.")

    uz_submitted.refresh_from_db()
    assert uz_submitted.state == ReportState.SUBMITTED


def test_staff_of_another_instrument_cannot_review(uz_submitted):
    other = f.make_secretariat(instruments=[f.make_instrument(code="AEWA")], username="aewa")

    with pytest.raises(PermissionDenied):
        review.accept_report(report=uz_submitted, by=other)


# --- delegation --------------------------------------------------------------------------------


def test_focal_point_delegates_a_section_to_a_contributor_of_the_country(
    uz_report, bkd_format, nfp_uzbekistan
):
    contributor = make_contributor(uz_report.country)

    delegation = review.delegate_section(
        report=uz_report, section=bkd_format.areas, contributor=contributor, by=nfp_uzbekistan
    )

    assert (delegation.section, delegation.contributor, delegation.created_by) == (
        bkd_format.areas, contributor, nfp_uzbekistan,
    )  # fmt: skip


def test_a_person_of_another_country_cannot_be_a_contributor(uz_report, bkd_format, nfp_uzbekistan):
    stranger = make_contributor(f.make_country("TJ"), username="tj-person")

    with pytest.raises(ValidationError) as error:
        review.delegate_section(
            report=uz_report, section=bkd_format.areas, contributor=stranger, by=nfp_uzbekistan
        )

    assert error.value.message_dict == {
        "contributor": ["tj-person is not a contact of Uzbekistan with an account."]
    }
    assert not SectionDelegation.objects.exists()


@pytest.mark.parametrize("who", ["secretariat_officer", "nfp_tajikistan", "partner_cic"])
def test_only_the_countrys_focal_point_delegates(request, who, uz_report, bkd_format):
    contributor = make_contributor(uz_report.country)

    with pytest.raises(PermissionDenied):
        review.delegate_section(
            report=uz_report, section=bkd_format.areas, contributor=contributor,
            by=request.getfixturevalue(who),
        )  # fmt: skip


def test_focal_point_removes_a_delegation_and_the_contributor_can_no_longer_answer(
    uz_report, bkd_format, nfp_uzbekistan
):
    contributor = make_contributor(uz_report.country)
    delegation = review.delegate_section(
        report=uz_report, section=bkd_format.threats_section, contributor=contributor,
        by=nfp_uzbekistan,
    )  # fmt: skip

    review.remove_delegation(delegation=delegation, by=nfp_uzbekistan)

    with pytest.raises(PermissionDenied):
        answer(uz_report, bkd_format, "threats", ["drought"], by=contributor)
