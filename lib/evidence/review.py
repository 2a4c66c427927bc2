"""The review loop: a stratified sample of messages to label by hand, the labels file, and what the labels say
about each finder (precision and recall with 95% Wilson intervals), phrased beside the counts.

A *finding* is anything that counts messages: an evidence query (``QUERIES``) or a lexicon category of
notebook 04. The figures take each finder's output (the message ids it counted), so they stay right whatever
the queries or patterns become.

The labels file (``review_labels.csv`` in the release folder, versioned with the release) has one row per
sampled message:

- ``version``      the file's format, ``LABELS_VERSION`` (files of ``review-labels/1``, which have no ``stratum``
  or ``stratum_size``, are still read: their strata are direction x period, sized from the release)
- ``message_id``   the processed message table's id
- ``source_file``, ``page``, ``bates``, ``where``  where to read the message (``lib.core.cite``, first page)
- ``direction``    ``police->ice``, ``ice->police`` or ``other`` (``lib.core.directory.direction``)
- ``period``       the release's date window (``lib.core.periods.period_labels``)
- ``stratum``      the stratum the row was drawn from: ``direction · period``, and after ``extend_sample``
  ``direction · period · flagged`` or ``· not flagged`` (see *Oversampling rare findings* below)
- ``stratum_size`` how many of the release's unique messages that stratum holds: each label in it stands for
  ``stratum_size`` / (labels in it) messages
- ``subject``      as printed, to find the message again
- one column per finding: ``1`` the message is a case of it, ``0`` it is not, blank not judged
- ``labeller``     who labelled the row (``answer key`` for labels filled from a generated release's truth).
  When a row's labels come from more than one labeller, they are listed with ``;`` and each names the findings
  it labelled after a colon: ``answer key; read by hand: familiarity, urgency`` (a labeller with no list
  labelled every other finding). ``label_sources`` reads it; each count's phrase says how its labels were made.
- ``notes``        why, where a label needs one (a hand-read note follows `` | read by hand: ``)

A label says what the message holds, read in full, never what a finder found: label before looking at the
counts. A blank is not a 0; every figure says how many labels it rests on. A language category is labelled on
the sender's own words (notebook 04 counts no quoted history and no printed form attached after them).

**Oversampling rare findings.** A finding with few cases in the release gets few labelled positives in a
proportional sample, too few for an interval. ``extend_sample`` adds a second, seeded draw from the messages
that chosen finders flag (``flagged``), at a higher rate: each direction x period stratum is split into its
flagged and not-flagged messages, and the flagged part is topped up until ``rate`` of it is labelled. Within
each part the labelled messages are then a simple random sample of it (the first draw's messages that fall in
the part, plus a random draw from the rest of it), so weighting each label by the part's size over its labels
keeps the precision and recall estimates consistent for the whole release, whichever finders later use the
labels. The split is recorded in ``stratum`` and ``stratum_size`` when drawn, because a finder that changes
later would flag other messages.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd

from lib.core.cite import Citer
from lib.core.directory import direction, unique_messages
from lib.core.periods import period_labels

LABELS_FILE = "review_labels.csv"
LABELS_VERSION = "review-labels/2"
#: Formats ``load_labels`` reads: version 1 had no ``stratum`` or ``stratum_size``.
READABLE_VERSIONS = ("review-labels/1", LABELS_VERSION)
ANSWER_KEY = "answer key"
BY_HAND = "read by hand"
STRATA = ("police->ice", "ice->police", "other")
#: Columns of the labels file before the findings, and after them.
LEAD_COLUMNS = ["version", "message_id", "source_file", "page", "bates", "where", "direction", "period", "stratum",
                "stratum_size", "subject"]
TAIL_COLUMNS = ["labeller", "notes"]
#: The columns that record the sampling design (version 2 on).
DESIGN_COLUMNS = ["stratum", "stratum_size"]
FLAGGED, NOT_FLAGGED = "flagged", "not flagged"
#: How a by-hand note follows the answer key's in ``notes``.
NOTE_SEPARATOR = " | read by hand: "
#: Below this many labels behind a figure, it is not stated: a 95% interval on fewer spans most of 0 to 1.
MIN_LABELS = 5
#: The message table's columns the review reads: no texts.
MESSAGE_COLUMNS = ["message_id", "source_file", "page_start", "page_end", "bates_start", "bates_end", "sent_at",
                   "sender", "sender_name", "to", "cc", "subject", "duplicate_of", "in_reply_to", "quoted_in",
                   "reconstructed"]
FIGURE_COLUMNS = ["finding", "found", "labelled", "precision", "precision_low", "precision_high", "precision_n",
                  "false_positives", "recall", "recall_low", "recall_high", "recall_n", "sample_share", "weighting"]
Z95 = NormalDist().inv_cdf(0.975)


class LabelsError(ValueError):
    """A labels file that cannot be read as it stands: the message names the file, row and reason."""


# --- The population and the sample ------------------------------------------------------------------

def population(messages: pd.DataFrame, pages: pd.DataFrame | None = None,
               agencies: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every unique message (repeated printings set aside) with its citation, direction, period and subject.

    ``messages`` may leave its texts out. Direction is ``police->ice``, ``ice->police``, or ``other`` for
    everything else (internal, unknown sides): the review compares the two directions the counts are about.
    """
    messages = messages.reset_index(drop=True)
    for column in ("to", "cc", "attachments"):  # Parquet gives arrays; direction reads lists
        if column in messages:
            messages[column] = messages[column].map(lambda v: list(v) if isinstance(v, np.ndarray) else
                                                    (v if isinstance(v, list) else []))
    unique = unique_messages(messages)
    sides = direction(messages, agencies).reindex(unique.index)
    cited = Citer(messages, pages).cite(pd.DataFrame({"message_id": unique["message_id"].to_numpy(),
                                                      "field": "subject", "start_char": 0}))
    out = pd.DataFrame({
        "message_id": unique["message_id"].astype(str).to_numpy(),
        "source_file": cited["source_file"].to_numpy(), "page": cited["page"].to_numpy(),
        "bates": cited["bates"].to_numpy(), "where": cited["where"].to_numpy(),
        "direction": sides.where(sides.isin(STRATA), "other").fillna("other").astype(str).to_numpy(),
        "period": period_labels(unique["sent_at"]).astype(str).to_numpy(),
        "subject": unique["subject"].fillna("").astype(str).to_numpy(),
    })
    out["page"] = out["page"].astype("Int64")
    return out.sort_values("message_id", kind="stable").reset_index(drop=True)


def allocation(sizes: Mapping, size: int, minimum: int = MIN_LABELS) -> dict:
    """How many to sample from each stratum: proportional to its size (largest remainders), but at least
    ``minimum`` (or all of a smaller stratum), so a small stratum is still measured. The floors come first:
    when they add up to more than ``size``, that many are taken."""
    total = sum(sizes.values())
    size = min(size, total)
    floor = {k: min(n, minimum) for k, n in sizes.items()}
    spare = max(size - sum(floor.values()), 0)
    rest = {k: n - floor[k] for k, n in sizes.items()}
    room = sum(rest.values())
    quota = {k: spare * r / room if room else 0.0 for k, r in rest.items()}
    take = {k: floor[k] + min(int(quota[k]), rest[k]) for k in sizes}
    by_remainder = sorted(sizes, key=lambda k: (-(quota[k] - int(quota[k])), str(k)))
    for k in by_remainder:
        if sum(take.values()) >= max(size, sum(floor.values())):
            break
        if take[k] < sizes[k]:
            take[k] += 1
    return take


def review_sample(messages: pd.DataFrame, *, seed: int, size: int, pages: pd.DataFrame | None = None,
                  findings: Iterable[str] = (), minimum: int = MIN_LABELS) -> pd.DataFrame:
    """A seeded random sample of unique messages, stratified by direction and period, as a labelling form.

    Each stratum (direction x period) gets a share proportional to its size, but at least ``minimum``
    messages (all of a smaller one); ``review_figures`` weights strata sampled at different rates back to
    the release. One blank column per finding, then ``labeller`` and ``notes``.
    """
    people = population(messages, pages)
    strata = people.groupby(["direction", "period"], sort=True)
    take = allocation({key: len(rows) for key, rows in strata}, size, minimum)
    rng = np.random.default_rng(seed)
    picked = [rows.iloc[np.sort(rng.choice(len(rows), take[key], replace=False))].assign(
        stratum=stratum_name(*key), stratum_size=len(rows)) for key, rows in strata]
    sample = pd.concat(picked).sort_values(["direction", "period", "message_id"]).reset_index(drop=True)
    return labelling_form(sample, findings)


def stratum_name(direction: str, period: str, part: str | None = None) -> str:
    """A stratum as the labels file names it: ``police->ice · 2017-03 to 2017-08`` (`` · flagged``)."""
    return " · ".join([str(direction), str(period), *([part] if part else [])])


def labelling_form(sample: pd.DataFrame, findings: Iterable[str]) -> pd.DataFrame:
    findings = list(findings)
    form = sample.assign(version=LABELS_VERSION)
    for name in findings:
        form[name] = ""
    form["labeller"], form["notes"] = "", ""
    return form[[*LEAD_COLUMNS, *findings, *TAIL_COLUMNS]]


def extend_sample(form: pd.DataFrame, population: pd.DataFrame, flagged: Iterable[str], *, rate: float, seed: int,
                  findings: Iterable[str], minimum: int = 1) -> pd.DataFrame:
    """Oversample the messages some finders flag: a labelling form with the rows of ``form`` (a labels file as
    read with ``dtype=str``, drawn by direction x period) and new blank rows drawn from ``flagged``.

    Each direction x period stratum of ``population`` is split into its flagged messages and the rest. In the
    flagged part, messages not yet in ``form`` are drawn at random (``seed``) until ``ceil(rate x size)`` of it
    is in the sample. The not-flagged part keeps the first draw's messages, topped up the same way only if it
    has fewer than ``minimum`` (a part with no label would not be represented in the figures). Every row's
    ``stratum`` and ``stratum_size`` then name its part, so ``review_figures`` weights each label by its part's
    size over the labels in it. A form whose strata are already split cannot be split again (draw a new sample
    instead).
    """
    if not 0 < rate <= 1:
        raise ValueError(f"rate must be in (0, 1], not {rate}")
    findings = list(findings)
    if "stratum" in form and form["stratum"].fillna("").str.contains(f" · (?:{FLAGGED}|{NOT_FLAGGED})$").any():
        raise ValueError("this sample is already split into flagged and not-flagged strata")
    flagged = set(flagged) & set(population["message_id"])
    rng = np.random.default_rng(seed)
    have = set(form["message_id"])
    parts, new_rows = {}, []
    for (side, period), rows in population.groupby(["direction", "period"], sort=True):
        is_flagged = rows["message_id"].isin(flagged).to_numpy()
        for part, members in ((FLAGGED, rows[is_flagged]), (NOT_FLAGGED, rows[~is_flagged])):
            name = stratum_name(side, period, part)
            for message_id in members["message_id"]:
                parts[message_id] = (name, len(members))
            if members.empty:
                continue
            target = max(math.ceil(rate * len(members) - 1e-9) if part == FLAGGED else 0,
                         min(minimum, len(members)))
            pool = members[~members["message_id"].isin(have)].sort_values("message_id")
            extra = min(max(target - int(members["message_id"].isin(have).sum()), 0), len(pool))
            if extra:
                new_rows.append(pool.iloc[np.sort(rng.choice(len(pool), extra, replace=False))])
    out = form.copy()
    out["version"] = LABELS_VERSION
    if new_rows:
        drawn = pd.concat(new_rows).sort_values(["direction", "period", "message_id"]).assign(stratum="",
                                                                                            stratum_size="")
        added = labelling_form(drawn, findings)
        added = added.astype({"page": "Int64"}).astype(str).replace({"<NA>": "", "nan": ""})
        out = pd.concat([out, added], ignore_index=True)
    missing = set(out["message_id"]) - set(parts)
    if missing:
        raise ValueError(f"message id(s) not in the release: {sorted(missing)[:5]}")
    out["stratum"] = out["message_id"].map(lambda m: parts[m][0])
    out["stratum_size"] = out["message_id"].map(lambda m: str(parts[m][1]))
    columns = [*LEAD_COLUMNS, *[c for c in out.columns if c not in LEAD_COLUMNS + TAIL_COLUMNS], *TAIL_COLUMNS]
    return out[columns].fillna("")


def merge_by_hand(form: pd.DataFrame, by_hand: pd.DataFrame, *, labeller: str = BY_HAND) -> pd.DataFrame:
    """Labels read by hand (``by_hand``: ``message_id``, finding columns, optional ``notes``; blank = not judged)
    filled into the blank cells of a labelling form, with ``labeller`` naming the findings read by hand.

    A hand label for a cell that already holds one (from the answer key) is an error: one label per cell, from
    one labeller. A hand note follows the row's notes after ``NOTE_SEPARATOR``.
    """
    out = form.copy()
    by_hand = by_hand.fillna("").astype(str)
    columns = [c for c in by_hand.columns if c not in ("message_id", "notes")]
    unknown = [c for c in columns if c not in out.columns]
    if unknown:
        raise ValueError(f"hand labels for unknown finding(s) {unknown}")
    position = {m: i for i, m in zip(out.index, out["message_id"])}
    for row in by_hand.itertuples(index=False):
        row = row._asdict()
        if row["message_id"] not in position:
            continue
        i = position[row["message_id"]]
        read = [c for c in columns if str(row[c]).strip() != ""]
        clash = [c for c in read if str(out.at[i, c]).strip() != ""]
        if clash:
            raise ValueError(f"{row['message_id']}: {clash} labelled already; a cell has one labeller")
        for c in read:
            out.at[i, c] = str(row[c]).strip()
        before = str(out.at[i, "labeller"]).strip()
        if read:
            out.at[i, "labeller"] = (f"{before}; {labeller}: {', '.join(read)}" if before else labeller)
        note = str(row.get("notes", "")).strip()
        if note:
            out.at[i, "notes"] = f"{out.at[i, 'notes']}{NOTE_SEPARATOR}{note}" if out.at[i, "notes"] else note
    return out


# --- The labels file ---------------------------------------------------------------------------------

def load_labels(path: str | Path, *, findings: Iterable[str] | None = None,
                message_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Read and check a labels file: finding columns become nullable 0/1 (``<NA>`` where blank).

    ``findings``: the finding names allowed (others are an error); ``message_ids``: the release's
    messages (an id not among them is an error). Every problem is reported with the file and the CSV
    line it is on, in one ``LabelsError``.
    """
    import pandera.pandas as pa
    from pandera.errors import SchemaErrors

    path = Path(path)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.columns = [c.strip() for c in table.columns]
    missing = [c for c in ("version", "message_id", "labeller") if c not in table]
    if missing:
        raise LabelsError(f"{path}: missing column(s) {missing}")
    known_columns = set(LEAD_COLUMNS) | set(TAIL_COLUMNS)
    label_columns = [c for c in table.columns if c not in known_columns]
    problems = []
    if findings is not None:
        allowed = set(findings)
        problems += [f"{path}: column {c!r}: unknown finding (known: {', '.join(sorted(allowed))})"
                     for c in label_columns if c not in allowed]
    table = table.apply(lambda col: col.str.strip())
    ids = set(message_ids) if message_ids is not None else None
    versions = set(table["version"]) & set(READABLE_VERSIONS)
    designed = LABELS_VERSION in versions
    if len(versions) > 1:
        problems.append(f"{path}: file: rows of more than one version ({', '.join(sorted(versions))})")
    if designed:
        problems += [f"{path}: missing column {c!r} (version {LABELS_VERSION})" for c in DESIGN_COLUMNS
                     if c not in table]
    design = {c: pa.Column(str, pa.Check.str_length(min_value=1, error=f"{c} is blank")) for c in DESIGN_COLUMNS
              if designed and c in table}
    if "stratum_size" in design:
        design["stratum_size"] = pa.Column(str, pa.Check.str_matches(r"^[1-9][0-9]*$",
                                                                     error="stratum_size is not a whole number"))
    schema = pa.DataFrameSchema({
        "version": pa.Column(str, pa.Check.isin(list(READABLE_VERSIONS),
                                                error=f"version is not one of {', '.join(READABLE_VERSIONS)}")),
        "labeller": pa.Column(str, pa.Check(_readable_labeller, element_wise=True,
                                            error="labeller is not 'name' or 'name: finding, ...; name: ...'")),
        **design,
        "message_id": pa.Column(str, [pa.Check.str_length(min_value=1, error="message_id is blank"),
                                      *([pa.Check.isin(sorted(ids), error="unknown message_id")] if ids is not None
                                        else [])]),
        **{c: pa.Column(str, pa.Check.isin(["", "0", "1"], error="value is not 0, 1 or blank"))
           for c in label_columns},
    }, strict=False)
    try:
        schema.validate(table, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
        for case in cases.itertuples(index=False):
            line = f"row {int(case.index) + 2}" if pd.notna(case.index) else "file"
            problems.append(f"{path}: {line}: {case.column}: {case.check} ({case.failure_case!r})")
    repeated = table["message_id"][table["message_id"].duplicated() & table["message_id"].ne("")]
    problems += [f"{path}: row {i + 2}: message_id {m!r} is labelled twice" for i, m in repeated.items()]
    for i, labeller in table["labeller"].items():
        if _readable_labeller(labeller):
            named = [f for _, listed in _labeller_parts(labeller) for f in listed]
            problems += [f"{path}: row {i + 2}: labeller names {f!r}, which is not a finding column"
                         for f in named if f not in label_columns]
    if designed and not problems and all(c in table for c in DESIGN_COLUMNS):
        problems += _design_problems(path, table)
    if problems:
        raise LabelsError("bad review labels:\n" + "\n".join(problems))
    for column in label_columns:
        table[column] = pd.to_numeric(table[column].replace("", None)).astype("Int64")
    if designed:
        table["stratum_size"] = pd.to_numeric(table["stratum_size"]).astype("Int64")
    return table


def _design_problems(path: Path, table: pd.DataFrame) -> list[str]:
    """A stratum has one size, and no more rows than that size."""
    problems = []
    for stratum, rows in table.groupby("stratum", sort=True):
        sizes = rows["stratum_size"].unique()
        if len(sizes) > 1:
            problems.append(f"{path}: row {rows.index[0] + 2}: stratum {stratum!r} has sizes {', '.join(sizes)}")
        elif len(rows) > int(sizes[0]):
            problems.append(f"{path}: row {rows.index[0] + 2}: stratum {stratum!r} has {len(rows)} rows but "
                            f"stratum_size {sizes[0]}")
    return problems


def _labeller_parts(labeller: str) -> list[tuple[str, list[str]]]:
    """``'answer key; read by hand: familiarity, urgency'`` -> [('answer key', []), ('read by hand', [...])]."""
    parts = []
    for part in str(labeller).split(";"):
        name, _, listed = part.partition(":")
        parts.append((name.strip(), [f.strip() for f in listed.split(",") if f.strip()]))
    return parts


def _readable_labeller(labeller: str) -> bool:
    """One name, or names each followed by the findings they labelled; at most one name without a list, no
    finding named twice. (A blank labeller is allowed: a row with no labels yet.)"""
    if not str(labeller).strip():
        return True
    parts = _labeller_parts(labeller)
    named = [f for _, listed in parts for f in listed]
    return (all(name for name, _ in parts) and sum(1 for _, listed in parts if not listed) <= 1
            and len(named) == len(set(named))
            and all(listed or ":" not in part for (_, listed), part in zip(parts, str(labeller).split(";"))))


def label_sources(labeller: str, findings: Iterable[str]) -> dict[str, str]:
    """Which labeller gave each finding's label in a row, from its ``labeller`` cell: a name followed by a list
    labelled those findings, a name without one every other finding."""
    parts = _labeller_parts(labeller)
    default = next((name for name, listed in parts if not listed), "")
    given = {f: name for name, listed in parts for f in listed}
    return {f: given.get(f, default) for f in findings}


def labels_file(release_dir: str | Path) -> Path:
    return Path(release_dir) / LABELS_FILE


# --- The figures -------------------------------------------------------------------------------------

def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion (no scipy or statsmodels in this environment).

    The proportions p with |p_hat - p| <= z * sqrt(p (1 - p) / n): it stays inside [0, 1] and keeps its
    coverage near 95% with few labels or a proportion near 0 or 1, where the normal interval does not.
    ``n`` may be an effective sample size (not a whole number) for weighted data.
    """
    if n <= 0:
        return (math.nan, math.nan)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def _share(hit: np.ndarray, weight: np.ndarray) -> tuple[float, float, float, int]:
    """Weighted share of ``hit`` and its Wilson interval on the effective sample size."""
    n = len(hit)
    if n == 0:
        return (math.nan, math.nan, math.nan, 0)
    p = float((weight * hit).sum() / weight.sum())
    n_eff = float(weight.sum() ** 2 / (weight ** 2).sum())  # Kish: n when every weight is equal
    low, high = wilson(p * n_eff, n_eff)
    return (p, low, high, n)


def review_figures(found_ids_by_finding: Mapping[str, Iterable[str]], labels: pd.DataFrame,
                   population: pd.DataFrame) -> pd.DataFrame:
    """For each finding: precision and recall among the labelled messages, each with a 95% Wilson interval.

    - precision: of the labelled messages the finder counted, the share labelled 1;
    - recall: of the messages labelled 1, the share the finder counted;
    - ``*_n``: the labels behind each (blank labels are left out); ``false_positives``: labelled messages it
      counted that are labelled 0; ``found``: the finder's count in the release; ``sample_share``: the share of
      the release's unique messages labelled for the finding.

    Weighting (``design_weights``): each labelled message stands for N/n messages of its stratum (N its size, n
    labelled for that finding). The strata are those the labels file records (``stratum``, ``stratum_size``;
    flagged and not-flagged parts after ``extend_sample``), or for a file without them direction x period, sized
    from ``population``. The shares are ratios of weighted sums, and each interval is the Wilson interval on the
    Kish effective sample size, (sum w)^2 / sum w^2. When every stratum was sampled at the same rate the weights
    are equal, the figures are plain shares and ``weighting`` says "proportional"; otherwise it says
    "weighted". A stratum with no label for a finding is not represented in its figures.
    """
    known = set(population["message_id"])
    rows = []
    for finding, ids in found_ids_by_finding.items():
        found = set(ids) & known
        row = {"finding": finding, "found": len(found)}
        if finding not in labels:
            rows.append(row | {"labelled": 0, "precision_n": 0, "false_positives": 0, "recall_n": 0,
                               "sample_share": 0.0, "weighting": "no labels"})
            continue
        judged, weight = design_weights(labels, population, finding)
        label = judged[finding].astype(int).to_numpy()
        counted = judged["message_id"].isin(found).to_numpy()
        precision = _share(label[counted], weight[counted])
        recall = _share(counted[label == 1].astype(int), weight[label == 1])
        rows.append(row | {
            "labelled": len(judged), "precision": precision[0], "precision_low": precision[1],
            "precision_high": precision[2], "precision_n": precision[3],
            "false_positives": int((label[counted] == 0).sum()), "recall": recall[0],
            "recall_low": recall[1], "recall_high": recall[2], "recall_n": recall[3],
            "sample_share": len(judged) / len(population) if len(population) else math.nan,
            "weighting": ("no labels" if not len(weight) else
                          "proportional" if np.allclose(weight, weight[0]) else "weighted"),
        })
    out = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    counts = ["found", "labelled", "precision_n", "false_positives", "recall_n"]
    out[counts] = out[counts].fillna(0).astype("int64")
    return out


def design_weights(labels: pd.DataFrame, population: pd.DataFrame, finding: str) -> tuple[pd.DataFrame, np.ndarray]:
    """The labels given for ``finding`` (rows of messages in ``population``, blank labels left out) and each
    one's weight: its stratum's size over the labels given in that stratum, so a stratum's weights add up to
    its size. Strata and sizes come from the file's ``stratum`` and ``stratum_size`` where it records them,
    else from direction x period in ``population``."""
    recorded = all(c in labels for c in DESIGN_COLUMNS) and labels["stratum"].notna().all() \
        and labels["stratum"].astype(str).str.len().gt(0).all()
    columns = ["message_id", finding, *(DESIGN_COLUMNS if recorded else [])]
    judged = labels.loc[labels[finding].notna(), columns].merge(
        population[["message_id", "direction", "period"]], on="message_id", how="inner")
    if recorded:
        key, size = ["stratum"], judged["stratum_size"].astype(float).to_numpy()
    else:
        key = ["direction", "period"]
        size = judged.join(population.groupby(key).size().rename("N"), on=key)["N"].to_numpy(float)
    n = judged.groupby(key)[finding].transform("size").to_numpy(float)
    return judged.reset_index(drop=True), size / n


def found_ids(rows: pd.DataFrame, by: str, *, names: Iterable[str] = ()) -> dict[str, set[str]]:
    """The message ids each finding counted, from a table of its rows (``by``: the finding's column); every
    name in ``names`` is present, empty if it found nothing."""
    found = {name: set() for name in names}
    for name, ids in rows.groupby(by, sort=False)["message_id"]:
        found[str(name)] = set(ids.astype(str))
    return found


# --- Phrases -----------------------------------------------------------------------------------------

def _ci(low: float, high: float) -> str:
    return f"95% CI {low:.2f}–{high:.2f}"


def figure_phrase(figures: Mapping | None, measure: str, *, labelled: str = "hand-labelled") -> str:
    """'estimated recall 0.83, 95% CI 0.61–0.94, from 42 hand-labelled positives', or why it is not stated."""
    n = 0 if figures is None else int(figures.get(f"{measure}_n", 0) or 0)
    basis = "positives" if measure == "recall" else "counted messages"
    if figures is None or not int(figures.get("labelled", 0) or 0):
        return f"{measure} not yet measured: none labelled for it"
    if n < MIN_LABELS:
        return f"{measure} not yet measured: {n} labelled {basis}" + (f", {MIN_LABELS} needed" if n else "")
    interval = _ci(figures[f"{measure}_low"], figures[f"{measure}_high"])
    return f"estimated {measure} {figures[measure]:.2f}, {interval}, from {n} {basis} {labelled}"


def count_phrase(count: int, unit: str, figures: Mapping | None, *, labelled: str = "hand-labelled") -> str:
    """A count with its uncertainty: "at least 12 messages (estimated recall 0.83, 95% CI 0.61–0.94, from 42
    positives hand-labelled)".

    "At least" only while no labelled message the finder counted is labelled 0; otherwise the count holds
    some that are not cases, and the phrase gives the measured precision (or, with too few labels for it,
    how many of the labelled ones were wrong).
    """
    noun = unit if count != 1 else unit.rstrip("s")
    if unit != "messages":  # labels say which messages are cases; a count of people is not measured by them
        return f"{count:,} {noun} (recall not measured: the review labels messages, not {unit})"
    recall = figure_phrase(figures, "recall", labelled=labelled)
    if count == 0:
        return f"no {unit} found ({recall})"
    wrong = 0 if figures is None else int(figures.get("false_positives", 0) or 0)
    if not wrong:
        return f"at least {count:,} {noun} ({recall})"
    if int(figures.get("precision_n", 0) or 0) >= MIN_LABELS:
        return f"{count:,} {noun} ({figure_phrase(figures, 'precision', labelled=labelled)}; {recall})"
    return f"{count:,} {noun}, {wrong} of the {int(figures['precision_n'])} labelled not cases ({recall})"


def labelled_by(labels: pd.DataFrame | None, finding: str | None = None) -> str:
    """How the labels were made, for the phrases: "labelled from the answer key" (a generated release's truth),
    "hand-labelled", or "labelled from the answer key and by hand". With ``finding``, the labels given for that
    finding (``label_sources`` reads each row's ``labeller``); without, every label in the file."""
    if labels is None or not len(labels):
        return "hand-labelled"
    known = set(LEAD_COLUMNS) | set(TAIL_COLUMNS)
    findings = [finding] if finding is not None else [c for c in labels.columns if c not in known]
    sources = set()
    for labeller, row in zip(labels["labeller"], labels[findings].itertuples(index=False)):
        given = [f for f, value in zip(findings, row) if not pd.isna(value) and str(value) != ""]
        sources |= {source == ANSWER_KEY for source in label_sources(labeller, given).values()}
    if sources == {True}:
        return "labelled from the answer key"
    return "labelled from the answer key and by hand" if sources == {True, False} else "hand-labelled"


def figures_table(figures: pd.DataFrame, labels: pd.DataFrame | None = None) -> pd.DataFrame:
    """The figures for reading beside the counts: each estimate with its interval and the labels behind it."""
    labelled = [labelled_by(labels, f) if labels is not None and f in labels and n else "none"
                for f, n in zip(figures["finding"], figures["labelled"])]

    def cell(row, measure):
        if row[f"{measure}_n"] < MIN_LABELS:
            return f"not measured ({int(row[f'{measure}_n'])})"
        interval = f"{row[f'{measure}_low']:.2f}–{row[f'{measure}_high']:.2f}"
        return f"{row[measure]:.2f} ({interval}; n={row[f'{measure}_n']})"

    return pd.DataFrame({
        "finding": figures["finding"], "found": figures["found"],
        "precision (95% CI; n)": [cell(r, "precision") for _, r in figures.iterrows()],
        "recall (95% CI; n)": [cell(r, "recall") for _, r in figures.iterrows()],
        "labelled": figures["labelled"], "share of release": figures["sample_share"].map(lambda s: f"{s:.0%}"),
        "labels": labelled, "weighting": figures["weighting"],
    })


# --- A release's review ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Review:
    """A release's review figures (one row per finding) and the labels behind them, ready to phrase."""

    figures: pd.DataFrame
    labels: pd.DataFrame | None
    source: str  # the labels file as a reader should see it, or why there is none
    messages: int  # unique messages in the release

    def row(self, finding: str) -> Mapping | None:
        rows = self.figures[self.figures["finding"] == finding]
        return None if rows.empty else rows.iloc[0].to_dict()

    def count(self, finding: str, count: int, unit: str = "messages") -> str:
        """``count_phrase`` for one finding's count."""
        known = self.labels is not None and finding in self.labels
        return count_phrase(count, unit, self.row(finding),
                            labelled=labelled_by(self.labels, finding) if known else "hand-labelled")

    def table(self) -> pd.DataFrame:
        """``figures_table``: each finding's precision and recall with intervals and the labels behind them."""
        return figures_table(self.figures, self.labels)

    def summary(self) -> str:
        """One line: how many messages were labelled, how, and from which file."""
        if self.labels is None:
            return f"No review labels ({self.source}): no count's recall or precision is measured yet."
        share = len(self.labels) / max(self.messages, 1)
        flagged = (self.labels["stratum"].astype(str).str.endswith(f" · {FLAGGED}").sum()
                   if "stratum" in self.labels else 0)
        oversampled = (f"; {flagged:,} of them in strata of flagged messages, sampled at a higher rate and "
                       "weighted back to the release" if flagged else "")
        return (f"Review labels: {len(self.labels):,} messages ({share:.0%} of the release's unique messages), "
                f"{labelled_by(self.labels)}, from {self.source}{oversampled}.")


def review(found_ids_by_finding: Mapping[str, Iterable[str]], population: pd.DataFrame,
           labels_path: str | Path, *, findings: Iterable[str] | None = None, shown: str | None = None) -> Review:
    """Figures for each finding from a release's labels file (checked by ``load_labels``); none yet when the
    release has no labels file."""
    labels_path = Path(labels_path)
    shown = shown or str(labels_path)
    labels = None
    if labels_path.exists():
        labels = load_labels(labels_path, findings=findings, message_ids=population["message_id"])
    else:
        shown = f"{shown} not found"
    figures = review_figures(found_ids_by_finding, labels if labels is not None else
                             pd.DataFrame({"message_id": pd.Series(dtype=str)}), population)
    return Review(figures, labels, shown, len(population))
