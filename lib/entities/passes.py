"""Messages that pass each category of personal data: one row per message, then by direction, month, period and part."""

from __future__ import annotations

import pandas as pd

from lib.core.directory import direction, unique_messages
from lib.core.forms import ATTACHED_FORM, OWN_WORDS, SUBJECT_LINE
from lib.core.periods import period_labels
from lib.entities.personal import CATEGORIES, CATEGORY_NAMES, FROM_ICE, TO_ICE

UNDATED = "undated"


def passes_by_message(personal: pd.DataFrame, messages: pd.DataFrame, *,
                      include_duplicates: bool = False) -> pd.DataFrame:
    """One row per message: when, which direction, which period, and a True/False column per category.

    ``any_identifier`` is True when the message passes anything beyond a name.
    """
    table = unique_messages(messages, include_duplicates)
    directions = direction(messages, include_duplicates=include_duplicates)
    local = table["sent_at"].dt.tz_localize(None) if isinstance(table["sent_at"].dtype, pd.DatetimeTZDtype) \
        else pd.to_datetime(table["sent_at"])
    out = pd.DataFrame({
        "message_id": table["message_id"].to_numpy(),
        "sent_at": table["sent_at"].to_numpy(),
        "month": local.dt.strftime("%Y-%m").fillna(UNDATED).to_numpy(),
        "period": period_labels(table["sent_at"]).to_numpy(),
        "direction": directions.reindex(table.index).fillna("other").to_numpy(),
    })
    present = set(zip(personal["message_id"], personal["category"].astype(str)))
    for category in CATEGORIES:
        out[category] = [(m, category) in present for m in out["message_id"]]
    out["any_identifier"] = out[[c for c in CATEGORIES if c != "name"]].any(axis=1)
    return out


def direction_table(passes: pd.DataFrame) -> pd.DataFrame:
    """Messages passing each category, police -> ICE, ICE -> police and all other directions together.

    The first row gives the number of messages in each direction, the denominator of every other row.
    """
    group = passes["direction"].where(passes["direction"].isin([TO_ICE, FROM_ICE]), "other")
    columns = [TO_ICE, FROM_ICE, "other"]
    rows = [{"category": "(all messages)", **{c: int((group == c).sum()) for c in columns}}]
    for category in [*CATEGORIES, "any_identifier"]:
        rows.append({"category": _category_name(category),
                     **{c: int((passes[category] & (group == c)).sum()) for c in columns}})
    out = pd.DataFrame(rows)
    out["all"] = out[columns].sum(axis=1)
    return out


def _category_name(category: str) -> str:
    return "anything beyond a name" if category == "any_identifier" else CATEGORY_NAMES[category]


def _long_counts(passes: pd.DataFrame, by: str) -> pd.DataFrame:
    keep = passes[passes["direction"].isin([TO_ICE, FROM_ICE])]
    rows = []
    for (key, way), group in keep.groupby([by, "direction"], sort=True):
        for category in CATEGORIES:
            rows.append({by: key, "direction": way, "category": CATEGORY_NAMES[category],
                         "messages": int(group[category].sum()), "of": len(group)})
    return pd.DataFrame(rows, columns=[by, "direction", "category", "messages", "of"])


def monthly_table(passes: pd.DataFrame) -> pd.DataFrame:
    """Per month, direction (police -> ICE, ICE -> police) and category: messages passing it, of how many."""
    counts = _long_counts(passes[passes["month"] != UNDATED], "month")
    period_of = dict(zip(passes["month"], passes["period"]))
    counts.insert(1, "period", counts["month"].map(period_of))
    return counts


def period_table(passes: pd.DataFrame) -> pd.DataFrame:
    """Per period of the release and direction: messages passing each category; the first row is all messages."""
    counts = _long_counts(passes, "period")
    columns = {}
    for (period, way), group in counts.groupby(["period", "direction"], sort=True):
        by_category = dict(zip(group["category"], group["messages"]))
        columns[f"{period} {way}"] = [int(group["of"].iloc[0]),
                                      *[by_category[CATEGORY_NAMES[c]] for c in CATEGORIES]]
    out = pd.DataFrame(columns, index=["(all messages)", *[CATEGORY_NAMES[c] for c in CATEGORIES]])
    return out.rename_axis("category").reset_index()


def monthly_wide(monthly: pd.DataFrame, way: str) -> pd.DataFrame:
    """One direction of ``monthly_table`` as a table: a row per month, its messages (``of``), a column per category."""
    part = monthly[monthly["direction"].eq(way)]
    wide = part.pivot_table(index=["month", "of"], columns="category", values="messages", aggfunc="sum")
    order = [CATEGORY_NAMES[c] for c in CATEGORIES]
    return wide.reindex(columns=order).fillna(0).astype(int).rename_axis(columns=None).reset_index()


def parts_table(personal: pd.DataFrame) -> pd.DataFrame:
    """Messages per category by where the item sits: subject line, the sender's own words, an attached form."""
    table = personal.assign(category=personal["category"].astype(str).map(CATEGORY_NAMES))
    wide = table.pivot_table(index="category", columns="part", values="message_id", aggfunc="nunique")
    wide = wide.reindex(index=[CATEGORY_NAMES[c] for c in CATEGORIES],
                        columns=[SUBJECT_LINE, OWN_WORDS, ATTACHED_FORM])
    return wide.fillna(0).astype(int).rename_axis(columns=None).reset_index()
