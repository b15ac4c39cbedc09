"""The XLSForm expressions of report formats: conditions, constraints and calculations."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meahub.reporting.expressions import (
    ExpressionError,
    calculate,
    evaluate,
    is_relevant,
    parse,
)

examples = settings(
    database=None,
    deadline=None,
    max_examples=300,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def error_of(text: str) -> tuple[str, int]:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    return caught.value.message, caught.value.position


# Conditions (relevant)


def test_a_condition_on_a_yes_answer_shows_the_question_only_after_yes() -> None:
    condition = "${q4} = 'yes'"

    assert [is_relevant(condition, {"q4": answer}) for answer in ("yes", "no", None)] == [
        True,
        False,
        False,
    ]


def test_an_empty_condition_always_shows_the_question() -> None:
    assert is_relevant("  ", {}) is True


def test_a_condition_that_does_not_parse_shows_the_question() -> None:
    assert is_relevant("${q4} = 'yes' and foo(1)", {"q4": "no"}) is True


def test_a_condition_that_fails_when_evaluated_shows_the_question() -> None:
    assert is_relevant("regex(${a}, ${pattern})", {"a": "x", "pattern": "["}) is True


def test_an_invalid_pattern_given_at_run_time_raises_when_evaluated() -> None:
    with pytest.raises(ExpressionError) as caught:
        evaluate("regex(${a}, ${pattern})", {"a": "x", "pattern": "["})

    assert caught.value.message.startswith("The pattern of regex() is not valid:")


def test_an_unanswered_question_compares_equal_to_the_empty_string() -> None:
    assert is_relevant("${q4} = ''", {"q4": None}) is True


def test_an_unanswered_question_is_not_equal_to_yes() -> None:
    assert is_relevant("${q4} != 'yes'", {}) is True


def test_selected_finds_a_choice_in_a_list_answer() -> None:
    assert evaluate("selected(${threats}, 'poaching')", {"threats": ["loss", "poaching"]}) is True


def test_selected_finds_a_choice_in_a_space_separated_answer() -> None:
    assert evaluate("selected(${threats}, 'poaching')", {"threats": "loss poaching"}) is True


def test_selected_does_not_match_part_of_a_choice_name() -> None:
    assert evaluate("selected(${threats}, 'loss')", {"threats": "habitat_loss"}) is False


def test_count_selected_counts_the_choices_of_an_answer() -> None:
    assert evaluate("count-selected(${threats})", {"threats": "a b c"}) == Decimal(3)


def test_count_selected_of_an_unanswered_question_is_zero() -> None:
    assert evaluate("count-selected(${threats})", {}) == Decimal(0)


def test_and_binds_tighter_than_or() -> None:
    assert evaluate("true() or true() and false()", {}) is True


def test_not_inverts_a_condition() -> None:
    assert evaluate("not(${q4} = 'yes')", {"q4": "no"}) is True


def test_or_does_not_evaluate_its_right_side_once_the_left_is_true() -> None:
    assert evaluate("true() or regex('x', ${pattern})", {"pattern": "["}) is True


# Comparisons


def test_a_number_and_a_numeric_string_compare_as_numbers() -> None:
    assert evaluate("${count} = '5.0'", {"count": 5}) is True


def test_two_numeric_strings_compare_in_order_as_numbers() -> None:
    assert evaluate("${a} < ${b}", {"a": "9", "b": "10"}) is True


def test_two_strings_compare_equal_as_text() -> None:
    assert evaluate("${a} = ${b}", {"a": "05", "b": "5"}) is False


def test_an_unanswered_number_is_neither_below_nor_above_a_limit() -> None:
    assert [evaluate("${n} < 5", {}), evaluate("${n} >= 5", {})] == [False, False]


def test_a_date_answer_compares_with_today() -> None:
    assert evaluate(". <= today()", {}, current="2001-05-16") is True


def test_a_date_object_equals_its_iso_text() -> None:
    assert evaluate("${d} = '2024-03-31'", {"d": dt.date(2024, 3, 31)}) is True


def test_a_boolean_compares_with_the_truth_of_the_other_side() -> None:
    assert evaluate("${q} = true()", {"q": "no"}) is True


# Constraints


def test_a_constraint_reads_the_current_value_as_dot() -> None:
    assert [evaluate(". >= 0 and . <= 100", {}, current=value) for value in (50, 101)] == [
        True,
        False,
    ]


def test_regex_searches_the_current_value() -> None:
    assert evaluate("regex(., '^[A-Z]{2}$')", {}, current="UZ") is True


def test_string_length_counts_characters() -> None:
    assert evaluate("string-length(.) <= 3", {}, current="abcd") is False


# Arithmetic and calculations


def test_multiplication_binds_tighter_than_addition() -> None:
    assert calculate("1 + 2 * 3", {}) == Decimal(7)


def test_parentheses_group_before_precedence() -> None:
    assert calculate("(1 + 2) * 3", {}) == Decimal(9)


def test_div_and_mod_divide_exactly_in_decimal() -> None:
    assert [calculate("10 div 4", {}), calculate("10 mod 4", {}), calculate("0.1 + 0.2", {})] == [
        Decimal("2.5"),
        Decimal(2),
        Decimal("0.3"),
    ]


def test_unary_minus_negates() -> None:
    assert calculate("-${a} - -3", {"a": 2}) == Decimal(1)


def test_arithmetic_with_an_unanswered_question_gives_no_value() -> None:
    assert calculate("${adults} + ${young}", {"adults": 12}) is None


def test_a_value_that_is_not_a_number_gives_no_value() -> None:
    assert [
        calculate("${a} + 1", {"a": Decimal("NaN")}),
        evaluate("${a} < 1", {"a": Decimal("NaN")}),
    ] == [None, False]


def test_division_by_zero_gives_no_value() -> None:
    assert calculate("${a} div 0", {"a": 1}) is None


def test_a_calculation_adds_answers_given_as_text() -> None:
    assert calculate("${adults} + ${young}", {"adults": "12", "young": Decimal("3.5")}) == (
        Decimal("15.5")
    )


def test_a_calculation_of_text_gives_the_text() -> None:
    assert calculate("concat(${first}, ' ', ${last})", {"first": "Ana", "last": "Li"}) == "Ana Li"


def test_a_calculation_of_a_condition_gives_true_or_false() -> None:
    assert calculate("${n} > 2", {"n": 3}) == "true"


def test_an_empty_calculation_gives_no_value() -> None:
    assert calculate("", {"n": 3}) is None


def test_if_picks_the_branch_its_condition_names() -> None:
    assert calculate("if(${n} > 1, 'many', 'one')", {"n": 1}) == "one"


def test_round_rounds_half_away_from_zero_to_the_places_given() -> None:
    assert [calculate("round(2.345, 2)", {}), calculate("round(-2.5)", {})] == [
        Decimal("2.35"),
        Decimal(-3),
    ]


def test_int_drops_the_decimals() -> None:
    assert calculate("int(-2.7)", {}) == Decimal(-2)


def test_number_reads_a_numeric_string() -> None:
    assert calculate("number(' 42 ') + 1", {}) == Decimal(43)


def test_sum_adds_a_list_skipping_unanswered_items() -> None:
    assert calculate("sum(${counts})", {"counts": [1, "2.5", None, ""]}) == Decimal("3.5")


def test_coalesce_takes_the_first_answered_value() -> None:
    assert calculate("coalesce(${a}, ${b})", {"a": None, "b": "fallback"}) == "fallback"


def test_concat_writes_numbers_without_trailing_zeros() -> None:
    assert calculate("concat(${a}, ' ha')", {"a": Decimal("12.50")}) == "12.5 ha"


def test_today_is_todays_date() -> None:
    assert evaluate("today()", {}) == dt.date.today()


# References


def test_references_are_the_question_names_used() -> None:
    expression = parse("if(selected(${threats}, 'x'), ${a} + ${b}, .)")

    assert expression.references() == {"threats", "a", "b"}


def test_parse_caches_the_parsed_expression() -> None:
    assert parse("${a} + 1") is parse("${a} + 1")


# Errors an author can act on


def test_an_unknown_function_is_named_with_its_position() -> None:
    assert error_of("1 + foo(2)") == ("Unknown function 'foo' at character 5.", 4)


def test_an_odk_function_not_offered_here_is_named() -> None:
    assert error_of("indexed-repeat(${a}, ${g}, 1)") == (
        "The function 'indexed-repeat' at character 1 is not supported in report formats.",
        0,
    )


def test_an_unclosed_parenthesis_says_where_it_opened() -> None:
    assert error_of("2 * (1 + 2") == ("Unclosed parenthesis opened at character 5.", 4)


def test_a_closing_parenthesis_without_an_opening_one_is_refused() -> None:
    assert error_of("1 + 2)") == ("Unexpected ')' at character 6: nothing opened it.", 5)


def test_an_unclosed_quote_is_refused() -> None:
    assert error_of("${q4} = 'yes") == ("The quote ' opened at character 9 is not closed.", 8)


def test_a_bare_name_suggests_the_reference_syntax() -> None:
    assert error_of("q4 = 'yes'") == (
        "Unexpected word 'q4' at character 1: write ${q4} for a question, or q4() for a function.",
        0,
    )


def test_an_xpath_path_suggests_the_reference_syntax() -> None:
    assert error_of("/data/q4 = 'yes'") == (
        "Unexpected character '/' at character 1; refer to a question as ${name}.",
        0,
    )


def test_an_unclosed_reference_is_refused() -> None:
    assert error_of("${q4 = 'yes'") == ("The ${ at character 1 is not closed with }.", 0)


def test_a_function_with_the_wrong_number_of_arguments_is_refused() -> None:
    assert error_of("selected(${a})") == (
        "selected() at character 1 takes 2 arguments, not 1.",
        0,
    )


def test_an_expression_that_stops_early_is_refused() -> None:
    assert error_of("${a} +") == ("The expression ends where a value is expected.", 6)


def test_an_invalid_regex_pattern_is_refused_when_parsing() -> None:
    message, _position = error_of("regex(., '[a-z')")

    assert message.startswith("The pattern of regex() at character 1 is not valid:")


def test_an_empty_expression_does_not_parse() -> None:
    assert error_of("") == ("The expression is empty.", 0)


def test_a_deeply_nested_expression_is_refused() -> None:
    assert error_of("(" * 100 + "1" + ")" * 100)[0] == "The expression is nested too deeply."


def test_a_very_long_chain_of_operations_is_refused() -> None:
    assert error_of("1" + " + 1" * 500)[0] == (
        "The expression is too long; split it over several questions."
    )


# Properties

FRAGMENTS = [
    "${q4}",
    "${n}",
    ".",
    "'yes'",
    '"no"',
    "1",
    "2.5",
    " = ",
    " != ",
    " < ",
    " >= ",
    " + ",
    " - ",
    " * ",
    " div ",
    " mod ",
    " and ",
    " or ",
    "(",
    ")",
    ",",
    "selected(",
    "count-selected(",
    "if(",
    "round(",
    "sum(",
    "regex(",
    "today()",
    "not(",
    "foo(",
    "${",
    "}",
    "'",
    "-",
]


@examples
@given(st.text(max_size=200))
def test_parse_raises_only_expression_error_on_any_text(text: str) -> None:
    try:
        expression = parse(text)
    except ExpressionError as error:
        assert 0 <= error.position <= len(text)
    else:
        assert expression.text == text


@examples
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join),
    st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.text(max_size=3))),
)
def test_evaluating_what_parses_raises_nothing_unexpected(text: str, value: object) -> None:
    try:
        expression = parse(text)
    except ExpressionError:
        return

    with contextlib.suppress(ExpressionError):  # Only a pattern built at run time may fail.
        expression.evaluate({"q4": value, "n": value}, current=value)
    assert isinstance(is_relevant(text, {"q4": value, "n": value}), bool)


@examples
@given(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6))
def test_addition_and_subtraction_agree_with_python_integers(a: int, b: int) -> None:
    assert calculate("${a} + ${b} - 1", {"a": a, "b": b}) == Decimal(a + b - 1)
