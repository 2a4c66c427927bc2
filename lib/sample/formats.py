"""How dates, identifiers and names are written in the release.

Officers write the same fact many ways; every function here takes the rng and
returns one plausible written form. Month and day names are spelled out here
so output never depends on the machine's locale.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timezone

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def clock12(dt: datetime, seconds: bool = False) -> str:
    hour = dt.hour % 12 or 12
    ampm = "AM" if dt.hour < 12 else "PM"
    return f"{hour}:{dt.minute:02d}:{dt.second:02d} {ampm}" if seconds else f"{hour}:{dt.minute:02d} {ampm}"


def utc_offset(dt: datetime) -> str:
    minutes = int(dt.utcoffset().total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


# -- date lines of the print styles -------------------------------------------------------------

def outlook_sent(dt: datetime) -> str:
    """'Tuesday, April 11, 2017 3:42 PM'"""
    return f"{DAYS[dt.weekday()]}, {MONTHS[dt.month - 1]} {dt.day}, {dt.year} {clock12(dt)}"


def us_numeric(dt: datetime) -> str:
    """'4/11/2017 3:42:10 PM'"""
    return f"{dt.month}/{dt.day}/{dt.year} {clock12(dt, seconds=True)}"


def rfc2822(dt: datetime) -> str:
    """'Tue, 11 Apr 2017 15:42:10 -0400'"""
    return (f"{DAYS[dt.weekday()][:3]}, {dt.day} {MONTHS[dt.month - 1][:3]} {dt.year} "
            f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d} {utc_offset(dt)}")


def gmail(dt: datetime) -> str:
    """'Tue, Apr 11, 2017 at 3:42 PM'"""
    return f"{DAYS[dt.weekday()][:3]}, {MONTHS[dt.month - 1][:3]} {dt.day}, {dt.year} at {clock12(dt)}"


def utc_header(dt: datetime) -> str:
    """'Sun, 1 Mar 2020 12:01:19 +0000': the send time in UTC, as some Outlook exports print it."""
    u = dt.astimezone(timezone.utc)
    return (f"{DAYS[u.weekday()][:3]}, {u.day} {MONTHS[u.month - 1][:3]} {u.year} "
            f"{u.hour:02d}:{u.minute:02d}:{u.second:02d} +0000")


def slashed(dt: datetime, space: bool = True) -> str:
    """'04/11/2017 03:42 PM' (Lotus Notes, plain-text exports); '03:42PM' without the space."""
    hour = dt.hour % 12 or 12
    return f"{dt.month:02d}/{dt.day:02d}/{dt.year} {hour:02d}:{dt.minute:02d}{' ' if space else ''}" \
           f"{'AM' if dt.hour < 12 else 'PM'}"


def apple(dt: datetime) -> str:
    """'April 11, 2017 at 3:42:10 PM EDT'"""
    return f"{MONTHS[dt.month - 1]} {dt.day}, {dt.year} at {clock12(dt, seconds=True)} {dt.tzname()}"


def print_stamp(dt: datetime) -> str:
    """'4/15/19, 10:02 AM': when a browser printed a page (Gmail prints)."""
    return f"{dt.month}/{dt.day}/{dt.year % 100:02d}, {clock12(dt)}"


def short_date(d: date) -> str:
    """'4/11/2017'"""
    return f"{d.month}/{d.day}/{d.year}"


def long_date(d: date) -> str:
    """'April 11, 2017'"""
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def weekday_date(d: date, rng: random.Random) -> str:
    """A date the way it is dropped into a sentence."""
    return rng.choice((
        f"{DAYS[d.weekday()]} {d.month}/{d.day}",
        f"{d.month}/{d.day}",
        f"{DAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}",
        f"{d.month}/{d.day}/{d.year % 100:02d}",
    ))


def time_of_day(dt: datetime, rng: random.Random) -> str:
    hour = dt.hour % 12 or 12
    suffix = "am" if dt.hour < 12 else "pm"
    return rng.choice((
        f"{hour}{suffix}" if dt.minute == 0 else f"{hour}:{dt.minute:02d}{suffix}",
        f"{hour}:{dt.minute:02d} {suffix.upper()}",
        f"{dt.hour:02d}{dt.minute:02d} hrs",
    ))


# -- identifiers -------------------------------------------------------------------------------

def dob(d: date, rng: random.Random) -> str:
    return rng.choice((
        f"{d.month:02d}/{d.day:02d}/{d.year}",
        f"{d.month}/{d.day}/{d.year}",
        f"{d.month}/{d.day}/{d.year % 100:02d}",
        f"{d.year}-{d.month:02d}-{d.day:02d}",
        f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
        f"{d.day:02d}{MONTHS[d.month - 1][:3].upper()}{d.year}",
    ))


def phone(digits: str, rng: random.Random) -> str:
    a, b, c = digits[:3], digits[3:6], digits[6:]
    return rng.choice((f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"{a} {b} {c}", f"{a}{b}{c}"))


def a_number(digits: str, rng: random.Random) -> str:
    """'A123456789', 'A 123 456 789', 'A# 123-456-789', ..."""
    a, b, c = digits[:3], digits[3:6], digits[6:]
    return rng.choice((
        f"A{digits}", f"A {a} {b} {c}", f"A# {a}-{b}-{c}", f"A-{digits}", f"A{a}-{b}-{c}",
        f"A# {digits}", f"A{a} {b} {c}",
    ))


def license_number(number: str, rng: random.Random) -> str:
    from .jurisdiction import current

    return rng.choice(current().licence_forms).format(number=number)


def address(street: str, unit: str, neighbourhood: str, zip_code: str, rng: random.Random) -> str:
    from .jurisdiction import current

    place = current()
    form = rng.randrange(5)
    if form == 0:
        return f"{street} {unit}, {neighbourhood}, {place.state} {zip_code}"
    if form == 1:
        city = neighbourhood if place.neighbourhood_is_city else place.city
        return f"{street}, {unit}, {city}, {place.state} {zip_code}"
    if form == 2:
        return f"{street.upper()} {unit.upper()} {neighbourhood.upper()} {zip_code}"
    if form == 3:
        return f"{street} {unit} {neighbourhood} {zip_code}"
    return f"{street}, {neighbourhood} ({unit})"


def subject_name(first: str, last: str, rng: random.Random) -> str:
    return rng.choice((
        f"{first} {last}", f"{first} {last}", f"{first.upper()} {last.upper()}",
        f"{last.upper()}, {first}", f"{last}, {first}", f"{last.upper()}, {first.upper()}",
    ))
