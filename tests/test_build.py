"""The build: cached per file, verified against the manifest, clear about mistakes."""

import hashlib
import json
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pandas as pd
import pytest
from conftest import shared_folder, write_pdf

from lib.__main__ import main
from lib.pipeline.build import BuildError, build, load_table

EMAIL = ["From: Doe, John <john.doe@ice.dhs.gov>", "Sent: Tuesday, April 11, 2017 4:10 PM",
         "To: Roe, Jane <jane.roe@pd.boston.gov>", "Subject: RE: Report", "", "Thanks!"]


def _release(folder: Path) -> Path:
    raw = folder / "raw"
    raw.mkdir()
    write_pdf(raw / "a.pdf", [EMAIL])
    write_pdf(raw / "b.pdf", [EMAIL[:4] + ["", "Second."]])
    return raw


def _cli_build(folder: Path) -> None:
    """``python -m lib build`` of the two-file release from nothing; what it printed is kept in cli.txt."""
    raw = _release(folder)
    with (folder / "cli.txt").open("w") as printed, redirect_stdout(printed):
        code = main(["build", "--raw", str(raw), "--out", str(folder / "out"), "--quiet"])
    (folder / "cli-exit-code.txt").write_text(str(code))


@pytest.fixture(scope="session")
def built_once(tmp_path_factory) -> Path:
    """The two-file release (raw/) and its tables (out/), built from nothing once per test run by the CLI."""
    return shared_folder(tmp_path_factory, "two-file-release", _cli_build)


@pytest.fixture
def built(built_once, tmp_path) -> tuple[Path, Path]:
    """A copy of that release and its tables for one test to change. Its caches come along, so a build reads
    only the files the test adds or changes, for tests whose checks do not need a build from nothing."""
    shutil.copytree(built_once, tmp_path, dirs_exist_ok=True)
    return tmp_path / "raw", tmp_path / "out"


@pytest.mark.slow
def test_build_writes_tables_and_reuses_unchanged_files(tmp_path, make_pdf):
    raw = _release(tmp_path)
    out = tmp_path / "out"
    first = build(raw, out, progress=False)
    assert (first.read_files, first.reused_files) == (2, 0)
    assert len(load_table(out, "messages")) == 2
    assert json.loads((out / "ingest_report.json").read_text())["totals"]["messages"] == 2

    assembled = (out / "messages.parquet").stat().st_mtime_ns
    second = build(raw, out, progress=False)
    assert (second.read_files, second.reused_files) == (0, 2)
    assert (out / "messages.parquet").stat().st_mtime_ns == assembled  # the tables were not made again

    make_pdf([EMAIL[:4] + ["", "Changed."]], name="raw/b.pdf")
    third = build(raw, out, progress=False)
    assert (third.read_files, third.reused_files) == (1, 1)
    assert "Changed." in load_table(out, "messages").body.tolist()


@pytest.mark.slow
def test_manifest_is_verified(built):
    raw, out = built
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}" for p in sorted(raw.glob("*.pdf"))]
    (raw / "MANIFEST.sha256").write_text("\n".join(lines) + "\n")
    assert build(raw, out, progress=False).report["manifest"]["status"] == "verified"
    (raw / "a.pdf").write_bytes((raw / "a.pdf").read_bytes() + b"\n% tampered")
    report = build(raw, out, progress=False).report["manifest"]
    assert report["status"] == "MISMATCH" and report["mismatches"] == ["a.pdf"]
    with pytest.raises(BuildError, match="manifest MISMATCH"):
        build(raw, out, progress=False, strict=True)


@pytest.mark.slow
def test_tables_made_without_a_failed_file_are_made_again(built):
    raw, out = built
    (raw / "broken.pdf").write_bytes(b"%PDF-1.7 broken")
    build(raw, out, progress=False)
    assembled = (out / "messages.parquet").stat().st_mtime_ns
    again = build(raw, out, progress=False)
    assert again.read_files == 1  # the failed file is read again: it may be readable now
    assert (out / "messages.parquet").stat().st_mtime_ns != assembled


@pytest.mark.slow
def test_strict_build_fails_on_unreadable_files_but_the_default_continues(built):
    raw, out = built
    (raw / "broken.pdf").write_bytes(b"%PDF-1.7 broken")
    assert build(raw, out, progress=False).report["totals"]["files_failed"] == 1
    with pytest.raises(BuildError, match="1 file"):
        build(raw, out, progress=False, strict=True)


@pytest.mark.parametrize("setup, message", [
    (lambda raw: None, "no such folder"),
    (lambda raw: raw.mkdir(), "holds no files"),
])
def test_cli_explains_common_mistakes_without_a_traceback(tmp_path, capsys, setup, message):
    raw = tmp_path / "release"
    setup(raw)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert message in capsys.readouterr().err


def test_load_table_says_to_build_first(tmp_path):
    with pytest.raises(BuildError, match="make build"):
        load_table(tmp_path, "messages")


@pytest.mark.slow
def test_cli_build_prints_a_summary(built_once):
    assert (built_once / "cli-exit-code.txt").read_text() == "0"
    assert "2/2 files read" in (built_once / "cli.txt").read_text()
    assert isinstance(pd.read_parquet(built_once / "out" / "pages.parquet"), pd.DataFrame)


def test_cli_says_how_to_install_a_missing_model(built, capsys, monkeypatch):
    raw, out = built
    monkeypatch.setenv("RECORDS_SPACY_MODEL", "no_such_model_package")
    assert main(["build", "--raw", str(raw), "--out", str(out), "--quiet"]) == 2
    message = capsys.readouterr().err
    assert "no_such_model_package" in message and "pip install" in message


@pytest.mark.slow
def test_parallel_isolated_and_dask_builds_give_the_same_tables(tmp_path, make_pdf):
    raw = _release(tmp_path)
    make_pdf([EMAIL[:4] + ["", "Third."]], name="raw/c.pdf")
    serial = build(raw, tmp_path / "serial", progress=False, workers=1)  # small: built in this process
    others = [build(raw, tmp_path / "pooled", progress=False, workers=2),
              build(raw, tmp_path / "isolated", progress=False, workers=1, isolate=True),
              build(raw, tmp_path / "dask", progress=False, scheduler="local")]
    assert serial.read_files == 3 and all(other.read_files == 3 for other in others)
    for table in ("messages", "pages", "entities", "people", "language_hits", "charges", "subject_severity"):
        expected = load_table(serial.out, table)
        for other in others:
            pd.testing.assert_frame_equal(load_table(other.out, table), expected, obj=f"{other.out.name} {table}")


@pytest.mark.slow
def test_tables_built_with_another_model_are_refused_with_a_clear_message(built):
    import json

    raw, out = built
    build(raw, out, progress=False)
    assert len(load_table(out, "language_hits")) >= 0
    state = out / ".cache" / "stages.json"
    recorded = json.loads(state.read_text())
    state.write_text(json.dumps({**recorded, "model": "en_core_web_trf==3.8.0"}))
    with pytest.raises(BuildError, match="built with the spaCy model en_core_web_trf==3.8.0"):
        load_table(out, "language_hits")
    assert len(load_table(out, "messages")) == 2  # tables without the model are unaffected
