"""Charge strings labelled before the classifier saw them: the accuracy bar for real-world text."""

import csv

from lib.charges.statutes import classify
from lib.core.paths import ROOT

BLIND = ROOT / "tests" / "data" / "charge_strings_blind_docket.csv"


def test_statute_level_and_violent_flag_on_blind_charge_strings():
    rows = list(csv.DictReader(line for line in open(BLIND, encoding="utf-8") if not line.startswith("#")))
    right = {"statute": 0, "level": 0, "violent": 0}
    for row in rows:
        charge = classify(row["text"])
        expected_violent = {"True": True, "False": False, "": None}[row["violent"]]
        right["statute"] += (charge.chapter, charge.section) == (row["chapter"], row["section"])
        right["level"] += charge.level == row["level"]
        right["violent"] += charge.violent is expected_violent
    shares = {name: count / len(rows) for name, count in right.items()}
    print({name: f"{share:.1%} of {len(rows)}" for name, share in shares.items()})
    assert all(share >= 0.95 for share in shares.values()), shares
