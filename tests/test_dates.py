import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.ingest.dates import DATE_LINE, parse_date


@pytest.mark.parametrize("raw, expected", [
    ("Tuesday, April 11, 2017 3:42 PM", "2017-04-11 15:42-04:00"),
    ("4/11/2017 3:42:10 PM", "2017-04-11 15:42:10-04:00"),
    ("Tue, 11 Apr 2017 15:42:10 -0400", "2017-04-11 15:42:10-04:00"),
    ("Tue, 11 Apr 2017 19:42:10 +0000", "2017-04-11 15:42:10-04:00"),
    ("Tue, Apr 11, 2017 at 3:42 PM", "2017-04-11 15:42-04:00"),
    ("Monday, January 7, 2019 8:05 AM", "2019-01-07 08:05-05:00"),  # winter: EST
    ("Mon, 7 Jan 2019 08:05:00 EST", "2019-01-07 08:05-05:00"),
    ("Mon, 7 Jan 2019 07:05:00 CST", "2019-01-07 08:05-05:00"),
    ("2019-01-07T13:05:00Z", "2019-01-07 08:05-05:00"),
    ("January 7, 2019 8:05:00 AM (UTC-05:00) Eastern Time", "2019-01-07 08:05-05:00"),
    # OCR damage: O for 0, l for 1
    ("Tuesday, April 1l, 2O17 3:42 PM", "2017-04-11 15:42-04:00"),
    ("12/O3/2019 1O:O5 AM", "2019-12-03 10:05-05:00"),
])
def test_parses_printed_dates_into_local_time(raw, expected):
    parsed = parse_date(raw)
    assert parsed == pd.Timestamp(expected)
    assert str(parsed.tz) == "America/New_York"


@pytest.mark.parametrize("raw", [None, "", "   ", "no date here", "Tuesday", "3:42 PM"])
def test_unreadable_dates_are_none(raw):
    assert parse_date(raw) is None


def test_implausible_years_are_treated_as_misreads():
    assert parse_date("4/11/1017 3:42 PM") is None


@pytest.mark.parametrize("line", ["Tue, Apr 11, 2017 at 3:42 PM", "April 11, 2017 3:42 PM", "4/11/2017 3:42 PM",
                                  "Tue, Apr 11, 2017 at 3:42 PM (2 days ago)"])
def test_date_line_recognises_gmail_date_lines(line):
    assert DATE_LINE.match(line)


@pytest.mark.parametrize("line", ["Thanks for the help on April 11", "See you at 3:42", "Report 2017-0411"])
def test_date_line_ignores_prose(line):
    assert not DATE_LINE.match(line)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parse_date_never_crashes_and_is_local_or_none(raw):
    parsed = parse_date(raw)
    assert parsed is None or str(parsed.tz) == "America/New_York"


@pytest.mark.parametrize("raw, minute", [
    ("Thu, 6 Feb 202015:21:22 +0000", "2020-02-06 10:21"),  # year and hour glued
    ("Sun, 1 Mar 2020 04:13 :25 +0000", "2020-02-29 23:13"),  # spaced colon, UTC to New York
    ("Friday, April l 0, 2020 6:0 l AM", "2020-04-10 06:01"),  # digits split and misread
    ("Saturday , Febrnary 29, 2020 2:25 PM", "2020-02-29 14:25"),  # misspelt month
    ("M onday, Apri l 27, 2020 4:10 PM", "2020-04-27 16:10"),  # names split
    ("Tuesday, February 25, 2020 9:0 l PM", "2020-02-25 21:01"),
])
def test_dates_as_ocr_damages_them(raw, minute):
    from lib.ingest.dates import date_was_mended, parse_date
    assert parse_date(raw).strftime("%Y-%m-%d %H:%M") == minute
    assert date_was_mended(raw) or "+0000" in raw


def test_a_clean_date_is_not_reported_as_mended():
    from lib.ingest.dates import date_was_mended
    assert not date_was_mended("Tue, Apr 11, 2017 at 3:42 PM")
    assert not date_was_mended("Tue, 11 Apr 2017 15:42:10 -0400 (EDT)")
