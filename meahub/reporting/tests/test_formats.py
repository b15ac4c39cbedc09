"""Staff author a report format: sections and questions of every type, conditions and
calculations checked against the format, choice lists, numbering; they adopt it (frozen from
then on), make new versions whose questions keep their lineage, map questions across formats
and instruments, and link questions to the mandates they give evidence on."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meahub.mandates.models import Mandate
from meahub.mandates.tests.test_pages import make_eagles
from meahub.reporting import selectors
from meahub.reporting.enums import FormatStatus, QuestionType, RepeatSource
from meahub.reporting.models import (
    Answer,
    NationalReport,
    Question,
    QuestionMapping,
    ReportFormat,
    ReportingCycle,
    Section,
)
from meahub.reporting.services import formats
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(bukhara, secretariat_officer) -> ReportFormat:
    return formats.create_format(
        instrument=bukhara.bkd,
        title="Bukhara Deer report",
        languages=["en", "fr", "es"],
        by=secretariat_officer,
    )


@pytest.fixture
def section(draft, secretariat_officer) -> Section:
    return formats.add_section(
        report_format=draft, title={"en": "Population"}, by=secretariat_officer
    )


@pytest.fixture
def other_staff(bukhara):
    aewa = f.make_instrument(code="AEWA", short_name="AEWA")
    return f.make_secretariat(instruments=[aewa], username="aewa-officer")


def add(section: Section, by, type: str = QuestionType.TEXT, label: str = "", **fields):
    return formats.add_question(
        section=section, by=by, type=type, label={"en": label or type.replace("_", " ")}, **fields
    )


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]] | list[str]:
    if hasattr(error.value, "error_dict"):
        return error.value.message_dict
    return error.value.messages


# --- formats ---------------------------------------------------------------------------------


def test_staff_start_a_draft_format_in_three_languages(draft, secretariat_officer):
    assert (draft.version, draft.status, draft.languages) == (
        1,
        FormatStatus.DRAFT,
        ["en", "fr", "es"],
    )
    assert draft.history.get().history_user == secretariat_officer


def test_staff_of_another_instrument_cannot_start_a_format(bukhara, other_staff):
    with pytest.raises(PermissionDenied):
        formats.create_format(instrument=bukhara.bkd, title="X", languages=["en"], by=other_staff)

    assert ReportFormat.objects.count() == 0


@pytest.mark.parametrize("who", ["nfp_uzbekistan", "partner_cic", "anonymous"])
def test_no_one_but_staff_starts_a_format(bukhara, who, request):
    with pytest.raises(PermissionDenied):
        formats.create_format(
            instrument=bukhara.bkd, title="X", languages=["en"], by=request.getfixturevalue(who)
        )


def test_a_second_format_of_the_same_title_is_refused(draft, bukhara, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        formats.create_format(
            instrument=bukhara.bkd,
            title="bukhara deer REPORT",
            languages=["en"],
            by=secretariat_officer,
        )

    assert messages_of(error) == {
        "title": ["BKD already has a format “bukhara deer REPORT”; make a new version of it."]
    }


def test_a_language_code_that_is_not_one_is_refused(bukhara, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        formats.create_format(
            instrument=bukhara.bkd, title="X", languages=["en", "English"], by=secretariat_officer
        )

    assert messages_of(error) == {
        "languages": ["“English” is not a language code; use two or three letters, e.g. en."]
    }


# --- sections --------------------------------------------------------------------------------


def test_sections_and_sub_sections_follow_reading_order(draft, section, secretariat_officer):
    formats.add_section(report_format=draft, title={"en": "Threats"}, by=secretariat_officer)
    counts = formats.add_section(
        report_format=draft, title={"en": "Counts"}, parent=section, by=secretariat_officer
    )

    order = list(
        Section.objects.filter(format=draft).order_by("position").values_list("name", flat=True)
    )

    assert order == ["population", "counts", "threats"]
    assert counts.parent == section


def test_moving_a_section_takes_its_sub_sections_along(draft, section, secretariat_officer):
    formats.add_section(
        report_format=draft, title={"en": "Counts"}, parent=section, by=secretariat_officer
    )
    threats = formats.add_section(
        report_format=draft, title={"en": "Threats"}, by=secretariat_officer
    )

    formats.move_section(section=threats, to=0, by=secretariat_officer)

    order = list(
        Section.objects.filter(format=draft).order_by("position").values_list("name", flat=True)
    )
    assert order == ["threats", "population", "counts"]


def test_a_section_cannot_go_inside_itself(draft, section, secretariat_officer):
    counts = formats.add_section(
        report_format=draft, title={"en": "Counts"}, parent=section, by=secretariat_officer
    )

    with pytest.raises(ValidationError) as error:
        formats.move_section(section=section, to=0, parent=counts, by=secretariat_officer)

    assert messages_of(error) == {"parent": ["A section cannot go inside itself."]}


@pytest.mark.parametrize("source", [RepeatSource.SPECIES, RepeatSource.FREE])
def test_a_section_repeats_per_species_or_per_item_the_country_adds(
    draft, secretariat_officer, source
):
    section = formats.add_section(
        report_format=draft, title={"en": "Each"}, repeat_source=source, by=secretariat_officer
    )

    assert section.repeat_source == source


def test_a_section_repeats_per_item_of_a_choice_list(draft, secretariat_officer):
    sites = formats.create_choice_list(
        report_format=draft,
        name="sites",
        choices=[("zarafshan", {"en": "Zarafshan"})],
        by=secretariat_officer,
    )

    section = formats.add_section(
        report_format=draft,
        title={"en": "Sites"},
        repeat_source=RepeatSource.CHOICES,
        repeat_choices=sites,
        by=secretariat_officer,
    )

    assert section.repeat_choices == sites


def test_a_repeated_section_inside_a_repeated_section_is_refused(draft, secretariat_officer):
    areas = formats.add_section(
        report_format=draft,
        title={"en": "Areas"},
        repeat_source=RepeatSource.FREE,
        by=secretariat_officer,
    )

    with pytest.raises(ValidationError) as error:
        formats.add_section(
            report_format=draft,
            title={"en": "Per species"},
            parent=areas,
            repeat_source=RepeatSource.SPECIES,
            by=secretariat_officer,
        )

    assert messages_of(error) == {
        "repeat_source": ["A section inside a repeated section cannot be repeated too."]
    }
    assert Section.objects.filter(format=draft).count() == 1


# --- questions -------------------------------------------------------------------------------


QUESTIONS_OF_EVERY_TYPE = [
    (QuestionType.TEXT, {}),
    (QuestionType.LONG_TEXT, {"required": True}),
    (QuestionType.INTEGER, {"unit": "animals", "min_value": 0, "max_value": 100000}),
    (QuestionType.DECIMAL, {"unit": "ha", "min_value": Decimal("0.5")}),
    (QuestionType.DATE, {}),
    (QuestionType.YES_NO, {"required": True}),
    (QuestionType.FILE, {}),
    (QuestionType.NOTE, {}),
    (QuestionType.CALCULATED, {"calculation": "${estimate} * 2"}),
    (
        QuestionType.TABLE,
        {
            "table_rows": [{"name": "research", "label": {"en": "Research", "fr": "Recherche"}}],
            "table_columns": [
                {"name": "partners", "label": {"en": "Partners"}, "type": "text"},
                {"name": "projects", "label": {"en": "Projects"}, "type": "integer"},
                {"name": "budget", "label": {"en": "Budget"}, "type": "decimal"},
            ],
        },
    ),
]


@pytest.mark.parametrize(("kind", "options"), QUESTIONS_OF_EVERY_TYPE)
def test_staff_add_a_question_of_each_type_with_its_settings(
    section, secretariat_officer, kind, options
):
    add(section, secretariat_officer, QuestionType.INTEGER, "Estimate", name="estimate")

    question = add(section, secretariat_officer, kind, "Asked", **options)

    stored = Question.objects.get(pk=question.pk)
    assert stored.type == kind
    assert {name: getattr(stored, name) for name in options} == options
    assert (stored.name, stored.position) == ("asked", 2)


@pytest.mark.parametrize("kind", [QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE])
def test_a_choice_question_takes_a_list_and_other_specify(
    draft, section, secretariat_officer, kind
):
    threats = formats.create_choice_list(
        report_format=draft,
        name="threats",
        choices=[("poaching", {"en": "Poaching"})],
        by=secretariat_officer,
    )

    question = add(
        section, secretariat_officer, kind, "Threats", choice_list=threats, has_other=True
    )

    assert (question.choice_list, question.has_other) == (threats, True)


def test_labels_and_help_are_kept_per_language(section, secretariat_officer):
    question = formats.add_question(
        section=section,
        type=QuestionType.TEXT,
        by=secretariat_officer,
        label={"en": "Threats", "fr": "Menaces", "es": "Amenazas"},
        help={"en": "Main ones", "fr": " ", "es": "Las principales"},
    )

    assert question.label == {"en": "Threats", "fr": "Menaces", "es": "Amenazas"}
    assert question.help == {"en": "Main ones", "es": "Las principales"}


def test_a_label_in_a_language_the_format_is_not_written_in_is_refused(
    section, secretariat_officer
):
    with pytest.raises(ValidationError) as error:
        formats.add_question(
            section=section,
            type=QuestionType.TEXT,
            label={"en": "Threats", "de": "Gefahren"},
            by=secretariat_officer,
        )

    assert messages_of(error) == {
        "label": ["The format is not written in German; add it to the format first."]
    }


def test_a_label_missing_in_the_first_language_is_refused(section, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        formats.add_question(
            section=section, type=QuestionType.TEXT, label={"fr": "Menaces"}, by=secretariat_officer
        )

    assert messages_of(error) == {"label": ["Write it in English."]}
    assert Question.objects.count() == 0


def test_a_name_a_section_has_is_refused_for_a_question(section, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        add(section, secretariat_officer, label="Population", name="population")

    assert messages_of(error) == {
        "name": ["A section or question of this format is already named “population”."]
    }


def test_a_condition_naming_an_unknown_question_is_refused_naming_it(section, secretariat_officer):
    add(section, secretariat_officer, QuestionType.YES_NO, "Any actions?", name="has_actions")

    with pytest.raises(ValidationError) as error:
        add(
            section,
            secretariat_officer,
            QuestionType.LONG_TEXT,
            "Which?",
            relevant="${has_actions} = 'yes' and ${has_action} != ''",
        )

    assert messages_of(error) == {"relevant": ["This format has no question ${has_action}."]}
    assert Question.objects.count() == 1


def test_a_condition_that_does_not_read_is_refused_saying_where(section, secretariat_officer):
    add(section, secretariat_officer, QuestionType.YES_NO, "Any actions?", name="has_actions")

    with pytest.raises(ValidationError) as error:
        add(
            section,
            secretariat_officer,
            QuestionType.LONG_TEXT,
            "Which?",
            relevant="${has_actions} = 'yes",
        )

    assert messages_of(error) == {"relevant": ["The quote ' opened at character 18 is not closed."]}


def test_a_question_cannot_depend_on_itself(section, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        add(
            section,
            secretariat_officer,
            QuestionType.CALCULATED,
            "Total",
            name="total",
            calculation="${total} + 1",
        )

    assert messages_of(error) == {"calculation": ["A question cannot depend on itself (${total})."]}


def test_a_calculation_is_checked_like_a_condition(section, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        add(
            section,
            secretariat_officer,
            QuestionType.CALCULATED,
            "Total",
            calculation="${adults} + ${young}",
        )

    assert messages_of(error) == {
        "calculation": ["This format has no question ${adults}, ${young}."]
    }


@pytest.mark.parametrize(
    ("kind", "options", "expected"),
    [
        (
            QuestionType.TEXT,
            {"unit": "ha"},
            {"unit": ["A unit belongs to a number question only."]},
        ),
        (
            QuestionType.INTEGER,
            {"min_value": Decimal("0.5")},
            {"min_value": ["A whole number question takes a whole number here."]},
        ),
        (
            QuestionType.DECIMAL,
            {"min_value": 10, "max_value": 1},
            {"max_value": ["The maximum is below the minimum."]},
        ),
        (
            QuestionType.SINGLE_CHOICE,
            {},
            {"choice_list": ["A choice question needs its list of choices."]},
        ),
        (
            QuestionType.TEXT,
            {"has_other": True},
            {"has_other": ["'Other, specify' belongs to a choice question only."]},
        ),
        (QuestionType.TABLE, {}, {"table_rows": ["A table needs its rows and columns."]}),
        (
            QuestionType.CALCULATED,
            {},
            {"calculation": ["A calculated value needs its calculation."]},
        ),
        (
            QuestionType.NOTE,
            {"required": True},
            {"required": ["Nobody answers a note (no answer), so it cannot be required."]},
        ),
        (
            QuestionType.TABLE,
            {"table_rows": ["a"], "table_columns": [{"name": "when", "type": "date"}]},
            {"table_columns": ["Column 1: the type is text, integer or decimal, not “date”."]},
        ),
        (
            QuestionType.TABLE,
            {"table_rows": ["a", "b", "a"], "table_columns": ["x"]},
            {"table_rows": ["Row 3: “a” appears twice."]},
        ),
        (
            QuestionType.TABLE,
            {"table_rows": ["a b"], "table_columns": ["x"]},
            {
                "table_rows": [
                    "Row 1: “a b” is not a name; use letters, digits and '_' (e.g. research)."
                ]
            },
        ),
    ],
)
def test_a_setting_the_type_does_not_use_or_a_missing_one_is_refused(
    section, secretariat_officer, kind, options, expected
):
    with pytest.raises(ValidationError) as error:
        add(section, secretariat_officer, kind, "Asked", **options)

    assert messages_of(error) == expected
    assert Question.objects.count() == 0


def test_changing_the_type_clears_the_settings_the_new_type_does_not_use(
    section, secretariat_officer
):
    question = add(
        section, secretariat_officer, QuestionType.DECIMAL, "Area", unit="ha", min_value=0
    )

    formats.update_question(question=question, type=QuestionType.TEXT, by=secretariat_officer)

    stored = Question.objects.get(pk=question.pk)
    assert (stored.type, stored.unit, stored.min_value) == (QuestionType.TEXT, "", None)


def test_rewording_a_question_is_attributed_in_its_history(section, secretariat_officer):
    question = add(section, secretariat_officer, label="Threats")

    formats.update_question(question=question, label={"en": "Main threats"}, by=secretariat_officer)

    latest = question.history.first()
    assert (latest.label, latest.history_user) == ({"en": "Main threats"}, secretariat_officer)


def test_renaming_a_question_rewrites_the_conditions_that_use_it(section, secretariat_officer):
    has_actions = add(section, secretariat_officer, QuestionType.YES_NO, "Any?", name="q1")
    which = add(
        section, secretariat_officer, QuestionType.LONG_TEXT, "Which?", relevant="${q1} = 'yes'"
    )

    formats.update_question(question=has_actions, name="has_actions", by=secretariat_officer)

    which.refresh_from_db()
    assert which.relevant == "${has_actions} = 'yes'"


def test_questions_move_within_and_across_sections(draft, section, secretariat_officer):
    a, _b, c = (add(section, secretariat_officer, label=name) for name in "abc")
    threats = formats.add_section(
        report_format=draft, title={"en": "Threats"}, by=secretariat_officer
    )

    formats.move_question(question=c, to=0, by=secretariat_officer)
    formats.move_question(question=a, to=0, section=threats, by=secretariat_officer)

    assert list(section.questions.order_by("position").values_list("name", "position")) == [
        ("c", 1),
        ("b", 2),
    ]
    assert list(threats.questions.values_list("name", "position")) == [("a", 1)]


def test_deleting_a_question_used_in_a_condition_is_refused(section, secretariat_officer):
    has_actions = add(
        section, secretariat_officer, QuestionType.YES_NO, "Any?", name="has_actions", number="3.1"
    )
    add(
        section,
        secretariat_officer,
        QuestionType.LONG_TEXT,
        "Which?",
        number="3.2",
        relevant="${has_actions} = 'yes'",
    )

    with pytest.raises(ValidationError) as error:
        formats.delete_question(question=has_actions, by=secretariat_officer)

    assert messages_of(error) == [
        "It is used in the condition or calculation of question 3.2 “Which?”; change that first."
    ]
    assert Question.objects.count() == 2


def test_deleting_a_question_with_answers_is_refused(
    bkd_format, bkd_cycle, secretariat_officer, bukhara
):
    ReportFormat.objects.filter(pk=bkd_format.format.pk).update(status=FormatStatus.DRAFT)
    report = NationalReport.objects.create(cycle=bkd_cycle, country=f.make_country("UZ"))
    Answer.objects.create(report=report, question=bkd_format.cooperation, value={})
    question = Question.objects.get(pk=bkd_format.cooperation.pk)

    with pytest.raises(ValidationError) as error:
        formats.delete_question(question=question, by=secretariat_officer)

    assert messages_of(error) == [
        "Question 3.3 “Cooperation with other Range States” has answers in 1 report(s) and "
        "cannot be deleted; make a new version of the format without it."
    ]
    assert Question.objects.filter(pk=question.pk).exists()


def test_deleting_a_section_deletes_its_questions_and_sub_sections(
    draft, section, secretariat_officer
):
    counts = formats.add_section(
        report_format=draft, title={"en": "Counts"}, parent=section, by=secretariat_officer
    )
    add(counts, secretariat_officer, label="Adults")
    add(section, secretariat_officer, label="Trend")

    formats.delete_section(section=section, by=secretariat_officer)

    assert (Section.objects.filter(format=draft).count(), Question.objects.count()) == (0, 0)


# --- choice lists and numbers ----------------------------------------------------------------


def test_staff_build_a_choice_list_rename_and_reorder_its_choices(draft, secretariat_officer):
    trend = formats.create_choice_list(
        report_format=draft,
        name="trend",
        by=secretariat_officer,
        choices=[("up", {"en": "Up"}), ("down", {"en": "Down"})],
    )
    stable = formats.add_choice(
        choice_list=trend,
        name="stable",
        label={"en": "Stable", "fr": "Stable"},
        by=secretariat_officer,
    )
    formats.rename_choice(
        choice=stable, label={"en": "Steady", "fr": "Stable"}, by=secretariat_officer
    )

    formats.reorder_choices(
        choice_list=trend, order=["up", "stable", "down"], by=secretariat_officer
    )

    assert [(c.name, c.label["en"]) for c in trend.choices.order_by("position")] == [
        ("up", "Up"),
        ("stable", "Steady"),
        ("down", "Down"),
    ]


def test_other_is_kept_for_other_specify(draft, secretariat_officer):
    trend = formats.create_choice_list(report_format=draft, name="trend", by=secretariat_officer)

    with pytest.raises(ValidationError) as error:
        formats.add_choice(
            choice_list=trend, name="other", label={"en": "Other"}, by=secretariat_officer
        )

    assert messages_of(error) == {
        "name": ["“other” is kept for 'Other, specify': tick that on the question instead."]
    }


def test_a_reorder_that_leaves_out_a_choice_is_refused(draft, secretariat_officer):
    trend = formats.create_choice_list(
        report_format=draft,
        name="trend",
        by=secretariat_officer,
        choices=[("up", {"en": "Up"}), ("down", {"en": "Down"})],
    )

    with pytest.raises(ValidationError) as error:
        formats.reorder_choices(choice_list=trend, order=["up"], by=secretariat_officer)

    assert messages_of(error) == {"order": ["Give every choice of the list once: down, up."]}


def test_renumbering_numbers_sections_questions_and_sub_sections(
    draft, section, secretariat_officer
):
    add(section, secretariat_officer, label="Estimate")
    add(section, secretariat_officer, label="Trend")
    counts = formats.add_section(
        report_format=draft, title={"en": "Counts"}, parent=section, by=secretariat_officer
    )
    add(counts, secretariat_officer, label="Adults")
    threats = formats.add_section(
        report_format=draft, title={"en": "Threats"}, by=secretariat_officer
    )
    add(threats, secretariat_officer, label="Main threats")

    formats.renumber(report_format=draft, by=secretariat_officer)

    assert list(Question.objects.filter(format=draft).values_list("name", "number")) == [
        ("estimate", "1.1"),
        ("trend", "1.2"),
        ("adults", "1.3.1"),
        ("main_threats", "2.1"),
    ]
    assert list(Section.objects.filter(format=draft).values_list("name", "number")) == [
        ("population", "1"),
        ("counts", "1.3"),
        ("threats", "2"),
    ]


# --- adoption and versions -------------------------------------------------------------------


def test_a_format_with_problems_is_not_adopted(draft, section, secretariat_officer):
    threats = formats.create_choice_list(
        report_format=draft, name="threats", by=secretariat_officer
    )
    add(
        section,
        secretariat_officer,
        QuestionType.MULTIPLE_CHOICE,
        "Main threats",
        number="1.1",
        choice_list=threats,
    )
    formats.add_section(
        report_format=draft, title={"en": "Actions"}, number="2", by=secretariat_officer
    )

    with pytest.raises(ValidationError) as error:
        formats.adopt_format(report_format=draft, by=secretariat_officer)

    assert messages_of(error) == [
        "Section 2 “Actions” has no questions.",
        "Question 1.1 “Main threats” has no choices.",
    ]
    assert ReportFormat.objects.get(pk=draft.pk).status == FormatStatus.DRAFT


def test_an_adopted_format_is_frozen(draft, section, secretariat_officer):
    question = add(section, secretariat_officer, QuestionType.YES_NO, "Any?")
    formats.adopt_format(report_format=draft, adopted_by="MOS4", by=secretariat_officer)

    with pytest.raises(ValidationError) as error:
        formats.update_question(question=question, label={"en": "Changed"}, by=secretariat_officer)

    assert messages_of(error) == [
        "Version 1 of “Bukhara Deer report” is adopted and cannot change; "
        "make a new version to change it."
    ]
    assert (draft.status, draft.adopted_by) == (FormatStatus.ADOPTED, "MOS4")
    assert Question.objects.get(pk=question.pk).label == {"en": "Any?"}


def test_staff_of_another_instrument_cannot_change_a_draft(section, other_staff):
    with pytest.raises(PermissionDenied):
        add(section, other_staff, label="Anything")


def lineages(model, report_format) -> list[tuple[str, str]]:
    return sorted(model.objects.filter(format=report_format).values_list("name", "lineage"))


def test_a_new_version_keeps_every_question_and_sections_lineage(bkd_format, secretariat_officer):
    old = bkd_format.format

    new = formats.new_version(report_format=old, by=secretariat_officer)

    assert (new.version, new.previous, new.status) == (2, old, FormatStatus.DRAFT)
    assert lineages(Question, new) == lineages(Question, old)
    assert lineages(Section, new) == lineages(Section, old)
    copied = Question.objects.get(format=new, name="trend")
    assert copied.choice_list.format == new
    assert list(copied.choice_list.choices.values_list("name", flat=True)) == [
        "increasing",
        "stable",
        "decreasing",
    ]


def test_answers_compare_across_versions_when_a_question_is_reworded_and_moved(
    bkd_format, secretariat_officer
):
    new = formats.new_version(report_format=bkd_format.format, by=secretariat_officer)
    threats = Question.objects.get(format=new, name="threats")
    population = Section.objects.get(format=new, name="population")

    formats.update_question(
        question=threats,
        label={"en": "Threats to the deer"},
        name="deer_threats",
        by=secretariat_officer,
    )
    formats.move_question(question=threats, to=0, section=population, by=secretariat_officer)
    formats.renumber(report_format=new, by=secretariat_officer)

    moved = Question.objects.get(pk=threats.pk)
    assert (moved.number, moved.lineage) == ("1.1", bkd_format.threats.lineage)


def test_adopting_a_new_version_retires_the_one_it_replaces(bkd_format, secretariat_officer):
    new = formats.new_version(report_format=bkd_format.format, by=secretariat_officer)

    formats.adopt_format(report_format=new, by=secretariat_officer)

    assert ReportFormat.objects.get(pk=bkd_format.format.pk).status == FormatStatus.RETIRED


def test_a_draft_gets_no_new_version(draft, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        formats.new_version(report_format=draft, by=secretariat_officer)

    assert messages_of(error) == [
        "This format is still a draft: change it directly instead of making a new version."
    ]


def test_a_version_gets_one_next_version(bkd_format, secretariat_officer):
    formats.new_version(report_format=bkd_format.format, by=secretariat_officer)

    with pytest.raises(ValidationError) as error:
        formats.new_version(report_format=bkd_format.format, by=secretariat_officer)

    assert messages_of(error) == ["Version 2 was already made from this one; continue from there."]


def test_staff_retire_an_adopted_format(bkd_format, secretariat_officer):
    formats.retire_format(report_format=bkd_format.format, by=secretariat_officer)

    assert ReportFormat.objects.get(pk=bkd_format.format.pk).status == FormatStatus.RETIRED


# --- mappings and mandates -------------------------------------------------------------------


@pytest.fixture
def cami_trend(bukhara, secretariat_officer) -> Question:
    cami = formats.create_format(
        instrument=bukhara.cami, title="CAMI report", languages=["en"], by=secretariat_officer
    )
    section = formats.add_section(
        report_format=cami, title={"en": "Species"}, by=secretariat_officer
    )
    return add(section, secretariat_officer, QuestionType.TEXT, "Trend of the Bukhara deer")


def test_staff_map_a_bkd_question_to_a_cami_question(bkd_format, cami_trend, secretariat_officer):
    mapping = formats.map_questions(
        question_a=bkd_format.trend,
        question_b=cami_trend,
        note="Same trend",
        by=secretariat_officer,
    )

    assert (mapping.lineage_a, mapping.lineage_b, mapping.created_by) == (
        bkd_format.trend.lineage,
        cami_trend.lineage,
        secretariat_officer,
    )
    assert selectors.mapped_lineages([cami_trend.lineage]) == {
        cami_trend.lineage: {bkd_format.trend.lineage}
    }


def test_a_mapping_holds_for_the_next_version(bkd_format, cami_trend, secretariat_officer):
    formats.map_questions(
        question_a=bkd_format.trend, question_b=cami_trend, by=secretariat_officer
    )

    new = formats.new_version(report_format=bkd_format.format, by=secretariat_officer)

    trend = Question.objects.get(format=new, name="trend")
    assert selectors.mapped_lineages([trend.lineage]) == {trend.lineage: {cami_trend.lineage}}


def test_two_versions_of_one_format_are_not_mapped(bkd_format, secretariat_officer):
    new = formats.new_version(report_format=bkd_format.format, by=secretariat_officer)

    with pytest.raises(ValidationError) as error:
        formats.map_questions(
            question_a=bkd_format.trend,
            question_b=Question.objects.get(format=new, name="estimate"),
            by=secretariat_officer,
        )

    assert messages_of(error) == {
        "question_b": [
            "Both questions are of “Bukhara Deer national report” (in one version or "
            "another); map a question of another format."
        ]
    }


def test_a_pair_is_mapped_once_whichever_way_round(bkd_format, cami_trend, secretariat_officer):
    formats.map_questions(
        question_a=bkd_format.trend, question_b=cami_trend, by=secretariat_officer
    )

    with pytest.raises(ValidationError) as error:
        formats.map_questions(
            question_a=cami_trend, question_b=bkd_format.trend, by=secretariat_officer
        )

    assert messages_of(error) == {"question_b": ["These questions are already mapped."]}
    assert QuestionMapping.objects.count() == 1


@pytest.mark.parametrize("who", ["other_staff", "nfp_uzbekistan", "partner_cic", "anonymous"])
def test_only_staff_serving_an_instrument_map_its_questions(bkd_format, cami_trend, who, request):
    with pytest.raises(PermissionDenied):
        formats.map_questions(
            question_a=bkd_format.trend, question_b=cami_trend, by=request.getfixturevalue(who)
        )


def test_staff_unmap_questions(bkd_format, cami_trend, secretariat_officer):
    mapping = formats.map_questions(
        question_a=bkd_format.trend, question_b=cami_trend, by=secretariat_officer
    )

    formats.unmap_questions(mapping=mapping, by=secretariat_officer)

    assert QuestionMapping.objects.count() == 0
    assert (
        QuestionMapping.history.filter(history_type="-").get().history_user == secretariat_officer
    )


def test_staff_link_a_question_to_mandates_of_the_family(bkd_format, secretariat_officer):
    make_eagles(secretariat_officer)
    mandates = list(Mandate.objects.filter(document__symbol="UNEP/CMS/Resolution 46.4")[:2])

    formats.link_question_mandates(
        question=bkd_format.estimate, mandates=mandates, by=secretariat_officer
    )

    assert list(bkd_format.estimate.mandates.order_by("pk")) == mandates
    assert bkd_format.estimate.history.first().history_user == secretariat_officer


def test_a_mandate_of_another_family_is_not_linked(bkd_format, secretariat_officer):
    make_eagles(secretariat_officer)
    mandate = Mandate.objects.filter(document__symbol="UNEP/CMS/Resolution 46.4").first()
    Mandate.objects.filter(pk=mandate.pk).update(
        instrument=f.make_instrument(code="AEWA", short_name="AEWA")
    )
    mandate.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        formats.link_question_mandates(
            question=bkd_format.estimate, mandates=[mandate], by=secretariat_officer
        )

    assert messages_of(error) == {"mandates": [f"{mandate}: not a mandate of the BKD family."]}
    assert bkd_format.estimate.mandates.count() == 0


def test_a_new_version_keeps_the_linked_mandates(bkd_format, secretariat_officer):
    make_eagles(secretariat_officer)
    mandate = Mandate.objects.filter(document__symbol="UNEP/CMS/Resolution 46.4").first()
    formats.link_question_mandates(
        question=bkd_format.estimate, mandates=[mandate], by=secretariat_officer
    )

    new = formats.new_version(report_format=bkd_format.format, by=secretariat_officer)

    assert list(Question.objects.get(format=new, name="estimate").mandates.all()) == [mandate]


def test_a_cycle_on_the_old_version_keeps_its_questions(bkd_format, bkd_cycle, secretariat_officer):
    new = formats.new_version(report_format=bkd_format.format, by=secretariat_officer)
    formats.delete_question(
        question=Question.objects.get(format=new, name="cooperation"), by=secretariat_officer
    )

    assert (
        ReportingCycle.objects.get(pk=bkd_cycle.pk)
        .format.questions.filter(name="cooperation")
        .exists()
    )
