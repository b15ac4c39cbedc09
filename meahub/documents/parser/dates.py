"""Dates as documents write them, read into ``datetime.date`` or ISO 8601 text.

``parse_date("19 October 2020")`` -> 2020-10-19 (also "October 19, 2020" and "2020-10-19").
``parse_dates`` reads a meeting's dates into ISO 8601: "20-25 November 2011" ->
"2011-11-20/2011-11-25", "30 November - 2 December 2020" -> "2020-11-30/2020-12-02",
"28 April 2015" -> "2015-04-28", "February 2024" -> "2024-02". Both return None for text
they cannot read, including impossible days ("31 February 2020").
"""

from __future__ import annotations

import datetime as dt
import re

_MONTH_NAMES = re.findall(
    r"\w+", "January February March April May June July August September October November December"
)
MONTHS = {name.lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTH = f"(?:{'|'.join(_MONTH_NAMES)})"
_DASH = r"\s*(?:-|–|—|to)\s*"
DAY_MONTH_YEAR = rf"[0-9]{{1,2}}\s+{_MONTH}\s+[0-9]{{4}}"
DATES = (
    rf"(?:[0-9]{{1,2}}(?:\s+{_MONTH}(?:\s+[0-9]{{4}})?)?{_DASH})?{DAY_MONTH_YEAR}"
    rf"|{_MONTH}\s+[0-9]{{4}}"
)

_DAY_FIRST = re.compile(rf"(?P<d>[0-9]{{1,2}})\s+(?P<m>{_MONTH})\s+(?P<y>[0-9]{{4}})", re.I)
_MONTH_FIRST = re.compile(rf"(?P<m>{_MONTH})\s+(?P<d>[0-9]{{1,2}}),\s+(?P<y>[0-9]{{4}})", re.I)
_ISO = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})")
_RANGE = re.compile(
    rf"(?P<d1>[0-9]{{1,2}})(?:\s+(?P<m1>{_MONTH}))?(?:\s+(?P<y1>[0-9]{{4}}))?{_DASH}"
    rf"(?P<d2>[0-9]{{1,2}})\s+(?P<m2>{_MONTH})\s+(?P<y2>[0-9]{{4}})",
    re.I,
)
_MONTH_YEAR = re.compile(rf"(?P<m>{_MONTH})\s+(?P<y>[0-9]{{4}})", re.I)


def _date(year: str, month: str, day: str) -> dt.date | None:
    month_number = int(month) if month.isdigit() else MONTHS[month.lower()]
    try:
        return dt.date(int(year), month_number, int(day))
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The single date ``text`` is (whole), or None."""
    text = text.strip()
    for pattern in (_DAY_FIRST, _MONTH_FIRST, _ISO):
        match = pattern.fullmatch(text)
        if match:
            return _date(match.group("y"), match.group("m"), match.group("d"))
    return None


def parse_dates(text: str) -> str | None:
    """A meeting's dates as ISO 8601 (a day, an interval or a month), or None."""
    text = text.strip()
    ranged = _RANGE.fullmatch(text)
    if ranged:
        end = _date(ranged.group("y2"), ranged.group("m2"), ranged.group("d2"))
        start = _date(
            ranged.group("y1") or ranged.group("y2"),
            ranged.group("m1") or ranged.group("m2"),
            ranged.group("d1"),
        )
        if start is None or end is None or start > end:
            return None
        return f"{start.isoformat()}/{end.isoformat()}"
    single = parse_date(text)
    if single is not None:
        return single.isoformat()
    month = _MONTH_YEAR.fullmatch(text)
    if month:
        return f"{int(month.group('y')):04d}-{MONTHS[month.group('m').lower()]:02d}"
    return None
