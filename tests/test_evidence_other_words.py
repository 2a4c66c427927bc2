"""The evidence queries on police–ICE emails written in other words than the sample's, and on decoys that
use the same words about things (tests/data/police_ice_other_words.yaml): recall per query and decoys
counted, on the dev half (tuned on) and the held-out half (not tuned on). ``pytest -s`` prints the figures."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pytest
import yaml

from lib import evidence
from lib.core.paths import ROOT
from lib.core.schema import coerce_messages

CORPUS = ROOT / "tests" / "data" / "police_ice_other_words.yaml"
BPD, ICE = "jane.roe@pd.boston.gov", "sam.doe@ice.dhs.gov"

#: The queries the corpus labels cases of; decoys must be counted by none of them.
LABELLED_QUERIES = ("holds_for_pickup", "release_alerts", "checks_for_ice", "serves_ice_detainers",
                    "covers_ice_shifts")
#: Decoys must not be counted as police records passed to ICE either.
DECOY_QUERIES = LABELLED_QUERIES + ("passes_records_to_ice",)


def emails(split: str) -> list[dict]:
    with open(CORPUS, encoding="utf-8") as f:
        return [e for e in yaml.safe_load(f)["emails"] if e["split"] == split]


def _message(email: dict) -> dict:
    sender, to = (BPD, ICE) if email["direction"] == "police->ice" else (ICE, BPD)
    return {"message_id": email["id"], "source_file": "prod.pdf", "page_start": 1, "page_end": 1,
            "bates_start": "BPD-000001", "sent_at": pd.Timestamp("2019-03-01 10:00", tz="America/New_York"),
            "sender": sender, "sender_name": None, "to": [to], "cc": [], "subject": "Note", "body": email["text"],
            "quoted": "", "redactions": 0, "attachments": [], "reconstructed": False}


@lru_cache(maxsize=None)
def figures(split: str) -> pd.DataFrame:
    """Per query: cases, cases found, recall, decoys, decoys counted (and which), on one half of the corpus."""
    cases = emails(split)
    recs = evidence.Records({"messages": coerce_messages(pd.DataFrame([_message(e) for e in cases]))})
    decoys = {e["id"] for e in cases if not e["queries"]}
    rows = []
    for name in DECOY_QUERIES:
        found = set(evidence.run_query(name, recs)["message_id"])
        wanted = {e["id"] for e in cases if name in e["queries"]}
        rows.append({"query": name, "cases": len(wanted), "found": len(found & wanted),
                     "recall": len(found & wanted) / len(wanted) if wanted else float("nan"),
                     "decoys": len(decoys), "decoys_counted": len(found & decoys),
                     "missed": " ".join(sorted(wanted - found)), "decoy_ids": " ".join(sorted(found & decoys))})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_each_query_finds_its_cases_in_other_words(split):
    table = figures(split)
    print(f"\n{split}:\n{table.to_string(index=False)}")
    labelled = table[table["query"].isin(LABELLED_QUERIES)]
    assert (labelled["recall"] >= 0.8).all(), labelled[labelled["recall"] < 0.8]


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_no_decoy_is_counted(split):
    table = figures(split)
    assert table["decoys_counted"].sum() == 0, table[table["decoys_counted"] > 0]


def test_acts_are_cited_at_their_offsets():
    cases = emails("dev")
    recs = evidence.Records({"messages": coerce_messages(pd.DataFrame([_message(e) for e in cases]))})
    text = {e["id"]: e["text"] for e in cases}
    rows = pd.concat([evidence.run_query(name, recs) for name in LABELLED_QUERIES])
    acts = rows[rows["cue"].str.startswith("acts.")]
    assert len(acts) > 10
    for row in acts.itertuples():
        assert text[row.message_id][row.start_char:row.end_char] == row.match


def test_set_phrasings_about_things_are_not_counted():
    """The set phrasings are read again in their sentence: a thing held, released or served is no act."""
    texts = {
        "room": "Can you hold the conference room for ICE on Tuesday?",
        "package": "We can hold the package for pickup at the front desk.",
        "software": "The new CAD version is being released at 6 tonight.",
        "lunch": "We serve lunch at the court cafeteria at noon.",
        "held": "Holding DOE, JOHN (A# 012345678) for pickup at B-2.",
        "delay": "Can they hold off 15 min?",
        "release": "Release is set for 3:00 PM today.",
    }
    recs = evidence.Records({"messages": coerce_messages(pd.DataFrame(
        [_message({"id": key, "text": text, "direction": "police->ice"}) for key, text in texts.items()]))})
    counted = {name: set(evidence.run_query(name, recs)["message_id"])
               for name in ("holds_for_pickup", "release_alerts", "serves_ice_detainers")}
    assert counted == {"holds_for_pickup": {"held", "delay"}, "release_alerts": {"held", "release"},
                       "serves_ice_detainers": set()}


def test_a_fork_names_its_own_police_systems(tmp_path):
    """The systems a check is run in are data: another city's system is found once listed."""
    from lib.evidence.acts import DEFAULT_SYSTEMS, ActFinder, load_act_words

    texts = ["Ran her through CLETS this morning. Two priors in Fresno."]
    assert list(ActFinder().find(texts)) == [[]]
    systems = tmp_path / "systems.csv"
    systems.write_text(DEFAULT_SYSTEMS.read_text(encoding="utf-8") + "clets,CLETS,false,California's query network\n",
                       encoding="utf-8")
    [found] = ActFinder(load_act_words(systems=systems)).find(texts)
    assert [(act.category, texts[0][act.start_char:act.end_char]) for act in found] == [
        ("checking", "Ran her through CLETS")]

