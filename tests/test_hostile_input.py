"""Hostile and broken input, generated here: each file goes through or is reported with a reason."""

import email.message
import zipfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.ingest.dates import parse_date
from lib.ingest.release import ingest, ingest_file
from lib.ingest.splitter import PageText, split_pages

HEADER = ["From: Roe, Jane <jane.roe@pd.boston.gov>", "Sent: Tuesday, April 11, 2017 3:42 PM",
          "To: Doe, John <john.doe@ice.dhs.gov>", "Subject: Long narrative"]


def test_broken_mime_boundaries_still_give_the_text(tmp_path):
    raw = (b"From: jane.roe@pd.boston.gov\nTo: john.doe@ice.dhs.gov\nSubject: broken\n"
           b"Date: Tue, 11 Apr 2017 15:42:10 -0400\nMIME-Version: 1.0\n"
           b'Content-Type: multipart/mixed; boundary="XYZ"\n\n'
           b"--XYZ\nContent-Type: text/plain\n\nReleased at 2pm from Nashua Street.\n"
           b"--WRONG\nContent-Type: application/pdf\n\nJVBERi0x\n")  # no closing boundary
    (tmp_path / "broken.eml").write_bytes(raw)
    result = ingest(tmp_path)
    assert result.report["files"][0]["status"] == "read"
    assert "Released at 2pm" in result.messages.body[0]
    assert any("MIME defect" in w for w in result.report["files"][0]["warnings"])


def test_oddly_folded_headers(tmp_path):
    raw = (b"From: \"Roe,\n Jane\" <jane.roe@pd.boston.gov>\nTo: john.doe@ice.dhs.gov,\n\t lee.kim@ice.dhs.gov\n"
           b"Subject: a subject\n   folded twice\n\tand thrice\nDate: Tue, 11 Apr 2017\n 15:42:10 -0400\n\nBody.\n")
    (tmp_path / "folded.eml").write_bytes(raw)
    row = ingest(tmp_path).messages.iloc[0]
    assert row.sender == "jane.roe@pd.boston.gov"
    assert row.to == ["john.doe@ice.dhs.gov", "lee.kim@ice.dhs.gov"]
    assert row.subject == "a subject folded twice and thrice"
    assert row.sent_at == pd.Timestamp("2017-04-11 15:42:10", tz="America/New_York")


@pytest.mark.parametrize("header, expected", [
    ("Tue, 11 Apr 2017 15:42:10 -0400", "2017-04-11 15:42:10"),
    ("Tue, 11 Apr 2017 19:42:10 GMT", "2017-04-11 15:42:10"),
    ("Tue, 11 Apr 2017 12:42:10 -0700", "2017-04-11 15:42:10"),
    ("11 Apr 2017 15:42:10 EDT", "2017-04-11 15:42:10"),
    ("Tue, 11 Apr 17 15:42:10 -0400", "2017-04-11 15:42:10"),
    ("Tuesday, April 11, 2017 3:42:10 PM", "2017-04-11 15:42:10"),
    ("2017-04-11 15:42:10", "2017-04-11 15:42:10"),
    ("2017-04-11T19:42:10Z", "2017-04-11 15:42:10"),
    ("04/11/2017 15:42:10", "2017-04-11 15:42:10"),
    ("Tue Apr 11 15:42:10 2017", "2017-04-11 15:42:10"),
    ("11.04.2017 15:42:10 +0000", "2017-04-11 11:42:10"),
    ("Tue, 11 Apr 2017 21:42:10 +0200 (CEST)", "2017-04-11 15:42:10"),
])
def test_dates_in_a_dozen_formats_and_zones(tmp_path, header, expected):
    # Raw bytes: the stdlib's message objects would rewrite the Date header on assignment.
    raw = f"From: jane.roe@pd.boston.gov\nSubject: date\nDate: {header}\n\nx\n"
    (tmp_path / "d.eml").write_text(raw)
    assert ingest(tmp_path).messages.sent_at[0] == pd.Timestamp(expected, tz="America/New_York")


def test_a_message_spanning_thirty_pages_is_one_message():
    body = [f"Line {n} of the record." for n in range(30 * 40)]
    chunks = [HEADER + [""] + body[:40]] + [body[i:i + 40] for i in range(40, len(body), 40)]
    pages = [PageText(i + 1, "\n".join(lines)) for i, lines in enumerate(chunks)]
    [message] = split_pages(pages).messages
    assert (message.page_start, message.page_end) == (1, 30)
    assert len(message.page_breaks) == 29
    assert message.body.endswith("Line 1199 of the record.")


def test_duplicates_across_files_are_counted_once(make_pdf, tmp_path):
    page = HEADER + ["", "He is at Nashua Street."]
    make_pdf([page], name="from_sender.pdf")
    make_pdf([["Doe, John"] + page], name="from_recipient.pdf", banner="PRINTED FROM ANOTHER MAILBOX")
    result = ingest(tmp_path)
    assert result.report["totals"]["duplicates"] == 1
    assert result.messages.duplicate_of.notna().sum() == 1


def test_deeply_nested_quoted_history(tmp_path):
    lines = ["Top reply."]
    for depth in range(1, 40):
        lines.append(">" * (depth - 1) + f" On Tue, Apr 11, 2017 at {depth % 12 + 1}:{depth:02d} PM, "
                     f"Person {depth} <p{depth}@ice.dhs.gov> wrote:")
        lines.append(">" * depth + f" Reply number {depth}.")
    message = email.message.EmailMessage()
    message["From"] = "jane.roe@pd.boston.gov"
    message["Subject"] = "deep"
    message["Date"] = "Tue, 11 Apr 2017 23:59:00 -0400"
    message.set_content("\n".join(lines))
    (tmp_path / "deep.eml").write_bytes(bytes(message))
    result = ingest(tmp_path)
    assert result.messages.body[0] == "Top reply."
    assert result.report["totals"]["reconstructed"] >= 30  # the chain is recovered, not lost


def test_extremely_long_lines(make_pdf, tmp_path):
    (tmp_path / "long.txt").write_text("\n".join(HEADER + ["", "x" * 2_000_000, "end"]))
    result = ingest(tmp_path)
    assert result.report["files"][0]["status"] == "read"
    assert result.messages.body[0].endswith("end")


def test_zip_with_a_bad_member_keeps_the_good_ones(make_pdf, tmp_path):
    good = make_pdf([HEADER + ["", "ok"]], name="good.pdf")
    release = tmp_path / "release"
    release.mkdir()
    with zipfile.ZipFile(release / "release.zip", "w") as archive:
        archive.write(good, "good.pdf")
        archive.writestr("bad.pdf", b"%PDF-1.4 truncated")
        archive.writestr("noise.eml", bytes(range(256)) * 8)
    report = ingest(release).report
    statuses = {f["file"]: f["status"] for f in report["files"]}
    assert statuses == {"release.zip/bad.pdf": "failed", "release.zip/good.pdf": "read",
                        "release.zip/noise.eml": "failed"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from([".pdf", ".eml", ".mbox", ".msg", ".txt", ".zip", ""]))
def test_any_bytes_under_any_name_never_crash_the_run(tmp_path_factory, content, suffix):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"file{suffix}"
    path.write_bytes(content)
    result = ingest_file(path, path.name)
    assert result.report["status"] in {"read", "failed", "skipped"}
    if result.report["status"] != "read":
        assert result.report["reason"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(HEADER + ["", "text", "-----Original Message-----", "> q"]),
                         max_size=12), min_size=1, max_size=5))
def test_reingest_is_idempotent(tmp_path_factory, page_lines):
    folder = tmp_path_factory.mktemp("idem")
    path = folder / "pages.txt"
    path.write_text("\f".join("\n".join(lines) for lines in page_lines))
    first, second = ingest(path), ingest(path)
    pd.testing.assert_frame_equal(first.messages, second.messages)
    assert first.report == second.report
    if not path.stat().st_size:
        assert first.report["files"][0]["reason"] == "the file is empty (0 bytes)"
        return
    pages = first.pages
    assert len(pages) == len(page_lines)
    assert pages.status.isin(["message", "not parsed"]).all()


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=pd.Timestamp("1995-01-01").to_pydatetime(),
                    max_value=pd.Timestamp("2035-01-01").to_pydatetime()),
       st.sampled_from(["%A, %B %d, %Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p", "%a, %d %b %Y %H:%M:%S -0500",
                        "%a, %b %d, %Y at %I:%M %p", "%Y-%m-%d %H:%M"]))
def test_printed_dates_round_trip_to_the_minute(moment, layout):
    parsed = parse_date(moment.strftime(layout))
    assert parsed is not None
    if "-0500" in layout:
        assert parsed.tz_convert("UTC").tz_localize(None).floor("min") == (
            pd.Timestamp(moment) + pd.Timedelta(hours=5)).floor("min")
    else:
        assert parsed.tz_localize(None).floor("min") == pd.Timestamp(moment).floor("min")
