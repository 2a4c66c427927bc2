"""The review loop: a stratified sample of messages to label by hand, the labels file, and what the labels say
about each finder (precision and recall with 95% Wilson intervals), phrased beside the counts.

A *finding* is anything that counts messages: an evidence query (``QUERIES``) or a lexicon category of
notebook 04. The figures take each finder's output (the message ids it counted), so they stay right whatever
the queries or patterns become.

The labels file (``review_labels.csv`` in the release folder, versioned with the release) has one row per
sampled message:

- ``version``      the file's format, ``LABELS_VERSION``
- ``message_id``   the processed message table's id
- ``source_file``, ``page``, ``bates``, ``where``  where to read the message (``lib.core.cite``, first page)
- ``direction``    ``police->ice``, ``ice->police`` or ``other`` (``lib.core.directory.direction``)
- ``period``       the release's date window (``lib.core.periods.period_labels``)
- ``subject``      as printed, to find the message again
- one column per finding: ``1`` the message is a case of it, ``0`` it is not, blank not judged
- ``labeller``     who labelled the row (``answer key`` for labels filled from a generated release's truth)
- ``notes``        why, where a label needs one

A label says what the message holds, read in full, never what a finder found: label before looking at the
counts. A blank is not a 0; every figure says how many labels it rests on.
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
LABELS_VERSION = "review-labels/1"
ANSWER_KEY = "answer key"
STRATA = ("police->ice", "ice->police", "other")
#: Columns of the labels file before the findings, and after them.
LEAD_COLUMNS = ["version", "message_id", "source_file", "page", "bates", "where", "direction", "period", "subject"]
TAIL_COLUMNS = ["labeller", "notes"]
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
    picked = [rows.iloc[np.sort(rng.choice(len(rows), take[key], replace=False))] for key, rows in strata]
    sample = pd.concat(picked).sort_values(["direction", "period", "message_id"]).reset_index(drop=True)
    return labelling_form(sample, findings)


def labelling_form(sample: pd.DataFrame, findings: Iterable[str]) -> pd.DataFrame:
    form = sample.assign(version=LABELS_VERSION)
    for name in findings:
        form[name] = ""
    form["labeller"], form["notes"] = "", ""
    return form[[*LEAD_COLUMNS, *findings, *TAIL_COLUMNS]]


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
    schema = pa.DataFrameSchema({
        "version": pa.Column(str, pa.Check.isin([LABELS_VERSION], error=f"version is not {LABELS_VERSION}")),
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
    if problems:
        raise LabelsError("bad review labels:\n" + "\n".join(problems))
    for column in label_columns:
        table[column] = pd.to_numeric(table[column].replace("", None)).astype("Int64")
    return table


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

    Weighting: each labelled message stands for N/n messages of its stratum (direction x period; N in
    ``population``, n labelled for that finding). The shares are ratios of weighted sums, and each interval
    is the Wilson interval on the Kish effective sample size, (sum w)^2 / sum w^2. When every stratum was
    sampled at the same rate the weights are equal, the figures are plain shares and ``weighting`` says
    "proportional"; otherwise it says "weighted". A stratum with no label for a finding is not represented in
    its figures.
    """
    key = ["direction", "period"]
    sizes = population.groupby(key).size().rename("N")
    known = set(population["message_id"])
    rows = []
    for finding, ids in found_ids_by_finding.items():
        found = set(ids) & known
        row = {"finding": finding, "found": len(found)}
        if finding not in labels:
            rows.append(row | {"labelled": 0, "precision_n": 0, "false_positives": 0, "recall_n": 0,
                               "sample_share": 0.0, "weighting": "no labels"})
            continue
        judged = labels.loc[labels[finding].notna(), ["message_id", finding]].merge(
            population[["message_id", *key]], on="message_id", how="inner")
        n_h = judged.groupby(key).size().rename("n")
        weight = judged.join(sizes, on=key).join(n_h, on=key).eval("N / n").to_numpy(float)
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
    basis = "positives" if measure == "recall" else "messages it counted"
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


def labelled_by(labels: pd.DataFrame | None) -> str:
    """How the labels were made, for the phrases: by hand, or from a generated release's answer key."""
    if labels is not None and len(labels) and labels["labeller"].eq(ANSWER_KEY).all():
        return "labelled from the answer key"
    return "hand-labelled"


def figures_table(figures: pd.DataFrame, labels: pd.DataFrame | None = None) -> pd.DataFrame:
    """The figures for reading beside the counts: each estimate with its interval and the labels behind it."""
    labelled = labelled_by(labels)

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
        return count_phrase(count, unit, self.row(finding), labelled=labelled_by(self.labels))

    def table(self) -> pd.DataFrame:
        """``figures_table``: each finding's precision and recall with intervals and the labels behind them."""
        return figures_table(self.figures, self.labels)

    def summary(self) -> str:
        """One line: how many messages were labelled, how, and from which file."""
        if self.labels is None:
            return f"No review labels ({self.source}): no count's recall or precision is measured yet."
        share = len(self.labels) / max(self.messages, 1)
        return (f"Review labels: {len(self.labels):,} messages ({share:.0%} of the release's unique messages), "
                f"{labelled_by(self.labels)}, from {self.source}.")


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
