"""Dates as documents write them."""

from __future__ import annotations

import datetime as dt

import pytest

from meahub.documents.parser.dates import parse_date, parse_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20-25 November 2011", "2011-11-20/2011-11-25"),
        ("10 - 11 November 2015", "2015-11-10/2015-11-11"),
        ("30 November - 2 December 2020", "2020-11-30/2020-12-02"),
        ("28 December 2020 - 3 January 2021", "2020-12-28/2021-01-03"),
        ("28 April 2015", "2015-04-28"),
        ("February 2024", "2024-02"),
        ("31 February 2024", None),
        ("25-20 November 2011", None),
        ("last trimester of 2016", None),
    ],
)
def test_meeting_dates_read_as_iso_8601(text, expected):
    assert parse_dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19 October 2020", dt.date(2020, 10, 19)),
        ("October 19, 2020", dt.date(2020, 10, 19)),
        ("2020-10-19", dt.date(2020, 10, 19)),
        ("19 Octobre 2020", None),
    ],
)
def test_a_document_date_is_read(text, expected):
    assert parse_date(text) == expected
