"""Nothing Boston- or Massachusetts-specific creeps back into lib/ outside the jurisdiction profile.

What is local belongs in ``lib/reference/profiles/<name>/`` and is read through ``lib.core.profile``. This test
greps every text file under ``lib/`` for the strings and thresholds of the Boston profile (its city, state,
neighbourhoods, police department, statute style, record system, time zone, value thresholds and the date they
changed).

Left out for now, and why:

- ``lib/reference/profiles/boston/``: the Boston profile itself, where these strings belong.
- ``lib/publish/`` and ``lib/evidence/``: being edited on other branches this round; they still hold Boston
  strings (the site's title and release text, the masker's docket shapes, the evidence queries' words) and read
  ``lib/reference/*.csv`` through links into the profile. Move them to the profile, then drop them from here.
- ``lib/reference/profiles/tarrant_sheriff/sample.yaml``: its ``words`` map the generator's template words, which
  are Boston's, to Tarrant's; naming them is the point.
- symbolic links (``lib/reference/agencies.csv`` and the others point into the Boston profile for lib/publish).

``KNOWN`` lists the files outside those that still hold such strings, with how many lines, and why. The test
fails when a file gains one, and when a known file holds fewer than listed (lower the count, or drop the entry,
so the list stays true).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

LIB = Path(__file__).resolve().parents[1] / "lib"
EXCLUDED = ("publish", "evidence", "reference/profiles/boston")
TEXT_SUFFIXES = {".py", ".csv", ".yaml", ".yml", ".md", ".txt", ".toml", ".json", ".html", ".j2", ".css", ".js"}

#: Boston and Massachusetts, case-insensitive: places, the police department, the statute style, the state's
#: record system, the time zone, and the value thresholds ($250 before 13 April 2018, $1,200 since).
LOCAL = re.compile("|".join((
    r"boston", r"massachusetts", r"\bmass\.\s*gen", r"suffolk", r"dorchester", r"roxbury", r"mattapan",
    r"jamaica plain", r"\bbpd\b", r"m\.\s?g\.\s?l\b", r"\bmgl\b", r"malegislature", r"mass\.gov", r"\bcori\b",
    r"america/new_york", r"2018-04-13", r"13 apr(?:il)?\.? 2018", r"apr(?:il)?\.? 13,? 2018",
    r"\$\s?1,?200\b", r"\$\s?250\b", r"value\s*[<>]=?\s*(?:1200|250)\b",
)), re.I)

#: Files outside the exclusions that still hold local strings: path under lib/ -> (lines, why).
KNOWN = {
    "core/profile.py": (1, "DEFAULT_PROFILE: a release that names no profile is read as Boston's"),
    "reference/claims_evidence.yaml": (18, "the evidence queries' words (RMV, CORI, BPD report names): read by "
                                           "lib/evidence, to move into the profile with it"),
    "reference/evidence_acts.yaml": (4, "the evidence rules' word lists (CORI, bpd): read by lib/evidence"),
    "reference/police_systems.csv": (2, "CORI and the Massachusetts Board of Probation: read by lib/evidence"),
    "reference/terms.csv": (4, "Boston Globe, Boston Herald, ACLU of Massachusetts, Greater Boston Legal "
                               "Services: words the masker keeps, read by lib/publish"),
    "reference/lexicon.yaml": (1, "a pattern's note ('ERO Boston'); the lexicon's additions belong in the profile"),
    "reference/profiles/tarrant_sheriff/sample.yaml": (21, "`words`: the generator's Boston template words mapped to "
                                                           "Tarrant's (and their comments)"),
    # The sample generator: its local facts come from the profile's sample.yaml (lib/sample/jurisdiction.py); what
    # is left is its template prose, written in Boston's words and localised through sample.yaml's `words`, the
    # cast's internal role key "BPD" (written into the answer key, so kept), and the default sample's file names.
    "sample/generator.py": (1, "the role key 'BPD' naming the liaison's agency in the README's setting section"),
    "sample/jurisdiction.py": (1, "the docstring naming the role key 'BPD'"),
    "sample/mou.py": (28, "the MOU template, written for Boston; localised through sample.yaml's `words`"),
    "sample/pdf.py": (1, "BATES_PREFIX, the default sample's Bates prefix, exported for tests"),
    "sample/print_style_blocks.py": (6, "the print-style release (python -m lib sample --print-styles): Boston's only"),
    "sample/print_styles.py": (14, "the print-style release (python -m lib sample --print-styles): Boston's only"),
    "sample/review_key.py": (2, "the role key 'BPD'; RMV/CORI in a docstring"),
    "sample/scanned.py": (1, "SCANNED_FILE, the default sample's scanned volume, named by tests"),
    "sample/signatures.py": (3, "the role key 'BPD'"),
    "sample/storylines.py": (24, "template prose in Boston's words (BPD, CORI, BRIC), localised through sample.yaml"),
    "sample/threads.py": (1, "the role key 'BPD' (quote styles by agency)"),
    "sample/world.py": (4, "the role key 'BPD' and the World's `bpd` field"),
}


def local_lines() -> Counter:
    found: Counter = Counter()
    for path in sorted(LIB.rglob("*")):
        relative = path.relative_to(LIB).as_posix()
        if (path.is_symlink() or not path.is_file() or path.suffix not in TEXT_SUFFIXES
                or "__pycache__" in path.parts or any(relative.startswith(f"{e}/") for e in EXCLUDED)):
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if LOCAL.search(line):
                found[relative] += 1
    return found


def test_no_new_boston_or_massachusetts_strings_in_lib():
    found = local_lines()
    new = {f: n for f, n in found.items() if n > KNOWN.get(f, (0, ""))[0]}
    assert not new, ("Boston/Massachusetts-specific strings outside the jurisdiction profile (put them in "
                     f"lib/reference/profiles/boston/ and read them through lib.core.profile): {new}")


def test_the_list_of_known_local_strings_is_true():
    found = local_lines()
    stale = {f: (found.get(f, 0), n) for f, (n, _) in KNOWN.items() if found.get(f, 0) < n}
    assert not stale, f"files now hold fewer local lines than KNOWN says (found, listed): lower KNOWN: {stale}"


def test_the_pattern_finds_what_it_is_for():
    for text in ("Boston Police", "MASSACHUSETTS", "M.G.L. c. 266", "America/New_York", "over $1,200",
                 "under $250", "value>1200=felony", "13 April 2018", "2018-04-13", "ran his CORI", "BPD"):
        assert LOCAL.search(text), text
    for text in ("Mass transit", "$2,500", "value>1000=felony", "PD-000123", "corridor"):
        assert not LOCAL.search(text), text
