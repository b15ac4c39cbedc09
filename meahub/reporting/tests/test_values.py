"""Answers' values: cleaning raw input per question type, and showing stored values."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meahub.reporting.enums import QuestionType
from meahub.reporting.models import Choice, ChoiceList, Question, ReportFormat
from meahub.reporting.values import (
    InvalidAnswer,
    choices_of,
    clean_value,
    display_value,
    is_empty,
    python_value,
)
from meahub.tests import factories as f

examples = settings(
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def question(type: QuestionType, **fields: Any) -> Question:
    return Question(type=type, **fields)


def error_of(q: Question, raw: Any, **kwargs: Any) -> str:
    with pytest.raises(InvalidAnswer) as caught:
        clean_value(q, raw, **kwargs)
    return caught.value.message


@pytest.fixture
def threats(db: None) -> ChoiceList:
    report_format = ReportFormat.objects.create(
        instrument=f.make_instrument(code="BKD"), title="National report"
    )
    choice_list = ChoiceList.objects.create(format=report_format, name="threats")
    for position, (name, label) in enumerate(
        [
            ("habitat_loss", {"en": "Habitat loss", "fr": "Perte d'habitat"}),
            ("poaching", {"en": "Poaching", "fr": "Braconnage"}),
            ("disease", {"en": "Disease"}),
        ]
    ):
        Choice.objects.create(choice_list=choice_list, name=name, label=label, position=position)
    return choice_list


def one_threat(choice_list: ChoiceList, **fields: Any) -> Question:
    return question(QuestionType.SINGLE_CHOICE, choice_list=choice_list, **fields)


def some_threats(choice_list: ChoiceList, **fields: Any) -> Question:
    return question(QuestionType.MULTIPLE_CHOICE, choice_list=choice_list, **fields)


def census() -> Question:
    return question(
        QuestionType.TABLE,
        table_rows=[{"name": "adults", "label": {"en": "Adults"}}, "young"],
        table_columns=[
            {"name": "count", "label": {"en": "Count"}, "type": "integer"},
            {"name": "area", "label": {"en": "Area"}, "type": "decimal"},
            {"name": "note", "label": {"en": "Note"}},
        ],
    )


# Empty answers


@pytest.mark.parametrize("raw", [None, "", "   ", [], {}])
def test_an_empty_input_is_no_answer(raw: Any) -> None:
    assert clean_value(question(QuestionType.TEXT), raw) is None


def test_is_empty_holds_for_blank_text_lists_and_tables_but_not_for_zero() -> None:
    assert [is_empty(v) for v in (None, " ", [], {"a": {"b": ""}}, 0, False, "no")] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]


# Text


def test_text_is_stripped() -> None:
    assert clean_value(question(QuestionType.TEXT), "  Bukhara deer \n") == "Bukhara deer"


def test_a_text_longer_than_two_thousand_characters_is_refused() -> None:
    assert error_of(question(QuestionType.TEXT), "x" * 2001) == (
        "Write at most 2,000 characters; this text has 2,001."
    )


def test_a_long_text_may_hold_more_than_two_thousand_characters() -> None:
    assert clean_value(question(QuestionType.LONG_TEXT), "x" * 5000) == "x" * 5000


def test_a_number_from_a_spreadsheet_cell_becomes_text() -> None:
    assert clean_value(question(QuestionType.TEXT), 2020.0) == "2020"


# Numbers


@pytest.mark.parametrize("raw", ["1 200", "1,200", "1200", 1200, 1200.0, " +1200 ", "1\u202f200"])
def test_a_whole_number_accepts_thousands_separators_and_whole_floats(raw: Any) -> None:
    assert clean_value(question(QuestionType.INTEGER), raw) == 1200


def test_a_whole_number_with_decimals_is_refused() -> None:
    assert error_of(question(QuestionType.INTEGER), 12.5) == (
        "Give a whole number, without decimals."
    )


def test_a_whole_number_refuses_words() -> None:
    assert error_of(question(QuestionType.INTEGER), "twelve") == "Give a whole number, e.g. 1200."


def test_a_whole_number_refuses_a_boolean() -> None:
    assert error_of(question(QuestionType.INTEGER), True) == "Give a whole number, e.g. 1200."


def test_a_decimal_is_stored_as_exact_text() -> None:
    assert clean_value(question(QuestionType.DECIMAL), "1,200.50") == "1200.5"


def test_a_decimal_from_a_float_keeps_its_written_digits() -> None:
    assert clean_value(question(QuestionType.DECIMAL), 0.1) == "0.1"


def test_a_decimal_comma_is_refused_with_the_point_form_suggested() -> None:
    assert error_of(question(QuestionType.DECIMAL), "3,5") == (
        "Use a point for decimals: write 3.5, not 3,5."
    )


def test_a_number_beyond_a_quadrillion_is_refused() -> None:
    assert error_of(question(QuestionType.INTEGER), 10**16) == "This number is too large."


def test_a_number_outside_the_range_names_both_bounds() -> None:
    q = question(QuestionType.INTEGER, min_value=Decimal("0.000000"), max_value=Decimal(100))

    assert error_of(q, "101") == "Give a number between 0 and 100."


def test_a_number_below_the_minimum_names_the_minimum() -> None:
    assert error_of(question(QuestionType.DECIMAL, min_value=Decimal(0)), "-0.5") == (
        "Give a number of at least 0."
    )


def test_a_number_above_the_maximum_names_the_maximum_with_its_unit() -> None:
    assert error_of(question(QuestionType.DECIMAL, max_value=Decimal(100), unit="ha"), 250) == (
        "Give a number of at most 100 ha."
    )


def test_a_number_on_a_bound_is_accepted() -> None:
    q = question(QuestionType.INTEGER, min_value=Decimal(0), max_value=Decimal(100))

    assert [clean_value(q, 0), clean_value(q, 100)] == [0, 100]


# Dates and yes or no


@pytest.mark.parametrize(
    "raw", ["2024-03-31", dt.date(2024, 3, 31), dt.datetime(2024, 3, 31, 12, 30)]
)
def test_a_date_is_stored_as_iso_text(raw: Any) -> None:
    assert clean_value(question(QuestionType.DATE), raw) == "2024-03-31"


def test_a_date_in_another_format_is_refused() -> None:
    assert error_of(question(QuestionType.DATE), "31/03/2024") == (
        "Give a date as YYYY-MM-DD, e.g. 2024-03-31."
    )


def test_a_date_that_does_not_exist_is_refused() -> None:
    assert error_of(question(QuestionType.DATE), "2023-02-29") == (
        "There is no such date: 2023-02-29."
    )


@pytest.mark.parametrize("raw", ["yes", "Yes", "TRUE", "1", 1, True, "oui", "Sí", "si"])
def test_yes_is_read_in_its_usual_forms(raw: Any) -> None:
    assert clean_value(question(QuestionType.YES_NO), raw) == "yes"


@pytest.mark.parametrize("raw", ["no", "False", "0", 0, 0.0, False, "Non"])
def test_no_is_read_in_its_usual_forms(raw: Any) -> None:
    assert clean_value(question(QuestionType.YES_NO), raw) == "no"


def test_a_yes_no_question_refuses_maybe() -> None:
    assert error_of(question(QuestionType.YES_NO), "maybe") == "Answer yes or no."


# Questions not answered here


def test_a_file_question_asks_for_an_upload() -> None:
    assert error_of(question(QuestionType.FILE), "report.pdf") == (
        "Upload a file for this question."
    )


def test_a_file_question_left_empty_is_no_answer() -> None:
    assert clean_value(question(QuestionType.FILE), "") is None


@pytest.mark.parametrize("type", [QuestionType.CALCULATED, QuestionType.NOTE])
def test_calculated_values_and_notes_are_not_answered_by_hand(type: QuestionType) -> None:
    assert error_of(question(type), "12") == "This question is not answered by hand."


# One choice


def test_choices_of_lists_names_and_labels_in_the_lists_order(threats: ChoiceList) -> None:
    assert [name for name, _labels in choices_of(one_threat(threats))] == [
        "habitat_loss",
        "poaching",
        "disease",
    ]


def test_choices_of_reads_prefetched_choices_without_a_query(
    threats: ChoiceList, django_assert_num_queries: Any
) -> None:
    prefetched = ChoiceList.objects.prefetch_related("choices").get(pk=threats.pk)
    q = one_threat(prefetched)

    with django_assert_num_queries(0):
        names = [name for name, _labels in choices_of(q)]

    assert names == ["habitat_loss", "poaching", "disease"]


def test_a_choice_is_given_by_its_name(threats: ChoiceList) -> None:
    assert clean_value(one_threat(threats), "poaching") == "poaching"


def test_a_choice_is_found_by_its_label_in_any_language_ignoring_case(
    threats: ChoiceList,
) -> None:
    assert clean_value(one_threat(threats), "braconnage") == "poaching"


def test_a_value_that_is_not_a_choice_is_refused_naming_it(threats: ChoiceList) -> None:
    assert error_of(one_threat(threats), "fire") == "'fire' is not one of the choices."


def test_other_is_refused_when_the_question_does_not_offer_it(threats: ChoiceList) -> None:
    assert error_of(one_threat(threats), "other") == "'other' is not one of the choices."


def test_other_needs_its_text(threats: ChoiceList) -> None:
    assert error_of(one_threat(threats, has_other=True), "other") == "Say what 'other' is."


def test_other_with_its_text_is_accepted(threats: ChoiceList) -> None:
    q = one_threat(threats, has_other=True)

    assert clean_value(q, "Other", other_text="Wildfires") == "other"


# Several choices


def test_several_choices_are_stored_in_the_lists_order_without_duplicates(
    threats: ChoiceList,
) -> None:
    raw = ["disease", "habitat_loss", "disease"]

    assert clean_value(some_threats(threats), raw) == ["habitat_loss", "disease"]


def test_several_choices_are_read_from_space_separated_names(threats: ChoiceList) -> None:
    assert clean_value(some_threats(threats), "disease poaching") == ["poaching", "disease"]


def test_several_choices_are_read_from_labels_separated_by_semicolons(
    threats: ChoiceList,
) -> None:
    raw = "Habitat loss; Disease"

    assert clean_value(some_threats(threats), raw) == ["habitat_loss", "disease"]


def test_several_choices_name_every_value_that_is_not_a_choice(threats: ChoiceList) -> None:
    assert error_of(some_threats(threats), "fire, poaching, floods") == (
        "'fire', 'floods' are not among the choices."
    )


def test_other_comes_last_among_several_choices(threats: ChoiceList) -> None:
    q = some_threats(threats, has_other=True)

    assert clean_value(q, ["other", "poaching"], other_text="Fences") == ["poaching", "other"]


# Tables


def test_a_table_keeps_filled_cells_cleaned_by_column_type() -> None:
    raw = {"adults": {"count": "1,200", "area": "3.50", "note": " "}, "young": {"count": ""}}

    assert clean_value(census(), raw) == {"adults": {"count": 1200, "area": "3.5"}}


def test_a_table_refuses_an_unknown_row_naming_it() -> None:
    assert error_of(census(), {"calves": {"count": 3}}) == "The table has no row 'calves'."


def test_a_table_refuses_an_unknown_column_naming_it() -> None:
    assert error_of(census(), {"young": {"weight": 3}}) == "The table has no column 'weight'."


def test_a_bad_cell_is_named_by_its_row_and_column() -> None:
    assert error_of(census(), {"adults": {"count": "many"}}) == (
        "Adults, Count: Give a whole number, e.g. 1200."
    )


def test_a_table_of_empty_cells_is_no_answer() -> None:
    assert clean_value(census(), {"adults": {"count": ""}, "young": {}}) is None


# Display


def test_a_number_is_shown_grouped_with_its_unit() -> None:
    assert display_value(question(QuestionType.DECIMAL, unit="ha"), "1200.5") == "1,200.5 ha"


def test_a_number_is_shown_in_the_readers_language() -> None:
    assert display_value(question(QuestionType.INTEGER), 1200, "fr") == "1\xa0200"


def test_yes_is_shown_translated() -> None:
    assert [
        display_value(question(QuestionType.YES_NO), "yes"),
        display_value(question(QuestionType.YES_NO), "yes", "fr"),
    ] == ["Yes", "Oui"]


def test_choices_are_shown_by_their_labels_in_the_language_asked(threats: ChoiceList) -> None:
    shown = display_value(some_threats(threats), ["habitat_loss", "disease"], "fr")

    assert shown == "Perte d'habitat; Disease"


def test_other_is_shown_with_its_text(threats: ChoiceList) -> None:
    q = one_threat(threats, has_other=True)

    assert display_value(q, "other", other_text="Wildfires") == "Other: Wildfires"


def test_a_table_is_shown_row_by_row() -> None:
    value = {"adults": {"count": 1200, "area": "3.5"}, "young": {"note": "few"}}

    assert display_value(census(), value) == "Adults: Count=1200, Area=3.5; young: Note=few"


def test_an_empty_value_is_shown_as_nothing() -> None:
    assert display_value(question(QuestionType.TEXT), None) == ""


def test_showing_a_value_in_a_language_leaves_the_active_language_alone() -> None:
    display_value(question(QuestionType.YES_NO), "yes", "fr")

    assert translation.get_language() == "en"


# Values for expressions


def test_numbers_go_to_expressions_as_decimals() -> None:
    assert [
        python_value(question(QuestionType.INTEGER), 12),
        python_value(question(QuestionType.DECIMAL), "3.5"),
    ] == [Decimal(12), Decimal("3.5")]


def test_several_choices_go_to_expressions_as_a_list() -> None:
    assert python_value(question(QuestionType.MULTIPLE_CHOICE), "a b") == ["a", "b"]


def test_yes_goes_to_expressions_as_text_and_no_answer_as_none() -> None:
    assert [
        python_value(question(QuestionType.YES_NO), "yes"),
        python_value(question(QuestionType.TEXT), "  "),
    ] == ["yes", None]


# Properties

NUMBERISH = st.text(alphabet="0123456789 ,.-+e\u202f", max_size=20)


@examples
@given(
    st.sampled_from(
        [
            QuestionType.TEXT,
            QuestionType.INTEGER,
            QuestionType.DECIMAL,
            QuestionType.DATE,
            QuestionType.YES_NO,
        ]
    ),
    st.one_of(st.text(max_size=50), NUMBERISH),
)
def test_cleaning_any_text_raises_only_invalid_answer(type: QuestionType, raw: str) -> None:
    q = question(type, min_value=Decimal(0), max_value=Decimal(1000), unit="ha")

    try:
        value = clean_value(q, raw)
    except InvalidAnswer as error:
        assert error.message
    else:
        assert json.loads(json.dumps(value)) == value


@examples
@given(st.one_of(st.text(max_size=30), NUMBERISH, st.integers(), st.floats(), st.booleans()))
def test_a_table_cell_of_any_input_raises_only_invalid_answer(raw: Any) -> None:
    try:
        value = clean_value(census(), {"adults": {"count": raw, "area": raw, "note": raw}})
    except InvalidAnswer as error:
        assert error.message.startswith("Adults, ")
    else:
        assert json.loads(json.dumps(value)) == value


@examples
@given(st.integers(-(10**14), 10**14))
def test_a_whole_number_written_with_thousands_commas_reads_back(number: int) -> None:
    assert clean_value(question(QuestionType.INTEGER), f"{number:,}") == number


@examples
@given(st.decimals(min_value=-(10**12), max_value=10**12, places=4))
def test_a_cleaned_decimal_is_the_same_number(number: Decimal) -> None:
    assert Decimal(clean_value(question(QuestionType.DECIMAL), str(number))) == number


@examples
@given(st.text(max_size=40))
def test_several_choices_from_any_text_raise_only_invalid_answer(
    threats: ChoiceList, raw: str
) -> None:
    try:
        value = clean_value(some_threats(threats, has_other=True), raw, other_text="x")
    except InvalidAnswer as error:
        assert error.message
    else:
        assert value is None or set(value) <= {"habitat_loss", "poaching", "disease", "other"}


@examples
@given(
    st.sampled_from(
        [QuestionType.TEXT, QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.YES_NO]
    ),
    st.one_of(NUMBERISH, st.integers(), st.floats(), st.booleans(), st.text(max_size=20)),
)
def test_cleaning_a_stored_value_again_gives_it_back(type: QuestionType, raw: Any) -> None:
    q = question(type)
    try:
        stored = clean_value(q, raw)
    except InvalidAnswer:
        return

    assert clean_value(q, stored) == stored
