"""The second state's synthetic release (data/raw/sample_tarrant, profile tarrant_sheriff) builds with its profile.

The release names its profile in ``release.json``; ``python -m lib build`` reads that file before any module
reads the profile, so the build runs in a process of its own (this one has imported lib with Boston's). The
checks read the built tables against the profile's own files: the time zone of ``sent_at``, the offence levels,
chapters and violent flags of ``charges.parquet`` against ``offenses.csv``, the mail domains against
``agencies.csv``. The regeneration check compares the committed files with a fresh run of the generator.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import shared_folder

from lib.core.paths import ROOT
from lib.core.profile import load_profile
from lib.sample import generate

pytestmark = pytest.mark.slow

RELEASE = ROOT / "data" / "raw" / "sample_tarrant"
TRUTH = ROOT / "tests" / "data" / "sample_tarrant_truth.json"
PROFILE = "tarrant_sheriff"
SCALE = 0.05


def _offences() -> dict[str, dict]:
    path = load_profile(PROFILE).table("offenses")
    return {row["offense_id"]: row for row in csv.DictReader(path.open(encoding="utf-8"))}


@pytest.fixture(scope="session")
def processed(tmp_path_factory) -> Path:
    def build(folder: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k != "RECORDS_PROFILE"} | {"PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-m", "lib", "build", "--raw", str(RELEASE), "--out", str(folder),
                        "--quiet"], check=True, cwd=ROOT, env=env, capture_output=True, text=True)

    return shared_folder(tmp_path_factory, "sample_tarrant_processed", build)


def test_the_release_names_its_profile():
    assert json.loads((RELEASE / "release.json").read_text())["profile"] == PROFILE
    assert "SYNTHETIC" in (RELEASE / "README.md").read_text(encoding="utf-8")


def test_messages_are_in_the_profile_time_zone(processed):
    messages = pd.read_parquet(processed / "messages.parquet")
    assert str(messages["sent_at"].dt.tz) == load_profile(PROFILE).time_zone.name == "America/Chicago"
    dated = messages["sent_at"].dropna()
    assert len(dated) >= 40
    # Central time: UTC-5 in summer, UTC-6 in winter (Boston's would be -4 and -5).
    offsets = {ts.utcoffset().total_seconds() / 3600 for ts in dated}
    assert offsets <= {-5.0, -6.0} and -5.0 in offsets


def test_senders_write_from_the_profile_domains(processed):
    messages = pd.read_parquet(processed / "messages.parquet")
    domains = set(messages["sender"].dropna().str.split("@").str[1])
    agencies = pd.read_csv(load_profile(PROFILE).table("agencies"), dtype=str, keep_default_na=False)
    sides = {d: row["side"] for _, row in agencies.iterrows() for d in row["email_domains"].split("|") if d}
    assert domains and domains <= set(sides)
    assert {sides[d] for d in domains} == {"police", "ice"}


def test_charges_come_from_the_profile_offence_table(processed):
    charges = pd.read_parquet(processed / "charges.parquet")
    table = _offences()
    assert len(charges) >= 5
    assert set(charges["offense_id"].dropna()) <= set(table)
    for _, row in charges.dropna(subset=["offense_id"]).iterrows():
        offence = table[row["offense_id"]]
        assert (row["chapter"], row["section"]) == (offence["chapter"], offence["section"])
        if offence["level"]:  # a level the table gives is the level found; one that depends on a fact may be unknown
            assert row["level"] == offence["level"], row["text"]
        if offence["violent"]:
            assert bool(row["violent"]) == (offence["violent"] == "true")
    # a Texas citation ("PC 31.03", "Transportation Code 521.021", "Sec. 30.05") is read as one
    assert (charges["basis"] == "statute").any()


def test_the_committed_release_regenerates_byte_for_byte(tmp_path):
    out = tmp_path / "sample_tarrant"
    out.mkdir()
    (out / "claims.yaml").write_bytes((RELEASE / "claims.yaml").read_bytes())  # hand-written, kept as it is
    generate(out, None, scale=SCALE, profile=PROFILE)
    # the README gives the command with the paths it was run with: compare the committed one's
    made = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    committed = {p.relative_to(RELEASE).as_posix() for p in RELEASE.rglob("*") if p.is_file()}
    assert made == committed
    for name in sorted(made - {"README.md", "MANIFEST.sha256"}):
        assert (out / name).read_bytes() == (RELEASE / name).read_bytes(), name


def test_its_public_site_passes_the_leak_gate(processed, tmp_path):
    """Publication reads the release's profile too: its agencies, places and officials are publishable, its private
    people are not (the commands run in processes of their own, as ``make report`` runs them). The page images and
    their OCR check are left to ``make report``: the sample's are tested against its answer key."""
    env = {k: v for k, v in os.environ.items() if k != "RECORDS_PROFILE"} | {"PYTHONPATH": str(ROOT)}
    public, report = tmp_path / "public", tmp_path / "report"
    report.mkdir()
    for command in (["pseudonymise", "--processed", str(processed), "--out", str(public)],
                    ["site", "--report", str(report), "--public", str(public), "--processed", str(processed),
                     "--release", str(RELEASE)]):
        done = subprocess.run([sys.executable, "-m", "lib.publish", *command], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
    site = report / "site"
    assert "Tarrant County Sheriff" in (site / "messages.html").read_text(encoding="utf-8")
    assert len(list((site / "sources").glob("*.html"))) >= 3
