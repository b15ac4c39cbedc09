"""What a mandate reads from its paragraph: the action in the paragraph's words, standing or
time-bound, the deadline, whom to report to, and the reporting obligation it proposes."""

from __future__ import annotations

import datetime as dt

import pytest

from meahub.mandates.rules import MeetingRef, ObligationProposal, clause_of, read_mandate


def read(text: str, verbs: list[str], index: int = 0, actor: str = "Secretariat", **options):  # type: ignore[no-untyped-def]
    return read_mandate(text, [], verbs, index, actor, **options)


# The action


def test_the_action_is_the_clause_of_the_verb_without_the_joining_and():
    text = (
        "Requests the Secretariat to map the stopover sites of cranes; and invites Parties to "
        "protect them;"
    )

    assert read(text, ["requests", "invites"]).action == (
        "Requests the Secretariat to map the stopover sites of cranes"
    )
    assert read(text, ["requests", "invites"], 1, "Parties").action == (
        "Invites Parties to protect them"
    )


def test_a_clause_that_only_names_whom_it_asks_borrows_what_is_asked_after_an_ellipsis():
    text = (
        "Requests the Secretariat and invites the Secretariats of other conventions to keep "
        "the shared calendar of meetings up to date;"
    )

    assert read(text, ["requests", "invites"]).action == (
        "Requests the Secretariat … to keep the shared calendar of meetings up to date"
    )


def test_a_further_or_also_stays_with_its_verb():
    text = "Further requests the Secretariat to translate the guidelines into Russian;"

    assert read(text, ["requests"]).action == (
        "Further requests the Secretariat to translate the guidelines into Russian"
    )


def test_a_passive_request_starts_with_its_subject_and_takes_the_sub_items():
    clause = clause_of(
        "The Secretariat, subject to the availability of funds, is requested to:",
        [("a)", "organise a workshop on crane counts;"), ("b)", "publish its results.")],
        ["requests"],
        0,
    )

    assert clause.action == (
        "The Secretariat, subject to the availability of funds, is requested to:\n"
        "a) organise a workshop on crane counts;\n"
        "b) publish its results."
    )


def test_only_the_last_verb_takes_the_sub_items():
    text = "Welcomes the crane atlas and requests the Secretariat to:"
    subitems = [("(a)", "update it every year;")]

    clause = clause_of(text, subitems, ["welcomes", "requests"], 1)

    assert clause.action == "Requests the Secretariat to:\n(a) update it every year;"


def test_a_verb_index_outside_the_paragraph_is_refused():
    with pytest.raises(ValueError, match="verb_index 2 is not among the 1 verb"):
        clause_of("Requests the Secretariat to act;", [], ["requests"], 2)


# Timing and deadlines


@pytest.mark.parametrize(
    ("words", "due_text", "due_date"),
    [
        ("by 2026", "by 2026", dt.date(2026, 12, 31)),
        ("by the end of 2025", "by the end of 2025", dt.date(2025, 12, 31)),
        ("by 30 June 2027", "by 30 June 2027", dt.date(2027, 6, 30)),
        ("by March 2027", "by March 2027", dt.date(2027, 3, 31)),
        ("before 2028", "before 2028", dt.date(2027, 12, 31)),
        ("for the triennium 2024-2026", "for the triennium 2024-2026", dt.date(2026, 12, 31)),
    ],
)
def test_a_year_or_date_makes_the_mandate_time_bound(words, due_text, due_date):
    reading = read(f"Requests the Secretariat to publish the crane atlas {words};", ["requests"])

    assert (reading.timing, reading.due_text, reading.due_date) == (
        "time_bound",
        due_text,
        due_date,
    )


def test_within_a_period_counts_from_the_adoption():
    reading = read(
        "Requests the Secretariat to set up the crane network within two years;",
        ["requests"],
        adopted=dt.date(2024, 2, 17),
    )

    assert (reading.due_text, reading.due_date) == ("within two years", dt.date(2026, 2, 17))


@pytest.mark.parametrize(
    ("words", "meeting"),
    [
        ("to the next meeting of the Conference of the Parties", MeetingRef("cop", next=True)),
        ("to its next meeting", MeetingRef("cop", next=True)),
        ("to the next meeting of the Standing Committee", MeetingRef("stc", next=True)),
        ("to the next Meeting of the Signatories", MeetingRef("mop", next=True)),
        ("before COP15", MeetingRef("cop", number=15)),
        ("to its 15th meeting", MeetingRef("cop", number=15)),
        ("to the fifteenth meeting of the Conference of the Parties", MeetingRef("cop", number=15)),
        ("to StC56", MeetingRef("stc", number=56)),
    ],
)
def test_a_named_meeting_makes_the_mandate_time_bound(words, meeting):
    reading = read(f"Requests the Secretariat to present the crane atlas {words};", ["requests"])

    assert (reading.timing, reading.due_meeting) == ("time_bound", meeting)


def test_its_next_meeting_is_the_issuing_bodys():
    reading = read(
        "Requests the Secretariat to report on the crane atlas to its next meeting;",
        ["requests"],
        body="mop",
    )

    assert (reading.due_meeting, reading.report_to) == (MeetingRef("mop", next=True), "mop")


def test_a_meeting_of_another_convention_or_body_is_not_a_deadline():
    text = (
        "Encourages Parties to take part in the 4th meeting of the Working Group on Review of "
        "Implementation of the CBD, and to consider the targets adopted by CBD COP10;"
    )

    reading = read(text, ["encourages"], actor="Parties")

    assert (reading.timing, reading.due_meeting, reading.due_text) == ("standing", None, "")


@pytest.mark.parametrize(
    ("text", "due_text"),
    [
        ("Requests the Secretariat to continue to support the crane network;", ""),
        ("Requests the Secretariat to update the crane atlas regularly;", "regularly"),
        (
            "Instructs the Standing Committee to keep the crane programme under review;",
            "keep the crane programme under review",
        ),
        (
            "Requests the Secretariat to report on the cranes to each meeting of the "
            "Conference of the Parties;",
            "each meeting of the Conference of the Parties",
        ),
        ("Requests the Secretariat to prepare a crane atlas;", ""),
    ],
)
def test_without_a_deadline_a_mandate_is_standing(text, due_text):
    reading = read(text, [text.split()[0].lower()])

    assert (reading.timing, reading.due_text, reading.due_date) == ("standing", due_text, None)


def test_each_verb_of_a_paragraph_reads_only_its_own_deadline():
    text = (
        "Requests the Secretariat to consult the range states; and further requests the "
        "Secretariat to report on progress to the Scientific Council and COP11;"
    )

    first, second = (read(text, ["requests", "requests"], i) for i in (0, 1))

    assert (first.timing, first.report_to) == ("standing", "")
    assert (second.timing, second.due_text, second.report_to) == ("time_bound", "COP11", "cop")


# Whom to report to


@pytest.mark.parametrize(
    ("text", "report_to"),
    [
        ("Requests the Secretariat to continue to report to the Standing Committee;", "stc"),
        (
            "Requests the Secretariat to submit its findings to the Scientific Council;",
            "scientific",
        ),
        (
            "Requests the Secretariat to prepare proposals for consideration at future meetings "
            "of the Conference of the Parties;",
            "cop",
        ),
        ("Requests the Secretariat to work with the Standing Committee on the budget;", ""),
    ],
)
def test_the_body_reported_to_is_named_after_a_reporting_word(text, report_to):
    assert read(text, ["requests"]).report_to == report_to


# Reporting obligations


def test_parties_asked_to_report_to_each_meeting_propose_an_obligation():
    reading = read(
        "Requests Parties to report on the implementation of this Resolution to each meeting "
        "of the Conference of the Parties;",
        ["requests"],
        actor="Parties",
    )

    assert reading.obligation == ObligationProposal(
        reporter="Parties",
        subject="implementation of this Resolution",
        every_meeting=True,
        frequency_months=None,
        report_to="cop",
        days_before_meeting=None,
    )


def test_national_reports_due_days_before_each_meeting_propose_an_obligation():
    reading = read(
        "Urges Parties to submit their national reports to the Secretariat no later than 180 "
        "days before each meeting of the Conference of the Parties;",
        ["urges"],
        actor="Parties",
    )

    assert reading.obligation == ObligationProposal(
        reporter="Parties",
        subject="national reports",
        every_meeting=True,
        frequency_months=None,
        report_to="cop",
        days_before_meeting=180,
    )


@pytest.mark.parametrize(
    ("words", "months"),
    [("every three years", 36), ("annually", 12), ("every two years", 24), ("every 6 months", 6)],
)
def test_signatories_asked_to_report_periodically_propose_an_obligation(words, months):
    reading = read(
        f"Requests Signatories to report {words} on the status of the Bukhara deer;",
        ["requests"],
        actor="Signatories",
    )

    assert reading.obligation is not None
    assert (reading.obligation.subject, reading.obligation.frequency_months) == (
        "status of the Bukhara deer",
        months,
    )


def test_the_secretariat_asked_to_report_proposes_no_obligation():
    reading = read("Requests the Secretariat to report to each meeting of the COP;", ["requests"])

    assert reading.obligation is None


def test_harmonised_national_reporting_is_not_a_request_to_report():
    reading = read(
        "Urges Parties to develop coherent approaches through harmonized national reporting;",
        ["urges"],
        actor="Parties",
    )

    assert reading.obligation is None
