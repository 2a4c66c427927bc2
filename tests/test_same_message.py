"""Copies of one message are matched however their times, signatures and wraps were printed; different messages never are."""

from __future__ import annotations

import textwrap
from collections import Counter

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lib.core.schema import TIMEZONE
from lib.ingest.dedupe import find_duplicates, mark_duplicates
from lib.ingest.same_message import (
    Printing,
    comparable_text,
    compare_texts,
    explain_match,
    same_sender,
    time_match,
    window,
)

# Pools with no name a prefix of another: an address's local part may abbreviate a name ('den.mcconaghy').
FIRST_NAMES = ("Jane", "Kyle", "Conal", "Sabrina", "Peadar", "Diane", "Marcus", "Teresa", "Wendell", "Olga")
LAST_NAMES = ("Roe", "Love", "Ahearne", "Dunphy", "Allen", "MacElgunn", "Okafor", "Brennan", "Castillo", "Whitaker")
SUBJECTS = ("Detainer lodged - VALLES", "I-247A ORDONEZ", "Release tomorrow", "Pickup at Nashua Street", "Warrant check")
# Words of the messages' own text: none closes a message ("Thanks", "Best") or is a redaction mark.
WORDS = (
    "detainer", "release", "custody", "booking", "warrant", "arraignment", "court", "tomorrow", "morning",
    "afternoon", "transport", "nashua", "street", "jail", "agent", "officer", "lodged", "bail", "hearing", "docket",
    "subject", "removal", "order", "sally", "port", "pickup", "van", "cell", "district", "judge", "clerk", "file",
    "fingerprints", "photo", "record", "criminal", "history", "charges", "dismissed", "continued", "pending",
    "sheriff", "deputy", "liaison", "unit", "gang", "database", "hit", "confirmed", "unconfirmed", "interview",
    "consulate", "passport", "visa", "overstay", "entry", "border", "family", "lawyer", "attorney", "motion",
    "he", "she", "is", "was", "will", "be", "at", "the", "a", "to", "from", "on", "for", "with", "his", "her",
)
NOTICE = ("CONFIDENTIALITY NOTICE: This e-mail and any attachments are intended only for the addressee and may "
          "contain confidential criminal offender record information. If you received it in error, notify the "
          "sender and delete it.")
REDACTIONS = ("(b)(6)", "(b)(7)(C)", "[REDACTED]")

people = st.tuples(st.sampled_from(FIRST_NAMES), st.sampled_from(LAST_NAMES))
texts = st.lists(st.sampled_from(WORDS), min_size=6, max_size=60)
short_texts = st.lists(st.sampled_from(WORDS), min_size=6, max_size=20)  # two share few words
times = st.datetimes(min_value=pd.Timestamp("2015-01-01").to_pydatetime(),
                     max_value=pd.Timestamp("2020-12-31").to_pydatetime())


def printed_sender(person: tuple[str, str], form: str) -> tuple[str | None, str | None]:
    """(address, display name) as a header prints them: both, the name only ('Roe, Jane'), the address only."""
    first, last = person
    address = f"{first}.{last}@pd.boston.gov".lower()
    return {"both": (address, f"{first} {last}"), "name": (None, f"{last}, {first}"), "address": (address, None)}[form]


def signature(person: tuple[str, str], closing: str = "Thanks,") -> list[str]:
    first, last = person
    return [closing, first, "", f"Det. {first} {last}", "Boston Police Department", "Office: 617-555-0142"]


def sentences(words: list[str]) -> str:
    """Words as sentences of eight, capitalised and stopped."""
    return " ".join(" ".join(words[i:i + 8]).capitalize() + "." for i in range(0, len(words), 8))


def original_body(words: list[str], person, notice: bool) -> str:
    parts = [textwrap.fill(sentences(words), 72), "\n".join(signature(person))]
    return "\n\n".join(parts + ([textwrap.fill(NOTICE, 72)] if notice else []))


@st.composite
def reprinted_body(draw, words: list[str], person) -> str:
    """The same text as another client or a quote prints it: rewrapped, its signature and notice changed or cut."""
    text = sentences(words).split(" ")
    if draw(st.booleans()):  # a redaction mark where the other printing has none
        text.insert(draw(st.integers(0, len(text))), draw(st.sampled_from(REDACTIONS)))
    parts = [textwrap.fill(" ".join(text), draw(st.integers(30, 100)))]
    tail = draw(st.sampled_from(("signature", "sign-off", "phone", "none")))
    parts += {"signature": ["\n".join(signature(person, draw(st.sampled_from(("Thanks,", "Regards,", "V/r")))))],
              "sign-off": [f"Thanks,\n{person[0]}"], "phone": ["Sent from my iPhone"], "none": []}[tail]
    if draw(st.booleans()):
        parts.append(textwrap.fill(NOTICE, draw(st.integers(40, 100))))
    body = "\n\n".join(parts)
    if draw(st.booleans()):  # quoted: '>' before every line
        body = "\n".join("> " + line if line else ">" for line in body.split("\n"))
    return body


def local(stamp) -> pd.Timestamp:
    return pd.Timestamp(stamp).tz_localize(TIMEZONE, ambiguous=True, nonexistent="shift_forward")


def printed_minute(sent: pd.Timestamp, rounding: str) -> pd.Timestamp:
    """A time as a client prints it: to the minute, truncated or rounded (in UTC: a local hour may repeat)."""
    utc = sent.tz_convert("UTC")
    return (utc.floor("min") if rounding == "truncated" else utc.round("min")).tz_convert(TIMEZONE)


def duplicates(*rows: tuple[Printing, str]) -> dict[int, tuple[int, str]]:
    printings, bodies = zip(*rows)
    return find_duplicates(list(printings), list(bodies).__getitem__)


# -- copies are matched -------------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(person=people, words=texts, subject=st.sampled_from(SUBJECTS), sent=times, data=st.data(),
       rounding=st.sampled_from(("truncated", "rounded")), zone_hours=st.integers(-14, 14),
       copy_subject=st.sampled_from(("same", "missing", "reply", "upper")))
def test_a_copy_printed_another_way_is_matched_and_explained(person, words, subject, sent, data, rounding,
                                                            zone_hours, copy_subject):
    sent = local(sent)
    original = (Printing.of(*printed_sender(person, "both"), sent, subject),
                original_body(words, person, notice=data.draw(st.booleans())))
    # A naive time taken in the wrong zone is off by whole hours.
    copy_time = printed_minute(sent, rounding) + pd.Timedelta(hours=zone_hours)
    copy_form = data.draw(st.sampled_from(("both", "name", "address")))
    copy_subject = {"same": subject, "missing": None, "reply": f"RE: {subject}", "upper": subject.upper()}[copy_subject]
    copy = (Printing.of(*printed_sender(person, copy_form), copy_time, copy_subject),
            data.draw(reprinted_body(words, person)))

    found = duplicates(original, copy)
    assert set(found) == {1} and found[1][0] == 0
    reason = found[1][1]
    assert reason.startswith("same sender")
    assert ("time zone" in reason) == (zone_hours != 0)
    assert ("rounding" in reason) == (copy_time - printed_minute(sent, "truncated") != pd.Timedelta(hours=zone_hours))


def test_reasons_say_what_agrees_and_how_far_apart():
    jane = ("jane.roe@pd.boston.gov", "Jane Roe")
    body = "He is out at 2pm tomorrow from Nashua Street, pickup at the sally port."
    sent = pd.Timestamp("2017-07-17 09:35:42", tz=TIMEZONE)
    original = Printing.of(*jane, sent, "Pickup")
    text = comparable_text(body)
    rounded = Printing.of(*jane, pd.Timestamp("2017-07-17 09:36", tz=TIMEZONE), "RE: Pickup")
    assert explain_match(original, rounded, text, text) == "same sender, subject and text; sent 1 min apart (rounding)"
    shifted = Printing.of(None, "Roe, Jane", pd.Timestamp("2017-07-17 14:35", tz=TIMEZONE), None)
    assert explain_match(original, shifted, text, text) == "same sender and text; 5 h apart (time zone)"
    both = Printing.of(*jane, pd.Timestamp("2017-07-17 13:36", tz=TIMEZONE), "Pickup")
    assert explain_match(original, both, text, text) == \
        "same sender, subject and text; 4 h 1 min apart (4 h time zone, rounding)"
    cut = comparable_text(body + "\n\nDet. Jane Roe\nBoston Police Department\nOffice: 617-555-0142")
    assert explain_match(original, both, cut, text).startswith("same sender, subject and text (one within the other)")


def test_what_copies_differ_in_is_set_aside():
    body = "Hi John,\n\nHe is out at 2pm tomorrow, pickup at the\nsally port.\n\nThanks,\nJane"
    assert comparable_text(body) == "hi john he is out at 2pm tomorrow pickup at the sally port"
    reprinted = ("> Hi John,\n>\n> He is out at 2pm tomorrow, pickup at the sally port. [REDACTED]\n>\n"
                 "> Sent from my iPhone\n>\n> " + NOTICE)
    assert comparable_text(reprinted) == comparable_text(body)
    assert comparable_text("He is out.\n-- \nJane Roe\nBPD") == "he is out"
    assert comparable_text("Thanks,\nJane") == "thanks jane"  # a closing with nothing above it is the text
    # Below a closing, sentences are text, not a signature.
    assert comparable_text("He is out at 2.\nThanks\nAlso send the I-247.") == "he is out at 2 thanks also send the i 247"


# -- different messages are kept apart ----------------------------------------------------------------------

@st.composite
def printings_of_one_sender(draw, person, subject: str, sent: pd.Timestamp, words):
    """A printing as ``reprinted_body`` and any header form give it."""
    form = draw(st.sampled_from(("both", "name", "address")))
    return Printing.of(*printed_sender(person, form), sent, subject), draw(reprinted_body(words, person))


@settings(max_examples=200, deadline=None)
@given(people_pair=st.lists(people, min_size=2, max_size=2, unique=True), words=texts,
       subject=st.sampled_from(SUBJECTS), sent=times, data=st.data())
def test_the_same_text_from_another_sender_is_another_message(people_pair, words, subject, sent, data):
    sent = local(sent)
    first, second = people_pair
    a = data.draw(printings_of_one_sender(first, subject, sent, words))
    b = data.draw(printings_of_one_sender(second, subject, sent, words))
    assert duplicates(a, b) == {}


def different_texts(a: list[str], b: list[str]) -> bool:
    """Texts whose words (counted with repeats) are at most half shared, and neither is a run of the other's."""
    shared = sum((Counter(a) & Counter(b)).values()) / max(len(a), len(b))
    joined_a, joined_b = f" {' '.join(a)} ", f" {' '.join(b)} "
    return shared <= 0.5 and joined_a not in joined_b and joined_b not in joined_a


@settings(max_examples=200, deadline=None)
@given(person=people, words_a=short_texts, words_b=short_texts, subject=st.sampled_from(SUBJECTS), sent=times,
       minutes_apart=st.sampled_from((0, 1, -1, 60, 299, 300, 301, -840)), data=st.data())
def test_another_text_from_the_same_sender_in_the_window_is_another_message(person, words_a, words_b, subject, sent,
                                                                           minutes_apart, data):
    assume(different_texts(words_a, words_b))
    sent = local(sent)
    a = data.draw(printings_of_one_sender(person, subject, sent, words_a))
    b = data.draw(printings_of_one_sender(person, subject, sent + pd.Timedelta(minutes=minutes_apart), words_b))
    assert duplicates(a, b) == {}


# More than a minute apart and not a whole-hour shift within one: 2..58 min past any hour, or 15 h and more.
outside_the_window = st.one_of(
    st.builds(lambda hours, minutes: 60 * hours + minutes, st.integers(0, 48), st.integers(2, 58)),
    st.builds(lambda hours, minutes: 60 * hours + minutes, st.integers(15, 48), st.integers(-1, 1)),
).flatmap(lambda apart: st.sampled_from((apart, -apart)))


@settings(max_examples=200, deadline=None)
@given(person=people, words=texts, subject=st.sampled_from(SUBJECTS), sent=times, apart=outside_the_window,
       data=st.data())
def test_the_same_text_sent_outside_the_window_is_another_message(person, words, subject, sent, apart, data):
    sent = printed_minute(local(sent), "truncated")
    a = data.draw(printings_of_one_sender(person, subject, sent, words))
    b = data.draw(printings_of_one_sender(person, subject, sent + pd.Timedelta(minutes=apart), words))
    assert duplicates(a, b) == {}


@pytest.mark.parametrize("later_minutes, matched", [(0, True), (1, False), (2, False), (300, False), (301, False)])
def test_short_texts_match_only_in_the_same_minute(later_minutes, matched):
    kyle = ("kyle.love@pd.boston.gov", "Kyle Love")
    sent = pd.Timestamp("2017-07-20 17:45:10", tz=TIMEZONE)
    first = Printing.of(*kyle, sent, "RE: Release tomorrow")
    again = Printing.of(*kyle, sent + pd.Timedelta(minutes=later_minutes), "RE: Release tomorrow")
    assert bool(duplicates((first, "OK, thanks."), (again, "Ok thanks"))) == matched
    assert duplicates((first, "Thanks."), (Printing.of(*kyle, sent, "RE: Release tomorrow"), "OK")) == {}


@given(minutes=st.integers(-20000, 20000))
def test_the_time_window_is_a_minute_or_whole_hours_to_within_one(minutes):
    hours, rest = divmod(abs(minutes), 60)
    near_an_hour = rest <= 1 and hours <= 14 or rest == 59 and hours < 14
    assert (time_match(0, minutes) is not None) == near_an_hour
    assert (minutes in window(0)) == near_an_hour  # the minutes looked up are those that can match


def test_two_names_are_one_sender_only_when_their_parts_agree():
    assert same_sender((None, "Roe, Jane"), ("jane.roe@pd.boston.gov", None))
    assert same_sender((None, "Dennis McConaghy"), ("den.mcconaghy@ice.dhs.gov", None))
    assert not same_sender((None, "Ann Lee"), (None, "Joanne Leeds"))
    assert not same_sender((None, "Ann Lee"), ("joanne.leeds@ice.dhs.gov", None))


def test_a_text_within_another_needs_some_words():
    assert compare_texts("he is out", "he is out at 2pm tomorrow from nashua street") is None
    assert compare_texts("he is out at 2pm tomorrow", "he is out at 2pm tomorrow from nashua street").how == "within"


def test_mark_duplicates_fills_duplicate_of_and_its_reason():
    body = "He is out at 2pm tomorrow from Nashua Street, pickup at the sally port."
    table = pd.DataFrame({
        "message_id": ["m1", "m2", "m3"], "sender": ["jane.roe@pd.boston.gov", None, None],
        "sender_name": ["Jane Roe", "Roe, Jane", "Roe, Jane"],
        "sent_at": [pd.Timestamp(f"2017-07-17 {clock}", tz=TIMEZONE) for clock in ("09:35:42", "13:36", "09:40")],
        "subject": ["Pickup", "Pickup", "Pickup"], "body": [body, body + "\n\nSent from my iPhone", body],
    })
    marked = mark_duplicates(table)
    assert marked["duplicate_of"].fillna("").tolist() == ["", "m1", ""]
    assert marked["duplicate_reason"][1] == "same sender, subject and text; 4 h 1 min apart (4 h time zone, rounding)"
    assert marked["duplicate_reason"].isna().tolist() == [True, False, True]
