"""National reporting in the API, per role: formats and cycles are public; a focal point reads
and writes their own country's report (one answer or several, with optimistic locking) and
submits it; staff submit on a country's behalf, return with comments, accept and publish;
others get 404 for reports they may not see, and the public reads only published ones."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from meahub.reporting.enums import FormatStatus, ReportState
from meahub.reporting.models import Answer, NationalReport, ReportFormat, ReportingCycle
from meahub.reporting.services import answers as answer_services
from meahub.reporting.services.cycles import open_report
from meahub.tests import factories as f
from meahub.tests.api_helpers import bearer

pytestmark = pytest.mark.django_db

PERSONAS = ["secretariat_officer", "nfp_uzbekistan", "nfp_tajikistan", "partner_cic", "anonymous"]


@pytest.fixture
def persona(request, bukhara):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


@pytest.fixture
def uz_report(bkd_cycle, nfp_uzbekistan) -> NationalReport:  # type: ignore[no-untyped-def]
    return open_report(cycle=bkd_cycle, country=f.make_country("UZ"), by=nfp_uzbekistan)


@pytest.fixture
def tj_report(bkd_cycle, nfp_tajikistan) -> NationalReport:  # type: ignore[no-untyped-def]
    return open_report(cycle=bkd_cycle, country=f.make_country("TJ"), by=nfp_tajikistan)


def send(client, method: str, url: str, user: Any, body: Any = None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(
        url,
        data=json.dumps(body if body is not None else {}),
        content_type="application/json",
        headers=bearer(user),
    )


def put_answer(client, report: NationalReport, user: Any, **body: Any):  # type: ignore[no-untyped-def]
    return send(client, "put", f"/api/v1/reports/{report.pk}/answers", user, body)


def answer_required(report: NationalReport, bkd_format: Any, user: Any) -> None:
    for name, raw in (("estimate", "3500"), ("trend", "increasing"), ("has_actions", "no")):
        answer_services.save_answer(
            report=report, question=bkd_format.question(name), raw=raw, by=user
        )


def stored(report: NationalReport) -> dict[str, Any]:
    return {
        a.question.name: a.value
        for a in Answer.objects.filter(report=report).exclude(question__type="calculated")
    }


# --- formats -----------------------------------------------------------------------------------


def test_anyone_lists_adopted_formats_and_staff_also_drafts(
    client, secretariat_officer, bkd_format, bukhara
):
    ReportFormat.objects.create(
        instrument=bukhara.bkd, title="Next format", status=FormatStatus.DRAFT
    )

    public = client.get("/api/v1/reports/formats").json()
    staff = client.get("/api/v1/reports/formats", headers=bearer(secretariat_officer)).json()

    assert [(i["title"], i["status"]) for i in public["items"]] == [
        ("Bukhara Deer national report", "adopted")
    ]
    assert [i["title"] for i in staff["items"]] == ["Bukhara Deer national report", "Next format"]


def test_a_format_comes_with_its_sections_questions_and_choices(client, bkd_format):
    response = client.get(f"/api/v1/reports/formats/{bkd_format.format.pk}")

    body = response.json()
    assert response.status_code == 200
    assert [(s["name"], s["number"], s["repeat_source"]) for s in body["sections"]] == [
        ("population", "1", ""),
        ("threats_section", "2", ""),
        ("actions", "3", ""),
        ("areas", "4", "free"),
    ]
    trend = body["sections"][0]["questions"][1]
    assert {
        k: trend[k] for k in ("name", "number", "type", "label", "required", "choice_list")
    } == {
        "name": "trend",
        "number": "1.2",
        "type": "single_choice",
        "label": {"en": "Population trend"},
        "required": True,
        "choice_list": "trend",
    }
    assert body["choice_lists"][1] == {
        "name": "trend",
        "choices": [
            {"name": "increasing", "label": {"en": "Increasing"}},
            {"name": "stable", "label": {"en": "Stable"}},
            {"name": "decreasing", "label": {"en": "Decreasing"}},
        ],
    }


def test_a_draft_format_is_not_found_for_the_public(client, bukhara):
    draft = ReportFormat.objects.create(instrument=bukhara.bkd, title="Draft")

    assert client.get(f"/api/v1/reports/formats/{draft.pk}").status_code == 404


def test_an_unknown_instrument_filter_is_refused(client, bkd_format):
    response = client.get("/api/v1/reports/formats?instrument=NOPE")

    assert response.status_code == 422
    assert response.json()["errors"] == {"instrument": ["Unknown instrument code 'NOPE'."]}


# --- cycles ------------------------------------------------------------------------------------


def test_anyone_lists_cycles_with_their_counts(client, bkd_cycle, uz_report):
    response = client.get("/api/v1/reports/cycles?instrument=BKD")

    [item] = response.json()["items"]
    assert (item["name"], item["deadline"], item["member_roles"], item["counts"]) == (
        "2020",
        "2020-10-01",
        ["signatory"],
        {"not_started": 4, "draft": 0, "submitted": 0, "returned": 0, "accepted": 0},
    )


def test_a_cycle_gives_who_had_reported_as_at_a_date(
    client, bkd_cycle, bkd_format, uz_report, nfp_uzbekistan
):
    answer_required(uz_report, bkd_format, nfp_uzbekistan)
    send(client, "post", f"/api/v1/reports/{uz_report.pk}/submit", nfp_uzbekistan)
    today = dt.date.today().isoformat()

    now = client.get(f"/api/v1/reports/cycles/{bkd_cycle.pk}?as_at={today}").json()
    before = client.get(f"/api/v1/reports/cycles/{bkd_cycle.pk}?as_at=2020-10-10").json()

    assert [(s["country"], s["state"]) for s in now["status"]] == [
        ("KZ", "not_started"), ("TJ", "not_started"), ("TM", "not_started"), ("UZ", "submitted"),
    ]  # fmt: skip
    assert now["summary"].endswith("1 of 4 signatories has submitted its report: Uzbekistan.")
    assert before["summary"] == (
        "As at 10 October 2020, none of the 4 signatories has submitted its report."
    )
    assert before["as_at"] == "2020-10-10"


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("secretariat_officer", ["UZ"]),
        ("nfp_uzbekistan", ["UZ"]),
        ("nfp_tajikistan", []),
        ("partner_cic", []),
        ("anonymous", []),
    ],
    indirect=["persona"],
)
def test_a_cycle_names_a_report_only_to_those_who_may_read_it(
    client, bkd_cycle, uz_report, persona, visible
):
    body = client.get(f"/api/v1/reports/cycles/{bkd_cycle.pk}", headers=bearer(persona)).json()

    assert [s["country"] for s in body["status"] if s["report"] == uz_report.pk] == visible


@pytest.mark.parametrize("cycles", [1, 3])
def test_listing_cycles_needs_the_same_queries_for_one_or_three(
    client, django_assert_max_num_queries, bkd_cycle, cycles
):
    for year in range(2021, 2021 + cycles - 1):
        ReportingCycle.objects.create(
            instrument=bkd_cycle.instrument, format=bkd_cycle.format, name=str(year),
            period_start=dt.date(year - 1, 1, 1), period_end=dt.date(year - 1, 12, 31),
            deadline=dt.date(year, 10, 1),
        )  # fmt: skip

    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/reports/cycles")

    assert response.json()["count"] == cycles


# --- reading reports ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "countries"),
    [
        ("secretariat_officer", ["TJ", "UZ"]),
        ("nfp_uzbekistan", ["UZ"]),
        ("nfp_tajikistan", ["TJ"]),
        ("partner_cic", []),
        ("anonymous", []),
    ],
    indirect=["persona"],
)
def test_each_role_lists_the_reports_it_may_read(client, uz_report, tj_report, persona, countries):
    response = client.get("/api/v1/reports", headers=bearer(persona))

    assert [i["country"] for i in response.json()["items"]] == countries


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretariat_officer", 200),
        ("nfp_uzbekistan", 200),
        ("nfp_tajikistan", 404),
        ("partner_cic", 404),
        ("anonymous", 404),
    ],
    indirect=["persona"],
)
def test_a_draft_report_is_read_by_the_country_and_staff_only(
    client, bkd_format, uz_report, nfp_uzbekistan, persona, status
):
    answer_required(uz_report, bkd_format, nfp_uzbekistan)

    response = client.get(f"/api/v1/reports/{uz_report.pk}", headers=bearer(persona))

    assert response.status_code == status
    if status == 200:
        estimate = response.json()["answers"][0]
        assert {k: estimate[k] for k in ("key", "item", "value", "display", "version")} == {
            "key": "estimate", "item": "", "value": 3500, "display": "3,500 animals", "version": 1,
        }  # fmt: skip
        assert estimate["updated_by"] == "nfp-uz"


def test_a_published_report_is_read_by_everyone_without_who_wrote_it_or_the_comments(
    client, bkd_format, uz_report, nfp_uzbekistan, secretariat_officer
):
    answer_required(uz_report, bkd_format, nfp_uzbekistan)
    send(client, "post", f"/api/v1/reports/{uz_report.pk}/submit", nfp_uzbekistan)
    send(
        client,
        "post",
        f"/api/v1/reports/{uz_report.pk}/accept",
        secretariat_officer,
        {"note": "Thanks"},
    )
    send(client, "post", f"/api/v1/reports/{uz_report.pk}/publish", secretariat_officer)

    body = client.get(f"/api/v1/reports/{uz_report.pk}").json()

    assert (body["state"], body["is_published"], body["review_note"], body["comments"]) == (
        "accepted",
        True,
        "",
        [],
    )
    who = {a["key"]: a["updated_by"] for a in body["answers"] if a["key"] != "total_area_deer"}
    assert who == {"estimate": None, "trend": None, "has_actions": None}
    assert [i["country"] for i in client.get("/api/v1/reports").json()["items"]] == ["UZ"]


@pytest.mark.parametrize("reports", [1, 3])
def test_listing_reports_needs_the_same_queries_for_one_or_three(
    client, django_assert_max_num_queries, secretariat_officer, bkd_cycle, reports
):
    for code in ["UZ", "TJ", "KZ"][:reports]:
        NationalReport.objects.create(cycle=bkd_cycle, country=f.make_country(code))
    headers = bearer(secretariat_officer)

    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/reports", headers=headers)

    assert response.json()["count"] == reports


# --- opening a report ---------------------------------------------------------------------------


def test_a_focal_point_opens_their_countrys_report(client, bkd_cycle, nfp_uzbekistan):
    first = send(
        client, "post", "/api/v1/reports", nfp_uzbekistan, {"cycle": bkd_cycle.pk, "country": "uz"}
    )
    again = send(
        client, "post", "/api/v1/reports", nfp_uzbekistan, {"cycle": bkd_cycle.pk, "country": "UZ"}
    )

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert (first.json()["country"], first.json()["state"]) == ("UZ", "not_started")


def test_a_focal_point_may_not_open_another_countrys_report(client, bkd_cycle, nfp_tajikistan):
    response = send(
        client, "post", "/api/v1/reports", nfp_tajikistan, {"cycle": bkd_cycle.pk, "country": "UZ"}
    )

    assert response.status_code == 403
    assert NationalReport.objects.count() == 0


def test_a_country_that_does_not_report_in_the_cycle_is_refused(
    client, bkd_cycle, secretariat_officer
):
    response = send(
        client,
        "post",
        "/api/v1/reports",
        secretariat_officer,
        {"cycle": bkd_cycle.pk, "country": "AF"},
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"country": ["Afghanistan does not report in BKD 2020."]}


# --- writing answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretariat_officer", 200),
        ("nfp_uzbekistan", 200),
        ("nfp_tajikistan", 404),
        ("partner_cic", 404),
        ("anonymous", 401),
    ],
    indirect=["persona"],
)
def test_only_the_country_and_staff_write_its_answers(client, uz_report, persona, status):
    response = put_answer(client, uz_report, persona, question="estimate", value=3500, version=0)

    assert response.status_code == status
    assert stored(uz_report) == ({"estimate": 3500} if status == 200 else {})


def test_a_focal_point_saves_an_answer_attributed_to_them(client, uz_report, nfp_uzbekistan):
    response = put_answer(
        client,
        uz_report,
        nfp_uzbekistan,
        question="threats",
        value=["poaching", "other"],
        other_text="Wolves",
        version=0,
    )

    body = response.json()
    assert (body["key"], body["value"], body["other_text"], body["version"]) == (
        "threats",
        ["poaching", "other"],
        "Wolves",
        1,
    )
    answer = Answer.objects.get(report=uz_report, question__name="threats")
    assert answer.history.latest().history_user == nfp_uzbekistan


def test_an_answer_saved_on_an_old_version_is_refused_with_the_current_one(
    client, uz_report, nfp_uzbekistan, secretariat_officer
):
    put_answer(client, uz_report, secretariat_officer, question="estimate", value=3400, version=0)

    response = put_answer(
        client, uz_report, nfp_uzbekistan, question="estimate", value=3500, version=0
    )

    body = response.json()
    assert response.status_code == 409
    assert (
        body["current"]["value"],
        body["current"]["version"],
        body["current"]["updated_by"],
    ) == (3400, 1, "officer")
    assert body["detail"].startswith("officer changed this answer since you opened it")
    assert list(body["errors"]) == ["estimate"]
    assert stored(uz_report) == {"estimate": 3400}


def test_a_bad_value_is_refused_with_the_reason(client, uz_report, nfp_uzbekistan):
    response = put_answer(
        client, uz_report, nfp_uzbekistan, question="estimate", value="lots", version=0
    )

    body = response.json()
    assert response.status_code == 422
    assert list(body["errors"]) == ["value"]
    assert body["detail"] == body["errors"]["value"][0]
    assert stored(uz_report) == {}


def test_an_unknown_question_is_refused(client, uz_report, nfp_uzbekistan):
    response = put_answer(
        client, uz_report, nfp_uzbekistan, question="rainfall", value=3, version=0
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "question": ["The format of this report has no question 'rainfall'."]
    }


def test_a_submitted_report_is_read_only(client, bkd_format, uz_report, nfp_uzbekistan):
    answer_required(uz_report, bkd_format, nfp_uzbekistan)
    send(client, "post", f"/api/v1/reports/{uz_report.pk}/submit", nfp_uzbekistan)

    response = put_answer(
        client, uz_report, nfp_uzbekistan, question="estimate", value=1, version=1
    )

    assert response.status_code == 422
    assert response.json()["detail"] == (
        "The report has been submitted: it is read-only until the Secretariat returns it."
    )
    assert stored(uz_report)["estimate"] == 3500


def test_several_answers_are_saved_together(client, uz_report, nfp_uzbekistan):
    response = send(client, "patch", f"/api/v1/reports/{uz_report.pk}/answers", nfp_uzbekistan, {
        "answers": [
            {"question": "estimate", "value": "3,500", "version": 0},
            {"question": "trend", "value": "stable", "version": 0},
        ]
    })  # fmt: skip

    assert response.status_code == 200
    assert [(a["key"], a["value"]) for a in response.json()] == [
        ("estimate", 3500), ("trend", "stable"),
    ]  # fmt: skip


def test_one_bad_answer_among_several_saves_none(client, uz_report, nfp_uzbekistan):
    response = send(client, "patch", f"/api/v1/reports/{uz_report.pk}/answers", nfp_uzbekistan, {
        "answers": [
            {"question": "estimate", "value": 3500, "version": 0},
            {"question": "trend", "value": "booming", "version": 0},
        ]
    })  # fmt: skip

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["trend"]
    assert stored(uz_report) == {}


def test_one_outdated_answer_among_several_saves_none(client, uz_report, nfp_uzbekistan):
    put_answer(client, uz_report, nfp_uzbekistan, question="trend", value="stable", version=0)

    response = send(client, "patch", f"/api/v1/reports/{uz_report.pk}/answers", nfp_uzbekistan, {
        "answers": [
            {"question": "estimate", "value": 3500, "version": 0},
            {"question": "trend", "value": "decreasing", "version": 0},
        ]
    })  # fmt: skip

    assert response.status_code == 409
    assert response.json()["current"]["value"] == "stable"
    assert stored(uz_report) == {"trend": "stable"}


# --- submission and review ---------------------------------------------------------------------


def test_a_focal_point_submits_their_report(client, bkd_format, uz_report, nfp_uzbekistan):
    answer_required(uz_report, bkd_format, nfp_uzbekistan)

    response = send(client, "post", f"/api/v1/reports/{uz_report.pk}/submit", nfp_uzbekistan)

    body = response.json()
    assert (response.status_code, body["state"], body["submitted_on_behalf"]) == (
        200,
        "submitted",
        False,
    )


def test_staff_submit_on_the_countrys_behalf(
    client, bkd_format, uz_report, nfp_uzbekistan, secretariat_officer
):
    answer_required(uz_report, bkd_format, nfp_uzbekistan)

    response = send(client, "post", f"/api/v1/reports/{uz_report.pk}/submit", secretariat_officer)

    assert response.json()["submitted_on_behalf"] is True


def test_a_report_missing_required_answers_is_not_submitted(client, uz_report, nfp_uzbekistan):
    response = send(client, "post", f"/api/v1/reports/{uz_report.pk}/submit", nfp_uzbekistan)

    assert response.status_code == 422
    assert sorted(response.json()["errors"]) == ["estimate", "has_actions", "trend"]
    uz_report.refresh_from_db()
    assert uz_report.state == ReportState.NOT_STARTED


@pytest.mark.parametrize(
    ("persona", "status"),
    [("nfp_tajikistan", 404), ("partner_cic", 404), ("anonymous", 401)],
    indirect=["persona"],
)
def test_others_may_not_submit_a_countrys_report(
    client, bkd_format, uz_report, nfp_uzbekistan, persona, status
):
    answer_required(uz_report, bkd_format, nfp_uzbekistan)

    response = send(client, "post", f"/api/v1/reports/{uz_report.pk}/submit", persona)

    uz_report.refresh_from_db()
    assert (response.status_code, uz_report.state) == (status, ReportState.DRAFT)


@pytest.fixture
def submitted(client, bkd_format, uz_report, nfp_uzbekistan) -> NationalReport:  # type: ignore[no-untyped-def]
    answer_required(uz_report, bkd_format, nfp_uzbekistan)
    send(client, "post", f"/api/v1/reports/{uz_report.pk}/submit", nfp_uzbekistan)
    return uz_report


def test_staff_return_a_report_with_comments_per_question(client, submitted, secretariat_officer):
    response = send(client, "post", f"/api/v1/reports/{submitted.pk}/return", secretariat_officer, {
        "note": "Please check the estimate.",
        "comments": [{"question": "estimate", "text": "The 2019 census counted 3,100."}],
    })  # fmt: skip

    body = response.json()
    assert (response.status_code, body["state"], body["review_note"]) == (
        200,
        "returned",
        "Please check the estimate.",
    )
    assert [(c["question"], c["text"]) for c in body["comments"]] == [
        ("estimate", "The 2019 census counted 3,100.")
    ]


def test_a_comment_on_an_unknown_question_returns_nothing(client, submitted, secretariat_officer):
    response = send(client, "post", f"/api/v1/reports/{submitted.pk}/return", secretariat_officer, {
        "comments": [{"question": "rainfall", "text": "?"}],
    })  # fmt: skip

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "comments.0.question": ["The format of this report has no question 'rainfall'."]
    }
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED


@pytest.mark.parametrize("action", ["return", "accept", "publish"])
def test_a_focal_point_may_not_review_their_own_report(client, submitted, nfp_uzbekistan, action):
    response = send(
        client, "post", f"/api/v1/reports/{submitted.pk}/{action}", nfp_uzbekistan, {"note": "fine"}
    )

    submitted.refresh_from_db()
    assert (response.status_code, submitted.state) == (403, ReportState.SUBMITTED)


def test_staff_accept_and_publish_a_report(client, submitted, secretariat_officer):
    accepted = send(
        client,
        "post",
        f"/api/v1/reports/{submitted.pk}/accept",
        secretariat_officer,
        {"note": "Thanks"},
    )
    published = send(
        client,
        "post",
        f"/api/v1/reports/{submitted.pk}/publish",
        secretariat_officer,
        {"published": True},
    )

    assert (accepted.json()["state"], published.json()["is_published"]) == ("accepted", True)


def test_a_report_not_accepted_cannot_be_published(client, submitted, secretariat_officer):
    response = send(client, "post", f"/api/v1/reports/{submitted.pk}/publish", secretariat_officer)

    assert response.status_code == 422
    assert response.json()["detail"] == "Only an accepted report can be published."
