"""The Secretariat's review on the report page: a comment box beside each answer of a submitted
report, return with comments (the country then sees them beside its answers, and a banner),
accept, publish and withdraw. Only staff serving the instrument review; the comments are the
country's and the Secretariat's, never the public's."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from meahub.reporting.enums import ReportState
from meahub.reporting.models import NationalReport, ReviewComment
from meahub.reporting.services import review
from meahub.reporting.tests.filling_support import country_report, submitted_report
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def uz_submitted(bkd_cycle, bkd_format, nfp_uzbekistan) -> NationalReport:
    return submitted_report(bkd_cycle, bkd_format, "UZ", by=nfp_uzbekistan)


def detail_url(report: NationalReport) -> str:
    return reverse("reporting:report-detail", args=[report.pk])


def review_url(report: NationalReport) -> str:
    return reverse("reporting:report-review", args=[report.pk])


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_staff_see_a_comment_box_beside_each_answer_of_a_submitted_report(
    client, uz_submitted, bkd_format, secretariat_officer
):
    client.force_login(secretariat_officer)

    html = client.get(detail_url(uz_submitted)).content.decode()

    assert '<form id="review-form"' in html
    assert (
        f'<textarea id="q-{bkd_format.estimate.name}-comment" '
        f'name="comment:{bkd_format.estimate.pk}:" form="review-form" rows="2"></textarea>'
    ) in html
    assert "Return with comments" in html


def test_the_focal_point_sees_no_review_form(client, uz_submitted, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)

    html = client.get(detail_url(uz_submitted)).content.decode()

    assert "review-form" not in html
    assert "Submitted by nfp-uz on" in text_of(html)


def test_a_draft_has_no_review_form(client, bkd_cycle, nfp_uzbekistan, secretariat_officer):
    report = country_report(bkd_cycle, "UZ", by=nfp_uzbekistan)
    client.force_login(secretariat_officer)

    html = client.get(detail_url(report)).content.decode()

    assert "review-form" not in html


def test_staff_return_a_report_with_a_comment_the_focal_point_then_sees(
    client, uz_submitted, bkd_format, secretariat_officer, nfp_uzbekistan
):
    client.force_login(secretariat_officer)

    response = client.post(
        review_url(uz_submitted),
        {
            "action": "return",
            "note": "Please check the estimate.",
            f"comment:{bkd_format.estimate.pk}:": "Is this the 2019 count?",
            f"comment:{bkd_format.trend.pk}:": "  ",
        },
        follow=True,
    )

    assert "The report was returned to Uzbekistan with your comments." in text_of(
        response.content.decode()
    )
    uz_submitted.refresh_from_db()
    assert uz_submitted.state == ReportState.RETURNED
    assert list(ReviewComment.objects.values_list("question", "item", "text")) == [
        (bkd_format.estimate.pk, "", "Is this the 2019 count?")
    ]
    client.force_login(nfp_uzbekistan)
    page = text_of(client.get(detail_url(uz_submitted)).content.decode())
    assert "The Secretariat returned the report on" in page
    assert "Its comment is shown beside the question. Please check the estimate." in page
    assert "Secretariat: Is this the 2019 count?" in page
    assert (
        f'id="q-{bkd_format.estimate.name}-input"'
        in client.get(detail_url(uz_submitted)).content.decode()
    )


def test_returning_without_a_note_or_a_comment_is_refused(
    client, uz_submitted, secretariat_officer
):
    client.force_login(secretariat_officer)

    response = client.post(review_url(uz_submitted), {"action": "return", "note": ""}, follow=True)

    assert "Say what the country should change." in text_of(response.content.decode())
    uz_submitted.refresh_from_db()
    assert uz_submitted.state == ReportState.SUBMITTED


def test_staff_accept_and_publish_and_the_public_can_then_read_it(
    client, uz_submitted, secretariat_officer
):
    client.force_login(secretariat_officer)

    accepted = client.post(review_url(uz_submitted), {"action": "accept"}, follow=True)
    published = client.post(review_url(uz_submitted), {"action": "publish"}, follow=True)

    assert "The report was accepted." in text_of(accepted.content.decode())
    assert "The report is published: everyone may read it." in text_of(published.content.decode())
    client.logout()
    assert client.get(detail_url(uz_submitted)).status_code == 200


def test_staff_withdraw_a_published_report_from_the_public(
    client, uz_submitted, secretariat_officer
):
    review.accept_report(report=uz_submitted, by=secretariat_officer)
    review.publish_report(report=uz_submitted, by=secretariat_officer)
    client.force_login(secretariat_officer)

    client.post(review_url(uz_submitted), {"action": "withdraw"})

    client.logout()
    assert client.get(detail_url(uz_submitted)).status_code == 404


def test_a_draft_cannot_be_published(client, bkd_cycle, nfp_uzbekistan, secretariat_officer):
    report = country_report(bkd_cycle, "UZ", by=nfp_uzbekistan)
    client.force_login(secretariat_officer)

    response = client.post(review_url(report), {"action": "publish"})

    assert response.status_code == 403
    report.refresh_from_db()
    assert report.is_published is False


@pytest.mark.parametrize(
    ("who", "status"), [("nfp_uzbekistan", 403), ("nfp_tajikistan", 404), ("partner_cic", 404)]
)
def test_only_the_secretariat_reviews(request, client, who, status, uz_submitted, bkd_format):
    client.force_login(request.getfixturevalue(who))

    response = client.post(
        review_url(uz_submitted),
        {"action": "return", "note": "x", f"comment:{bkd_format.estimate.pk}:": "x"},
    )

    assert response.status_code == status
    uz_submitted.refresh_from_db()
    assert uz_submitted.state == ReportState.SUBMITTED
    assert not ReviewComment.objects.exists()


def test_staff_of_another_instrument_cannot_review(client, uz_submitted):
    other = f.make_secretariat(instruments=[f.make_instrument(code="AEWA")], username="aewa")
    client.force_login(other)

    response = client.post(review_url(uz_submitted), {"action": "accept"})

    assert response.status_code == 403


def test_the_public_never_sees_the_review_comments_of_a_published_report(
    client, uz_submitted, bkd_format, secretariat_officer, nfp_uzbekistan
):
    review.return_report(
        report=uz_submitted, by=secretariat_officer,
        comments=[(bkd_format.estimate, "", "Is this the 2019 count?")],
    )  # fmt: skip
    review.submit_report(report=uz_submitted, by=nfp_uzbekistan)
    review.accept_report(report=uz_submitted, by=secretariat_officer)
    review.publish_report(report=uz_submitted, by=secretariat_officer)

    page = text_of(client.get(detail_url(uz_submitted)).content.decode())

    assert "1.1 Population estimate (required) 1,200 animals" in page
    assert "2019 count" not in page


def test_a_comment_on_a_question_of_another_format_is_refused(
    client, uz_submitted, secretariat_officer
):
    client.force_login(secretariat_officer)

    response = client.post(
        review_url(uz_submitted), {"action": "return", "comment:999999:": "Why?"}, follow=True
    )

    assert "A comment is on a question not in this report." in text_of(response.content.decode())
    uz_submitted.refresh_from_db()
    assert uz_submitted.state == ReportState.SUBMITTED
