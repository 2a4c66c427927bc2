"""The notebooks' kit: opening a release, publishing a figure with its data, dates as published."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from lib.core.paths import ROOT
from lib.notebook_kit import day, minute, open_release
from lib.pipeline.build import BuildError


def test_open_release_reads_tables_and_the_report(sample_processed, tmp_path):
    release = open_release(sample_processed.relative_to(ROOT), tmp_path / "figures")
    pages = release.table("pages", columns=["source_file", "page", "bates"])
    assert list(pages.columns) == ["source_file", "page", "bates"] and len(pages) > 0
    assert release.report()["totals"]["pages"] > 0
    assert release.processed == sample_processed


def test_a_missing_table_says_how_to_build_it(tmp_path):
    with pytest.raises(BuildError, match="make build"):
        open_release(tmp_path).table("messages")


def test_publish_writes_the_figure_its_data_and_its_alt_text(tmp_path):
    release = open_release(tmp_path, tmp_path / "figures")
    fig, ax = plt.subplots()
    ax.bar(["a", "b"], [1, 2])
    release.publish(fig, pd.DataFrame({"x": ["a", "b"], "n": [1, 2]}), "bars", caption="Two bars",
                    alt="Bar b is twice bar a.", source="test")
    folder = tmp_path / "figures"
    assert (folder / "bars.png").stat().st_size > 0
    assert pd.read_csv(folder / "bars.csv")["n"].tolist() == [1, 2]
    assert json.loads((folder / "bars.json").read_text())["alt"] == "Bar b is twice bar a."
    with pytest.raises(ValueError, match="figures"):
        open_release(tmp_path).publish(fig, pd.DataFrame(), "x", caption="", alt="", source="")


def test_dates_are_published_in_one_form():
    times = pd.Series(pd.to_datetime(["2019-03-01 14:05", None]).tz_localize("America/New_York"))
    assert day(times).tolist() == ["2019-03-01", ""]
    assert minute(times).tolist() == ["2019-03-01 14:05", ""]
