"""End-to-end ingest on files the tests write: PDFs, mail files, bad input."""

import email.message
import mailbox
import os
import sysconfig
from pathlib import Path

import pandas as pd
import pytest

from lib.core.schema import MESSAGE_COLUMNS, PAGE_COLUMNS
from lib.ingest.files import sniff_kind
from lib.ingest.release import ingest, read_messages, read_pages

REPLY = [
    "From: Roe, Jane <jane.roe@pd.boston.gov>", "Sent: Tuesday, April 11, 2017 3:42 PM",
    "To: Doe, John <john.doe@ice.dhs.gov>", "Subject: RE: Report", "Attachments: report.pdf", "",
    "John, attached. [REDACTED]", "",
    "-----Original Message-----", "From: Doe, John", "Sent: Monday, April 10, 2017 9:00 AM",
    "To: Roe, Jane", "Subject: Report", "", "Can you send the report?",
]
ANSWER = [
    "From: Doe, John <john.doe@ice.dhs.gov>", "Sent: Tuesday, April 11, 2017 4:10 PM",
    "To: Roe, Jane <jane.roe@pd.boston.gov>", "Subject: RE: Report", "", "Thanks!",
]


def test_pdf_production_end_to_end(make_pdf):
    path = make_pdf([["MEMORANDUM OF UNDERSTANDING", "Terms."], REPLY, ANSWER, REPLY], boxes={2: 2})
    result = ingest(path)
    messages = result.messages
    assert list(messages.columns[:len(MESSAGE_COLUMNS)]) == list(MESSAGE_COLUMNS)
    printed = messages[~messages.reconstructed]
    assert printed.page_start.tolist() == [2, 3, 4]
    assert printed.bates_start.tolist() == ["TEST-000002", "TEST-000003", "TEST-000004"]
    first = printed.iloc[0]
    assert first.sender == "jane.roe@pd.boston.gov" and first.sender_name == "Jane Roe"
    assert first.to == ["john.doe@ice.dhs.gov"]
    assert first.sent_at == pd.Timestamp("2017-04-11 15:42", tz="America/New_York")
    assert first.attachments == ["report.pdf"]
    assert first.redactions == 3  # one [REDACTED] mark and two black boxes
    assert "SAMPLE PRINT" not in first.body and "TEST-0000" not in first.body  # furniture removed
    # The same email printed twice is counted once.
    assert printed.iloc[2].duplicate_of == first.message_id
    # The request that survives only as a quote is recovered and linked.
    [recovered] = messages[messages.reconstructed].itertuples()
    assert recovered.sender_name == "John Doe" and recovered.body == "Can you send the report?"
    assert recovered.quoted_in == first.message_id and recovered.page_start == 2
    assert first.in_reply_to == recovered.message_id
    # Every page is accounted for.
    pages = result.pages
    assert list(pages.columns[:len(PAGE_COLUMNS)]) == list(PAGE_COLUMNS)
    assert pages.status.tolist() == ["not parsed", "message", "message", "message"]
    assert result.report["totals"]["pages_not_parsed"] == 1
    assert result.report["pages_not_parsed"][0]["bates"] == "TEST-000001"
    assert pages.loc[1, "redacted_share"] > 0


def test_message_ids_are_stable_across_runs(make_pdf):
    path = make_pdf([REPLY, ANSWER])
    assert read_messages(path).message_id.tolist() == read_messages(path).message_id.tolist()


def test_read_pages_gives_text_and_method(make_pdf):
    pages = read_pages(make_pdf([REPLY]))
    assert pages.method.tolist() == ["text"] and "John, attached." in pages.text[0]


def _email(subject="Pickup", body="He is out at 2pm.", charset=None, **headers):
    message = email.message.EmailMessage()
    message["From"] = headers.get("sender", "Jane Roe <jane.roe@pd.boston.gov>")
    message["To"] = headers.get("to", '"Doe, John" <john.doe@ice.dhs.gov>, lee.kim@ice.dhs.gov')
    message["Subject"] = subject
    if headers.get("date", True):
        message["Date"] = headers.get("date_value", "Tue, 11 Apr 2017 15:42:10 -0400")
    message["Message-ID"] = headers.get("message_id", "<abc@pd.boston.gov>")
    message.set_content(body)
    return message


def test_eml_and_mbox(tmp_path):
    (tmp_path / "one.eml").write_bytes(bytes(_email()))
    box = mailbox.mbox(tmp_path / "box.mbox")
    box.add(_email(subject="First", message_id="<1@x>"))
    box.add(_email(subject="Second", body="Reply.\n\nOn Tue, Apr 11, 2017 at 3:00 PM, John Doe <john.doe@ice.dhs.gov> wrote:\n> Release time?\n", message_id="<2@x>"))
    box.flush()
    result = ingest(tmp_path)
    messages = result.messages[~result.messages.reconstructed].set_index("subject")
    assert messages.loc["Pickup", "to"] == ["john.doe@ice.dhs.gov", "lee.kim@ice.dhs.gov"]
    assert messages.loc["Pickup", "sent_at"] == pd.Timestamp("2017-04-11 15:42:10", tz="America/New_York")
    assert pd.isna(messages.loc["Pickup", "page_start"])
    assert messages.loc["Second", "body"] == "Reply."
    assert messages.loc["Second", "quoted"].startswith("On Tue")
    assert result.report["totals"]["files_read"] == 2
    assert result.report["totals"]["reconstructed"] == 1


def test_latin1_eml_without_charset_is_decoded_with_a_warning(tmp_path):
    raw = (b"From: jane.roe@pd.boston.gov\nTo: john.doe@ice.dhs.gov\nSubject: caf\xe9\n"
           b"Date: Tue, 11 Apr 2017 15:42:10 -0400\nContent-Type: text/plain\n"
           b"Content-Transfer-Encoding: 8bit\n\nJos\xe9 was released from Nashua Street.\n")
    (tmp_path / "latin.eml").write_bytes(raw)
    result = ingest(tmp_path)
    assert "José was released" in result.messages.body[0]
    assert any("decoded as" in w for w in result.report["files"][0]["warnings"])


def test_missing_date_is_null_and_reported(tmp_path):
    (tmp_path / "nodate.eml").write_bytes(bytes(_email(date=False)))
    result = ingest(tmp_path)
    assert pd.isna(result.messages.sent_at[0])
    assert result.report["totals"]["undated_messages"] == 1
    assert "no Date header" in result.report["files"][0]["warnings"][0]


@pytest.mark.parametrize("name, content, reason", [
    ("empty.pdf", b"", "empty"),
    ("random.pdf", os.urandom(4096), "binary content"),
    ("truncated.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "damaged"),
    ("notes.pdf", b"just some text, not a pdf", "not PDF"),
    ("archive.zip", b"PK\x03\x04" + b"\0" * 100, "damaged zip"),
])
def test_bad_files_are_reported_and_the_rest_goes_through(make_pdf, tmp_path, name, content, reason):
    make_pdf([ANSWER], name="good.pdf")
    (tmp_path / name).write_bytes(content)
    result = ingest(tmp_path)
    entries = {entry["file"]: entry for entry in result.report["files"]}
    assert entries[name]["status"] == "failed"
    assert reason in entries[name]["reason"]
    assert entries["good.pdf"]["status"] == "read"
    assert len(result.messages) == 1


def test_encrypted_pdf_needs_its_password(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", canPrint=1))
    for i, line in enumerate(ANSWER):
        pdf.drawString(72, 700 - 14 * i, line)
    pdf.showPage()
    pdf.save()
    locked = ingest(path)
    assert "encrypted" in locked.report["files"][0]["reason"]
    assert len(ingest(path, password="secret").messages) == 1


def test_sniffing_ignores_misleading_extensions(make_pdf, tmp_path):
    pdf = make_pdf([ANSWER])
    renamed = tmp_path / "message.eml"
    renamed.write_bytes(pdf.read_bytes())
    assert sniff_kind(renamed) == "pdf"
    result = ingest(renamed)
    assert len(result.messages) == 1
    assert "content is pdf" in result.report["files"][0]["warnings"][0]


def _stdlib_email_corpus() -> list[Path]:
    folder = Path(sysconfig.get_paths()["stdlib"]) / "test" / "test_email" / "data"
    return sorted(folder.glob("msg_*.txt"))


@pytest.mark.skipif(not _stdlib_email_corpus(), reason="this Python was installed without its test suite")
def test_real_world_mail_from_the_python_test_suite(tmp_path):
    """Python's own email test messages: real-world MIME oddities this project did not write."""
    corpus = _stdlib_email_corpus()
    for path in corpus:
        (tmp_path / f"{path.stem}.eml").write_bytes(path.read_bytes())
    result = ingest(tmp_path)
    files = result.report["files"]
    assert len(files) == len(corpus)
    failed = [f for f in files if f["status"] != "read"]
    assert not failed, failed
    assert result.messages.source_file.nunique() == len(corpus)


def test_zip_archive_of_a_release_is_read_member_by_member(make_pdf, tmp_path):
    import zipfile

    pdf = make_pdf([REPLY, ANSWER], name="inner.pdf")
    release = tmp_path / "release"
    release.mkdir()
    with zipfile.ZipFile(release / "production.zip", "w") as archive:
        archive.write(pdf, "vol1/production.pdf")
        archive.writestr("vol1/mail/one.eml", bytes(_email()))
        archive.writestr("vol1/empty.pdf", b"")
    result = ingest(release)
    files = {f["file"]: f for f in result.report["files"]}
    assert files["production.zip/vol1/production.pdf"]["status"] == "read"
    assert files["production.zip/vol1/empty.pdf"]["reason"] == "the file is empty (0 bytes)"
    assert result.report["archives"][0]["file"] == "production.zip"
    printed = result.messages[~result.messages.reconstructed]
    assert set(printed.source_file) == {"production.zip/vol1/production.pdf", "production.zip/vol1/mail/one.eml"}
    assert result.pages.source_file.str.startswith("production.zip/").all()


def test_recipient_lists_survive_a_parquet_round_trip(make_pdf, tmp_path):
    from lib.core.schema import coerce_messages

    messages = ingest(make_pdf([REPLY])).messages
    path = tmp_path / "m.parquet"
    messages.to_parquet(path)
    again = coerce_messages(pd.read_parquet(path))
    assert again.to[0] == ["john.doe@ice.dhs.gov"] and again.attachments[0] == ["report.pdf"]


def test_bates_with_a_digit_split_off_by_ocr():
    from lib.ingest.bates import find_bates

    assert find_bates("body\nBPD-ICE-00081 1") == "BPD-ICE-000811"
    assert find_bates("body\nBPD-ICE-OOO12l") == "BPD-ICE-000121"
