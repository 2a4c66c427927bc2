"""The jurisdiction profile: the loader, `python -m lib profile check` on the Boston profile and on broken copies
of it (each breakage named by file and row), and `python -m lib profile new`."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from lib.__main__ import main
from lib.core.profile import (
    DEFAULT_PROFILE,
    PROFILE_FILE,
    PROFILES,
    active_profile,
    load_profile,
    release_profile_name,
)
from lib.core.profile_check import check_profile, new_profile

BOSTON = PROFILES / DEFAULT_PROFILE


def errors(folder) -> list[str]:
    return [str(p) for p in check_profile(folder) if p.severity == "error"]


@pytest.fixture
def copy(tmp_path) -> Path:
    """A copy of the Boston profile whose events and claims files are found from anywhere."""
    folder = tmp_path / "copy"
    shutil.copytree(BOSTON, folder)
    return folder


def edit_yaml(folder: Path, change) -> None:
    path = folder / PROFILE_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def edit_csv(folder: Path, name: str, find: str, replace: str) -> int:
    """Replace ``find`` on the one line of ``name`` that holds it; return that line's number (header = 1)."""
    path = folder / name
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, line in enumerate(lines) if find in line]
    assert len(hits) == 1, (find, hits)
    lines[hits[0]] = lines[hits[0]].replace(find, replace, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return hits[0] + 1


# --- the Boston profile --------------------------------------------------------------------------------------

def test_boston_profile_passes_the_check():
    assert errors(BOSTON) == []


def test_the_cli_checks_a_profile_by_folder_or_name(capsys):
    assert main(["profile", "check", str(BOSTON)]) == 0
    assert main(["profile", "check", DEFAULT_PROFILE]) == 0
    assert "0 errors" in capsys.readouterr().out


def test_the_default_profile_is_boston_and_holds_what_the_code_used_to():
    profile = active_profile()
    assert profile.name == "boston"
    assert profile.time_zone.name == "America/New_York"
    assert profile.statutes.jurisdiction == "MA"
    assert {(t.amount, t.since, t.until) for t in profile.value_thresholds} == {
        (250, None, dt.date(2018, 4, 13)), (1200, dt.date(2018, 4, 13), None)}
    assert profile.table("offenses") == BOSTON.resolve() / "offenses.csv"
    assert all(path.is_file() for path in profile.files())


def test_code_reads_the_profile():
    from lib.charges import LARCENY_THRESHOLD_CHANGE, SUBSTANCE_CLASS
    from lib.core.directory import AGENCIES_FILE
    from lib.core.schema import TIMEZONE
    from lib.entities.reference import OFFICIALS_CSV

    profile = active_profile()
    assert TIMEZONE == profile.time_zone.name
    assert LARCENY_THRESHOLD_CHANGE == profile.threshold_changes[-1]
    assert SUBSTANCE_CLASS == profile.drug_classes.substances
    assert AGENCIES_FILE == profile.table("agencies") and OFFICIALS_CSV == profile.table("officials")


def test_the_offence_tables_thresholds_are_the_profiles():
    """Every value threshold the offence table grades by is a dated threshold of the profile."""
    from lib.charges import load_offenses

    table = load_offenses()
    amounts = {float(a) for rule in table["level_rule"] for a in re.findall(r"value\s*[<>]=?\s*(\d+)", rule)}
    assert amounts and amounts <= {t.amount for t in active_profile().value_thresholds}


def test_lib_reference_links_point_into_the_profile():
    """lib/publish still reads lib/reference/*.csv; until it reads the profile, those names are links to it."""
    for name, target in (("agencies.csv", "agencies.csv"), ("officials.csv", "officials.csv"),
                         ("places.csv", "places.csv"), ("ma_offenses.csv", "offenses.csv")):
        link = PROFILES.parent / name
        assert link.is_symlink() and link.resolve() == (BOSTON / target).resolve(), name


# --- breakages the check catches -------------------------------------------------------------------------------

def test_a_mail_domain_without_a_side(copy):
    row = edit_csv(copy, "agencies.csv", "BPD,Boston Police Department,agency,police,",
                   "BPD,Boston Police Department,agency,,")
    assert any(f"agencies.csv row {row}: agency BPD has the mail domain" in e and "no side" in e for e in errors(copy))


def test_an_unknown_side(copy):
    row = edit_csv(copy, "agencies.csv", "BPD,Boston Police Department,agency,police,",
                   "BPD,Boston Police Department,agency,cops,")
    assert any(f"agencies.csv row {row}: agency BPD has side 'cops'" in e for e in errors(copy))


def test_a_threshold_without_a_date(copy):
    edit_yaml(copy, lambda data: data["value_thresholds"][0].pop("until"))
    assert any("profile.yaml: value_thresholds[0] ($250) has no date" in e for e in errors(copy))


def test_a_threshold_history_without_a_date(copy):
    path = copy / "offenses.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines) if text.startswith("larceny,"))
    assert "250 before 2018-04-13" in lines[line]
    lines[line] = lines[line].replace("250 before 2018-04-13", "250")
    path.write_text("\n".join(lines), encoding="utf-8")
    assert any(f"offenses.csv row {line + 1}: offence larceny has the threshold_history '250' without a date" in e
               for e in errors(copy))


def test_a_rule_threshold_the_profile_does_not_date(copy):
    edit_yaml(copy, lambda data: data["value_thresholds"][1].update(amount=1000))
    found = errors(copy)
    assert any(re.search(r"offenses\.csv row \d+: offence larceny's level_rule uses a value threshold of \$1,200", e)
               for e in found)


@pytest.mark.parametrize("level,message", [("", "has no level"), ("petty", "has level 'petty'")])
def test_an_offence_without_a_known_level(copy, level, message):
    path = copy / "offenses.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines) if text.startswith("unlicensed_operation,"))
    lines[line] = lines[line].replace(",misdemeanor,", f",{level},", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    assert any(f"offenses.csv row {line + 1}: offence unlicensed_operation {message}" in e for e in errors(copy))


def test_an_official_without_a_source(copy):
    row = edit_csv(copy, "officials.csv", ",https://privacysos.org/blog/boston-police-intel-policy-puts-immigrants-"
                   "dissidents-harms-way/", ",")
    assert any(f"officials.csv row {row}: official Martin Walsh has no source_url" in e for e in errors(copy))


def test_a_missing_column(copy):
    path = copy / "places.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("name,kind,aliases", "name,aliases", 1), encoding="utf-8")
    assert "error: places.csv row 1: the header lacks the column kind" in errors(copy)


def test_a_missing_field_and_a_bad_time_zone(copy):
    edit_yaml(copy, lambda data: data.pop("state"))
    assert "error: profile.yaml: `state` is missing" in errors(copy)
    shutil.rmtree(copy)
    shutil.copytree(BOSTON, copy)
    edit_yaml(copy, lambda data: data["time_zone"].update(name="America/Boston"))
    assert any("time_zone.name 'America/Boston' is not a time zone" in e for e in errors(copy))


def test_an_empty_source(copy):
    edit_yaml(copy, lambda data: data["statutes"].update(source=""))
    assert any("`statutes.source` is empty" in e for e in errors(copy))


def test_a_missing_table(copy):
    (copy / "places.csv").unlink()
    assert any(e.startswith("error: places.csv: the places table named in profile.yaml") for e in errors(copy))


def test_the_cli_fails_on_a_broken_profile(copy, capsys):
    edit_yaml(copy, lambda data: data["value_thresholds"][1].pop("since"))
    assert main(["profile", "check", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "value_thresholds[1] ($1,200) has no date" in out and "1 error" in out


# --- a new profile ------------------------------------------------------------------------------------------

def test_new_writes_a_commented_skeleton_that_the_check_refuses_until_filled(tmp_path):
    folder = tmp_path / "anytown"
    written = new_profile(folder, "anytown")
    assert {p.name for p in written} == {"profile.yaml", "agencies.csv", "officials.csv", "places.csv",
                                         "offenses.csv", "offenses.md"}
    text = (folder / "profile.yaml").read_text(encoding="utf-8")
    assert text.count("#") > 40 and "name: anytown" in text
    found = errors(folder)
    assert "error: profile.yaml: `time_zone.name` is empty: fill it in" in found
    assert "error: offenses.csv: lists no offence: the charges stage needs the state's offence table" in found
    with pytest.raises(FileExistsError):
        new_profile(folder, "anytown")


def test_the_cli_writes_a_new_profile(tmp_path, capsys):
    assert main(["profile", "new", "anytown", "--dir", str(tmp_path / "anytown")]) == 0
    assert (tmp_path / "anytown" / "profile.yaml").exists()
    assert main(["profile", "new", "anytown", "--dir", str(tmp_path / "anytown")]) == 2


# --- choosing a profile ---------------------------------------------------------------------------------------

def test_a_release_names_its_profile_and_another_profile_is_loaded_by_folder(tmp_path, copy, monkeypatch):
    assert release_profile_name(tmp_path) is None
    (tmp_path / "release.json").write_text(json.dumps({"profile": "elsewhere"}), encoding="utf-8")
    assert release_profile_name(tmp_path) == "elsewhere"
    edit_yaml(copy, lambda data: data.update(name="copy"))
    monkeypatch.setenv("RECORDS_PROFILE", str(copy))
    assert active_profile().name == "copy" and active_profile().folder == copy.resolve()
    assert load_profile(DEFAULT_PROFILE).name == "boston"


def test_the_build_refuses_a_release_that_names_another_profile(tmp_path, copy):
    from lib.pipeline.build import BuildError, check_profile

    (tmp_path / "release.json").write_text(json.dumps({"profile": str(copy)}), encoding="utf-8")
    with pytest.raises(BuildError, match="names the profile .* but this process reads 'boston'"):
        check_profile(tmp_path)
    (tmp_path / "release.json").write_text(json.dumps({"profile": "boston"}), encoding="utf-8")
    check_profile(tmp_path)
    (tmp_path / "release.json").write_text(json.dumps({"profile": "nowhere"}), encoding="utf-8")
    with pytest.raises(BuildError, match="no profile 'nowhere'"):
        check_profile(tmp_path)


def test_the_command_line_reads_the_profile_a_release_names(tmp_path, copy, monkeypatch):
    from lib.core.profile import use_release_profile

    monkeypatch.delenv("RECORDS_PROFILE", raising=False)
    use_release_profile(tmp_path)
    assert "RECORDS_PROFILE" not in os.environ
    (tmp_path / "release.json").write_text(json.dumps({"profile": str(copy)}), encoding="utf-8")
    use_release_profile(tmp_path)
    assert active_profile().folder == copy.resolve()
    monkeypatch.setenv("RECORDS_PROFILE", "boston")
    use_release_profile(tmp_path)  # a profile set by hand wins
    assert active_profile().name == "boston"


def test_a_profiles_lexicon_additions_join_the_lexicon(copy, monkeypatch):
    from lib.language.lexicon import load_lexicon

    base = load_lexicon()
    (copy / "lexicon_additions.yaml").write_text(
        'version: "0.1"\ncategories:\n  hunting:\n    patterns:\n      - id: hunting.local_roundup\n'
        '        pattern: [{LOWER: roundup}]\n', encoding="utf-8")
    edit_yaml(copy, lambda data: data["lexicon_additions"].update(file="lexicon_additions.yaml", source="a test"))
    monkeypatch.setenv("RECORDS_PROFILE", str(copy))
    assert errors(copy) == []
    merged = load_lexicon()
    assert merged.version == f"{base.version}+0.1"
    assert len(merged.patterns) == len(base.patterns) + 1
    assert [e.category for e in merged.patterns if e.id == "hunting.local_roundup"] == ["hunting"]
