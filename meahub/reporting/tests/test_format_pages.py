"""The format pages as staff and readers use them: the list, a format as a reader sees it
(versions, lineage, mappings, mandates), starting a format, editing a draft in place (HTMX,
refusals beside the field with 422 and nothing saved), adoption and new versions, and the
mappings page. Staff serving the instrument edit; other staff read; focal points, partners
and the public see adopted formats only and never change one."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meahub.mandates.models import Mandate
from meahub.mandates.tests.test_pages import make_eagles
from meahub.reporting.enums import FormatStatus, QuestionType
from meahub.reporting.models import (
    Answer,
    Choice,
    ChoiceList,
    NationalReport,
    Question,
    QuestionMapping,
    ReportFormat,
    Section,
)
from meahub.reporting.services import formats
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, *args: Any) -> str:
    return reverse(f"reporting:{name}", args=args)


def text_of(response) -> str:
    """The page's visible text, tags removed and white space squeezed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def other_staff(bukhara):
    aewa = f.make_instrument(code="AEWA", short_name="AEWA")
    return f.make_secretariat(instruments=[aewa], username="aewa-officer")


@pytest.fixture
def draft(bukhara, secretariat_officer) -> ReportFormat:
    report_format = formats.create_format(
        instrument=bukhara.bkd, title="Bukhara Deer draft", languages=["en", "fr"],
        by=secretariat_officer,
    )  # fmt: skip
    section = formats.add_section(
        report_format=report_format, title={"en": "Population"}, number="1", by=secretariat_officer
    )
    formats.add_question(
        section=section, type=QuestionType.YES_NO, label={"en": "Were deer counted?"},
        name="counted", number="1.1", by=secretariat_officer,
    )  # fmt: skip
    return report_format


def login(client, user) -> None:
    if getattr(user, "is_authenticated", False):
        client.force_login(user)


# --- the list --------------------------------------------------------------------------------


def test_the_public_lists_adopted_formats_only(client, bkd_format, draft):
    response = client.get(url("format-list"))

    assert list(response.context["formats"]) == [bkd_format.format]


def test_staff_list_drafts_too(client, bkd_format, draft, other_staff):
    client.force_login(other_staff)

    response = client.get(url("format-list"), {"instrument": "BKD"})

    assert list(response.context["formats"]) == [draft, bkd_format.format]
    assert [f.question_count for f in response.context["formats"]] == [1, 10]


def test_the_list_narrows_to_one_instrument(client, bkd_format):
    response = client.get(url("format-list"), {"instrument": "CAMI"}, **HTMX)

    assert text_of(response) == (
        "Format Instrument Version Status Questions Adopted by CAMI has no report format yet."
    )


# --- a format as a reader sees it ------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretariat_officer", 200),
        ("other_staff", 200),
        ("nfp_uzbekistan", 404),
        ("partner_cic", 404),
        ("anonymous", 404),
    ],
)
def test_a_draft_is_seen_by_staff_only(client, draft, who, status, request):
    login(client, request.getfixturevalue(who))

    response = client.get(url("format-detail", draft.pk))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "can_edit"),
    [
        ("secretariat_officer", True),
        ("other_staff", False),
        ("nfp_uzbekistan", False),
        ("partner_cic", False),
        ("anonymous", False),
    ],
)
def test_everyone_reads_an_adopted_format_and_only_staff_serving_it_act_on_it(
    client, bkd_format, who, can_edit, request
):
    login(client, request.getfixturevalue(who))

    response = client.get(url("format-detail", bkd_format.format.pk))

    assert response.status_code == 200
    assert "Describe the actions" in text_of(response)
    assert ("New version" in text_of(response)) is can_edit
    assert response.context["page"].can_manage is can_edit


def test_the_page_reads_in_the_active_language(client, bkd_format):
    response = client.get(url("format-detail", bkd_format.format.pk), HTTP_ACCEPT_LANGUAGE="fr")

    assert "Estimation de la population" in text_of(response)


def test_the_page_shows_conditions_with_question_numbers(client, bkd_format):
    response = client.get(url("format-detail", bkd_format.format.pk))

    assert "Asked only if 3.1 = 'yes'" in text_of(response)


def test_a_question_shows_where_an_earlier_version_asked_it(
    client, bkd_format, secretariat_officer
):
    new = formats.new_version(report_format=bkd_format.format, by=secretariat_officer)
    threats = Question.objects.get(format=new, name="threats")
    formats.update_question(
        question=threats, label={"en": "Threats to the deer"}, number="1.4", by=secretariat_officer
    )
    client.force_login(secretariat_officer)

    response = client.get(url("format-detail", new.pk))

    assert "Threats to the deer Multiple choices" not in text_of(response)
    assert "Asked in v1 as 2.1 “Main threats”" in text_of(response)
    assert [v.version for v in response.context["page"].versions] == [1, 2]


def test_a_question_shows_its_mappings_and_mandates(
    client, bukhara, bkd_format, secretariat_officer
):
    cami = formats.create_format(
        instrument=bukhara.cami,
        title="CAMI report",
        languages=["en"],
        by=secretariat_officer,
    )
    section = formats.add_section(report_format=cami, title={"en": "Deer"}, by=secretariat_officer)
    cami_trend = formats.add_question(
        section=section, type=QuestionType.TEXT, label={"en": "Deer trend"}, number="3.1",
        by=secretariat_officer,
    )  # fmt: skip
    formats.map_questions(
        question_a=bkd_format.trend, question_b=cami_trend, by=secretariat_officer
    )
    make_eagles(secretariat_officer)
    mandate = Mandate.objects.filter(document__symbol="UNEP/CMS/Resolution 46.4").first()
    formats.link_question_mandates(
        question=bkd_format.trend, mandates=[mandate], by=secretariat_officer
    )

    response = client.get(url("format-detail", bkd_format.format.pk))

    text = text_of(response)
    assert "Asks what CAMI — CAMI report v1, 3.1 “Deer trend” asks" not in text  # a draft
    client.force_login(secretariat_officer)
    text = text_of(client.get(url("format-detail", bkd_format.format.pk)))
    assert "Asks what CAMI — CAMI report v1, 3.1 “Deer trend” asks" in text
    assert f'href="{mandate.get_absolute_url()}"' in response.content.decode()


def make_format(bukhara, by, count: int) -> ReportFormat:
    report_format = formats.create_format(
        instrument=bukhara.bkd, title=f"Format of {count}", languages=["en"], by=by
    )
    trend = formats.create_choice_list(
        report_format=report_format, name="trend", choices=[("up", {"en": "Up"})], by=by
    )
    if not Mandate.objects.exists():
        make_eagles(by)
    mandate = Mandate.objects.first()
    sections = [
        formats.add_section(report_format=report_format, title={"en": f"Part {n}"}, by=by)
        for n in range(3)
    ]
    for n in range(count):
        question = formats.add_question(
            section=sections[n % 3], type=QuestionType.SINGLE_CHOICE, label={"en": f"Q{n}"},
            choice_list=trend, by=by,
        )  # fmt: skip
        formats.link_question_mandates(question=question, mandates=[mandate], by=by)
    formats.adopt_format(report_format=report_format, by=by)
    return report_format


def test_the_format_page_reads_in_the_same_queries_for_3_or_30_questions(
    client, bukhara, secretariat_officer
):
    small = make_format(bukhara, secretariat_officer, 3)
    large = make_format(bukhara, secretariat_officer, 30)
    client.force_login(secretariat_officer)
    client.get(url("format-detail", small.pk))  # sessions and caches warmed

    counts = []
    for report_format in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("format-detail", report_format.pk))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert counts[1] <= 20


# --- starting and editing a format -----------------------------------------------------------


def test_staff_start_a_format_and_go_on_to_its_edit_page(client, bukhara, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        url("format-create"),
        {"instrument": "BKD", "title": "BKD report", "languages": ["en", "es"]},
    )

    report_format = ReportFormat.objects.get(title="BKD report")
    assert response.url == url("format-edit", report_format.pk)
    assert (report_format.languages, report_format.status) == (["en", "es"], FormatStatus.DRAFT)


def test_a_format_without_a_title_is_refused_beside_the_field(client, bukhara, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(url("format-create"), {"instrument": "BKD", "languages": ["en"]})

    assert response.status_code == 422
    assert response.context["form"].errors == {"title": ["This field is required."]}
    assert ReportFormat.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "status"),
    # Staff of another instrument get the form back: BKD is not among their instruments.
    [("nfp_uzbekistan", 403), ("partner_cic", 403), ("other_staff", 422)],
)
def test_only_staff_serving_an_instrument_start_its_formats(client, bukhara, who, status, request):
    client.force_login(request.getfixturevalue(who))

    response = client.post(
        url("format-create"), {"instrument": "BKD", "title": "X", "languages": ["en"]}
    )

    assert response.status_code == status
    assert ReportFormat.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretariat_officer", 200),
        ("other_staff", 403),
        ("nfp_uzbekistan", 404),
        ("partner_cic", 404),
    ],
)
def test_only_staff_serving_the_instrument_open_a_drafts_edit_page(
    client, draft, who, status, request
):
    client.force_login(request.getfixturevalue(who))

    response = client.get(url("format-edit", draft.pk))

    assert response.status_code == status


def test_the_anonymous_are_sent_to_sign_in_before_editing(client, draft):
    response = client.get(url("format-edit", draft.pk))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_adopted_format_has_no_edit_page(client, bkd_format, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.get(url("format-edit", bkd_format.format.pk))

    assert response.status_code == 403


def test_staff_add_a_section_in_place(client, draft, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        url("format-section-add", draft.pk), {"title_en": "Threats", "title_fr": "Menaces"}, **HTMX
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#outline"
    section = Section.objects.get(format=draft, name="threats")
    assert section.title == {"en": "Threats", "fr": "Menaces"}
    assert "Menaces" not in text_of(response)  # shown in the active language: English
    assert "The section was added." in text_of(response)


def test_staff_open_a_section_in_place_and_put_it_under_another(client, draft, secretariat_officer):
    threats = formats.add_section(
        report_format=draft, title={"en": "Threats"}, by=secretariat_officer
    )
    population = Section.objects.get(format=draft, name="population")
    client.force_login(secretariat_officer)

    form = client.get(url("format-section-edit", draft.pk, threats.pk), **HTMX)
    response = client.post(
        url("format-section-edit", draft.pk, threats.pk),
        {"title_en": "Threats to the deer", "name": "threats", "parent": population.pk},
        **HTMX,
    )

    assert f'id="section-{threats.pk}-form"' in form.content.decode()
    assert response.status_code == 200
    threats.refresh_from_db()
    assert (threats.parent, threats.title) == (population, {"en": "Threats to the deer"})


def test_a_section_title_missing_in_english_comes_back_beside_the_field(
    client, draft, secretariat_officer
):
    client.force_login(secretariat_officer)

    response = client.post(url("format-section-add", draft.pk), {"title_fr": "Menaces"}, **HTMX)

    assert response.status_code == 422
    assert response.context["form"].errors == {"title_en": ["This field is required."]}
    assert Section.objects.filter(format=draft).count() == 1


def test_cancel_brings_back_the_outline_as_it_was(client, draft, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.get(url("format-edit", draft.pk), {"part": "outline"}, **HTMX)

    assert response.content.decode().lstrip().startswith('<div id="outline"')
    assert "Were deer counted?" in text_of(response)


def test_staff_add_a_question_shown_only_if_another_is_yes(client, draft, secretariat_officer):
    client.force_login(secretariat_officer)
    section = Section.objects.get(format=draft)

    response = client.post(
        url("format-question-add", draft.pk, section.pk),
        {"type": "long_text", "label_en": "How?", "relevant": "${counted} = 'yes'"},
        **HTMX,
    )

    assert response.status_code == 200
    question = Question.objects.get(format=draft, name="how")
    assert (question.type, question.relevant) == ("long_text", "${counted} = 'yes'")


def test_a_condition_naming_an_unknown_question_comes_back_beside_the_field(
    client, draft, secretariat_officer
):
    client.force_login(secretariat_officer)
    section = Section.objects.get(format=draft)

    response = client.post(
        url("format-question-add", draft.pk, section.pk),
        {"type": "long_text", "label_en": "How?", "relevant": "${countd} = 'yes'"},
        **HTMX,
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "relevant": ["This format has no question ${countd}."]
    }
    assert f'id="question-add-{section.pk}"' in response.content.decode()
    assert Question.objects.filter(format=draft).count() == 1


def test_table_lines_are_read_into_rows_and_columns(client, draft, secretariat_officer):
    client.force_login(secretariat_officer)
    section = Section.objects.get(format=draft)

    client.post(
        url("format-question-add", draft.pk, section.pk),
        {
            "type": "table", "label_en": "Cooperation", "name": "cooperation",
            "table_rows": "research | Research | Recherche\nmonitoring | Monitoring",
            "table_columns": "partners | text | Partners\nprojects | integer | Projects",
        },
        **HTMX,
    )  # fmt: skip

    question = Question.objects.get(format=draft, name="cooperation")
    assert question.table_rows == [
        {"name": "research", "label": {"en": "Research", "fr": "Recherche"}},
        {"name": "monitoring", "label": {"en": "Monitoring"}},
    ]
    assert [c["type"] for c in question.table_columns] == ["text", "integer"]


def test_a_bad_column_type_is_refused_naming_the_column(client, draft, secretariat_officer):
    client.force_login(secretariat_officer)
    section = Section.objects.get(format=draft)

    response = client.post(
        url("format-question-add", draft.pk, section.pk),
        {
            "type": "table", "label_en": "Cooperation",
            "table_rows": "research", "table_columns": "partners | text\nwhen | date",
        },
        **HTMX,
    )  # fmt: skip

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "table_columns": ["Column 2: the type is text, integer or decimal, not “date”."]
    }


def test_staff_open_a_question_in_place_and_reword_it(client, draft, secretariat_officer):
    client.force_login(secretariat_officer)
    question = Question.objects.get(format=draft)

    form = client.get(url("format-question-edit", draft.pk, question.pk), **HTMX)
    response = client.post(
        url("format-question-edit", draft.pk, question.pk),
        {"type": "yes_no", "label_en": "Did you count deer?", "name": "counted", "number": "1.1"},
        **HTMX,
    )

    assert f'id="question-{question.pk}"' in form.content.decode()
    assert 'value="Were deer counted?"' in form.content.decode()
    assert response.status_code == 200
    assert Question.objects.get(pk=question.pk).label == {"en": "Did you count deer?"}


def test_without_javascript_a_question_form_is_a_page(client, draft, secretariat_officer):
    client.force_login(secretariat_officer)
    question = Question.objects.get(format=draft)

    response = client.post(
        url("format-question-edit", draft.pk, question.pk),
        {"type": "yes_no", "label_en": "Counted?", "name": "counted"},
    )

    assert response.url == url("format-edit", draft.pk)


def test_staff_move_and_delete_questions(client, draft, secretariat_officer):
    client.force_login(secretariat_officer)
    section = Section.objects.get(format=draft)
    second = formats.add_question(
        section=section, type=QuestionType.TEXT, label={"en": "Where?"}, by=secretariat_officer
    )

    client.post(url("format-question-move", draft.pk, second.pk), {"to": "0"}, **HTMX)
    client.post(
        url("format-question-delete", draft.pk, Question.objects.get(name="counted").pk), **HTMX
    )

    assert list(Question.objects.filter(format=draft).values_list("name", "position")) == [
        ("where", 1)
    ]


def test_deleting_an_answered_question_is_refused_with_a_clear_message(
    client, bkd_format, bkd_cycle, secretariat_officer
):
    ReportFormat.objects.filter(pk=bkd_format.format.pk).update(status=FormatStatus.DRAFT)
    report = NationalReport.objects.create(cycle=bkd_cycle, country=f.make_country("UZ"))
    Answer.objects.create(report=report, question=bkd_format.area_name, value="Zarafshan")
    client.force_login(secretariat_officer)

    response = client.post(
        url("format-question-delete", bkd_format.format.pk, bkd_format.area_name.pk), **HTMX
    )

    assert response.status_code == 422
    assert "Question 4.1 “Name” has answers in 1 report(s) and cannot be deleted" in text_of(
        response
    )
    assert Question.objects.filter(pk=bkd_format.area_name.pk).exists()


@pytest.mark.parametrize("who", ["other_staff", "nfp_uzbekistan", "partner_cic"])
def test_no_one_else_changes_a_draft(client, draft, who, request):
    client.force_login(request.getfixturevalue(who))
    section = Section.objects.get(format=draft)

    response = client.post(
        url("format-question-add", draft.pk, section.pk),
        {"type": "text", "label_en": "Sneaky"},
        **HTMX,
    )

    assert response.status_code in (403, 404)
    assert Question.objects.filter(format=draft).count() == 1


def test_staff_build_a_choice_list_in_place(client, draft, secretariat_officer):
    client.force_login(secretariat_officer)

    client.post(
        url("format-choice-list-add", draft.pk),
        {"list-name": "trend", "list-choices": "up | Up | En hausse\ndown | Down"},
        **HTMX,
    )
    trend = ChoiceList.objects.get(format=draft, name="trend")
    response = client.post(
        url("format-choice-add", draft.pk, trend.pk),
        {f"list-{trend.pk}-name": "up", f"list-{trend.pk}-label_en": "Up again"},
        **HTMX,
    )

    assert response.status_code == 422
    assert "This list already has a choice of this name." in text_of(response)
    assert list(Choice.objects.filter(choice_list=trend).values_list("name", "label")) == [
        ("up", {"en": "Up", "fr": "En hausse"}),
        ("down", {"en": "Down"}),
    ]


def test_staff_adopt_a_draft_and_it_is_frozen(client, draft, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(url("format-adopt", draft.pk), {"adopted_by": "MOS5"})

    draft.refresh_from_db()
    assert response.url == draft.get_absolute_url()
    assert (draft.status, draft.adopted_by) == (FormatStatus.ADOPTED, "MOS5")
    assert client.get(url("format-edit", draft.pk)).status_code == 403


def test_a_draft_with_problems_is_not_adopted_and_the_problems_are_shown(
    client, draft, secretariat_officer
):
    formats.add_section(report_format=draft, title={"en": "Empty"}, by=secretariat_officer)
    client.force_login(secretariat_officer)

    response = client.post(url("format-adopt", draft.pk), follow=True)

    assert ReportFormat.objects.get(pk=draft.pk).status == FormatStatus.DRAFT
    assert "Section empty “Empty” has no questions." in text_of(response)


def test_staff_make_a_new_version_and_edit_it(client, bkd_format, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(url("format-new-version", bkd_format.format.pk))

    new = ReportFormat.objects.get(previous=bkd_format.format)
    assert response.url == url("format-edit", new.pk)
    assert client.get(response.url).status_code == 200


def test_a_focal_point_cannot_adopt_or_version_a_format(client, bkd_format, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)

    response = client.post(url("format-new-version", bkd_format.format.pk))

    assert response.status_code == 403
    assert ReportFormat.objects.count() == 1


# --- mappings and mandates -------------------------------------------------------------------


@pytest.fixture
def cami_format(bukhara, secretariat_officer) -> ReportFormat:
    cami = formats.create_format(
        instrument=bukhara.cami, title="CAMI report", languages=["en"], by=secretariat_officer
    )
    section = formats.add_section(report_format=cami, title={"en": "Deer"}, by=secretariat_officer)
    formats.add_question(
        section=section, type=QuestionType.TEXT, label={"en": "Deer trend"}, number="3.1",
        name="deer_trend", by=secretariat_officer,
    )  # fmt: skip
    formats.adopt_format(report_format=cami, by=secretariat_officer)
    return cami


def test_staff_map_a_bkd_question_to_a_cami_question(
    client, bkd_format, cami_format, secretariat_officer
):
    client.force_login(secretariat_officer)
    cami_trend = Question.objects.get(format=cami_format)

    picked = client.get(
        url("mapping-list", bkd_format.format.pk), {"other_format": cami_format.pk}, **HTMX
    )
    client.post(
        url("mapping-list", bkd_format.format.pk),
        {"question": bkd_format.trend.pk, "other_format": cami_format.pk,
         "other_question": cami_trend.pk, "note": "Same trend"},
    )  # fmt: skip
    response = client.get(url("mapping-list", bkd_format.format.pk))

    assert "3.1 Deer trend" in text_of(picked)
    assert QuestionMapping.objects.get().note == "Same trend"
    assert "1.2 “Population trend” CAMI — CAMI report v1, 3.1 “Deer trend” Same trend" in text_of(
        response
    )


def test_mapping_a_pair_twice_is_refused_beside_the_field(
    client, bkd_format, cami_format, secretariat_officer
):
    cami_trend = Question.objects.get(format=cami_format)
    formats.map_questions(
        question_a=bkd_format.trend, question_b=cami_trend, by=secretariat_officer
    )
    client.force_login(secretariat_officer)

    response = client.post(
        url("mapping-list", bkd_format.format.pk),
        {"question": bkd_format.trend.pk, "other_format": cami_format.pk,
         "other_question": cami_trend.pk},
    )  # fmt: skip

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "other_question": ["These questions are already mapped."]
    }


def test_staff_unmap_questions(client, bkd_format, cami_format, secretariat_officer):
    mapping = formats.map_questions(
        question_a=bkd_format.trend,
        question_b=Question.objects.get(format=cami_format),
        by=secretariat_officer,
    )
    client.force_login(secretariat_officer)

    client.post(url("mapping-remove", bkd_format.format.pk, mapping.pk))

    assert QuestionMapping.objects.count() == 0


@pytest.mark.parametrize("who", ["nfp_uzbekistan", "partner_cic", "other_staff"])
def test_readers_see_mappings_but_cannot_map(client, bkd_format, cami_format, who, request):
    client.force_login(request.getfixturevalue(who))

    page = client.get(url("mapping-list", bkd_format.format.pk))
    response = client.post(
        url("mapping-list", bkd_format.format.pk),
        {"question": bkd_format.trend.pk, "other_format": cami_format.pk,
         "other_question": Question.objects.get(format=cami_format).pk},
    )  # fmt: skip

    assert (page.status_code, response.status_code) == (200, 403)
    assert "Map a question" not in text_of(page)
    assert QuestionMapping.objects.count() == 0


def test_staff_find_and_link_mandates_to_a_question(client, bkd_format, secretariat_officer):
    make_eagles(secretariat_officer)
    mandate = Mandate.objects.get(
        document__symbol="UNEP/CMS/Resolution 46.4", paragraph__anchor="2"
    )
    client.force_login(secretariat_officer)
    mandates_url = url("format-question-mandates", bkd_format.format.pk, bkd_format.estimate.pk)

    found = client.get(mandates_url, {"q": "power lines they made safe"}, **HTMX)
    response = client.post(mandates_url, {"mandates": [mandate.pk]})

    assert re.findall(r'name="mandates" value="(\d+)"', found.content.decode()) == [str(mandate.pk)]
    assert response.url == bkd_format.format.get_absolute_url() + "#q-estimate"
    assert list(bkd_format.estimate.mandates.all()) == [mandate]


def test_staff_of_another_instrument_cannot_link_mandates(client, bkd_format, other_staff):
    client.force_login(other_staff)

    response = client.get(
        url("format-question-mandates", bkd_format.format.pk, bkd_format.estimate.pk)
    )

    assert response.status_code == 403
