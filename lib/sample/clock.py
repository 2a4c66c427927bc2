"""When messages are sent: two date windows like the real release, in the profile's local time.

Most mail goes out on weekday office hours; a share in evenings and at weekends.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from .jurisdiction import current

THREAD_SPAN_DAYS = 30

#: The two periods the release covers.
WINDOWS = {
    2017: (date(2017, 3, 1), date(2017, 8, 31)),
    2019: (date(2019, 1, 2), date(2019, 6, 28)),
}


def _local(day: date, minutes: int, rng: random.Random) -> datetime:
    naive = datetime.combine(day, time(minutes // 60, minutes % 60, rng.randrange(60)))
    return naive.replace(tzinfo=current().time_zone)


def thread_start(rng: random.Random, year: int) -> datetime:
    first, last = WINDOWS[year]
    # threads can run on for a few weeks (court dates, releases): start early enough to end in the window
    day = first + timedelta(days=rng.randrange((last - first).days - THREAD_SPAN_DAYS))
    off_hours = rng.random() < 0.14
    if not off_hours:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        minutes = rng.randint(7 * 60 + 10, 17 * 60 + 45)
    elif rng.random() < 0.5:
        minutes = rng.randint(18 * 60, 23 * 60 + 15)  # evening
    else:
        while day.weekday() < 5:  # weekend day
            day += timedelta(days=1)
        minutes = rng.randint(8 * 60, 21 * 60)
    return _local(day, minutes, rng)


def reply_time(rng: random.Random, previous: datetime, pace: str = "normal") -> datetime:
    """A reply some minutes, hours or a day after the previous message; pace 'fast', 'normal' or 'slow'."""
    roll = rng.random()
    if pace == "slow":  # something had to happen in between (an arrest, a court session)
        delay = timedelta(minutes=rng.randint(35, 240), seconds=rng.randrange(60))
    elif pace == "fast" or roll < 0.55:
        delay = timedelta(minutes=rng.randint(1, 40), seconds=rng.randrange(60))
    elif roll < 0.85:
        delay = timedelta(minutes=rng.randint(45, 300), seconds=rng.randrange(60))
    else:
        delay = timedelta(days=rng.randint(1, 3), minutes=rng.randint(-120, 120))
    zone = current().time_zone
    later = (previous.astimezone(zone) + delay).astimezone(zone)
    # Replies that would land in the small hours go out next morning instead.
    if later.hour < 6:
        later = _local(later.date(), rng.randint(7 * 60, 9 * 60), rng)
    return later if later > previous else previous + timedelta(minutes=3)


def later_day(rng: random.Random, previous: datetime, days: tuple[int, int] = (1, 10)) -> datetime:
    """A follow-up on a later working day (court dates, release notices)."""
    day = previous.date() + timedelta(days=rng.randint(*days))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return _local(day, rng.randint(7 * 60 + 30, 16 * 60 + 30), rng)
