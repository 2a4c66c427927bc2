"""Tests of lib.timeline: direction, threads, response latency, activity, request kinds, events."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from lib import timeline
from lib.core import directory, requests
from lib.core.paths import ROOT
from lib.core.periods import periods
from lib.core.schema import coerce_messages

LIAISON = "greg.officer@pd.boston.gov"
DETECTIVE = "dana.detective@pd.boston.gov"
AGENT = "sam.q.agent@ice.dhs.gov"
AGENT2 = "pat.r.officer@ice.dhs.gov"
SHERIFF = "lroe@scsdma.org"


def messages(*rows: dict) -> pd.DataFrame:
    base = {"source_file": "release.pdf", "redactions": 0, "reconstructed": False}
    return coerce_messages(pd.DataFrame([{**base, **row} for row in rows]))


def msg(message_id, sender, to, when, subject="Detainer", *, cc=(), body=None, quoted="", page=None, **extra):
    return {"message_id": message_id, "sender": sender, "to": list(to), "cc": list(cc),
            "sent_at": pd.Timestamp(when, tz="America/New_York") if when else None, "subject": subject,
            "body": body if body is not None else f"text of {message_id}", "quoted": quoted,
            "page_start": page, "page_end": page, **extra}


# --- Direction ------------------------------------------------------------------

def test_direction_from_sender_and_recipient_domains():
    table = messages(
        msg("a", LIAISON, [AGENT], "2019-03-04 10:00"),
        msg("b", AGENT, [LIAISON], "2019-03-04 11:00"),
        msg("c", DETECTIVE, [LIAISON], "2019-03-04 12:00"),
        msg("d", AGENT, [AGENT2], "2019-03-04 13:00"),
        msg("e", SHERIFF, [AGENT], "2019-03-04 14:00"),
        msg("f", LIAISON, [DETECTIVE], "2019-03-04 15:00", cc=[AGENT]),  # police to both sides
        msg("g", LIAISON, [], "2019-03-04 16:00"),
    )
    assert directory.direction(table).tolist() == [
        "police->ice", "ice->police", "internal-police", "internal-ice", "other", "police->ice", "other"]


def test_direction_uses_names_where_the_table_shows_the_address():
    table = messages(
        msg("a", AGENT, [LIAISON], "2019-03-04 10:00", sender_name="Sam Q. Agent"),
        # Printed with names only; Sam Agent's address is known from row a, Greg Officer's by its spelling.
        msg("b", LIAISON, ["Agent, Sam"], "2019-03-04 11:00"),
        msg("c", None, ["Sam Agent"], "2019-03-04 12:00", sender_name="Greg Officer"),
        msg("d", LIAISON, ["Unknown Person"], "2019-03-04 13:00"),
    )
    assert directory.direction(table).tolist() == ["ice->police", "police->ice", "police->ice", "other"]


def test_direction_of_a_recovered_quote_without_recipients_comes_from_who_answered_it():
    table = messages(
        msg("r1", AGENT, [], "2019-03-04 10:00", reconstructed=True, quoted_in="q"),  # "Sam Agent wrote:"
        msg("q", LIAISON, [AGENT], "2019-03-04 11:00", "RE: Detainer", in_reply_to="r1"),
        msg("r2", LIAISON, [], "2019-03-04 09:00", reconstructed=True, quoted_in="q"),  # quoted by its own sender
    )
    assert directory.direction(table).tolist() == ["ice->police", "police->ice", "other"]


def test_direction_leaves_out_duplicates_by_default():
    table = messages(msg("a", LIAISON, [AGENT], "2019-03-04 10:00"),
                     msg("a2", LIAISON, [AGENT], "2019-03-04 10:00", duplicate_of="a"))
    assert directory.direction(table).index.tolist() == [0]
    assert len(directory.direction(table, include_duplicates=True)) == 2


def test_direction_follows_a_swapped_agency_table():
    agencies = pd.DataFrame([
        {"code": "X", "name": "X Police", "kind": "agency", "side": "police", "parent": "", "aliases": "",
         "email_domains": "x.org"},
        {"code": "Y", "name": "Y Immigration", "kind": "agency", "side": "ice", "parent": "", "aliases": "",
         "email_domains": "y.gov"},
    ])
    table = messages(msg("a", "p@x.org", ["q@sub.y.gov"], "2019-03-04 10:00"))
    assert directory.direction(table, agencies).tolist() == ["police->ice"]


# --- Threads --------------------------------------------------------------------

def thread_map(table: pd.DataFrame) -> dict[str, str]:
    return dict(zip(table["message_id"], timeline.threads(table)))


def test_threads_follow_reply_quote_and_duplicate_links_whatever_the_row_order():
    table = messages(
        # The reply is printed before the message it answers.
        msg("m2", AGENT, [LIAISON], "2019-03-05 09:00", "RE: Detainer", in_reply_to="m1"),
        msg("m1", LIAISON, [AGENT], "2019-03-04 17:00", "Detainer"),
        msg("r0", AGENT, [LIAISON], "2019-03-04 08:00", "Detainer", reconstructed=True, quoted_in="m1"),
        msg("m1copy", LIAISON, [AGENT], "2019-03-04 17:00", "Detainer", duplicate_of="m1"),
        msg("x", DETECTIVE, [LIAISON], "2019-03-04 12:00", "Parking"),
    )
    ids = thread_map(table)
    assert ids["m1"] == ids["m2"] == ids["r0"] == ids["m1copy"] == "tr0"  # named after the earliest message
    assert ids["x"] == "tx"


def test_same_subject_new_messages_start_new_threads_and_replies_join_the_nearest():
    table = messages(
        msg("a1", AGENT, [LIAISON], "2019-01-02 09:00", "Detainer"),
        msg("a2", LIAISON, [AGENT], "2019-01-02 10:00", "RE: Detainer"),
        msg("b1", AGENT, [LIAISON], "2019-01-20 09:00", "Detainer"),  # same subject, new request
        msg("b2", LIAISON, [AGENT], "2019-01-21 08:00", "RE: Detainer"),
        msg("c2", LIAISON, [AGENT], "2019-03-30 08:00", "RE: Detainer"),  # too late to join either
    )
    ids = thread_map(table)
    assert ids["a1"] == ids["a2"] != ids["b1"]
    assert ids["b1"] == ids["b2"]
    assert ids["c2"] not in (ids["a1"], ids["b1"])


def test_reply_by_subject_needs_a_shared_correspondent():
    table = messages(
        msg("a1", AGENT, [LIAISON], "2019-01-02 09:00", "Records check"),
        msg("z2", SHERIFF, [AGENT2], "2019-01-02 10:00", "RE: Records check"),
    )
    ids = thread_map(table)
    assert ids["a1"] != ids["z2"]


def test_generic_subjects_do_not_merge_unrelated_messages():
    table = messages(
        msg("g1", AGENT, [LIAISON], "2019-02-01 09:00", ""),
        msg("g2", LIAISON, [AGENT], "2019-02-01 09:30", "RE:"),  # a direct answer: joins g1
        msg("h1", DETECTIVE, [LIAISON], "2019-02-01 09:10", ""),
        msg("h2", LIAISON, [AGENT2], "2019-02-01 10:00", "RE:"),  # AGENT2 never wrote: no parent
        msg("k1", AGENT, [LIAISON], "2019-02-10 09:00", "Question"),
        msg("k2", LIAISON, [AGENT], "2019-02-20 09:00", "RE: Question"),  # generic and ten days later
    )
    ids = thread_map(table)
    assert ids["g1"] == ids["g2"]
    assert len({ids["g1"], ids["h1"], ids["h2"], ids["k1"], ids["k2"]}) == 5


def test_a_message_whose_subject_was_not_read_can_start_a_thread_only_for_a_direct_quick_reply():
    table = messages(
        msg("s1", AGENT, [LIAISON], "2019-02-01 09:00", None),  # subject lost in printing
        msg("s2", LIAISON, [AGENT], "2019-02-01 09:20", "RE: Quick one"),
        msg("s3", LIAISON, [AGENT2], "2019-02-01 09:30", "RE: Something else"),  # AGENT2 was not in s1
        msg("s4", LIAISON, [AGENT], "2019-02-06 09:30", "RE: Later one"),  # five days on
    )
    ids = thread_map(table)
    assert ids["s1"] == ids["s2"]
    assert len({ids["s1"], ids["s3"], ids["s4"]}) == 3


def test_quoted_history_links_messages_without_a_reply_subject():
    original = "Can you check whether this man is still at Nashua Street and if his bail was reduced yesterday"
    table = messages(
        msg("q1", LIAISON, [AGENT], "2019-04-01 09:00", "Nashua", body=original),
        msg("q2", AGENT, [LIAISON], "2019-04-01 11:00", "bail",  # a different subject, no in_reply_to
            body="Yes he is.", quoted="> " + original.replace(" still ", "\n> still ")),
        msg("q3", AGENT2, [DETECTIVE], "2019-04-01 12:00", "other", body="Thanks."),
    )
    ids = thread_map(table)
    assert ids["q1"] == ids["q2"] != ids["q3"]


def test_undated_replies_join_by_subject_and_print_order_and_missing_addresses_are_handled():
    table = messages(
        msg("u1", None, [LIAISON], "2019-05-01 09:00", "Warrant check", sender_name="Sam Q. Agent", page=10),
        msg("u2", LIAISON, ["Sam Agent"], None, "RE: Warrant check", page=11),
        msg("u3", LIAISON, [AGENT], None, "RE: Warrant check", page=3),  # printed before the request
    )
    ids = thread_map(table)
    assert ids["u1"] == ids["u2"]
    assert ids["u3"] != ids["u1"]


def test_threads_of_an_empty_table():
    assert timeline.threads(messages(msg("a", LIAISON, [AGENT], None))).tolist() == ["ta"]


# --- Response latency -----------------------------------------------------------

def test_response_latency_by_turns_with_rows_out_of_order_and_undated_replies():
    table = messages(
        msg("t3", LIAISON, [AGENT], "2019-03-05 12:00", "RE: Detainer", in_reply_to="t2", page=5,
            bates_start="BPD-000005"),
        msg("t1", LIAISON, [AGENT], "2019-03-04 10:00", "Detainer", page=1, bates_start="BPD-000001"),
        msg("t1b", LIAISON, [AGENT], "2019-03-04 10:30", "RE: Detainer", in_reply_to="t1", page=2),
        msg("t2", AGENT, [LIAISON], "2019-03-04 14:00", "RE: Detainer", in_reply_to="t1b", page=3),
        msg("t4", AGENT, [LIAISON], None, "RE: Detainer", in_reply_to="t3", page=6),
    )
    ids = timeline.threads(table)
    latency = timeline.response_latency(table, ids)
    assert latency["request_id"].tolist() == ["t1", "t2", "t3"]
    assert latency["reply_id"].tolist() == ["t2", "t3", "t4"]
    assert latency["opener"].tolist() == [True, False, False]
    assert latency["direction"].tolist() == ["police->ice", "ice->police", "police->ice"]
    assert latency["latency_hours"].iloc[0] == 4.0  # from the first message of the turn, not the follow-up
    assert latency["latency_hours"].iloc[1] == 22.0
    assert pd.isna(latency["latency_hours"].iloc[2])  # the reply has no date
    assert latency["request_where"].iloc[0] == "release.pdf p. 1 (BPD-000001)"
    summary = timeline.latency_summary(latency)
    assert summary.set_index("request direction").loc["police->ice", "pairs without a time"] == 1


def test_response_latency_ignores_duplicates_and_unanswered_threads():
    table = messages(
        msg("a", LIAISON, [AGENT], "2019-03-04 10:00"),
        msg("a-copy", LIAISON, [AGENT], "2019-03-04 10:00", duplicate_of="a"),
        msg("b", LIAISON, [AGENT], "2019-03-06 10:00", "Other"),
    )
    assert timeline.response_latency(table, timeline.threads(table)).empty


# --- Activity -------------------------------------------------------------------

def test_activity_flags_after_hours_in_local_time():
    table = messages(
        msg("sat", LIAISON, [AGENT], "2019-03-09 12:00"),  # Saturday noon
        msg("early", LIAISON, [AGENT], "2019-03-12 06:59"),
        msg("start", LIAISON, [AGENT], "2019-03-12 07:00"),
        msg("late", LIAISON, [AGENT], "2019-03-12 19:00"),
        msg("undated", LIAISON, [AGENT], None),
        {**msg("utc", LIAISON, [AGENT], None), "sent_at": pd.Timestamp("2019-07-01 13:30", tz="UTC")},
    )
    act = timeline.activity(table).set_index("message_id")
    assert "undated" not in act.index
    assert act["after_hours"].to_dict() == {"sat": True, "early": True, "start": False, "late": True, "utc": False}
    assert act.loc["utc", "hour"] == 9  # 13:30 UTC is 09:30 in Boston in summer
    assert act.loc["sat", "iso_week"] == "2019-W10"
    assert act.loc["start", "weekday"] == "Tuesday"
    assert act.loc["start", "week_start"] == pd.Timestamp("2019-03-11")
    grid = timeline.weekday_hour(timeline.activity(table))
    assert grid.shape == (7, 24) and grid.to_numpy().sum() == 5 and grid.loc["Saturday", 12] == 1


def test_activity_and_latency_leave_out_hours_that_were_not_printed():
    table = messages(
        msg("wed", AGENT, [LIAISON], "2017-03-29 00:00", date_raw="March 29, 2017"),  # a date without a time
        msg("sun", AGENT, [LIAISON], "2017-03-26 00:00", date_raw="Sunday, March 26, 2017"),
        msg("reply", LIAISON, [AGENT], "2017-03-29 09:15", "RE: Detainer", date_raw="3/29/2017 9:15 AM",
            in_reply_to="wed"),
    )
    act = timeline.activity(table).set_index("message_id")
    assert pd.isna(act.loc["wed", "hour"]) and pd.isna(act.loc["wed", "after_hours"])
    assert act.loc["sun", "after_hours"] == True  # noqa: E712 - a weekend, whatever the hour
    assert act.loc["reply", "hour"] == 9 and act.loc["reply", "after_hours"] == False  # noqa: E712
    assert timeline.weekday_hour(timeline.activity(table)).to_numpy().sum() == 1
    latency = timeline.response_latency(table, timeline.threads(table))
    assert latency["request_id"].tolist() == ["wed"] and latency["latency_hours"].isna().all()


def test_weekly_counts_include_empty_weeks_and_split_by_direction():
    table = messages(
        msg("a", LIAISON, [AGENT], "2019-03-04 10:00"),
        msg("b", AGENT, [LIAISON], "2019-03-05 10:00"),
        msg("c", LIAISON, [AGENT], "2019-03-20 10:00"),
    )
    act = timeline.activity(table)
    total = timeline.weekly_counts(act)
    assert total["messages"].tolist() == [2, 0, 1]
    split = timeline.weekly_counts(act, directory.direction(table), categories=directory.DIRECTIONS)
    assert list(split.columns) == ["week_start", *directory.DIRECTIONS]
    assert split["police->ice"].tolist() == [1, 0, 1] and split["ice->police"].tolist() == [1, 0, 0]
    spans = periods(total.loc[total["messages"] > 0, "week_start"], gap_weeks=1)
    assert spans == [(pd.Timestamp("2019-03-04"), pd.Timestamp("2019-03-10")),
                     (pd.Timestamp("2019-03-18"), pd.Timestamp("2019-03-24"))]


# --- Charts and tables ----------------------------------------------------------

def two_windows() -> pd.DataFrame:
    return messages(
        msg("a", LIAISON, [AGENT], "2017-03-06 10:00"), msg("b", AGENT, [LIAISON], "2017-03-07 10:00", "RE: Detainer"),
        msg("c", AGENT, [LIAISON], "2019-02-04 10:00", "Records check"),
        msg("d", LIAISON, [AGENT], "2019-02-05 23:30", "RE: Records check"),
    )


def test_weekly_chart_has_one_panel_per_period_and_numbers_events_across_panels():
    table = two_windows()
    weekly = timeline.weekly_counts(timeline.activity(table), directory.direction(table),
                                    categories=directory.DIRECTIONS)
    events = pd.DataFrame({"date": pd.to_datetime(["2017-03-08", "2018-01-01", "2019-02-06"]),
                           "event": ["first", "between", "second"]})
    fig, key = timeline.plot_weekly(weekly, events, colours=directory.DIRECTION_COLOURS, title="t")
    assert len(fig.axes) == 2
    assert key["event"].tolist() == ["first", "second"] and key["number"].tolist() == [1, 2]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == directory.DIRECTIONS
    plt.close(fig)


def test_heatmap_and_latency_charts_label_their_axes():
    table = two_windows()
    grid = timeline.weekday_hour(timeline.activity(table))
    fig = timeline.plot_weekday_hour(grid)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][0] == "Monday"
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["1", "1", "2"]  # two Mondays at 10:00
    plt.close(fig)
    latency = timeline.response_latency(table, timeline.threads(table))
    fig = timeline.plot_latency(latency)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["police->ice requests (n=1, median 24.0 h)", "ice->police requests (n=1, median 37.5 h)"]
    plt.close(fig)


def test_thread_summary_and_share_table():
    table = two_windows()
    summary = timeline.thread_summary(table, timeline.threads(table))
    assert summary["messages"].tolist() == [2, 2]
    assert summary.loc[0, "first"] == "2017-03-06 10:00" and summary.loc[0, "subject"] == "Detainer"
    assert summary.loc[0, "correspondents"] == 2 and summary.loc[0, "first message"] == "a"
    shares = timeline.share_table(directory.direction(table), "direction")
    assert shares.to_dict("list") == {"direction": ["ice->police", "police->ice"], "messages": [2, 2],
                                      "share": [0.5, 0.5]}


# --- Request kinds --------------------------------------------------------------

@pytest.mark.parametrize("subject, body, detainer, report", [
    ("Detainer", "See attached.", True, False),
    ("FW: I-247A", "", True, False),
    ("", "We lodged an I247 on him", True, False),
    ("", "ICE hold placed at Nashua", True, False),
    ("Request", "Can you send me the incident report for CC# 192000123?", False, True),
    ("", "Could you get me a copy of the arrest report", False, True),
    ("Report request", "", False, True),
    ("", "I need to report to court tomorrow.", False, False),
    ("", "Thanks, will report back", False, False),
])
def test_request_kinds_lexicon(subject, body, detainer, report):
    kinds = requests.request_kinds(messages(msg("a", LIAISON, [AGENT], None, subject, body=body)))
    assert kinds.iloc[0].to_dict() == {"detainer": detainer, "report request": report}


def test_request_kinds_read_only_the_message_own_text():
    table = messages(msg("a", LIAISON, [AGENT], None, "RE: hi", body="ok", quoted="> detainer attached"))
    assert not requests.request_kinds(table).iloc[0].any()


def test_request_messages_and_weekly_counts_by_kind():
    table = messages(
        msg("a", AGENT, [LIAISON], "2019-03-04 10:00", "Detainer for X", body="I-247A attached", page=3,
            bates_start="BPD-000003"),
        msg("b", LIAISON, [AGENT], "2019-03-05 10:00", "Re: Detainer for X", body="Can you send the report? "
            "Also the detainer."),
        msg("c", LIAISON, [AGENT], "2019-03-12 10:00", "Lunch", body="ok"),
    )
    kinds = requests.request_kinds(table)
    found = timeline.request_messages(table, kinds)
    assert found["message_id"].tolist() == ["a", "b"]
    assert found["where"].iloc[0].endswith("p. 3 (BPD-000003)")
    weekly, both = timeline.weekly_by_kind(timeline.activity(table), kinds)
    assert both == 1  # 'b' asks for a report and names a detainer: counted as a detainer message
    assert weekly["detainer"].tolist() == [2, 0] and weekly["report request"].tolist() == [0, 0]


def test_after_hours_share_by_direction():
    table = messages(msg("a", AGENT, [LIAISON], "2019-03-04 22:00"), msg("b", AGENT, [LIAISON], "2019-03-05 10:00"),
                     msg("c", LIAISON, [AGENT], "2019-03-09 10:00"))  # a Saturday
    shares = timeline.after_hours_by_direction(timeline.activity(table), directory.direction(table))
    assert shares.set_index("direction")[["messages", "after_hours", "share"]].to_dict("index") == {
        "ice->police": {"messages": 2, "after_hours": 1, "share": 0.5},
        "police->ice": {"messages": 1, "after_hours": 1, "share": 1.0}}


# --- Events ---------------------------------------------------------------------

def test_load_events_keeps_the_precision_of_partial_dates(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("date,event,description,source_url\n2019-10-25,b,x,https://a\n2014,a,y,https://b\n"
                    "2019-10,c,z,https://c\n")
    events = timeline.load_events(path)
    assert events["event"].tolist() == ["a", "c", "b"]
    assert events["precision"].tolist() == ["year", "month", "day"]
    assert events["date"].tolist() == [pd.Timestamp("2014-01-01"), pd.Timestamp("2019-10-01"),
                                       pd.Timestamp("2019-10-25")]
    fig, ax = plt.subplots()
    ax.plot([pd.Timestamp("2019-01-01"), pd.Timestamp("2019-12-31")], [0, 1])
    key = timeline.overlay_events(ax, events, "2019-01-01", "2019-12-31")
    plt.close(fig)
    assert key["event"].tolist() == ["c", "b"] and key["number"].tolist() == [1, 2]


def test_real_case_events_file_covers_the_public_record():
    events = timeline.load_events(ROOT / "data" / "raw" / "events.csv")
    assert list(events.columns[:4]) == ["date", "event", "description", "source_url"]
    assert events["source_url"].str.startswith("https://").all()
    assert (events["description"].str.len() > 40).all()
    days = set(events.loc[events["precision"] == "day", "date"].dt.strftime("%Y-%m-%d"))
    assert {"2014-08-20", "2017-07-24", "2019-03-07", "2019-04-09", "2019-10-25"} <= days
    # Dates that could not be verified to the day say so, rather than guess.
    for row in events[events["precision"] != "day"].itertuples():
        assert "verified" in row.description


# --- Threading accuracy on the sample ----------------------------------------------

def test_threads_match_the_sample_answer_key(request):
    """Same-thread pairs among the sample's unique messages, against the truth's thread_id."""
    from sample_truth import TRUTH_FILE, load_truth, match_messages, truth_threads

    if not TRUTH_FILE.exists():
        pytest.skip("no answer key: run `python -m lib sample` first")
    truth = load_truth()
    table = pd.read_parquet(request.getfixturevalue("sample_processed") / "messages.parquet")
    truth_ids = match_messages(table, truth)
    predicted = timeline.threads(table)
    scored = table["duplicate_of"].isna() & truth_ids.notna()
    assert scored.sum() >= 0.9 * table["duplicate_of"].isna().sum()  # nearly every message has its answer

    def pairs(labels: pd.Series) -> int:
        sizes = labels.value_counts()
        return int((sizes * (sizes - 1) // 2).sum())

    ours, theirs = predicted[scored], truth_ids[scored].map(truth_threads(truth))
    agreed = pairs(ours.astype(str) + "|" + theirs.astype(str))
    precision, recall = agreed / pairs(ours), agreed / pairs(theirs)
    print(f"threading on the sample: precision {precision:.3f}, recall {recall:.3f} "
          f"over {int(scored.sum())} messages, {ours.nunique()} threads found, {theirs.nunique()} true")
    assert precision >= 0.95 and recall >= 0.95


def test_direction_matches_the_sample_answer_key(request):
    """Direction of each unique sample message against the truth's (which has one 'internal')."""
    from sample_truth import TRUTH_FILE, load_truth, match_messages

    if not TRUTH_FILE.exists():
        pytest.skip("no answer key: run `python -m lib sample` first")
    truth = load_truth()
    table = pd.read_parquet(request.getfixturevalue("sample_processed") / "messages.parquet")
    ours = directory.direction(table).replace({"internal-police": "internal", "internal-ice": "internal"})
    truth_ids = match_messages(table, truth)[ours.index]
    expected = truth_ids.map({r["truth_id"]: r["direction"] for r in truth["messages"]})
    scored = expected.notna()
    agreement = float((ours[scored] == expected[scored]).mean())
    print(f"direction on the sample: {agreement:.3f} of {int(scored.sum())} messages agree")
    assert agreement >= 0.97


def test_threads_and_request_kinds_read_from_disk_a_batch_at_a_time_are_those_read_in_memory(sample_processed):
    from lib.core.tables import text_batches

    path = sample_processed / "messages.parquet"
    messages = pd.read_parquet(path)
    without_texts = messages.drop(columns=["body", "quoted"])
    texts = text_batches(path, ["body", "quoted"], batch_rows=50)
    links = timeline.thread_links(without_texts, texts)
    pd.testing.assert_frame_equal(links, timeline.thread_links(messages))
    assert (links["kind"] == "quoted text").sum() > 10
    pd.testing.assert_series_equal(timeline.threads(without_texts, links=links), timeline.threads(messages))
    pd.testing.assert_frame_equal(requests.request_kinds(without_texts, texts=texts), requests.request_kinds(messages))
