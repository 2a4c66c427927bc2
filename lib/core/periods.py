"""The release's periods: the runs of weeks in which it holds messages (a release often covers a few months
of two or three years, with nothing between)."""

from __future__ import annotations

import pandas as pd

from lib.core.schema import TIMEZONE


def periods(week_starts: pd.Series, gap_weeks: int = 8) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Spans of weeks with messages, split where more than ``gap_weeks`` empty weeks pass."""
    weeks = sorted(pd.to_datetime(week_starts).unique())
    spans: list[list[pd.Timestamp]] = []
    for week in weeks:
        if spans and (week - spans[-1][1]) <= pd.Timedelta(weeks=gap_weeks):
            spans[-1][1] = week
        else:
            spans.append([week, week])
    return [(pd.Timestamp(a), pd.Timestamp(b) + pd.Timedelta(days=6)) for a, b in spans]


def period_labels(sent_at: pd.Series, *, gap_weeks: int = 8) -> pd.Series:
    """The release's date window of each message: "2017-01 to 2017-05", or "undated".

    Windows are runs of weeks with messages, split where more than
    ``gap_weeks`` weeks pass without one (``periods``). Labels
    sort in time order.
    """
    local = pd.to_datetime(sent_at)
    if local.dt.tz is not None:
        local = local.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    week_start = local.dt.normalize() - pd.to_timedelta(local.dt.day_of_week, unit="D")
    labels = pd.Series("undated", index=sent_at.index, dtype=pd.StringDtype(), name="period")
    for start, end in periods(week_start.dropna()):
        inside = week_start.between(start, end)
        first, last = local[inside].min(), local[inside].max()
        label = f"{first:%Y-%m}" if f"{first:%Y-%m}" == f"{last:%Y-%m}" else f"{first:%Y-%m} to {last:%Y-%m}"
        labels[inside.to_numpy()] = label
    return labels
