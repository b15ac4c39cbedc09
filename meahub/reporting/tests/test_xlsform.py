"""Importing and exporting report formats as XLSForm (services/xlsform.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from pyxform.xls2xform import convert

from meahub.reporting.enums import FormatStatus, QuestionType, RepeatSource
from meahub.reporting.models import Question, ReportFormat, Section
from meahub.reporting.services.xlsform import (
    CONSOLE_REASON,
    XLSFormError,
    export_xlsform,
    import_rows,
    import_xlsform,
)
from meahub.reporting.tests.xlsform_support import format_rows, make_xlsx, read_xlsx, shape
from meahub.tests import factories as f

LANGS = ["label::English (en)", "label::French (fr)", "label::Español (es)"]
KOBO_SURVEY = [
    ["type", "name", *LANGS, "hint::English (en)", "required", "relevant", "constraint",
     "appearance", "calculation", "meahub::unit"],
    ["begin_group", "population", "Population", "Population", "Población"],
    ["integer", "estimate", "Estimate", "Estimation", "Estimación", "Animals counted", "yes",
     None, ". >= 0 and . <= 5000", None, None, "animals"],
    ["select_one trend", "trend", "Trend", "Tendance", "Tendencia"],
    ["begin_group", "sub", "Details", "Détails", "Detalles"],
    ["select_one yn", "surveyed", "Surveyed?", "Recensé ?", "¿Censado?"],
    ["text", "method", "Method", "Méthode", "Método", None, None, "${surveyed} = 'yes'",
     None, "multiline"],
    ["end_group"],
    ["end_group"],
    ["begin_repeat", "sites", "Sites", "Sites", "Sitios"],
    ["text", "site_name", "Site", "Site", "Sitio"],
    ["decimal", "site_area", "Area", "Superficie", "Superficie", None, None, None, ". >= 0",
     None, None, "ha"],
    ["end_repeat"],
    ["select_multiple threat or_other", "threats", "Threats", "Menaces", "Amenazas"],
    ["calculate", "total", "Total", "Total", "Total", None, None, None, None, None,
     "sum(${site_area})"],
    ["note", "thanks", "Thank you", "Merci", "Gracias"],
]  # fmt: skip
KOBO_CHOICES = [
    ["list_name", "name", *LANGS],
    ["trend", "up", "Increasing", "En hausse", "En aumento"],
    ["trend", "down", "Decreasing", "En baisse", "En disminución"],
    ["yn", "yes", "Yes", "Oui", "Sí"],
    ["yn", "no", "No", "Non", "No"],
    ["threat", "poaching", "Poaching", "Braconnage", "Caza furtiva"],
]
KOBO_SETTINGS = [
    ["form_title", "version", "default_language"],
    ["Deer survey", "2020-05", "English (en)"],
]


def import_kobo(officer, instrument, survey=KOBO_SURVEY, choices=KOBO_CHOICES, **kwargs):  # type: ignore[no-untyped-def]
    data = make_xlsx(survey, choices, kwargs.pop("settings", KOBO_SETTINGS))
    return import_xlsform(
        data=data, filename="deer.xlsx", instrument=instrument, by=officer, **kwargs
    )


def test_staff_imports_groups_as_sections_and_repeats_as_repeated_sections(
    secretariat_officer, bukhara
):
    result = import_kobo(secretariat_officer, bukhara.bkd)

    sections = Section.objects.filter(format=result.format).order_by("position")
    assert [(s.name, s.parent.name if s.parent else None, s.number, s.repeat_source)
            for s in sections] == [
        ("population", None, "1", ""),
        ("sub", "population", "1.3", ""),
        ("sites", None, "2", RepeatSource.FREE),
        ("deer_survey", None, "3", ""),
    ]  # fmt: skip
    assert sections[0].title == {"en": "Population", "fr": "Population", "es": "Población"}
    assert (result.sections, result.questions, result.choice_lists) == (4, 9, 2)
    assert result.dropped == []


def test_staff_imports_each_xlsform_type_as_ours(secretariat_officer, bukhara):
    result = import_kobo(secretariat_officer, bukhara.bkd)

    questions = Question.objects.filter(format=result.format).order_by("position")
    assert [(q.name, q.type, q.section.name) for q in questions] == [
        ("estimate", QuestionType.INTEGER, "population"),
        ("trend", QuestionType.SINGLE_CHOICE, "population"),
        ("surveyed", QuestionType.YES_NO, "sub"),
        ("method", QuestionType.LONG_TEXT, "sub"),
        ("site_name", QuestionType.TEXT, "sites"),
        ("site_area", QuestionType.DECIMAL, "sites"),
        ("threats", QuestionType.MULTIPLE_CHOICE, "deer_survey"),
        ("total", QuestionType.CALCULATED, "deer_survey"),
        ("thanks", QuestionType.NOTE, "deer_survey"),
    ]
    estimate = questions.get(name="estimate")
    assert (estimate.min_value, estimate.max_value, estimate.unit, estimate.required) == (
        Decimal("0"), Decimal("5000"), "animals", True,
    )  # fmt: skip
    assert estimate.label == {"en": "Estimate", "fr": "Estimation", "es": "Estimación"}
    assert estimate.help == {"en": "Animals counted"}
    threats = questions.get(name="threats")
    assert (threats.choice_list.name, threats.has_other) == ("threat", True)
    assert questions.get(name="method").relevant == "${surveyed} = 'yes'"
    assert questions.get(name="total").calculation == "sum(${site_area})"
    assert result.format.languages == ["en", "fr", "es"]
    assert (result.format.title, result.format.version, result.format.status) == (
        "Deer survey", 1, FormatStatus.DRAFT,
    )  # fmt: skip
    assert result.format.description == "Imported from deer.xlsx (XLSForm version 2020-05)."


def test_yes_no_list_is_not_kept_as_a_choice_list(secretariat_officer, bukhara):
    result = import_kobo(secretariat_officer, bukhara.bkd)

    assert sorted(result.format.choice_lists.values_list("name", flat=True)) == [
        "threat", "trend",
    ]  # fmt: skip


def test_questions_outside_any_group_go_to_a_section_named_after_the_form(
    secretariat_officer, bukhara
):
    result = import_kobo(
        secretariat_officer, bukhara.bkd,
        survey=[["type", "name", "label"], ["text", "where", "Where?"]], choices=None,
        settings=[["form_title"], ["Range State report"]],
    )  # fmt: skip

    section = Section.objects.get(format=result.format)
    assert (section.name, section.title) == ("range_state_report", {"en": "Range State report"})
    assert list(section.questions.values_list("name", "number")) == [("where", "1.1")]


def test_repeat_over_species_or_a_choice_list(secretariat_officer, bukhara):
    survey = [
        ["type", "name", "label", "meahub::repeat_over"],
        ["begin_repeat", "per_species", "Each species", "species"],
        ["integer", "count", "Count"],
        ["end_repeat"],
        ["begin_repeat", "per_site", "Each site", "choices:site"],
        ["text", "status", "Status"],
        ["end_repeat"],
    ]
    choices = [["list_name", "name", "label"], ["site", "a", "Site A"], ["site", "b", "Site B"]]

    result = import_kobo(secretariat_officer, bukhara.bkd, survey=survey, choices=choices)

    repeats = Section.objects.filter(format=result.format).order_by("position")
    assert [(s.name, s.repeat_source, s.repeat_choices and s.repeat_choices.name)
            for s in repeats] == [
        ("per_species", RepeatSource.SPECIES, None),
        ("per_site", RepeatSource.CHOICES, "site"),
    ]  # fmt: skip


def test_table_question_takes_rows_and_columns_from_choice_lists(secretariat_officer, bukhara):
    survey = [
        ["type", "name", "label", "meahub::type", "meahub::rows", "meahub::columns"],
        ["text", "cooperation", "Cooperation", "table", "areas", "kinds"],
    ]
    choices = [
        ["list_name", "name", "label", "meahub_type"],
        ["areas", "research", "Research"],
        ["areas", "monitoring", "Monitoring"],
        ["kinds", "partners", "Partners", "text"],
        ["kinds", "projects", "Projects", "integer"],
    ]

    result = import_kobo(secretariat_officer, bukhara.bkd, survey=survey, choices=choices)

    table = Question.objects.get(format=result.format)
    assert (table.type, table.table_rows, table.table_columns) == (
        QuestionType.TABLE,
        [{"name": "research", "label": {"en": "Research"}},
         {"name": "monitoring", "label": {"en": "Monitoring"}}],
        [{"name": "partners", "label": {"en": "Partners"}, "type": "text"},
         {"name": "projects", "label": {"en": "Projects"}, "type": "integer"}],
    )  # fmt: skip
    assert result.choice_lists == 0


def test_unsupported_types_and_columns_are_dropped_and_listed(secretariat_officer, bukhara):
    survey = [
        ["type", "name", "label", "appearance", "default", "constraint"],
        ["start", "start"],
        ["text", "name", "Name", "minimal", "Bukhara"],
        ["geopoint", "where", "Where"],
        ["integer", "count", "Count", None, None, ". > 0"],
    ]

    result = import_kobo(secretariat_officer, bukhara.bkd, survey=survey, choices=None)

    assert result.dropped == [
        {"sheet": "survey", "row": 2, "feature": "start",
         "reason": "meahub report formats have no 'start' questions; the question 'start' is "
                   "left out."},
        {"sheet": "survey", "row": 3, "feature": "default",
         "reason": "report questions start unanswered; there are no default answers (the value "
                   "was 'Bukhara')."},
        {"sheet": "survey", "row": 3, "feature": "appearance",
         "reason": "meahub lays out its pages itself; the appearance 'minimal' is not used."},
        {"sheet": "survey", "row": 4, "feature": "geopoint",
         "reason": "meahub report formats have no 'geopoint' questions; the question 'where' is "
                   "left out."},
        {"sheet": "survey", "row": 5, "feature": "constraint",
         "reason": "Only a range on '.' is kept (. >= 0 and . <= 100); the constraint '. > 0' "
                   "is left out."},
    ]  # fmt: skip
    assert list(Question.objects.filter(format=result.format).values_list("name", flat=True)) == [
        "name", "count",
    ]  # fmt: skip


def test_lineage_keeps_question_identity_in_the_next_version(secretariat_officer, bukhara):
    survey = [["type", "name", "label", "meahub::lineage"], ["integer", "deer", "Deer", "abc123"]]
    first = import_kobo(secretariat_officer, bukhara.bkd, survey=survey, choices=None)
    survey[1][2] = "Deer counted"

    second = import_kobo(secretariat_officer, bukhara.bkd, survey=survey, choices=None)

    assert (second.format.version, second.format.previous) == (2, first.format)
    assert Question.objects.get(format=second.format).lineage == "abc123"


def test_import_is_attributed_to_the_user_or_to_the_command_line(secretariat_officer, bukhara):
    by_user = import_kobo(secretariat_officer, bukhara.bkd)
    by_console = import_kobo(None, bukhara.bkd)

    first = by_user.format.history.get()
    second = by_console.format.history.get()
    assert (first.history_user, first.history_change_reason) == (
        secretariat_officer, "XLSForm import of deer.xlsx",
    )  # fmt: skip
    assert (second.history_user, second.history_change_reason) == (None, CONSOLE_REASON)


@pytest.mark.parametrize("who", ["nfp_uzbekistan", "partner_cic", "staff_of_another_instrument"])
def test_only_staff_serving_the_instrument_may_import(who, request, bukhara):
    if who == "staff_of_another_instrument":
        user = f.make_secretariat(instruments=[f.make_instrument(code="AEWA")])
    else:
        user = request.getfixturevalue(who)
    before = format_rows()

    with pytest.raises(PermissionDenied):
        import_kobo(user, bukhara.bkd)

    assert format_rows() == before


# --- bad input: refused with sheet and row, nothing written ------------------------------------


def refused(officer, instrument, data: bytes, filename: str = "form.xlsx") -> list[dict]:  # type: ignore[no-untyped-def]
    before = format_rows()
    with pytest.raises(XLSFormError) as caught:
        import_xlsform(data=data, filename=filename, instrument=instrument, by=officer)
    assert format_rows() == before
    return caught.value.errors


def test_select_one_of_a_missing_list_is_refused_with_pyxforms_message(
    secretariat_officer, bukhara
):
    data = make_xlsx(
        [["type", "name", "label"], ["text", "a", "A"], ["select_one nope", "b", "B"]],
        [["list_name", "name", "label"], ["yn", "yes", "Yes"]],
    )

    assert refused(secretariat_officer, bukhara.bkd, data) == [
        {"sheet": "survey", "row": 3, "message": "List name not in choices sheet: nope"}
    ]


def test_unclosed_group_is_refused(secretariat_officer, bukhara):
    data = make_xlsx([["type", "name", "label"], ["begin_group", "g", "G"], ["text", "a", "A"]])

    assert refused(secretariat_officer, bukhara.bkd, data) == [
        {"sheet": "survey", "row": 2,
         "message": "Unmatched 'begin_group'. No matching 'end_group' was found for the name 'g'."}
    ]  # fmt: skip


def test_unknown_type_is_refused_on_its_row(secretariat_officer, bukhara):
    data = make_xlsx([["type", "name", "label"], ["text", "a", "A"], ["txt", "b", "B"]])

    assert refused(secretariat_officer, bukhara.bkd, data) == [
        {"sheet": "survey", "row": 3, "message": "Unknown question type 'txt'."}
    ]


def test_condition_on_a_dropped_question_is_refused(secretariat_officer, bukhara):
    data = make_xlsx(
        [["type", "name", "label", "relevant"], ["geopoint", "where", "Where"],
         ["text", "why", "Why?", "${where} != ''"]]
    )  # fmt: skip

    assert refused(secretariat_officer, bukhara.bkd, data) == [
        {"sheet": "survey", "row": 3,
         "message": "relevant refers to ${where}, which is left out (row 2: type 'geopoint' is "
                    "not supported)."}
    ]  # fmt: skip


def test_calculation_with_a_function_we_do_not_evaluate_is_refused(secretariat_officer, bukhara):
    data = make_xlsx(
        [["type", "name", "label", "calculation"], ["integer", "n", "N"],
         ["calculate", "twice", "Twice", "pow(${n}, 2)"]]
    )  # fmt: skip

    [error] = refused(secretariat_officer, bukhara.bkd, data)

    assert (error["sheet"], error["row"]) == ("survey", 3)
    assert error["message"].startswith("calculation: ")
    assert "pow" in error["message"]


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("form.xls", "form.xls: an XLSForm is read from an .xlsx workbook, not .xls (save it as "
                     ".xlsx: Excel 2007 or later)."),
        ("form.csv", "form.csv: an XLSForm is read from an .xlsx workbook, not .csv (save it as "
                     ".xlsx: Excel 2007 or later)."),
        ("form.pdf", "form.pdf: an XLSForm is read from an .xlsx workbook, not .pdf."),
    ],
)  # fmt: skip
def test_other_file_types_are_refused_naming_the_file(
    filename, message, secretariat_officer, bukhara
):
    data = make_xlsx([["type", "name", "label"], ["text", "a", "A"]])

    assert refused(secretariat_officer, bukhara.bkd, data, filename) == [
        {"sheet": None, "row": None, "message": message}
    ]


def test_file_too_large_is_refused(secretariat_officer, bukhara, settings):
    settings.MEAHUB_MAX_UPLOAD_BYTES = 1000
    data = make_xlsx([["type", "name", "label"], ["text", "a", "A"]])

    [error] = refused(secretariat_officer, bukhara.bkd, data)

    assert error["message"] == f"form.xlsx is {len(data) / 1e6:.1f} MB; files may be at most 0 MB."


def test_file_that_is_not_a_workbook_is_refused(secretariat_officer, bukhara):
    [error] = refused(secretariat_officer, bukhara.bkd, b"type,name,label\ntext,a,A\n")

    assert error["message"].startswith("form.xlsx is not an .xlsx workbook that can be read")


def test_workbook_without_a_survey_sheet_is_refused(secretariat_officer, bukhara):
    data = make_xlsx([["type", "name", "label"], ["text", "a", "A"]], survey_title="questions")

    assert refused(secretariat_officer, bukhara.bkd, data) == [
        {"sheet": "survey", "row": None,
         "message": "form.xlsx has no 'survey' sheet (its sheets: 'questions'); an XLSForm lists "
                    "its questions on a sheet named 'survey'."}
    ]  # fmt: skip


def test_duplicate_names_in_different_groups_are_refused(secretariat_officer, bukhara):
    data = make_xlsx(
        [["type", "name", "label"], ["begin_group", "g1", "G1"], ["text", "a", "A"],
         ["end_group"], ["begin_group", "g2", "G2"], ["text", "a", "A again"], ["end_group"]]
    )  # fmt: skip

    assert refused(secretariat_officer, bukhara.bkd, data) == [
        {"sheet": "survey", "row": 6,
         "message": "The name 'a' is used already on row 3; names must be unique in a report "
                    "format."}
    ]  # fmt: skip


# --- export -------------------------------------------------------------------------------------


def test_exported_format_converts_with_pyxform(bkd_format):
    data = export_xlsform(bkd_format.format)

    result = convert(xlsform=data, file_type=".xlsx")

    assert "<h:title>Bukhara Deer national report</h:title>" in result.xform


def test_export_writes_our_columns_and_every_language(bkd_format):
    sheets = read_xlsx(export_xlsform(bkd_format.format))

    assert sheets["survey"][0] == (
        "type", "name", "label::English (en)", "label::French (fr)", "required", "relevant",
        "constraint", "calculation", "appearance", "meahub::number", "meahub::unit",
        "meahub::type", "meahub::rows", "meahub::columns", "meahub::lineage",
    )  # fmt: skip
    assert sheets["survey"][2][:7] == (
        "integer", "estimate", "Population estimate", "Estimation de la population", "yes",
        None, ". >= 0 and . <= 100000",
    )  # fmt: skip
    assert sheets["settings"] == [
        ("form_title", "form_id", "version", "default_language"),
        ("Bukhara Deer national report", "bukhara_deer_national_report", "1", "English (en)"),
    ]


def test_export_then_import_gives_the_same_format(bkd_format, secretariat_officer):
    data = export_xlsform(bkd_format.format)

    result = import_xlsform(
        data=data, filename="bkd.xlsx", instrument=bkd_format.format.instrument,
        by=secretariat_officer,
    )  # fmt: skip

    assert shape(result.format) == shape(bkd_format.format)
    assert result.dropped == []


def test_imported_kobo_form_survives_export_and_import(secretariat_officer, bukhara):
    first = import_kobo(secretariat_officer, bukhara.bkd).format

    again = import_xlsform(
        data=export_xlsform(first), filename="again.xlsx", instrument=bukhara.bkd,
        by=secretariat_officer,
    )  # fmt: skip

    assert shape(again.format) == shape(first)
    assert again.format.languages == ["en", "fr", "es"]


def test_rows_import_like_a_file(secretariat_officer, bukhara):
    result = import_rows(
        survey=[{"type": "integer", "name": "n", "label": "N", "required": True}],
        choices=[], settings={"form_title": "Rows"}, instrument=bukhara.bkd,
        by=secretariat_officer, source_name="rows.yaml",
    )  # fmt: skip

    question = Question.objects.get(format=result.format)
    assert (question.type, question.required, result.format.title) == (
        QuestionType.INTEGER, True, "Rows",
    )  # fmt: skip
    assert ReportFormat.objects.count() == 1


@pytest.mark.parametrize("groups", [1, 3])
def test_export_reads_the_format_in_a_fixed_number_of_queries(
    groups, secretariat_officer, bukhara, django_assert_max_num_queries
):
    survey = [["type", "name", "label"]]
    for n in range(groups):
        survey += [["begin_group", f"g{n}", f"G{n}"], ["select_one trend", f"q{n}", f"Q{n}"],
                   ["end_group"]]  # fmt: skip
    choices = [["list_name", "name", "label"], ["trend", "up", "Up"], ["trend", "down", "Down"]]
    report_format = import_kobo(secretariat_officer, bukhara.bkd, survey=survey, choices=choices)

    with django_assert_max_num_queries(6):
        export_xlsform(report_format.format)


def test_a_lineage_given_twice_is_refused(secretariat_officer, bukhara):
    data = make_xlsx(
        [["type", "name", "label", "meahub::lineage"], ["text", "a", "A", "same"],
         ["text", "b", "B", "same"]]
    )  # fmt: skip

    assert refused(secretariat_officer, bukhara.bkd, data) == [
        {"sheet": "survey", "row": 3,
         "message": "The meahub::lineage 'same' is on row 2 already; a question appears once in "
                    "a report format."}
    ]  # fmt: skip


def test_a_name_too_long_for_a_report_format_is_refused_on_its_row(secretariat_officer, bukhara):
    name = "q" * 70
    data = make_xlsx([["type", "name", "label"], ["text", "a", "A"], ["text", name, "Long"]])

    assert refused(secretariat_officer, bukhara.bkd, data) == [
        {"sheet": "survey", "row": 3,
         "message": "name: Use letters, digits, '_', '-' or '.', starting with a letter or '_' "
                    "(as in XLSForm)."},
        {"sheet": "survey", "row": 3,
         "message": "name: Ensure this value has at most 64 characters (it has 70)."},
    ]  # fmt: skip
