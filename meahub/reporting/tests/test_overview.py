"""The overview report: compiled from the reports received (submitted or accepted), question
by question, with the previous cycle beside it and every figure traced to its answers;
compiled by the task worker with visible progress; read by staff only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from meahub.permissions.reporting import overviews_visible_to
from meahub.reporting.enums import OverviewStatus, QuestionType, RepeatSource
from meahub.reporting.models import Answer, OverviewReport, Question, Section
from meahub.reporting.overview import compile_overview
from meahub.reporting.services import answers, review
from meahub.reporting.services.overview import start_overview
from meahub.reporting.tests.overview_support import (
    HandMade,
    aware,
    build_hand_made,
    fill,
    move_history,
    submit,
)
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def made(bkd_cycle, bkd_format, secretariat_officer) -> HandMade:
    return build_hand_made(bkd_cycle, bkd_format, secretariat_officer)


def entry(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(q for s in data["sections"] for q in s["questions"] if q["name"] == name)


def codes(sources: list[dict[str, Any]]) -> list[str]:
    return [s["country"] for s in sources]


def options(figure: dict[str, Any]) -> list[tuple[str, int, float, list[str]]]:
    return [(o["name"], o["count"], o["share"], codes(o["sources"])) for o in figure["options"]]


def all_sources(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node] if "answer" in node and "report" in node else []
        return found + [s for value in node.values() for s in all_sources(value)]
    if isinstance(node, list):
        return [s for value in node for s in all_sources(value)]
    return []


# --- figures -----------------------------------------------------------------------------------


def test_numbers_give_total_mean_range_and_the_countries_at_each_end(made):
    data = compile_overview(made.cycle)

    figure = entry(data, "estimate")["figure"]
    assert {k: figure[k] for k in ("n", "total", "mean", "min", "max")} == {
        "n": 3, "total": 2000, "mean": 666.67, "min": 300, "max": 1200,
    }  # fmt: skip
    assert codes(figure["min_sources"]) == ["TJ"]
    assert codes(figure["max_sources"]) == ["UZ"]
    assert codes(figure["sources"]) == ["KZ", "TJ", "UZ"]


def test_a_choice_gives_counts_and_shares_of_the_countries_answering(made):
    data = compile_overview(made.cycle)

    figure = entry(data, "trend")["figure"]
    assert figure["n"] == 3
    assert options(figure) == [
        ("increasing", 2, 0.6667, ["KZ", "UZ"]),
        ("stable", 1, 0.3333, ["TJ"]),
        ("decreasing", 0, 0.0, []),
    ]


def test_several_choices_count_each_choice_and_list_the_other_texts_with_their_country(made):
    data = compile_overview(made.cycle)

    figure = entry(data, "threats")["figure"]
    assert options(figure) == [
        ("poaching", 2, 0.6667, ["TJ", "UZ"]),
        ("habitat", 2, 0.6667, ["KZ", "TJ"]),
        ("drought", 0, 0.0, []),
        ("other", 1, 0.3333, ["UZ"]),
    ]
    assert [(o["text"], o["country"]) for o in figure["other"]] == [("Fires", "UZ")]


def test_yes_or_no_gives_counts_and_shares(made):
    data = compile_overview(made.cycle)

    assert options(entry(data, "has_actions")["figure"]) == [
        ("yes", 1, 0.3333, ["UZ"]),
        ("no", 2, 0.6667, ["KZ", "TJ"]),
    ]


def test_text_answers_are_quoted_with_their_country_unless_the_question_is_no_longer_asked(made):
    # Tajikistan described "Fencing", then answered that no action was taken.
    data = compile_overview(made.cycle)

    quotes = entry(data, "actions_taken")["figure"]["quotes"]
    assert [(q["country"], q["text"]) for q in quotes] == [
        ("UZ", "Anti-poaching patrols in Zarafshan")
    ]
    assert quotes[0]["answer"] == made.answer(made.uz, "actions_taken").pk


def test_tables_are_merged_numbers_summed_and_texts_listed_per_country(made):
    data = compile_overview(made.cycle)

    figure = entry(data, "cooperation")["figure"]
    merged = {
        (row["name"], cell["column"]): (
            (cell["total"], codes(cell["sources"]))
            if "total" in cell
            else [(t["country"], t["text"]) for t in cell["texts"]]
        )
        for row in figure["rows"]
        for cell in row["cells"]
    }
    assert figure["n"] == 2
    assert merged == {
        ("research", "partners"): [("TJ", "CIC"), ("UZ", "WWF")],
        ("research", "projects"): (3, ["TJ", "UZ"]),
        ("monitoring", "partners"): [],
        ("monitoring", "projects"): (3, ["TJ"]),
    }


def test_items_a_country_adds_are_listed_per_country_with_their_name(made):
    data = compile_overview(made.cycle)

    sizes = entry(data, "area_size")
    assert [(e["country"], e["item"], e["label"]) for e in sizes["entries"]] == [
        ("TJ", "1", "Tigrovaya Balka"),
        ("UZ", "1", "Zarafshan"),
        ("UZ", "2", "Badai-Tugai"),
    ]
    figure = sizes["figure"]
    assert (figure["n"], figure["total"], figure["min"], figure["max"]) == (
        3, 58065.5, 2352.5, 49786,
    )  # fmt: skip
    assert [(s["country"], s["item"]) for s in figure["max_sources"]] == [("TJ", "1")]


def test_a_section_repeated_per_species_is_aggregated_per_species(
    bkd_cycle, bkd_format, secretariat_officer, bukhara
):
    per_species = Section.objects.create(
        format=bkd_format.format, name="species", number="5", position=5,
        title={"en": "Species"}, repeat_source=RepeatSource.SPECIES,
    )  # fmt: skip
    Question.objects.create(
        format=bkd_format.format, section=per_species, name="species_trend", number="5.1",
        type=QuestionType.SINGLE_CHOICE, label={"en": "Trend"},
        choice_list=bkd_format.trend.choice_list,
    )  # fmt: skip
    slug = bukhara.deer.slug

    def species_trends(reports):  # type: ignore[no-untyped-def]
        for code, trend in (("UZ", "increasing"), ("TJ", "increasing"), ("KZ", "stable")):
            fill_item = bkd_format.question("species_trend")
            answers.save_answer(
                report=reports[code], question=fill_item, raw=trend, item=slug,
                by=secretariat_officer,
            )  # fmt: skip

    build_hand_made(bkd_cycle, bkd_format, secretariat_officer, before_submit=species_trends)

    data = compile_overview(bkd_cycle)

    items = entry(data, "species_trend")["items"]
    assert [(i["item"], i["label"]) for i in items] == [(slug, "Cervus elaphus bactrianus")]
    assert options(items[0]["figure"]) == [
        ("increasing", 2, 0.6667, ["TJ", "UZ"]),
        ("stable", 1, 0.3333, ["KZ"]),
        ("decreasing", 0, 0.0, []),
    ]
    assert [s["item"] for s in items[0]["figure"]["options"][0]["sources"]] == [slug, slug]


def test_the_previous_cycle_is_given_beside_the_current_one(made):
    data = compile_overview(made.cycle)

    assert data["previous"] == {
        "id": made.earlier.pk,
        "name": "2017",
        "summary": data["previous"]["summary"],
        "received": ["UZ"],
    }
    estimate = entry(data, "estimate")["previous"]
    assert (estimate["n"], estimate["total"], estimate["mean"]) == (1, 1000, 1000)
    assert estimate["sources"] == [
        {"answer": made.answer(made.uz_2017, "estimate").pk, "report": made.uz_2017.pk,
         "country": "UZ"}
    ]  # fmt: skip
    assert options(entry(data, "trend")["previous"]) == [
        ("increasing", 0, 0.0, []),
        ("stable", 0, 0.0, []),
        ("decreasing", 1, 1.0, ["UZ"]),
    ]


def test_every_figure_and_quote_names_the_answer_it_came_from(made):
    data = compile_overview(made.cycle)

    sources = all_sources(data["sections"])
    stored = {
        a.pk: (a.report_id, a.report.country.code)
        for a in Answer.objects.select_related("report__country")
    }
    assert len(sources) > 50
    assert [(s["report"], s["country"]) for s in sources] == [stored[s["answer"]] for s in sources]
    max_source = entry(data, "estimate")["figure"]["max_sources"][0]
    assert max_source == {
        "answer": made.answer(made.uz, "estimate").pk, "report": made.uz.pk, "country": "UZ",
    }  # fmt: skip


# --- which reports count -----------------------------------------------------------------------


def test_drafts_and_returned_reports_are_left_out(made, secretariat_officer):
    review.return_report(report=made.kz, by=secretariat_officer, note="Check the estimate.")

    data = compile_overview(made.cycle)

    figure = entry(data, "estimate")["figure"]
    assert (figure["n"], figure["total"], codes(figure["sources"])) == (2, 1500, ["TJ", "UZ"])
    assert data["totals"]["reports"] == 2
    states = [(c["code"], c["state"]) for c in data["status"]["countries"]]
    assert states == [("KZ", "returned"), ("TJ", "accepted"), ("TM", "draft"), ("UZ", "submitted")]


def test_the_head_says_who_has_reported(made):
    data = compile_overview(made.cycle, as_at=dt.date.today())

    day = dt.date.today()
    assert data["status"]["summary"] == (
        f"As at {day.day} {day:%B %Y}, 3 of 4 countries have submitted their national "
        "reports: Kazakhstan, Tajikistan, Uzbekistan."
    )
    assert data["status"]["counts"] == {
        "not_started": 0, "draft": 1, "submitted": 2, "returned": 0, "accepted": 1,
    }  # fmt: skip


def test_as_at_a_date_the_reports_and_answers_are_those_of_that_day(made, secretariat_officer):
    move_history(made.uz, aware(dt.date(2020, 9, 20)))
    for report in (made.kz, made.tj, made.tm):
        move_history(report, aware(dt.date(2020, 10, 20)))
    # Later, Uzbekistan's report is returned, corrected and submitted again.
    review.return_report(report=made.uz, by=secretariat_officer, note="Update the estimate.")
    fill(made.uz, made.fmt, secretariat_officer, estimate=1250)
    submit(made.uz, secretariat_officer)

    then = compile_overview(made.cycle, as_at=dt.date(2020, 10, 10))
    now = compile_overview(made.cycle)

    assert then["status"]["summary"] == (
        "As at 10 October 2020, only Uzbekistan has submitted its national report."
    )
    assert (entry(then, "estimate")["figure"]["total"], then["as_at"]) == (1200, "2020-10-10")
    assert entry(now, "estimate")["figure"]["total"] == 2050


def test_compiling_reads_the_database_a_few_times_whatever_the_number_of_answers(
    made, django_assert_max_num_queries
):
    with django_assert_max_num_queries(22):
        compile_overview(made.cycle)


# --- the task ----------------------------------------------------------------------------------


@override_settings(TASKS=IMMEDIATE)
def test_the_task_compiles_the_overview_and_records_its_progress(
    made, secretariat_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = start_overview(cycle=made.cycle, by=secretariat_officer)

    report.refresh_from_db()
    assert (report.status, report.progress, report.total) == (OverviewStatus.DONE, 20, 20)
    assert report.data["totals"]["reports"] == 3
    assert report.finished_at is not None
    assert report.created_by == secretariat_officer


def test_an_overview_waits_for_the_worker_until_it_runs(made, secretariat_officer):
    report = start_overview(cycle=made.cycle, by=secretariat_officer, as_at=dt.date(2020, 10, 10))

    assert (report.status, report.as_at, report.data) == (
        OverviewStatus.QUEUED, dt.date(2020, 10, 10), {},
    )  # fmt: skip


def test_a_focal_point_cannot_start_an_overview(made, nfp_uzbekistan):
    with pytest.raises(PermissionDenied):
        start_overview(cycle=made.cycle, by=nfp_uzbekistan)

    assert OverviewReport.objects.count() == 0


def test_an_overview_cannot_be_as_at_a_future_date(made, secretariat_officer):
    tomorrow = dt.date.today() + dt.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        start_overview(cycle=made.cycle, by=secretariat_officer, as_at=tomorrow)

    assert error.value.message_dict == {"as_at": ["Give today's date or an earlier one."]}
    assert OverviewReport.objects.count() == 0


# --- pages -------------------------------------------------------------------------------------


def start_url(made: HandMade) -> str:
    return reverse("reporting:overview-start", args=[made.cycle.pk])


def detail_url(report: OverviewReport) -> str:
    return reverse("reporting:overview-detail", args=[report.pk])


@override_settings(TASKS=IMMEDIATE)
def test_staff_start_an_overview_and_read_it_with_links_to_the_answers(
    client, made, secretariat_officer, django_capture_on_commit_callbacks
):
    client.force_login(secretariat_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(start_url(made), {"as_at": ""})

    report = OverviewReport.objects.get()
    assert (response.status_code, response["Location"]) == (302, detail_url(report))
    page = client.get(detail_url(report))
    html = page.content.decode()
    assert page.status_code == 200
    assert "3 of 4 countries have submitted their national reports" in html
    assert "Anti-poaching patrols in Zarafshan" in html
    assert 'class="bar-chart"' in html
    assert "hx-trigger" not in html
    anchor = f"{reverse('reporting:report-detail', args=[made.uz.pk])}#q-estimate"
    assert f'href="{anchor}"' in html


def test_a_queued_overview_page_polls_for_progress(client, made, secretariat_officer):
    report = start_overview(cycle=made.cycle, by=secretariat_officer)
    client.force_login(secretariat_officer)

    page = client.get(detail_url(report), headers={"HX-Request": "true"})

    html = page.content.decode()
    assert page.status_code == 200
    assert 'hx-trigger="every 1s"' in html
    assert "0 of 0 questions compiled" in html
    assert "<html" not in html


@pytest.mark.parametrize("persona", ["nfp_uzbekistan", "nfp_tajikistan", "partner_cic"])
def test_only_staff_see_an_overview(client, request, made, secretariat_officer, persona):
    report = start_overview(cycle=made.cycle, by=secretariat_officer)
    client.force_login(request.getfixturevalue(persona))

    page = client.get(detail_url(report))
    export = client.get(reverse("reporting:overview-export", args=[report.pk, "csv"]))

    assert (page.status_code, export.status_code) == (404, 404)


def test_the_public_is_sent_to_sign_in_to_see_an_overview(client, made, secretariat_officer):
    report = start_overview(cycle=made.cycle, by=secretariat_officer)

    page = client.get(detail_url(report))

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["nfp_uzbekistan", "partner_cic", "other_staff"])
def test_only_staff_serving_the_instrument_start_an_overview(client, request, made, persona):
    if persona == "other_staff":
        user = f.make_secretariat(instruments=[f.make_instrument(code="AEWA")])
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)

    response = client.post(start_url(made), {"as_at": ""})

    assert response.status_code == 403
    assert OverviewReport.objects.count() == 0


def test_an_overview_as_at_a_future_date_is_refused_with_the_field_named(
    client, made, secretariat_officer
):
    client.force_login(secretariat_officer)
    tomorrow = dt.date.today() + dt.timedelta(days=1)

    response = client.post(start_url(made), {"as_at": tomorrow.isoformat()})

    assert response.status_code == 422
    assert response.context["form"].errors == {"as_at": ["Give today's date or an earlier one."]}
    assert OverviewReport.objects.count() == 0


def test_an_overview_not_yet_compiled_cannot_be_downloaded(client, made, secretariat_officer):
    report = start_overview(cycle=made.cycle, by=secretariat_officer)
    client.force_login(secretariat_officer)

    response = client.get(reverse("reporting:overview-export", args=[report.pk, "xlsx"]))

    assert response.status_code == 409


@override_settings(TASKS=IMMEDIATE)
def test_a_section_loads_alone_as_the_reader_scrolls_to_it(
    client, made, secretariat_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = start_overview(cycle=made.cycle, by=secretariat_officer)
    client.force_login(secretariat_officer)

    part = client.get(f"{detail_url(report)}?section=areas", headers={"HX-Request": "true"})

    html = part.content.decode()
    assert part.status_code == 200
    assert html.lstrip().startswith('<section class="card overview-section" id="s-areas"')
    assert "Tigrovaya Balka" in html
    assert "Population estimate" not in html


@override_settings(TASKS=IMMEDIATE)
def test_a_page_with_one_section_offers_the_others_to_load(
    client, made, secretariat_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = start_overview(cycle=made.cycle, by=secretariat_officer)
    client.force_login(secretariat_officer)

    page = client.get(f"{detail_url(report)}?section=areas")

    html = page.content.decode()
    assert "Tigrovaya Balka" in html
    assert "Anti-poaching patrols in Zarafshan" not in html
    assert f'hx-get="{detail_url(report)}?section=actions" hx-trigger="revealed"' in html
    assert '<a href="?section=actions#s-actions">Show this section (3 questions)</a>' in html


def test_staff_see_the_form_and_the_overviews_compiled_before(client, made, secretariat_officer):
    earlier = start_overview(cycle=made.cycle, by=secretariat_officer, as_at=dt.date(2020, 10, 10))
    client.force_login(secretariat_officer)

    page = client.get(start_url(made))

    assert page.status_code == 200
    assert list(page.context["overviews"]) == [earlier]
    assert "as at 10 October 2020" in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("secretariat_officer", True),
        ("nfp_uzbekistan", False),
        ("nfp_tajikistan", False),
        ("partner_cic", False),
        ("anonymous", False),
    ],
)
def test_overviews_are_visible_to_staff_only(request, made, secretariat_officer, persona, sees):
    report = start_overview(cycle=made.cycle, by=secretariat_officer)

    visible = list(overviews_visible_to(request.getfixturevalue(persona)))

    assert visible == ([report] if sees else [])
