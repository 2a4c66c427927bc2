"""A release of ten .eml files counts each of its messages once, as real releases print them.

Two messages are in the release on their own and again inside the quoted
history of later replies, quoted by Outlook ("From:/Sent:/To:/Subject:") and by
Gmail ("On ... wrote:"), with the time printed to the minute (rounded) and in
UTC taken for local time; signatures, a notice and "Sent from my iPhone" are cut
and lines rewrapped in the quotes. One reply was exported again from the other
mailbox with its Date in UTC and no zone. A message never printed on its own is
quoted twice, once in each zone. A short "OK, thanks." is sent twice a minute
apart: two messages.
"""

from __future__ import annotations

import email.message
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from lib.core.schema import TIMEZONE
from lib.ingest.assemble import assemble_to_parquet, write_file_parts
from lib.ingest.release import ingest, ingest_file, release_files

JANE = ("Jane Roe", "jane.roe@pd.boston.gov")
JOHN = ("John Doe", "john.doe@ice.dhs.gov")
KYLE = ("Kyle Love", "kyle.love@pd.boston.gov")
PEADAR = ("Peadar Allen", "peadar.s.allen@ice.dhs.gov")
SAM = ("Sam Poe", "sam.poe@pd.boston.gov")
BPD_SIGNATURE = "Det. Jane Roe\nBoston Police Department\nOffice: 617-555-0101"
NOTICE = ("CONFIDENTIALITY NOTICE: This e-mail and any attachments are intended only for the addressee and may "
          "contain confidential criminal offender record information.")


@dataclass
class Mail:
    sender: tuple[str, str]
    to: tuple[str, str]
    sent: str  # local time, to the second
    subject: str
    text: str  # as the sender wrote it, signature and all

    @property
    def at(self) -> pd.Timestamp:
        return pd.Timestamp(self.sent, tz=TIMEZONE)


# The ten true messages; C1 was never printed on its own.
A1 = Mail(JANE, JOHN, "2017-07-17 09:35:42", "Detainer lodged - VALLES",
          "John,\n\nEva VALLES BRIONES was booked at District B-2 this morning on a default warrant. We will hold "
          "her for the detainer until arraignment tomorrow at Roxbury District Court.\n\nThanks,\nJane\n\n"
          f"{BPD_SIGNATURE}\n\n{NOTICE}")
A2 = Mail(JOHN, JANE, "2017-07-17 11:02:10", "RE: Detainer lodged - VALLES",
          "Jane,\n\nThank you. An officer from ERO Burlington will be at Roxbury District Court at 9 AM to take "
          "custody after the arraignment.\n\nJohn Doe\nDeportation Officer, ERO Boston\n\nSent from my iPhone")
A3 = Mail(JANE, JOHN, "2017-07-17 14:20:05", "RE: Detainer lodged - VALLES",
          "John,\n\nArraignment moved to the afternoon session, 2 PM. I will call the clerk and let you know if it "
          f"changes again.\n\nJane\n\n{BPD_SIGNATURE}")
B1 = Mail(KYLE, JOHN, "2017-07-20 16:48:31", "Release tomorrow",
          "Hi John,\n\nOrdonez is being released tomorrow morning from Nashua Street around 9 AM. Can your team "
          "pick him up at the sally port?\n\nThanks,\nKyle\n\nSent from my iPhone")
B2 = Mail(JOHN, KYLE, "2017-07-20 17:30:00", "Re: Release tomorrow",
          "Kyle,\n\nYes, two officers will be at the sally port at 8:45 AM. Please call me if the time changes."
          "\n\nJohn\n\nSent from my iPhone")
B3 = Mail(KYLE, JOHN, "2017-07-20 17:45:10", "Re: Release tomorrow", "OK, thanks.")
D1 = Mail(KYLE, SAM, "2017-07-20 17:46:20", "Re: Release tomorrow", "OK, thanks.")
C1 = Mail(PEADAR, JANE, "2017-08-02 10:15:20", "Transport for ORDONEZ",
          "Jane,\n\nWe need the booking photo and the fingerprint card for ORDONEZ before transport on Friday. Can "
          "you send them today?\n\nV/r\nPeadar Allen\nSupervisory Detention and Deportation Officer")
C2 = Mail(JANE, PEADAR, "2017-08-02 11:00:00", "RE: Transport for ORDONEZ",
          "Peadar,\n\nAttached are the booking photo and the fingerprint card. The originals stay with the "
          f"District B-2 file.\n\nThanks,\nJane\n\n{BPD_SIGNATURE}\n\n{NOTICE}")
C3 = Mail(JOHN, PEADAR, "2017-08-02 15:30:00", "FW: Transport for ORDONEZ",
          "Peadar,\n\nPhoto and prints from BPD below. I will bring them to the van on Friday.\n\nJohn")
TRUE_MESSAGES = [A1, A2, A3, B1, B2, B3, D1, C1, C2, C3]


def wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.fill(paragraph, width) for paragraph in text.split("\n"))


def cut(text: str, end: str) -> str:
    """The text down to and including ``end``: a quote that dropped the signature below it."""
    return text[:text.index(end) + len(end)]


def clock(stamp: pd.Timestamp, rounded: bool = False, utc: bool = False) -> pd.Timestamp:
    """A time as a client prints it: to the minute, and in UTC where its zone was set so."""
    stamp = stamp.tz_convert("UTC") if utc else stamp
    return stamp.round("min") if rounded else stamp.floor("min")


def outlook(mail: Mail, printed: pd.Timestamp, text: str, address: bool = False) -> str:
    def last_first(person):
        first, last = person[0].split(" ", 1)
        return f"{last}, {first}"
    sender = last_first(mail.sender) + (f" <{mail.sender[1]}>" if address else "")
    return (f"-----Original Message-----\nFrom: {sender}\n"
            f"Sent: {printed.strftime('%A, %B %-d, %Y %-I:%M %p')}\nTo: {last_first(mail.to)}\n"
            f"Subject: {mail.subject}\n\n{text}")


def gmail(mail: Mail, printed: pd.Timestamp, text: str) -> str:
    name, address = mail.sender
    lines = [f"On {printed.strftime('%a, %b %-d, %Y at %-I:%M %p')}, {name} <{address}> wrote:"]
    return "\n".join(lines + [f"> {line}" if line else ">" for line in text.split("\n")])


def write_eml(folder: Path, name: str, mail: Mail, quoted: str = "", date: str | None = None,
              replying_to: str = "<first@release.test>") -> None:
    """One mail file; headers are written as given (the compat32 policy), so a Date may lack its zone."""
    message = email.message.Message()
    message["From"] = f"{mail.sender[0]} <{mail.sender[1]}>"
    message["To"] = f"{mail.to[0]} <{mail.to[1]}>"
    message["Subject"] = mail.subject
    message["Date"] = date or mail.at.strftime("%a, %d %b %Y %H:%M:%S %z")
    message["Message-ID"] = f"<{name}@release.test>"
    message["In-Reply-To"] = replying_to
    message.set_payload(mail.text + (f"\n\n{quoted}" if quoted else "") + "\n", charset="utf-8")
    (folder / f"{name}.eml").write_bytes(message.as_bytes())


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ethics-board-release")
    a1_cut = cut(A1.text, "Thanks,\nJane")
    write_eml(folder, "01-detainer-lodged", A1)
    # Quoted by a client set to UTC and rounded to the minute: 09:35:42 local prints as 1:36 PM.
    write_eml(folder, "02-re-detainer-lodged", A2,
              outlook(A1, clock(A1.at, rounded=True, utc=True), wrapped(a1_cut, 100)))
    write_eml(folder, "03-re-detainer-lodged", A3, "\n\n".join([
        outlook(A2, clock(A2.at), A2.text.replace("\n\nSent from my iPhone", "")),
        outlook(A1, clock(A1.at, rounded=True), A1.text)]))
    write_eml(folder, "04-release-tomorrow", B1)
    b1_quoted = wrapped(cut(B1.text, "Thanks,\nKyle"), 72)
    write_eml(folder, "05-re-release-tomorrow", B2, gmail(B1, clock(B1.at, utc=True), b1_quoted))
    b2_own = cut(B2.text, "\n\nJohn")
    write_eml(folder, "06-re-release-tomorrow", B3, gmail(
        B2, clock(B2.at), b2_own + "\n\n" + gmail(B1, clock(B1.at, rounded=True), b1_quoted)))
    write_eml(folder, "07-re-release-tomorrow", D1)
    c1_quoted = cut(C1.text, "Peadar Allen")
    write_eml(folder, "08-re-transport", C2, outlook(C1, clock(C1.at), c1_quoted, address=True))
    write_eml(folder, "09-fw-transport", C3, "\n\n".join([
        outlook(C2, clock(C2.at, utc=True), wrapped(C2.text.replace(f"\n\n{NOTICE}", ""), 80)),
        outlook(C1, clock(C1.at, utc=True), c1_quoted, address=True)]))
    # The reply again, exported from the other mailbox: its Date in UTC without a zone, read as local time.
    write_eml(folder, "10-re-release-tomorrow-kyle-mailbox",
              Mail(B2.sender, B2.to, B2.sent, B2.subject, wrapped(b2_own, 60)),
              gmail(B1, clock(B1.at, utc=True), b1_quoted),
              date=B2.at.tz_convert("UTC").strftime("%a, %d %b %Y %H:%M:%S"))
    return folder


@pytest.fixture(scope="module")
def result(release):
    return ingest(release)


def _who_and_when(row) -> tuple[str, str]:
    return row.sender, row.sent_at.strftime("%Y-%m-%d %H:%M")


def test_each_message_is_counted_once(result):
    messages = result.messages
    assert len(release_files(result.report["release"])) == 10
    assert result.report["totals"]["unique_messages"] == len(TRUE_MESSAGES)
    unique = messages[messages.duplicate_of.isna()]
    found = [_who_and_when(row) for row in unique.itertuples()]
    expected = [(mail.sender[1], mail.at.strftime("%Y-%m-%d %H:%M")) for mail in TRUE_MESSAGES]
    assert sorted(found) == sorted(expected)
    # Only the message never printed on its own is rebuilt from quotes, once though quoted twice.
    [rebuilt] = messages[messages.reconstructed].itertuples()
    assert _who_and_when(rebuilt) == (PEADAR[1], "2017-08-02 10:15")


def test_every_duplicate_is_explained(result):
    messages = result.messages.set_index("message_id")
    duplicates = messages[messages.duplicate_of.notna()]
    assert duplicates.duplicate_reason.notna().all()
    assert messages.duplicate_reason[messages.duplicate_of.isna()].isna().all()
    [(copy_id, copy)] = duplicates.iterrows()
    assert copy.source_file == "10-re-release-tomorrow-kyle-mailbox.eml"
    assert messages.source_file[copy.duplicate_of] == "05-re-release-tomorrow.eml"
    assert copy.duplicate_reason == "same sender, subject and text; 4 h apart (time zone)"


def test_quotes_of_printed_messages_link_to_them_each_with_its_reason(result):
    messages = result.messages
    by_file = {Path(row.source_file).stem[:2]: row.message_id for row in messages.itertuples() if not row.reconstructed}
    rebuilt = messages.message_id[messages.reconstructed].iloc[0]
    copies = {(entry["quoted_in"], entry["same_as"]): entry["reason"] for entry in result.report["quoted_copies"]}
    assert copies == {
        (by_file["02"], by_file["01"]): "same sender, subject and text; 4 h 1 min apart (4 h time zone, rounding)",
        (by_file["03"], by_file["01"]): "same sender, subject and text; sent 1 min apart (rounding)",
        (by_file["05"], by_file["04"]): "same sender and text; 4 h apart (time zone)",
        (by_file["06"], by_file["04"]): "same sender and text; sent 1 min apart (rounding)",
        (by_file["09"], by_file["08"]): "same sender, subject and text; 4 h apart (time zone)",
        (by_file["09"], rebuilt): "same sender, subject and text; 4 h apart (time zone)",
    }
    replies = dict(zip(messages.message_id, messages.in_reply_to))
    assert [replies[by_file[n]] for n in ("02", "03", "05", "06", "08", "09")] == [
        by_file["01"], by_file["02"], by_file["04"], by_file["05"], rebuilt, by_file["08"]]


def test_the_streamed_assembly_counts_the_same(tmp_path, release, result):
    parts = (write_file_parts(ingest_file(path, path.relative_to(release).as_posix()), tmp_path / "parts" / str(n))
             for n, path in enumerate(release_files(release)))
    report = assemble_to_parquet(parts, tmp_path / "messages.parquet", tmp_path / "pages.parquet", str(release))
    assert report == result.report
    result.messages.to_parquet(tmp_path / "expected.parquet", index=False)
    streamed, in_memory = (pd.read_parquet(tmp_path / name) for name in ("messages.parquet", "expected.parquet"))
    # Without a PDF, the in-memory table leaves quoted_page_start untyped: null either way.
    assert streamed.quoted_page_start.isna().all() and in_memory.quoted_page_start.isna().all()
    pd.testing.assert_frame_equal(streamed.drop(columns="quoted_page_start"),
                                  in_memory.drop(columns="quoted_page_start"))
