"""Tests of lib.evidence.review: the stratified review sample, the labels file, precision and recall with Wilson
intervals, the phrases that state a count with its uncertainty, and the sample's labels against its answer key."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.__main__ import main
from lib.core.cite import where
from lib.core.paths import SAMPLE_RAW
from lib.core.schema import coerce_messages
from lib.evidence import QUERIES
from lib.evidence import review as rv
from lib.language import load_lexicon

BPD, ICE = "jane.roe@pd.boston.gov", "sam.doe@ice.dhs.gov"
BPD2 = "mark.moe@pd.boston.gov"
FINDINGS = ["release_alerts", "hunting"]
SAMPLE_TRUTH = "tests/data/sample_truth.json"
BY_HAND = "tests/data/sample_review_by_hand.csv"
#: (sender, recipient, year, how many): three directions in two date windows, of different sizes.
STRATA = [(BPD, ICE, 2017, 40), (ICE, BPD, 2017, 30), (BPD, BPD2, 2017, 8),
          (BPD, ICE, 2019, 20), (ICE, BPD, 2019, 12), (BPD, BPD2, 2019, 3)]


def _messages() -> pd.DataFrame:
    rows = []
    for sender, to, year, count in STRATA:
        for i in range(count):
            page = len(rows) + 1
            rows.append({"message_id": f"m{page:04d}", "source_file": "prod.pdf", "page_start": page,
                         "page_end": page, "bates_start": f"BPD-{page:06d}", "bates_end": f"BPD-{page:06d}",
                         "sent_at": pd.Timestamp(f"{year}-03-01 10:00", tz="America/New_York") + pd.Timedelta(days=i),
                         "sender": sender, "sender_name": None, "to": [to], "cc": [], "subject": f"Note {page}",
                         "body": "text", "quoted": "", "redactions": 0, "attachments": [], "reconstructed": False})
    return coerce_messages(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def messages() -> pd.DataFrame:
    return _messages()


@pytest.fixture(scope="module")
def population(messages) -> pd.DataFrame:
    return rv.population(messages)


# --- The sample --------------------------------------------------------------------------------------

def test_population_has_the_three_directions_and_the_release_periods(population):
    sizes = population.groupby(["direction", "period"]).size()
    expected = {}
    for sender, to, year, count in STRATA:
        side = {BPD: "police", BPD2: "police", ICE: "ice"}
        direction = f"{side[sender]}->{side[to]}" if side[sender] != side[to] else "other"
        expected[direction, year] = count
    assert {(d, int(p[:4])): n for (d, p), n in sizes.items()} == expected


def test_review_sample_is_seeded_stratified_and_a_labelling_form(messages, population):
    sample = rv.review_sample(messages, seed=7, size=40, findings=FINDINGS)
    assert sample.equals(rv.review_sample(messages, seed=7, size=40, findings=FINDINGS))
    assert set(sample["message_id"]) != set(rv.review_sample(messages, seed=8, size=40,
                                                              findings=FINDINGS)["message_id"])
    assert len(sample) == 40 and sample["message_id"].is_unique
    assert list(sample.columns) == [*rv.LEAD_COLUMNS, *FINDINGS, *rv.TAIL_COLUMNS]
    assert (sample[[*FINDINGS, "labeller", "notes"]] == "").all().all()
    assert (sample["version"] == rv.LABELS_VERSION).all()
    taken = sample.groupby(["direction", "period"]).size()
    sizes = population.groupby(["direction", "period"]).size()
    assert set(taken.index) == set(sizes.index)  # every stratum is in the sample
    assert all(taken[key] >= min(sizes[key], rv.MIN_LABELS) for key in sizes.index)
    # Cited by the project's one rule: the message's first page and its Bates number.
    by_id = messages.set_index("message_id")
    assert list(sample["where"]) == [where("prod.pdf", by_id.at[m, "page_start"], by_id.at[m, "bates_start"])
                                     for m in sample["message_id"]]


@given(sizes=st.lists(st.integers(1, 200), min_size=1, max_size=8), size=st.integers(1, 400),
       minimum=st.integers(0, 10))
def test_allocation_fills_the_size_with_a_floor_per_stratum(sizes, size, minimum):
    strata = {f"s{i}": n for i, n in enumerate(sizes)}
    take = rv.allocation(strata, size, minimum)
    floor = sum(min(n, minimum) for n in sizes)
    assert sum(take.values()) == max(min(size, sum(sizes)), floor)
    assert all(min(n, minimum) <= take[k] <= n for k, n in strata.items())


# --- Wilson intervals --------------------------------------------------------------------------------

#: Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17,
#: Table I, method 3 (score interval without continuity correction): successes, n, lower, upper.
NEWCOMBE = [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)]


@pytest.mark.parametrize("k, n, low, high", NEWCOMBE)
def test_wilson_matches_published_values(k, n, low, high):
    assert rv.wilson(k, n) == pytest.approx((low, high), abs=5e-5)


@pytest.mark.parametrize("k, n", [(3, 10), (17, 40), (1, 6)])
def test_wilson_bounds_are_where_the_score_test_reaches_z(k, n):
    """The interval inverts the score test: at each bound p, |k/n - p| / sqrt(p (1 - p) / n) is z."""
    for bound in rv.wilson(k, n):
        assert abs(k / n - bound) / math.sqrt(bound * (1 - bound) / n) == pytest.approx(rv.Z95)


@given(n=st.floats(0.5, 5000), share=st.floats(0, 1))
def test_wilson_interval_holds_the_estimate_and_stays_in_0_1(n, share):
    low, high = rv.wilson(share * n, n)
    assert 0.0 <= low <= share + 1e-12 and share - 1e-12 <= high <= 1.0


# --- Figures from labels -----------------------------------------------------------------------------

def _labels(rows: dict[str, dict[str, int | None]], labeller: str = "jr") -> pd.DataFrame:
    table = pd.DataFrame([{"message_id": m, **values} for m, values in rows.items()])
    for column in FINDINGS:
        table[column] = pd.array(table[column] if column in table else [None] * len(table), dtype="Int64")
    return table.assign(labeller=labeller)


def test_figures_are_computed_from_the_labels_and_follow_a_changed_label(population):
    ids = list(population.loc[population["direction"] == "police->ice", "message_id"])[:12]
    found = {"release_alerts": set(ids[:7]) | {"m9999"}, "hunting": set()}
    labels = {m: {"release_alerts": int(i < 5 or i >= 9)} for i, m in enumerate(ids)}  # 5 right, 2 wrong, 3 missed

    def expected(table):
        counted = table["message_id"].isin(found["release_alerts"])
        positive = table["release_alerts"] == 1
        return (positive & counted).sum() / counted.sum(), (positive & counted).sum() / positive.sum()

    for flip in (None, ids[5]):  # ids[5] is counted and labelled 0: labelled 1 it is a true positive
        rows = {m: {"release_alerts": 1 if m == flip else v["release_alerts"]} for m, v in labels.items()}
        table = _labels(rows)
        figures = rv.review_figures(found, table, population).set_index("finding")
        precision, recall = expected(table)
        row = figures.loc["release_alerts"]
        assert (row["precision"], row["recall"]) == pytest.approx((precision, recall))
        assert row["found"] == 7  # an id not in the release is not counted
        assert row["precision_n"] == table["message_id"].isin(found["release_alerts"]).sum()
        assert row["recall_n"] == (table["release_alerts"] == 1).sum()
        assert (row["precision_low"], row["precision_high"]) == pytest.approx(
            rv.wilson(precision * row["precision_n"], row["precision_n"]))
        assert row["sample_share"] == pytest.approx(len(ids) / len(population))
        assert figures.loc["hunting", "labelled"] == 0
        if flip is None:
            before = row["precision"]
    assert row["precision"] > before


def test_strata_sampled_at_different_rates_are_weighted_to_the_population(population):
    """Police->ice 2017 (40 messages) labelled 4, police->ice 2019 (20) labelled 10: each label stands for N/n."""
    strata = population[population["direction"] == "police->ice"].groupby("period")["message_id"].apply(list)
    first, second = strata.iloc[0][:4], strata.iloc[1][:10]
    N = strata.map(len)
    labels = {m: {"release_alerts": 1} for m in first + second}
    found = {"release_alerts": set(first[:1]) | set(second)}  # recall 1/4 in one stratum, 10/10 in the other
    figures = rv.review_figures(found, _labels(labels), population).set_index("finding").loc["release_alerts"]
    w1, w2 = N.iloc[0] / len(first), N.iloc[1] / len(second)
    assert figures["recall"] == pytest.approx((w1 * 1 + w2 * 10) / (w1 * 4 + w2 * 10))
    assert figures["weighting"] == "weighted"
    n_eff = (4 * w1 + 10 * w2) ** 2 / (4 * w1 ** 2 + 10 * w2 ** 2)
    assert (figures["recall_low"], figures["recall_high"]) == pytest.approx(rv.wilson(figures["recall"] * n_eff, n_eff))
    # Sampled at one rate, the weights are equal and the figures plain shares.
    even = {m: {"release_alerts": 1} for m in strata.iloc[0][:8] + strata.iloc[1][:4]}
    plain = rv.review_figures({"release_alerts": set(strata.iloc[0][:2])}, _labels(even), population)
    assert plain["weighting"].iloc[0] == "proportional" and plain["recall"].iloc[0] == pytest.approx(2 / 12)


@given(data=st.data())
def test_figures_intervals_hold_their_estimates_for_any_labels(population, data):
    ids = list(population["message_id"])
    labelled = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=60, unique=True))
    values = data.draw(st.lists(st.sampled_from([0, 1, None]), min_size=len(labelled), max_size=len(labelled)))
    found = set(data.draw(st.lists(st.sampled_from(ids), max_size=60)))
    figures = rv.review_figures({"release_alerts": found}, _labels(
        {m: {"release_alerts": v} for m, v in zip(labelled, values)}), population).iloc[0]
    for measure in ("precision", "recall"):
        if figures[f"{measure}_n"]:
            low, point, high = (figures[f"{measure}_low"], figures[measure], figures[f"{measure}_high"])
            assert 0.0 <= low <= point + 1e-12 and point - 1e-12 <= high <= 1.0
        else:
            assert math.isnan(figures[measure])


def test_without_a_labels_file_every_count_says_its_recall_is_not_measured(tmp_path, population):
    found = {"release_alerts": set(population["message_id"][:3])}
    review = rv.review(found, population, tmp_path / rv.LABELS_FILE, findings=FINDINGS)
    assert review.labels is None and "not found" in review.summary()
    assert review.count("release_alerts", 3) == (
        "at least 3 messages (recall not yet measured: none labelled for it)")


# --- The labels file ---------------------------------------------------------------------------------

def _write_form(tmp_path, messages, edit=None):
    form = rv.review_sample(messages, seed=1, size=12, findings=FINDINGS, minimum=1)
    assert len(form) == 12
    form["stratum_size"] = form["stratum_size"].astype(str)  # as a labeller's CSV holds it
    form["release_alerts"] = ["1", "0", ""] * 4
    form["labeller"] = "jr"
    if edit:
        edit(form)
    path = tmp_path / "review_labels.csv"
    form.to_csv(path, index=False)
    return path, form


def test_a_good_labels_file_reads_as_nullable_zero_one(tmp_path, messages, population):
    path, form = _write_form(tmp_path, messages)
    labels = rv.load_labels(path, findings=FINDINGS, message_ids=population["message_id"])
    assert str(labels["release_alerts"].dtype) == "Int64"
    assert labels["release_alerts"].isna().sum() == (form["release_alerts"] == "").sum()
    assert labels["hunting"].isna().all()


@pytest.mark.parametrize("edit, row, reason", [
    (lambda f: f.__setitem__("message_id", ["m-none", *f["message_id"][1:]]), 2, "unknown message_id"),
    (lambda f: f.loc.__setitem__((3, "release_alerts"), "yes"), 5, "value is not 0, 1 or blank"),
    (lambda f: f.loc.__setitem__((4, "version"), "review-labels/0"), 6, "version is not"),
    (lambda f: f.loc.__setitem__((5, "message_id"), f.at[0, "message_id"]), 7, "labelled twice"),
])
def test_bad_labels_name_the_file_row_and_reason(tmp_path, messages, population, edit, row, reason):
    path, _ = _write_form(tmp_path, messages, edit)
    with pytest.raises(rv.LabelsError) as error:
        rv.load_labels(path, findings=FINDINGS, message_ids=population["message_id"])
    line = next(line for line in str(error.value).splitlines() if reason in line)
    assert str(path) in line and f"row {row}:" in line


def test_an_unknown_finding_column_is_named(tmp_path, messages, population):
    path, _ = _write_form(tmp_path, messages, lambda f: f.insert(10, "huntin", ""))
    with pytest.raises(rv.LabelsError, match=r"review_labels.csv: column 'huntin': unknown finding"):
        rv.load_labels(path, findings=FINDINGS, message_ids=population["message_id"])


# --- Phrases -----------------------------------------------------------------------------------------

def test_a_count_is_stated_with_its_measured_recall(population):
    ids = list(population["message_id"])[:30]
    labels = _labels({m: {"release_alerts": int(i % 3 != 0)} for i, m in enumerate(ids)})
    found = {"release_alerts": {m for i, m in enumerate(ids) if i % 3 == 1}}
    row = rv.review_figures(found, labels, population).iloc[0]
    phrase = rv.count_phrase(len(found["release_alerts"]), "messages", row)
    assert phrase == (f"at least {len(found['release_alerts'])} messages (estimated recall {row['recall']:.2f}, "
                      f"95% CI {row['recall_low']:.2f}–{row['recall_high']:.2f}, from {row['recall_n']} positives "
                      "hand-labelled)")


def test_too_few_labels_say_so_and_a_false_positive_drops_at_least(population):
    ids = list(population["message_id"])[:10]
    none_positive = rv.review_figures({"release_alerts": set(ids[:2])},
                                      _labels({m: {"release_alerts": 0} for m in ids}), population).iloc[0]
    assert rv.count_phrase(2, "messages", none_positive) == (
        "2 messages, 2 of the 2 labelled not cases (recall not yet measured: 0 labelled positives)")
    assert rv.count_phrase(3, "messages", None) == (
        "at least 3 messages (recall not yet measured: none labelled for it)")
    assert rv.count_phrase(0, "messages", None).startswith("no messages found")
    assert rv.count_phrase(4, "people", none_positive) == (
        "4 people (recall not measured: the review labels messages, not people)")
    wrong = rv.review_figures({"release_alerts": set(ids)}, _labels(
        {m: {"release_alerts": int(i > 1)} for i, m in enumerate(ids)}), population).iloc[0]
    assert rv.count_phrase(10, "messages", wrong).startswith(
        f"10 messages (estimated precision {wrong['precision']:.2f}, 95% CI {wrong['precision_low']:.2f}–")


# --- The sample release's labels ---------------------------------------------------------------------

def test_shipped_sample_labels_are_what_the_documented_commands_write(tmp_path, sample_processed):
    """`python -m lib review sample --answer-key ... --by-hand ...` at the seed and size the README gives, then
    `review extend` of the flagged messages, rewrite the file. The extension is redone here from the flagged
    strata the file records (every flagged message is in it: rate 1), not by running the finders again, so a
    finder that changes later does not change what this checks."""
    from lib.__main__ import _fill_from_answer_key, _merge_by_hand

    shipped = SAMPLE_RAW / rv.LABELS_FILE
    out = tmp_path / rv.LABELS_FILE
    assert main(["review", "sample", "--processed", str(sample_processed), "--out", str(out), "--seed", "2019",
                 "--size", "200", "--answer-key", SAMPLE_TRUTH, "--by-hand", BY_HAND]) == 0
    assert main(["review", "sample", "--processed", str(sample_processed), "--out", str(out)]) == 2  # kept
    findings = [*QUERIES, *load_lexicon().categories]
    messages = pd.read_parquet(sample_processed / "messages.parquet", columns=rv.MESSAGE_COLUMNS)
    pages = pd.read_parquet(sample_processed / "pages.parquet", columns=["source_file", "page", "bates"])
    table = pd.read_csv(shipped, dtype=str, keep_default_na=False)
    flagged = set(table.loc[table["stratum"].str.endswith(f" · {rv.FLAGGED}"), "message_id"])
    extended = rv.extend_sample(pd.read_csv(out, dtype=str, keep_default_na=False), rv.population(messages, pages),
                                flagged, rate=1.0, seed=2020, findings=findings)
    new = ~extended["message_id"].isin(pd.read_csv(out, dtype=str)["message_id"])
    extended.loc[new] = _fill_from_answer_key(extended.loc[new], messages, SAMPLE_TRUTH, findings)
    extended.loc[new] = _merge_by_hand(extended.loc[new], BY_HAND)
    extended.to_csv(out, index=False)
    assert out.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")

    labels = rv.load_labels(shipped, findings=findings, message_ids=messages["message_id"])
    assert labels["labeller"].str.startswith(rv.ANSWER_KEY).all()
    # The answer key rules on the release-time, hold, detainer, records and language findings it planted ...
    for finding in ("release_alerts", "holds_for_pickup", "passes_records_to_ice", "hunting"):
        assert labels[finding].notna().sum() > 0 and (labels[finding] == 1).sum() > 0
    # ... and the findings it does not rule on were read by hand, for every message.
    for finding in ("familiarity", "urgency", "jokes", "celebration"):
        assert labels[finding].notna().all(), finding
        assert rv.labelled_by(labels, finding) == "hand-labelled"
    assert rv.labelled_by(labels, "hunting") == "labelled from the answer key"
    assert rv.labelled_by(labels, "checks_for_ice") == "labelled from the answer key and by hand"
    # Every flagged message of the release is labelled: each flagged stratum is whole.
    sizes = labels.groupby("stratum")["stratum_size"].agg(["first", "size"])
    whole = sizes[sizes.index.str.endswith(f" · {rv.FLAGGED}")]
    assert len(whole) and (whole["first"] == whole["size"]).all()
    assert sizes["first"].sum() == len(rv.population(messages, pages))


def test_shipped_labels_measure_the_rare_findings_and_follow_a_changed_label(sample_processed):
    """With the flagged strata, the database-check and hunting counts have enough labels for an interval; the
    figures are weighted, and computed: flipping one label moves them."""
    from lib.__main__ import finder_ids

    names = ["checks_for_ice", "hunting"]
    found = finder_ids(sample_processed, names)
    messages = pd.read_parquet(sample_processed / "messages.parquet", columns=rv.MESSAGE_COLUMNS)
    people = rv.population(messages)
    labels = rv.load_labels(SAMPLE_RAW / rv.LABELS_FILE, findings=[*QUERIES, *load_lexicon().categories])
    figures = rv.review_figures(found, labels, people).set_index("finding")
    for name in names:
        assert figures.at[name, "recall_n"] >= rv.MIN_LABELS and figures.at[name, "precision_n"] >= rv.MIN_LABELS
        assert figures.at[name, "weighting"] == "weighted"
    counted = labels.index[labels["message_id"].isin(found["hunting"]) & labels["hunting"].eq(1)][0]
    flipped = labels.copy()
    flipped.loc[counted, "hunting"] = 0
    after = rv.review_figures(found, flipped, people).set_index("finding")
    assert after.at["hunting", "precision"] < figures.at["hunting", "precision"]
    assert after.at["hunting", "false_positives"] == figures.at["hunting", "false_positives"] + 1


@pytest.mark.parametrize("stem", ["04_language", "06_statements_vs_records"])
def test_front_page_findings_state_every_count_with_its_recall(project_root, stem):
    """The site's front page shows these notebooks' findings: each count carries its recall, measured or not."""
    import nbformat

    from lib.publish.site import findings_of

    findings = findings_of(nbformat.read(project_root / "notebooks" / f"{stem}.ipynb", as_version=4))
    assert findings
    for finding in findings:
        counts = re.findall(r"(?:at least [\d,]+|[\d,]+|no) (?:messages?|people|persons?)\b", finding)
        stated = re.findall(r"\((?:estimated recall|recall not (?:yet )?measured|estimated precision)", finding)
        assert counts and len(counts) == len(stated), finding


def test_the_labels_file_is_release_metadata_that_the_ingest_does_not_read(sample_raw):
    from lib.ingest.files import RELEASE_METADATA, release_files

    assert rv.LABELS_FILE.lower() in RELEASE_METADATA
    assert (sample_raw / rv.LABELS_FILE).exists()
    assert rv.LABELS_FILE not in {path.name for path in release_files(sample_raw)}


# --- Labellers, the recorded design, and oversampling ----------------------------------------------------

def test_label_sources_read_who_labelled_each_finding():
    assert rv.label_sources("jr", FINDINGS) == {"release_alerts": "jr", "hunting": "jr"}
    assert rv.label_sources("answer key; read by hand: hunting", FINDINGS) == {
        "release_alerts": "answer key", "hunting": "read by hand"}
    assert rv.label_sources("read by hand: hunting; jr: release_alerts", FINDINGS) == {
        "release_alerts": "jr", "hunting": "read by hand"}


def test_each_finding_says_how_its_labels_were_made(population):
    ids = list(population["message_id"])[:3]
    labels = _labels({ids[0]: {"release_alerts": 1, "hunting": 0}, ids[1]: {"release_alerts": 0, "hunting": 1},
                      ids[2]: {"release_alerts": None, "hunting": 0}})
    labels["labeller"] = ["answer key; read by hand: hunting", "answer key", "read by hand"]
    assert rv.labelled_by(labels, "release_alerts") == "labelled from the answer key"  # the third is blank
    assert rv.labelled_by(labels, "hunting") == "labelled from the answer key and by hand"
    labels["labeller"] = ["jr", "read by hand", "jr"]
    assert rv.labelled_by(labels, "hunting") == "hand-labelled"
    figures = rv.review_figures({"release_alerts": {ids[0]}, "hunting": set()}, labels, population)
    assert rv.figures_table(figures, labels)["labels"].tolist() == ["hand-labelled", "hand-labelled"]


@pytest.mark.parametrize("labeller, reason", [
    ("answer key; jr", "labeller is not"),  # two labellers without a list: which labelled what?
    ("answer key; jr: hunting, hunting", "labeller is not"),
    ("jr: ", "labeller is not"),
    ("answer key; jr: huntin", "not a finding column"),
])
def test_a_labeller_that_cannot_be_read_is_named(tmp_path, messages, population, labeller, reason):
    path, _ = _write_form(tmp_path, messages, lambda f: f.loc.__setitem__((2, "labeller"), labeller))
    with pytest.raises(rv.LabelsError) as error:
        rv.load_labels(path, findings=FINDINGS, message_ids=population["message_id"])
    line = next(line for line in str(error.value).splitlines() if reason in line)
    assert "row 4:" in line


def test_a_form_records_its_strata_and_a_bad_design_is_named(tmp_path, messages, population):
    path, form = _write_form(tmp_path, messages)
    sizes = population.groupby(["direction", "period"]).size()
    assert all(int(r.stratum_size) == sizes[r.direction, r.period] and r.stratum == f"{r.direction} · {r.period}"
               for r in form.itertuples())
    for edit, reason in [(lambda f: f.loc.__setitem__((0, "stratum_size"), "x"), "not a whole number"),
                         (lambda f: f.loc.__setitem__((0, "stratum_size"), str(int(f.at[0, "stratum_size"]) + 1)),
                          "has sizes"),
                         (lambda f: f.__setitem__("stratum_size", "1"), "rows but stratum_size 1")]:
        path, _ = _write_form(tmp_path, messages, edit)
        with pytest.raises(rv.LabelsError, match=reason):
            rv.load_labels(path, findings=FINDINGS, message_ids=population["message_id"])


def test_a_version_1_file_still_reads_and_is_weighted_from_the_release(tmp_path, messages, population):
    path, form = _write_form(tmp_path, messages)
    old = form.drop(columns=rv.DESIGN_COLUMNS).assign(version="review-labels/1")
    old.to_csv(path, index=False)
    labels = rv.load_labels(path, findings=FINDINGS, message_ids=population["message_id"])
    found = {"release_alerts": set(form["message_id"][:5])}
    recorded = rv.load_labels(_write_form(tmp_path, messages)[0], findings=FINDINGS)
    assert rv.review_figures(found, labels, population).equals(rv.review_figures(found, recorded, population))
    mixed = pd.concat([form.iloc[:6], old.iloc[6:]])
    mixed.to_csv(path, index=False)
    with pytest.raises(rv.LabelsError, match="more than one version"):
        rv.load_labels(path, findings=FINDINGS)


def test_hand_labels_fill_the_blank_cells_and_name_themselves(messages):
    form = rv.review_sample(messages, seed=1, size=12, findings=FINDINGS, minimum=1)
    form["release_alerts"], form["labeller"], form["notes"] = "1", "answer key", "M1 release_alert"
    by_hand = pd.DataFrame({"message_id": form["message_id"][:2], "hunting": ["0", ""], "notes": ["no metaphor", ""]})
    merged = rv.merge_by_hand(form, by_hand)
    assert merged.at[0, "labeller"] == "answer key; read by hand: hunting"
    assert merged.at[0, "notes"] == f"M1 release_alert{rv.NOTE_SEPARATOR}no metaphor"
    assert merged.at[1, "labeller"] == "answer key" and merged.at[1, "hunting"] == ""
    with pytest.raises(ValueError, match="labelled already"):
        rv.merge_by_hand(form, by_hand.assign(release_alerts="0"))


def _flagged_release(messages, population, share: float, seed: int) -> set[str]:
    rng = __import__("random").Random(seed)
    return {m for m in population["message_id"] if rng.random() < share}


@settings(max_examples=25, deadline=None)
@given(share=st.floats(0.02, 0.6), rate=st.floats(0.05, 1.0), seed=st.integers(0, 2**16))
def test_extend_sample_tops_up_the_flagged_strata(messages, population, share, rate, seed):
    form = rv.review_sample(messages, seed=3, size=30, findings=FINDINGS).astype(str)
    flagged = _flagged_release(messages, population, share, seed)
    out = rv.extend_sample(form, population, flagged, rate=rate, seed=seed, findings=FINDINGS)
    assert out.iloc[:len(form)]["message_id"].tolist() == form["message_id"].tolist()  # kept, in order
    added = out.iloc[len(form):]
    # New rows are flagged, or fill a not-flagged part the first draw left empty.
    unflagged_new = added[~added["message_id"].isin(flagged)]
    assert unflagged_new.groupby("stratum").size().le(1).all()
    assert not unflagged_new["stratum"].isin(out.iloc[:len(form)]["stratum"]).any()
    assert out["message_id"].is_unique
    assert (added[FINDINGS] == "").all().all() and (out["version"] == rv.LABELS_VERSION).all()
    assert out.equals(rv.extend_sample(form, population, flagged, rate=rate, seed=seed, findings=FINDINGS))
    by_id = population.set_index("message_id")
    for stratum, rows in out.groupby("stratum"):
        direction, period, part = stratum.split(" · ")
        cell = by_id[(by_id["direction"] == direction) & (by_id["period"] == period)]
        members = cell.index.isin(list(flagged)) == (part == rv.FLAGGED)
        assert {int(s) for s in rows["stratum_size"]} == {int(members.sum())}
        assert rows["message_id"].map(lambda m: m in flagged).eq(part == rv.FLAGGED).all()
        assert len(rows) >= 1
        if part == rv.FLAGGED:
            assert len(rows) >= min(math.ceil(rate * members.sum() - 1e-9), members.sum())
    # Weights: each stratum's labels stand for all of its messages.
    labelled = out.assign(release_alerts="1", labeller="jr")
    labelled["release_alerts"] = pd.array([1] * len(out), dtype="Int64")
    labelled["stratum_size"] = labelled["stratum_size"].astype(int)
    judged, weight = rv.design_weights(labelled, population, "release_alerts")
    assert weight.sum() == pytest.approx(len(population))
    with pytest.raises(ValueError, match="already split"):
        rv.extend_sample(out, population, flagged, rate=rate, seed=seed, findings=FINDINGS)


def test_extend_sample_draws_each_flagged_message_alike(messages, population):
    """The top-up is a uniform draw from the flagged messages not yet sampled: over many seeds each is drawn
    about equally often (so the stratum's labels are a simple random sample of it)."""
    form = rv.review_sample(messages, seed=3, size=30, findings=FINDINGS).astype(str)
    cell = population[(population["direction"] == "police->ice")]
    flagged = set(cell["message_id"][::4])  # in both periods
    counts = pd.Series(0, index=sorted(flagged - set(form["message_id"])))
    runs = 100
    for seed in range(runs):
        out = rv.extend_sample(form, population, flagged, rate=0.5, seed=seed, findings=FINDINGS)
        counts[list(set(out["message_id"]) & set(counts.index))] += 1
    share = counts / runs
    for period, rows in population[population["message_id"].isin(counts.index)].groupby("period"):
        drawn = share[rows["message_id"]]
        assert drawn.max() - drawn.min() < 0.3, drawn  # each about 0.5 (sd 0.05)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_weighted_totals_are_unbiased_over_every_possible_sample(data):
    """The design in full, on a small release: a first draw of a fixed size in each stratum, then each part
    topped up as ``extend_sample`` does (the flagged part to a share of it, the other part to one label if the
    first draw left it empty), each top-up a uniform draw from the part's messages not yet drawn. Averaged over
    every possible outcome, each equally likely, the weighted count of positives (each part's labels weighted
    by its size over their number) is the release's count: the estimator behind precision and recall has no
    bias."""
    from itertools import combinations, product

    sizes = data.draw(st.lists(st.integers(2, 6), min_size=1, max_size=2), label="stratum sizes")
    share = data.draw(st.sampled_from([0.3, 0.5, 1.0]), label="rate")
    expected, truth = 0.0, 0
    for h, size in enumerate(sizes):
        flags = data.draw(st.lists(st.booleans(), min_size=size, max_size=size), label=f"flagged {h}")
        ys = data.draw(st.lists(st.integers(0, 1), min_size=size, max_size=size), label=f"labels {h}")
        first = data.draw(st.integers(1, size), label=f"first draw {h}")
        truth += sum(ys)
        parts = {part: [i for i in range(size) if flags[i] == part] for part in (True, False)}
        firsts = list(combinations(range(size), first))
        for chosen in firsts:
            options = []
            for part, members in parts.items():
                target = max(math.ceil(share * len(members) - 1e-9) if part else 0, min(1, len(members)))
                pool = [i for i in members if i not in chosen]
                extra = min(max(target - sum(1 for i in chosen if flags[i] == part), 0), len(pool))
                options.append(list(combinations(pool, extra)))
            outcomes = list(product(*options))
            for tops in outcomes:
                sample = set(chosen).union(*tops)
                total = 0.0
                for part, members in parts.items():
                    labelled = [i for i in sample if flags[i] == part]
                    if members:
                        total += len(members) / len(labelled) * sum(ys[i] for i in labelled)
                expected += total / len(firsts) / len(outcomes)
    assert expected == pytest.approx(truth)
