"""Notebook 03's summaries of the charge and severity tables: classes, groups, headline numbers and their sentence."""

from __future__ import annotations

import pandas as pd

from lib.charges.offenses import SERIOUSNESS
from lib.charges.severity import (
    FELONY_OR_VIOLENT,
    LEVEL_UNKNOWN,
    MINOR_ONLY,
    NO_CHARGE,
    SEVERITY_GROUPS,
    VIOLENCE_ARGUABLE,
    _offense_key,
    _value,
)
from lib.charges.text import _one_line

#: Most serious charge classes in display order, with people for whom the emails name no charge last.
CLASSES = (*SERIOUSNESS, NO_CHARGE)
TO_ICE, NOT_TO_ICE = "information went to ICE", "not shown going to ICE"


def most_serious_class(severity: pd.DataFrame) -> pd.Series:
    """Each subject's most serious charge class (``CLASSES``); "no charge found" where the emails name none."""
    return severity["seriousness"].fillna(NO_CHARGE).astype(pd.StringDtype()).rename("most serious charge")


def class_counts(severity: pd.DataFrame) -> pd.DataFrame:
    """People by most serious charge class, split by whether their information went to ICE, in ``CLASSES`` order."""
    classes = most_serious_class(severity)
    went = severity["to_ice"].map({True: TO_ICE, False: NOT_TO_ICE})
    table = pd.crosstab(classes, went).reindex(index=list(CLASSES), columns=[TO_ICE, NOT_TO_ICE], fill_value=0)
    table["all subjects"] = table.sum(axis=1)
    return table.rename_axis(index="most serious charge", columns=None).reset_index()


def level_violence(severity: pd.DataFrame) -> pd.DataFrame:
    """Subjects with a charge: the level of their most serious charge by its violent flag (unknown shown)."""
    charged = severity[severity["charges"] > 0]
    level = charged["level"].fillna("unknown").rename("level")
    violent = charged["violent"].map({True: "violent", False: "not violent"}).fillna("arguable").rename("violent")
    table = pd.crosstab(level, violent).reindex(index=["felony", "misdemeanor", "civil", "unknown"],
                                                columns=["violent", "not violent", "arguable"], fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.rename_axis(index="level of the most serious charge", columns=None).reset_index()


def severity_groups(severity: pd.DataFrame, *, mask: pd.Series | None = None) -> pd.DataFrame:
    """People in each severity group (``SEVERITY_GROUPS``), with shares, among ``mask`` (default: all)."""
    chosen = severity if mask is None else severity[mask]
    counts = chosen["severity"].value_counts().reindex(list(SEVERITY_GROUPS), fill_value=0)
    total = int(counts.sum())
    return pd.DataFrame({"severity": list(SEVERITY_GROUPS), "people": counts.astype(int).to_numpy(),
                         "share": (counts / total).round(3).to_numpy() if total else 0.0})


def headline(severity: pd.DataFrame) -> dict:
    """How many of the people whose information went to ICE faced only non-violent, non-felony charges."""
    went = severity[severity["to_ice"]]
    groups = went["severity"].value_counts()
    n = {g: int(groups.get(g, 0)) for g in SEVERITY_GROUPS}
    sent = severity[severity["sent_to_ice"]]
    return {"to_ice": len(went), **n,
            "minor_share": n[MINOR_ONLY] / len(went) if len(went) else float("nan"),
            "with_charge": len(went) - n[NO_CHARGE],
            "sent_to_ice": len(sent), "sent_minor_only": int((sent["severity"] == MINOR_ONLY).sum()),
            "detainer_only": int((went["detainer"] & ~went["sent_to_ice"]).sum())}


def headline_text(numbers: dict) -> str:
    """``headline`` in one paragraph."""
    if not numbers["to_ice"]:
        return "No subject's information is shown going to ICE in these messages."
    upper = numbers[MINOR_ONLY] + numbers[VIOLENCE_ARGUABLE] + numbers[LEVEL_UNKNOWN]
    return (f"Of the {numbers['to_ice']:,} people whose information went to ICE in these emails, "
            f"{numbers[MINOR_ONLY]:,} ({numbers['minor_share']:.0%}) faced only non-violent, non-felony charges "
            f"as the emails write them; {numbers[FELONY_OR_VIOLENT]:,} faced a felony or violent charge. "
            f"For {numbers[VIOLENCE_ARGUABLE]:,} more the violence of a charge is arguable and for "
            f"{numbers[LEVEL_UNKNOWN]:,} a charge's level is not settled by the text, so the count could be as "
            f"high as {upper:,}; the emails name no charge for {numbers[NO_CHARGE]:,}.")


def charge_list(charges: pd.DataFrame) -> pd.Series:
    """Per subject: their distinct offences as 'offence (level)', in order of first mention."""
    linked = charges[charges["person_id"].notna()]
    out = {}
    for person, rows in linked.groupby("person_id", sort=True):
        seen: dict[tuple, str] = {}
        for _, row in rows.iterrows():
            key = _offense_key(row)
            if key not in seen:
                name = _value(row["offense"]) or _one_line(str(row["text"]))
                seen[key] = f"{name} ({_value(row['level']) or 'level unknown'})"
        out[str(person)] = "; ".join(seen.values())
    return pd.Series(out, name="charges as written", dtype=pd.StringDtype())


def minor_only_people(severity: pd.DataFrame, charges: pd.DataFrame) -> pd.DataFrame:
    """People whose information went to ICE and who faced only non-violent, non-felony charges, with citations."""
    chosen = severity[severity["to_ice"] & (severity["severity"] == MINOR_ONLY)]
    listed = charge_list(charges)
    out = pd.DataFrame({
        "person_id": chosen["person_id"], "name": chosen["name"],
        "charges": chosen["person_id"].map(listed),
        "how": chosen.apply(lambda r: " and ".join(
            [w for w, flag in (("police sent data", r["sent_to_ice"]), ("ICE detainer", r["detainer"])) if flag]),
            axis=1),
        "first to ICE": chosen["first_to_ice"].dt.strftime("%Y-%m-%d"),
        "pages (to ICE)": chosen["to_ice_pages"].map(lambda v: "; ".join(v)),
        "pages (charges)": chosen["charge_pages"].map(lambda v: "; ".join(v)),
    })
    return out.sort_values(["first to ICE", "person_id"], kind="stable").reset_index(drop=True)


def detainers_by_class(severity: pd.DataFrame) -> pd.DataFrame:
    """People with an ICE detainer, by the class of their most serious charge (``CLASSES``)."""
    chosen = severity[severity["detainer"]]
    counts = most_serious_class(chosen).value_counts().reindex(list(CLASSES), fill_value=0)
    return pd.DataFrame({"most serious charge": list(CLASSES), "people with a detainer": counts.astype(int).to_numpy()})


#: Readings of "their information went to ICE", narrowest claim first: the answer, then a narrower and a broader one.
READINGS = {"police sent personal data, or ICE detainer (the answer)": "to_ice",
            "police sent personal data": "sent_to_ice",
            "a police-to-ICE message names them": "named_to_ice"}


def readings_table(severity: pd.DataFrame) -> pd.DataFrame:
    """People counted under each reading of "went to ICE" (``READINGS``), by their most serious charge."""
    rows = []
    for reading, column in READINGS.items():
        mask = severity[column].astype(bool)
        rows.append({"reading": reading, "people": int(mask.sum()),
                     "only non-violent, non-felony": int((mask & (severity["severity"] == MINOR_ONLY)).sum()),
                     "felony or violent": int((mask & (severity["severity"] == FELONY_OR_VIOLENT)).sum())})
    return pd.DataFrame(rows)


def people_with_category(people: pd.DataFrame, charges: pd.DataFrame, category: str) -> int:
    """How many of ``people`` (a table with ``person_id``) have a charge of ``category`` (e.g. "drug")."""
    among = charges["person_id"].isin(people["person_id"]) & (charges["category"] == category)
    return int(charges.loc[among, "person_id"].nunique())
