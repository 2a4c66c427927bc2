"""Tests of lib.language: the lexicon, find, concordance, rates, keyness, sentiment."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import language
from lib.core.periods import period_labels
from lib.core.schema import coerce_messages


def hits_in(text: str, category: str) -> list[tuple[str, str]]:
    """(pattern_id, match) of one category's hits in one text."""
    found = language.find([text], categories=[category])
    return list(zip(found["pattern_id"], found["match"]))


def messages(*rows: dict) -> pd.DataFrame:
    base = {"source_file": "release.pdf", "redactions": 0, "reconstructed": False}
    return coerce_messages(pd.DataFrame([{**base, **row} for row in rows]))


# --- The lexicon ---------------------------------------------------------------

def test_default_lexicon_loads_with_described_categories():
    lex = language.load_lexicon()
    assert lex.version
    assert set(lex.categories) >= {"hunting", "dehumanising", "familiarity", "urgency", "jokes", "celebration"}
    assert all(len(d) > 20 for d in lex.descriptions.values())
    ids = [e.id for e in lex.patterns + lex.exclusions]
    assert len(ids) == len(set(ids))
    assert all(e.id.startswith(e.category + ".") for e in lex.patterns + lex.exclusions)
    # Arguable entries are flagged in the file, e.g. ICE's own term.
    assert lex.entry("dehumanising.criminal_alien").arguable
    assert not lex.entry("dehumanising.illegal_alien").arguable
    table = lex.table()
    assert set(table["kind"]) == {"pattern", "exclusion"}
    assert len(table) == len(ids)


def write_lexicon(tmp_path, body: str):
    path = tmp_path / "lexicon.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_researcher_can_swap_the_lexicon(tmp_path):
    path = write_lexicon(tmp_path, """
        version: "test-1"
        categories:
          paperwork:
            description: Words about forms.
            patterns:
              - id: paperwork.detainer
                pattern: [{LEMMA: detainer}]
            exclusions:
              - id: paperwork.not_lifted
                pattern: [{LEMMA: lift}, {LOWER: the}, {LEMMA: detainer}]
        """)
    lex = language.load_lexicon(path)
    text = "Two detainers attached. They lifted the detainer. Happy hunting."
    found = language.find([text], lex)
    assert list(found["match"]) == ["detainers"]
    assert found.attrs["lexicon_version"] == "test-1"
    # A path works too, and categories of another lexicon are refused.
    assert len(language.find([text], path)) == 1
    with pytest.raises(ValueError, match="unknown categories"):
        language.find([text], lex, categories=["hunting"])


@pytest.mark.parametrize("body, message", [
    ("""
     version: "1"
     categories:
       x:
         description: A bare 'on' that YAML reads as true.
         patterns:
           - id: x.on
             pattern: [{LOWER: on}]
     """, "quote it"),
    ("""
     version: "1"
     categories:
       x:
         description: Two entries with one id.
         patterns:
           - {id: x.a, pattern: [{LOWER: a}]}
           - {id: x.a, pattern: [{LOWER: b}]}
     """, "used twice"),
    ("""
     version: "1"
     categories:
       x:
         description: Not spaCy syntax.
         patterns:
           - {id: x.bad, pattern: [{LOWERCASE: a}]}
     """, "x.bad"),
    ("""
     version: "1"
     categories:
       x:
         description: A misspelt field.
         patterns:
           - {id: x.a, pattern: [{LOWER: a}], arguabel: true}
     """, "unknown field"),
    ("""
     categories:
       x:
         description: No version.
         patterns:
           - {id: x.a, pattern: [{LOWER: a}]}
     """, "version"),
])
def test_malformed_lexicon_is_refused_naming_the_fault(tmp_path, body, message):
    with pytest.raises(language.LexiconError, match=message):
        language.load_lexicon(write_lexicon(tmp_path, body))


# --- Categories: what hits and what does not -----------------------------------

POSITIVES = [
    # hunting, including the inflections that LEMMA patterns bring
    ("hunting", "Detainer attached. Happy hunting!", "hunting.happy_hunting", "Happy hunting"),
    ("hunting", "RE: HAPPY HUNTING", "hunting.happy_hunting", "HAPPY HUNTING"),
    ("hunting", "Good hunting tomorrow.", "hunting.happy_hunting", "Good hunting"),
    ("hunting", "We have been hunting him for months.", "hunting.hunt", "hunting"),
    ("hunting", "The team hunted her down.", "hunting.hunt", "hunted"),
    ("hunting", "We bagged him at the courthouse.", "hunting.bag", "bagged"),
    ("hunting", "They are bagging two more tonight.", "hunting.bag", "bagging"),
    ("hunting", "Bagged and tagged.", "hunting.bag_and_tag", "Bagged and tagged"),
    ("hunting", "ERO nabbed him this morning.", "hunting.nab", "nabbed"),
    ("hunting", "Snagged him outside the house.", "hunting.snag", "Snagged"),
    ("hunting", "Officers scooped up three of them.", "hunting.scoop_up", "scooped up"),
    ("hunting", "We'll scoop him up at release.", "hunting.scoop_up", "scoop him up"),
    ("hunting", "Got him!", "hunting.got_him", "Got him"),
    ("hunting", "We got 'em.", "hunting.got_him", "got 'em"),
    ("hunting", "Finally got our guy.", "hunting.got_our_man", "got our guy"),
    ("hunting", "They caught him at the bus stop.", "hunting.catch", "caught"),
    ("hunting", "No more catch and release.", "hunting.catch_and_release", "catch and release"),
    ("hunting", "We rounded them up at dawn.", "hunting.round_up", "rounded them up"),
    ("hunting", "Reeled him in at the hearing.", "hunting.reel_in", "Reeled him in"),
    ("hunting", "Time to round up the whole crew.", "hunting.round_up", "round up"),
    # dehumanising
    ("dehumanising", "He is an illegal alien.", "dehumanising.illegal_alien", "illegal alien"),
    ("dehumanising", "More Illegal Aliens released.", "dehumanising.illegal_alien", "Illegal Aliens"),
    ("dehumanising", "The illegals were released.", "dehumanising.illegals", "illegals"),
    ("dehumanising", "An illegal immigrant with priors.", "dehumanising.illegal_immigrant", "illegal immigrant"),
    ("dehumanising", "Criminal Aliens in custody.", "dehumanising.criminal_alien", "Criminal Aliens"),
    ("dehumanising", "The alien was arrested.", "dehumanising.alien", "alien"),
    ("dehumanising", "We arrested six alien offenders.", "dehumanising.alien", "alien"),
    ("dehumanising", "Another dirtbag off the street.", "dehumanising.derogatory_slang", "dirtbag"),
    # familiarity
    ("familiarity", "10-4, will do.", "familiarity.ten_four", "10-4"),
    ("familiarity", "Thanks brother.", "familiarity.thanks_brother", "Thanks brother"),
    ("familiarity", "Thank you so much, my friend", "familiarity.thanks_brother", "Thank you so much, my friend"),
    ("familiarity", "Thx bro", "familiarity.thanks_brother", "Thx bro"),
    ("familiarity", "You're the best.", "familiarity.youre_the_best", "You're the best"),
    ("familiarity", "I owe you one.", "familiarity.owe_you_one", "owe you one"),
    ("familiarity", "I owe you a beer for this.", "familiarity.owe_you_a_drink", "owe you a beer"),
    ("familiarity", "Let's grab a beer next week.", "familiarity.drinks", "grab a beer"),
    ("familiarity", "First round is on me.", "familiarity.on_me", "round is on me"),
    ("familiarity", "You are a lifesaver.", "familiarity.you_are_a_star", "You are a lifesaver"),
    ("familiarity", "Appreciate you, brother.", "familiarity.appreciate_you", "Appreciate you,"),
    # urgency
    ("urgency", "Please lodge the detainer ASAP.", "urgency.asap", "ASAP"),
    ("urgency", "URGENT: release at 2pm", "urgency.urgent", "URGENT"),
    ("urgency", "Call me right away.", "urgency.right_away", "right away"),
    ("urgency", "Need this before he's released.", "urgency.before_release", "before he's released"),
    ("urgency", "Get there before he gets released.", "urgency.before_release", "before he gets released"),
    ("urgency", "Lodge it prior to his release.", "urgency.before_release", "prior to his release"),
    ("urgency", "Please try before he posts bail.", "urgency.before_posts_bail", "before he posts bail"),
    ("urgency", "This is time sensitive.", "urgency.time_sensitive", "time sensitive"),
    ("urgency", "Time-sensitive request", "urgency.time_sensitive", "Time-sensitive"),
    ("urgency", "He will be released today.", "urgency.release_soon", "released today"),
    ("urgency", "As soon as possible please.", "urgency.as_soon_as_possible", "As soon as possible"),
    # jokes
    ("jokes", "lol that was fast", "jokes.laughter", "lol"),
    ("jokes", "Hahaha no way", "jokes.laughter", "Hahaha"),
    ("jokes", "LMAO", "jokes.laughter", "LMAO"),
    ("jokes", "See you there :)", "jokes.emoticon", ":)"),
    ("jokes", "Ha ha, good one", "jokes.ha_ha", "Ha ha"),
    ("jokes", "Just kidding, he's fine.", "jokes.just_kidding", "Just kidding"),
    # celebration
    ("celebration", "Nice work today.", "celebration.nice_work", "Nice work"),
    ("celebration", "Great job everyone.", "celebration.nice_work", "Great job"),
    ("celebration", "Good catch on the warrant.", "celebration.nice_work", "Good catch"),
    ("celebration", "Well done.", "celebration.well_done", "Well done"),
    ("celebration", "Congrats to the team.", "celebration.congrats", "Congrats"),
    ("celebration", "Boom! He's in.", "celebration.exclamation", "Boom!"),
    ("celebration", "You did a great job.", "celebration.nice_work", "great job"),
    ("celebration", "One less criminal on the street.", "celebration.one_less", "One less criminal"),
]


@pytest.mark.parametrize("category, text, pattern_id, match", POSITIVES,
                         ids=[f"{p[2]}:{p[1][:30]}" for p in POSITIVES])
def test_category_finds_planted_phrase(category, text, pattern_id, match):
    assert (pattern_id, match) in hits_in(text, category)


NEGATIVES = [
    # literal hunting, bags, catching
    ("hunting", "He has a deer hunting license."),
    ("hunting", "Duck hunting season opens Saturday."),
    ("hunting", "Hunting season starts next week."),
    ("hunting", "She is job hunting in Quincy."),
    ("hunting", "I was hunting for the file all morning."),
    ("hunting", "Officer Hunt will call you."),
    ("hunting", "Meet at Hunt Street."),
    ("hunting", "He carried a bagged lunch."),
    ("hunting", "A bag of clothes was returned."),
    ("hunting", "We bagged the evidence."),
    ("hunting", "Items bagged as evidence."),
    ("hunting", "We hit a snag with the paperwork."),
    ("hunting", "I snagged a parking spot."),
    ("hunting", "I caught a cold."),
    ("hunting", "Caught up on email this morning."),
    ("hunting", "Let's catch up tomorrow."),
    ("hunting", "I'll catch you later."),
    ("hunting", "Caught in traffic, running late."),
    ("hunting", "I caught the error in the date."),
    ("hunting", "I got him the paperwork."),
    ("hunting", "I got her on the phone."),
    ("hunting", "Please round up to the nearest dollar."),
    ("hunting", "He got the scoop from the reporter."),
    # dehumanising
    ("dehumanising", "Alien registration number attached."),
    ("dehumanising", "Call animal control."),
    ("dehumanising", "An immigrant from Haiti with legal status."),
    ("dehumanising", "Illegal parking on Tremont Street."),
    ("dehumanising", "That idea is alien to our training."),
    ("dehumanising", "Deportation Officer\nERO Boston, Criminal Alien Program\nU.S. Immigration and Customs Enforcement"),
    # familiarity
    ("familiarity", "Office hours 10-4 daily."),
    ("familiarity", "Hearing on 10-4-2017 at BMC."),
    ("familiarity", "His brother was present."),
    ("familiarity", "I owe you an answer on that."),
    ("familiarity", "He had a few beers before driving."),
    ("familiarity", "An open container of beer was found."),
    ("familiarity", "Thank you for your assistance."),
    ("familiarity", "I appreciate your help."),
    # urgency
    ("urgency", "He is listed as an immediate relative."),
    ("urgency", "His immediate family lives in Dorchester."),
    ("urgency", "Prior to release of records we redact names."),
    ("urgency", "The release form is attached."),
    ("urgency", "He was released on bail last year."),
    ("urgency", "Stuck in rush hour traffic."),
    ("urgency", "She was taken to Urgent Care on Washington St."),
    ("urgency", "The spokesman could not immediately confirm it."),
    # jokes
    ("jokes", "This is no joke."),
    ("jokes", "I am not kidding about the deadline."),
    ("jokes", "He said he would come."),
    ("jokes", "The time is 10:30 (approx)."),
    # celebration
    ("celebration", "He had a good job offer in Lowell."),
    ("celebration", "He lost his good job last year."),
    ("celebration", "The score of the test was 80."),
    ("celebration", "He answered yes to the question."),
    ("celebration", "The work is good."),
]


@pytest.mark.parametrize("category, text", NEGATIVES, ids=[f"{n[0]}:{n[1][:30]}" for n in NEGATIVES])
def test_category_ignores_literal_use(category, text):
    assert hits_in(text, category) == []


def test_exclusions_can_be_audited():
    found = language.find(["Deer hunting season. Happy hunting."], categories=["hunting"], include_excluded=True)
    excluded = found[found["excluded_by"].notna()]
    kept = found[found["excluded_by"].isna()]
    assert list(zip(excluded["match"], excluded["excluded_by"])) == [("hunting", "hunting.not_animal_hunting")]
    assert list(kept["match"]) == ["Happy hunting"]


def test_overlapping_patterns_keep_the_longest_within_a_category_but_not_across():
    found = language.find(["Good catch, we caught him."])
    assert ("celebration", "Good catch") in list(zip(found["category"], found["match"]))
    assert ("hunting", "caught") in list(zip(found["category"], found["match"]))
    hunting = language.find(["Happy hunting"], categories="hunting")
    assert list(hunting["pattern_id"]) == ["hunting.happy_hunting"]


HELDOUT = Path(__file__).parent / "data" / "language_heldout.txt"


def heldout_passages(path: Path) -> list[dict]:
    """Passages of the held-out file: id, expected (category, match) pairs, text."""
    passages = []
    for block in path.read_text(encoding="utf-8").split("\n=== ")[1:]:
        head, text = block.split("\n---\n", 1)
        lines = head.splitlines()
        expected = [tuple(part.strip() for part in line[len("expect:"):].split("|", 1))
                    for line in lines[1:] if line.startswith("expect:")]
        passages.append({"id": lines[0].strip(), "expected": expected, "text": text.strip("\n")})
    return passages


def test_heldout_passages_find_every_planted_phrase_and_nothing_else():
    passages = heldout_passages(HELDOUT)
    assert len(passages) >= 20 and any(not p["expected"] for p in passages)
    found = language.find([p["text"] for p in passages])
    for i, passage in enumerate(passages):
        mine = found[found["message_id"] == str(i)]
        assert sorted(zip(mine["category"], mine["match"])) == sorted(passage["expected"]), passage["id"]


# --- find() on a message table ---------------------------------------------------

@pytest.fixture
def table() -> pd.DataFrame:
    return messages(
        {"message_id": "m2", "page_start": 7, "page_end": 8, "bates_start": "BPD-0007",
         "sent_at": "2017-06-02T14:05:00-04:00", "sender": "liaison@pd.boston.gov",
         "body": "Thanks brother, will do.\n\nPage two: lodge it ASAP before he's released.",
         "page_breaks": [26]},
        {"message_id": "m1", "page_start": 3, "page_end": 3, "bates_start": "BPD-0003",
         "sent_at": "2017-06-01T09:30:00-04:00", "sender": "officer@ice.dhs.gov",
         "body": "Detainer attached for the subject.\nHappy hunting!"},
        {"message_id": "m1-copy", "page_start": 12, "page_end": 12, "bates_start": "BPD-0012",
         "sent_at": "2017-06-01T09:30:00-04:00", "sender": "officer@ice.dhs.gov",
         "body": "Detainer attached for the subject.\nHappy hunting!", "duplicate_of": "m1"},
        {"message_id": "m3", "sent_at": None, "body": "No date on this one. Nice work!"},
    )


def test_find_gives_exact_offsets_context_and_provenance(table):
    found = language.find(table)
    assert list(found.columns[:len(language.HIT_COLUMNS)]) == language.HIT_COLUMNS
    bodies = dict(zip(table["message_id"], table["body"]))
    for row in found.itertuples():
        assert bodies[row.message_id][row.start_char:row.end_char] == row.match
        assert "\n" not in row.context and f"**{row.match}**" in row.context
    first = found.iloc[0]
    assert (first.message_id, first.match, first.start_char, first.end_char) == ("m1", "Happy hunting", 35, 48)
    assert first.context == "Detainer attached for the subject. **Happy hunting**!"
    assert (first.page, first.bates, first.sender) == (3, "BPD-0003", "officer@ice.dhs.gov")
    assert str(found["sent_at"].dt.tz) == "America/New_York"


def test_find_sorts_by_time_then_position_and_skips_duplicates(table):
    found = language.find(table)
    assert list(zip(found["message_id"], found["match"])) == [
        ("m1", "Happy hunting"),
        ("m2", "Thanks brother"), ("m2", "ASAP"), ("m2", "before he's released"),
        ("m3", "Nice work"),
    ]
    with_copies = language.find(table, include_duplicates=True)
    assert "m1-copy" in set(with_copies["message_id"])
    assert language.find(table.sample(frac=1, random_state=3)).equals(found)


def test_page_is_refined_by_page_breaks(table):
    found = language.find(table).set_index("match")
    assert found.loc["Thanks brother", "page"] == 7
    assert found.loc["ASAP", "page"] == 8
    assert pd.isna(found.loc["Nice work", "page"])


def test_page_breaks_read_back_from_parquet_still_refine_the_page(table, tmp_path):
    table.to_parquet(tmp_path / "messages.parquet", index=False)
    read_back = pd.read_parquet(tmp_path / "messages.parquet")
    assert not isinstance(read_back["page_breaks"].iloc[0], list)  # numpy arrays, not lists
    found = language.find(read_back).set_index("match")
    assert found.loc["ASAP", "page"] == 8
    kwic = language.concordance(read_back, "ASAP")
    assert list(kwic["page"]) == [8]


def test_find_matches_across_line_breaks_and_keeps_original_offsets():
    text = "Thanks for the I-247A.\nHappy\n   hunting,\r\nofficer"
    found = language.find([text], categories=["hunting"])
    row = found.iloc[0]
    assert row.match == "Happy\n   hunting"
    assert text[row.start_char:row.end_char] == row.match
    assert row.context == "Thanks for the I-247A. **Happy hunting**, officer"


def test_find_other_text_column_and_empty_result(table):
    subjects = table.assign(subject=["URGENT detainer", "hello", "hello", None])
    found = language.find(subjects, text_column="subject", categories=["urgency"])
    assert list(found["match"]) == ["URGENT"]
    assert found["page"].iloc[0] == 7  # page_breaks index the body only
    empty = language.find(["Nothing to see here."])
    assert empty.empty and list(empty.columns) == language.HIT_COLUMNS


# --- concordance -----------------------------------------------------------------

def test_concordance_offsets_and_sides():
    text = "Sent the detainer.\nHappy  hunting, and happy HUNTING again."
    kwic = language.concordance([text], "happy hunting", width=10)
    assert list(kwic.columns) == language.KWIC_COLUMNS
    assert list(kwic["match"]) == ["Happy  hunting", "happy HUNTING"]
    first = kwic.iloc[0]
    assert text[first.start_char:first.end_char] == first.match
    assert (first.start_char, first.end_char) == (19, 33)
    assert first.left == "…detainer. "
    assert first.right == ", and happy…"  # never a word cut in half


def test_concordance_by_lemma_matches_inflections():
    texts = ["We bagged him.", "Bagging two tonight.", "A bag of chips."]
    assert list(language.concordance(texts, "bag")["match"]) == ["bag"]
    by_lemma = language.concordance(texts, "bag", lemma=True)
    assert list(by_lemma["match"]) == ["bagged", "Bagging", "bag"]
    assert list(language.concordance(texts, ["bagged", "chips"])["match"]) == ["bagged", "chips"]
    with pytest.raises(ValueError):
        language.concordance(texts, "  ")


# --- rates -----------------------------------------------------------------------

def test_rates_per_thousand_words_with_totals():
    table = messages(
        {"message_id": "a", "body": "Happy hunting! " + "word " * 8, "agency": "ICE"},     # 10 words
        {"message_id": "b", "body": "Got him. Got her. " + "word " * 16, "agency": "ICE"},  # 20 words
        {"message_id": "c", "body": "word " * 50, "agency": "BPD"},                         # 50 words
        {"message_id": "d", "body": "ASAP " + "word " * 19, "agency": "BPD"},               # 20 words
        {"message_id": "e", "body": "Happy hunting", "agency": "BPD", "duplicate_of": "a"},
    )
    found = language.find(table)
    out = language.rates(found, table, by="agency")
    assert list(out.columns) == ["agency", "category", "hits", "messages_with_hits", "messages", "words",
                                 "per_1000_words"]
    ice = out[out["agency"] == "ICE"].set_index("category")
    bpd = out[out["agency"] == "BPD"].set_index("category")
    assert (ice.loc["hunting", "hits"], ice.loc["hunting", "messages_with_hits"]) == (3, 2)
    assert ice.loc["hunting", "words"] == 30
    assert ice.loc["hunting", "per_1000_words"] == pytest.approx(100.0)
    assert (bpd.loc["hunting", "hits"], bpd.loc["hunting", "messages"]) == (0, 2)
    assert bpd.loc["urgency", "per_1000_words"] == pytest.approx(1000 / 70)
    # Categories without a hit still show their denominators.
    quiet = language.rates(found.iloc[0:0], table, by="agency", categories=["jokes"])
    assert list(zip(quiet["agency"], quiet["hits"], quiet["words"])) == [("BPD", 0, 70), ("ICE", 0, 30)]


# --- keyness ---------------------------------------------------------------------

def test_log_likelihood_matches_hand_computation():
    # a=10 in c=1000 words, b=5 in d=2000 words: E1 = 1000*15/3000 = 5, E2 = 10.
    # G2 = 2 * (10 ln(10/5) + 5 ln(5/10)) = 2 * 5 ln 2 = 10 ln 2.
    assert language.log_likelihood(10, 5, 1000, 2000) == pytest.approx(10 * math.log(2))
    # A term absent from the reference: 0 ln 0 counts as 0. E1 = 2, G2 = 2 * 4 ln 2.
    assert language.log_likelihood(4, 0, 100, 100) == pytest.approx(8 * math.log(2))
    assert language.log_likelihood(3, 3, 100, 100) == pytest.approx(0.0)
    assert language.log_ratio(10, 5, 1000, 2000) == pytest.approx(2.0)
    assert language.log_ratio(4, 0, 100, 100) == pytest.approx(3.0)  # zero counted as 0.5


def test_keyness_counts_lemmas_without_stopwords_and_ranks_by_g2():
    target = ["The officers hunted him.", "Hunting again today, hunting 2 more."]          # 10 words
    reference = ["The officers filed a report.", "The report was filed today."]            # 10 words
    out = language.keyness(target, reference, min_count=2)
    assert list(out.columns) == ["term", "target_count", "reference_count", "target_per_1000",
                                 "reference_per_1000", "g2", "p_value", "log_ratio", "more_in"]
    assert out.attrs == {"target_words": 10, "reference_words": 10}
    rows = out.set_index("term")
    assert "the" not in rows.index and "2" not in rows.index
    hunt = rows.loc["hunt"]
    assert (hunt.target_count, hunt.reference_count, hunt.more_in) == (3, 0, "target")
    expected = language.log_likelihood(3, 0, 10, 10)
    assert hunt.g2 == pytest.approx(expected)
    assert hunt.p_value == pytest.approx(math.erfc(math.sqrt(expected / 2)))
    assert hunt.target_per_1000 == pytest.approx(3 / 10 * 1000)
    assert rows.loc["report", "more_in"] == "reference"
    assert list(out["g2"]) == sorted(out["g2"], reverse=True)
    assert language.keyness(target, reference, min_count=4).empty
    assert language.keyness([], reference).empty  # nothing to compare with no words on one side


# --- sentiment -------------------------------------------------------------------

def test_sentiment_scores_each_message(table):
    scores = language.sentiment(table)
    assert list(scores["message_id"]) == ["m2", "m1", "m3"]
    assert scores["compound"].between(-1, 1).all()
    assert set(scores.columns) >= {"compound", "positive", "neutral", "negative", "words", "sender", "sent_at"}
    pair = language.sentiment(["Great work, thank you so much!", "He assaulted the victim and fled."])
    assert pair["compound"].iloc[0] > 0 > pair["compound"].iloc[1]


# --- robustness ------------------------------------------------------------------

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_find_and_concordance_never_crash_and_offsets_hold(text):
    found = language.find([text], include_excluded=True)
    for row in found.itertuples():
        assert text[row.start_char:row.end_char] == row.match
        assert "\n" not in row.context
    kwic = language.concordance([text], "hunting", lemma=True)
    for row in kwic.itertuples():
        assert text[row.start_char:row.end_char] == row.match
    language.sentiment([text])


# --- reading hits against the release ----------------------------------------------

DETAINER = ("DEPARTMENT OF HOMELAND SECURITY\nIMMIGRATION DETAINER - NOTICE OF ACTION\n"
            "Name of Alien: DOE, JOHN\nNotify DHS before the alien is released from your custody.")


def test_form_start_finds_a_titled_form_and_its_issuer():
    email = "Detainer attached. Happy hunting!\n"
    assert form_text(email + DETAINER) == DETAINER
    report = "Report attached.\nBOSTON POLICE DEPARTMENT\nINCIDENT REPORT - EXCERPT\nNarrative: ..."
    assert form_text(report) == "BOSTON POLICE DEPARTMENT\nINCIDENT REPORT - EXCERPT\nNarrative: ..."
    assert language.form_start(DETAINER) == 0
    # A capitalised line that names no issuer stays with the email.
    assert form_text("HAPPY HUNTING\nIMMIGRATION DETAINER - NOTICE OF ACTION\n") == (
        "IMMIGRATION DETAINER - NOTICE OF ACTION\n")
    # Titles in running text, or written in lower case, are the sender's words.
    assert language.form_start("Please lodge the immigration detainer today.") is None
    assert language.form_start("Immigration detainer lodged.\nThanks") is None
    assert language.form_start(None) is None


def form_text(text: str) -> str:
    return text[language.form_start(text):]


def test_boilerplate_lines_are_repeated_lines_without_hits():
    texts = [f"Message {i} about case {i}.\nHappy hunting!\nSent from my   iPhone" for i in range(5)]
    assert language.boilerplate_lines(texts) == {"sent from my iphone"}
    assert language.boilerplate_lines(texts, min_messages=6) == set()
    # A line repeated inside one message counts once.
    assert language.boilerplate_lines(["Thanks\nThanks\nThanks\nThanks\nThanks"]) == set()


def test_own_words_leave_out_forms_and_boilerplate():
    signature = "Det. Jane Roe\nBoston Police Department"
    table = messages(*[{"message_id": f"m{i}", "body": f"Case {i}: got him.\n{signature}"} for i in range(4)],
                     {"message_id": "m4", "body": f"Lodged.\n{signature}\n{DETAINER}"})
    own = language.own_words(table)
    assert list(own.index) == list(table.index)
    assert own.iloc[0] == "Case 0: got him."
    assert own.iloc[4] == "Lodged."
    assert language.own_words(table, min_messages=6).iloc[4] == f"Lodged.\n{signature}"


def test_sender_groups_name_agency_and_group():
    table = messages(
        {"message_id": "a", "sender": "jane.roe@pd.boston.gov", "sender_name": "Jane Roe"},
        {"message_id": "b", "sender": None, "sender_name": "Jane Roe"},
        {"message_id": "c", "sender": "sam.poe@ice.dhs.gov", "sender_name": "Poe, Sam"},
        {"message_id": "d", "sender": "desk@scsdma.org"},
        {"message_id": "e", "sender": None, "sender_name": "Nobody Known"},
    )
    out = language.sender_groups(table)
    assert list(out.index) == list(table.index)
    assert list(out["group"]) == ["police", "police", "ICE", "other", "other"]
    assert list(out["agency"].fillna("-")) == ["BPD", "BPD", "ICE", "SCSD", "-"]
    assert out["sender"].iloc[1] == "Jane Roe"
    assert out["sender"].iloc[4] == "Nobody Known"


def test_period_labels_follow_the_release_windows():
    sent = pd.Series(pd.to_datetime(["2017-03-02 10:00", "2017-05-30 09:00", "2019-01-10 12:00", None,
                                     "2017-04-12 08:00"]).tz_localize("America/New_York"), index=[4, 3, 2, 1, 0])
    labels = period_labels(sent)
    assert list(labels.index) == [4, 3, 2, 1, 0]
    assert list(labels) == ["2017-03 to 2017-05", "2017-03 to 2017-05", "2019-01", "undated", "2017-03 to 2017-05"]
    assert sorted(labels.unique()) == ["2017-03 to 2017-05", "2019-01", "undated"]


@pytest.fixture
def release() -> tuple[pd.DataFrame, pd.DataFrame]:
    table = messages(
        {"message_id": "m1", "source_file": "vol1.pdf", "page_start": 3, "bates_start": "BPD-0003",
         "sent_at": "2017-03-01T09:00:00-05:00", "sender": "sam.poe@ice.dhs.gov", "sender_name": "Sam Poe",
         "body": "Happy hunting!\n" + DETAINER, "page_breaks": [15]},
        {"message_id": "m2", "source_file": "vol1.pdf", "page_start": 5, "bates_start": "BPD-0005",
         "sent_at": "2017-03-02T09:00:00-05:00", "sender": "jane.roe@pd.boston.gov", "sender_name": "Jane Roe",
         "body": "Bookings:\n7) DOE, JOHN\n8) ROE, RICHARD\nWe caught him. lol"},
        {"message_id": "r1", "source_file": "vol1.pdf", "page_start": 5, "bates_start": "BPD-0005",
         "sent_at": "2017-03-01T08:00:00-05:00", "sender_name": "Sam Poe", "reconstructed": True, "quoted_in": "m2",
         "body": "Got him. 8)"},
    )
    pages = pd.DataFrame({"source_file": ["vol1.pdf"] * 3, "page": [3, 4, 5],
                          "bates": ["BPD-0003", "BPD-0004", "BPD-0005"]})
    return table, pages


def test_review_cites_the_page_and_sets_aside_forms_and_list_numbers(release):
    table, pages = release
    hits = language.find(table)
    out = language.review(hits, table, pages=pages)
    assert list(out.columns) == language.REVIEW_COLUMNS
    assert list(out["message_id"]) == list(hits["message_id"])
    rows = {(r.message_id, r.match): r for r in out.itertuples()}
    happy = rows[("m1", "Happy hunting")]
    assert (happy.part, happy.counted, happy.check, happy.sender, happy.group) == (
        "own words", True, "", "Sam Poe", "ICE")
    alien = rows[("m1", "alien")]
    assert (alien.part, alien.counted, alien.page, alien.bates) == ("attached form", False, 4, "BPD-0004")
    assert alien.where == "vol1.pdf p. 4 (BPD-0004)"
    assert "printed form" in alien.check
    listed = rows[("m2", "8)")]
    assert (listed.counted, listed.group) == (False, "police")
    assert "list number" in listed.check
    assert rows[("m2", "lol")].counted and rows[("m2", "caught")].arguable
    quoted = rows[("r1", "8)")]
    assert quoted.counted and quoted.check == "recovered from a quote in m2"
    assert isinstance(out["sent_at"].dtype, pd.DatetimeTZDtype)
    assert list(language.hit_parts(hits, table)) == list(out["part"])


def test_hit_counts_and_counted_rates_keep_arguable_entries_apart(release):
    table, pages = release
    out = language.review(language.find(table), table, pages=pages)
    counts = language.hit_counts(out).set_index("category")
    assert list(counts.index) == language.load_lexicon().categories
    assert counts.loc["dehumanising", "in_attached_forms"] == counts.loc["dehumanising", "hits"] > 0
    assert counts.loc["dehumanising", "counted"] == 0
    assert (counts.loc["hunting", "counted"], counts.loc["hunting", "counted_arguable"]) == (3, 1)
    assert counts.loc["jokes", "counted"] == 2 and counts.loc["jokes", "hits"] == 3
    own = table.assign(own_words=language.own_words(table), group=["ICE", "police", "ICE"])
    rates = language.counted_rates(out, own, "group")
    assert list(rates["group"].unique()) == ["police", "ICE"]
    assert list(rates["category"].unique()[:2]) == ["hunting", "hunting (arguable)"]
    police = rates[rates["group"] == "police"].set_index("category")
    assert police.loc["hunting (arguable)", "hits"] == 1 and police.loc["hunting", "hits"] == 0
    ice = rates[rates["group"] == "ICE"].set_index("category")
    assert ice.loc["hunting", "hits"] == 2
    assert ice.loc["hunting", "words"] == 5  # "Happy hunting" and "Got him. 8)": the form is not counted
    wide = language.rates_wide(rates, "group").set_index("category")
    assert list(wide.columns) == ["police: hits", "police: per 1,000 words", "ICE: hits", "ICE: per 1,000 words"]
    assert wide.loc["hunting", "ICE: per 1,000 words"] == pytest.approx(400.0)


def test_sentiment_summary_by_group():
    scores = pd.DataFrame({"message_id": ["a", "b", "c", "d"], "compound": [0.5, -0.5, 0.0, 0.9],
                           "words": [10, 20, 5, 1], "group": ["ICE", "police", "police", "other"]})
    out = language.sentiment_summary(scores, "group")
    assert list(out["group"]) == ["police", "ICE", "other"]
    police = out.iloc[0]
    assert (police.messages, police.words, police.mean_compound) == (2, 25, -0.25)
    assert (police.positive_share, police.negative_share) == (0.0, 0.5)


def test_figures_draw_one_bar_per_group_and_category(release):
    table, pages = release
    out = language.review(language.find(table), table, pages=pages)
    own = table.assign(own_words=language.own_words(table), group=["ICE", "police", "ICE"])
    rates = language.counted_rates(out, own, "group")
    fig = language.plot_rates(rates, "group", colours=language.GROUP_COLOURS, title="t")
    drawn = rates.groupby("category", sort=False)["hits"].sum().gt(0).sum()
    assert len(fig.axes[0].patches) == 2 * drawn
    keyness = language.keyness(["hunt hunt hunt fox"] * 3, ["file report report"] * 3, min_count=2)
    fig = language.plot_keyness(keyness, n=2, target="ICE", reference="police")
    assert [len(ax.patches) for ax in fig.axes] == [2, 2]
    plt.close("all")


def test_ten_four_ending_a_sentence_counts_and_alien_as_a_noun_counts():
    import pandas as pd

    from lib.language import find

    table = pd.DataFrame({
        "message_id": ["a", "b", "c"],
        "body": ["Got it. 10-4.", "Please release the alien to an immigration officer.",
                 "That idea is completely alien to us."],
        "page_start": [1, 2, 3], "bates_start": ["X-1", "X-2", "X-3"],
        "sender": ["x@pd.boston.gov"] * 3, "sent_at": pd.to_datetime(["2017-04-11"] * 3).tz_localize("America/New_York"),
        "duplicate_of": [None, None, None],
    })
    hits = find(table)
    found = set(zip(hits.message_id, hits.category))
    assert ("a", "familiarity") in found
    assert ("b", "dehumanising") in found
    assert ("c", "dehumanising") not in found


def test_keyness_with_no_words_on_one_side_is_empty_not_an_error():
    table = language.keyness(["We bagged him last night."], [])
    assert table.empty and table.attrs["reference_words"] == 0 and table.attrs["target_words"] > 0


def test_lexicon_summary_counts_each_categorys_entries():
    lexicon = language.load_lexicon()
    summary = lexicon.summary()
    entries = lexicon.table()
    assert summary["category"].tolist() == lexicon.categories
    assert summary["patterns"].sum() == int((entries["kind"] == "pattern").sum())
    assert summary["exclusions"].sum() == int((entries["kind"] == "exclusion").sum())
    assert summary["arguable"].sum() == int(entries["arguable"].sum())


def test_keyness_named_for_the_reader():
    table = pd.DataFrame({"term": ["hunt", "report"], "target_count": [5, 1], "reference_count": [0, 9],
                          "target_per_1000": [2.0, 0.4], "reference_per_1000": [0.0, 3.0],
                          "more_in": ["target", "reference"]})
    named = language.keyness_named(table, target="ICE", reference="police")
    assert {"ICE_count", "police_count", "ICE_per_1000", "police_per_1000"} <= set(named.columns)
    assert named["more_in"].tolist() == ["ICE", "police"]
