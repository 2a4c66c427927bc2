"""The summary's sentences for notebook 01: the headline numbers and a line on the reviewed corrections."""

from __future__ import annotations

import pandas as pd

from lib.entities.personal import CATEGORIES, CATEGORY_NAMES, FROM_ICE, TO_ICE


def headline(passes: pd.DataFrame, subjects: pd.DataFrame, forms_not_counted: int = 0) -> str:
    """The numbers a reporter would quote, each with its denominator.

    ``forms_not_counted``: messages with printed forms in their quoted history (``forms_in_quoted_history``).
    """
    to_ice = passes[passes["direction"].eq(TO_ICE)]
    from_ice = passes[passes["direction"].eq(FROM_ICE)]
    doubtful = int(subjects["check"].ne("").sum())
    lines = [
        f"{len(passes):,} unique messages; {len(to_ice):,} police -> ICE and {len(from_ice):,} ICE -> police.",
        f"{int(to_ice['name'].sum()):,} police -> ICE messages name a person written about; "
        f"{int(to_ice['any_identifier'].sum()):,} pass more than a name.",
        f"{len(subjects):,} distinct people written about are named ({doubtful} of them flagged to check); "
        f"{int(subjects[TO_ICE].gt(0).sum()):,} are named in messages from police to ICE.",
        "Messages passing each category (police -> ICE / ICE -> police):",
    ]
    for category in CATEGORIES:
        lines.append(f"  {CATEGORY_NAMES[category]:<15} {int(to_ice[category].sum()):>4} / "
                     f"{int(from_ice[category].sum()):>4}")
    if forms_not_counted:
        lines.append(f"Not counted: printed forms in the quoted history of {forms_not_counted:,} messages.")
    return "\n".join(lines)


def describe_corrections(corrections: pd.DataFrame) -> str:
    """One line on the reviewed corrections of this build: how many, how many applied, which no longer apply."""
    if corrections.empty:
        return ("No reviewed corrections are listed in lib/reference/entity_corrections.csv; the counts are the "
                "tagger's as it stands.")
    applied = corrections[corrections["applied"].astype(bool)]
    text = (f"{len(corrections)} reviewed corrections listed, {len(applied)} applied on this build, changing "
            f"{int(applied['rows'].sum()):,} entity rows.")
    stale = corrections.loc[~corrections["applied"].astype(bool), "id"].tolist()
    if stale:
        text += f" Not applied (nothing matched; review or remove): {', '.join(map(str, stale))}."
    return text
