"""The synthetic sample release generator: determinism, scaling, page furniture, truth, mail files.

Generates small releases (scale 0.05) into temporary folders; the committed
sample in data/raw/sample is only checked against its manifest and truth.
The scanned volume has no text layer: its pages are checked here through the
answer key and the images; tests/test_sample_scanned.py reads them with OCR.
"""

from __future__ import annotations

import csv
import email
import json
import mailbox
import re
from email import policy
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from lib.sample import BANNER, check_manifest, generate
from lib.sample.manifest import MANIFEST_NAME
from lib.sample.pdf import MARGIN_LEFT, PAGE_HEIGHT, Field, Furniture, Line, Production
from lib.sample.redaction import redact
from lib.sample.scan import scan_pdf
from lib.sample.scanned import SCANNED_FILE, redactable_bands

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "data" / "raw" / "sample"
COMMITTED_TRUTH = REPO / "tests" / "data" / "sample_truth.json"
SMALL = 0.05
#: Files of the committed sample folder not written by the generator (which leaves them be): the claims, by hand;
#: the review labels, by `python -m lib review sample` and `review extend` from the answer key and the labels read by
#: hand (README, "On the synthetic sample").
KEPT_BY_HAND = {"claims.yaml", "review_labels.csv"}
BATES = re.compile(r"BPD-ICE-\d{6}")
MARK = re.compile(r"\(b\)\(6\);\(b\)\(7\)\(C\)|\(b\)\(6\)|\(b\)\(7\)\(C\)|\(b\)\(7\)\(E\)|\[REDACTED\]")


def _release(folder: Path, scale: float = SMALL, **options) -> tuple[Path, dict]:
    out = folder / "release"
    truth_path = folder / "truth.json"
    generate(out, truth_path, scale=scale, **options)
    return out, json.loads(truth_path.read_text(encoding="utf-8"))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _page_texts(folder: Path, truth: dict) -> dict[tuple[str, int], str]:
    """Text layer of every page of the files that have one (not the scanned volume)."""
    texts = {}
    for name in _text_files(truth):
        pdf = pdfium.PdfDocument(folder / name)
        for i in range(len(pdf)):
            texts[(name, i + 1)] = pdf[i].get_textpage().get_text_range()
        pdf.close()
    return texts


def _text_files(truth: dict) -> list[str]:
    return [name for name in truth["summary"]["pages_by_file"] if name not in truth["summary"]["scanned_files"]]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out, truth = _release(tmp_path_factory.mktemp("small"))
    return out, truth, _page_texts(out, truth)


def test_same_seed_and_scale_give_byte_identical_output(small, tmp_path):
    out, truth, _ = small
    again, truth_again = _release(tmp_path)
    first, second = _files(out), _files(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert truth_again == truth


def test_another_seed_gives_another_release(small, tmp_path):
    out, _, _ = small
    other, _ = _release(tmp_path, seed=7)
    assert _files(other)["BPD-ICE-Production-Vol1-2017.pdf"] != _files(out)["BPD-ICE-Production-Vol1-2017.pdf"]


def test_page_count_grows_with_scale(small, tmp_path):
    _, truth, _ = small
    _, bigger = _release(tmp_path, scale=0.2)
    ratio = bigger["summary"]["pages"] / truth["summary"]["pages"]
    assert 2.5 < ratio < 6, ratio
    assert bigger["summary"]["messages"] > 2.5 * truth["summary"]["messages"]


def test_every_page_has_the_banner_and_its_bates_number(small):
    _, truth, texts = small
    assert len(texts) == truth["summary"]["pages"] - truth["summary"]["scanned_pages"]
    for page in (p for p in truth["pages"] if p["scan"] is None):
        text = texts[(page["file"], page["page"])]
        assert BANNER in text, page
        assert BATES.findall(text) == [page["bates"]], page


def test_bates_numbers_are_sequential_and_unique_across_volumes(small):
    _, truth, _ = small
    numbers = [int(page["bates"].rsplit("-", 1)[1]) for page in truth["pages"]]
    assert numbers == list(range(1, len(numbers) + 1))
    files = list(dict.fromkeys(page["file"] for page in truth["pages"]))
    assert files == ["BPD-ICE-Production-Vol1-2017.pdf", "BPD-ICE-Production-Vol2-2019.pdf", "MOU-2014.pdf",
                     SCANNED_FILE]


def test_truth_covers_every_page_and_every_printing(small):
    out, truth, _ = small
    messages = {m["truth_id"]: m for m in truth["messages"]}
    for name, count in truth["summary"]["pages_by_file"].items():
        assert len(pdfium.PdfDocument(out / name)) == count
        assert sorted(p["page"] for p in truth["pages"] if p["file"] == name) == list(range(1, count + 1))
    claimed = {}
    for m in truth["messages"]:
        for printing in m["printed"]:
            if "page_start" not in printing:
                continue
            for page in range(printing["page_start"], printing["page_end"] + 1):
                assert (printing["file"], page) not in claimed
                claimed[(printing["file"], page)] = m["truth_id"]
    for page in truth["pages"]:
        owner = claimed.get((page["file"], page["page"]))
        assert page["belongs_to"] == owner, page
        if page["kind"] == "mou":
            assert owner is None
        else:
            assert owner in messages and page["kind"] in ("email", "continuation", "attachment")
    firsts = [p for p in truth["pages"] if p["kind"] == "email"]
    assert len(firsts) == truth["summary"]["printings"]


def test_printed_pages_show_the_message(small):
    _, truth, texts = small
    for m in truth["messages"]:
        for printing in (p for p in m["printed"] if "page_start" in p and p["file"] != SCANNED_FILE):
            first = texts[(printing["file"], printing["page_start"])]
            assert m["subject"][:40] in first.replace("\r\n", " ") or m["subject"][:40] in first, m["truth_id"]
            # spacing around redaction labels depends on the extractor: compare without whitespace
            text = "".join(texts[(printing["file"], n)] for n in range(printing["page_start"], printing["page_end"] + 1))
            body_start = re.sub(r"\s+", "", m["body"])[:30]
            assert body_start in re.sub(r"\s+", "", text), (m["truth_id"], body_start)


def test_print_styles_duplicates_and_quoted_only_messages(small):
    _, truth, _ = small
    summary = truth["summary"]
    assert set(summary["print_styles"]) == {"outlook", "date-first", "gmail"}
    assert summary["print_styles"]["outlook"] == max(summary["print_styles"].values())
    assert summary["duplicates"] >= 1 and summary["quoted_only"] >= 1
    messages = {m["truth_id"]: m for m in truth["messages"]}
    for m in truth["messages"]:
        pdf_printings = [p for p in m["printed"] if "page_start" in p]
        if m["quoted_only"]:
            assert pdf_printings == [] and m["quoted_in"]
            assert any(messages[r]["printed"] for r in m["quoted_in"])
        if len(pdf_printings) > 1:
            assert [p["duplicate"] for p in pdf_printings].count(True) == len(pdf_printings) - 1
            assert len({p["mailbox"] for p in pdf_printings}) == len(pdf_printings)
        if m["in_reply_to"]:
            assert m["truth_id"] in messages[m["in_reply_to"]]["quoted_in"]


def test_planted_phrases_are_exactly_where_the_truth_says(small):
    _, truth, _ = small
    phrases = ("happy hunting", "good hunting", "got him", "bagged", "scooped up", "illegal alien", "illegals",
               "hunting license", "duck hunting trip")
    for m in truth["messages"]:
        body = m["body"].lower()
        for phrase in phrases:
            recorded = [p for p in m["phrases"] + m["decoys"] if p["phrase"] == phrase]
            assert body.count(phrase) == len(recorded), (m["truth_id"], phrase)
        for planted in m["phrases"] + m["decoys"]:
            assert planted["text"] in m["body"]
    assert any(p["phrase"] == "happy hunting" for m in truth["messages"] if m["kind"] == "detainer"
               for p in m["phrases"])


def test_redaction_counts_match_the_marks_in_each_body(small):
    _, truth, _ = small
    for m in truth["messages"]:
        assert len(MARK.findall(m["body"])) == m["redactions"] == len(m["redaction_marks"]), m["truth_id"]
    assert truth["summary"]["redactions_on_pages"] > 0


def test_redaction_boxes_hide_their_text(tmp_path):
    production = Production(tmp_path / "r.pdf", "r.pdf", 1, "redaction test")
    production.add([Field("Cell", redact("b6", "(617) 555-0123")),
                    Line(f"Officers {redact('b6b7c', 'Jane Roe and John Doe')} will be there."),
                    Line(f"Victim {redact('redacted', 'Mary Major', boxed=False)} declined.")],
                   Furniture(), "M1")
    production.save()
    page = pdfium.PdfDocument(tmp_path / "r.pdf")[0]
    text = page.get_textpage().get_text_range()
    assert "555-0123" not in text and "Jane Roe" not in text and "Mary Major" not in text
    assert "(b)(6)" in text and "(b)(6);(b)(7)(C)" in text and "[REDACTED]" in text
    assert production.pages[0]["redactions"] == 3 and production.pages[0]["redacted_share"] > 0


def test_truth_people_and_messages_are_consistent(small):
    _, truth, _ = small
    people = {p["person_id"]: p for p in truth["people"]}
    addresses = {p["email"] for p in people.values() if p["role"] == "official" and p["email"]}
    categories = {"name", "dob", "address", "phone", "a_number", "license", "police_report"}
    for m in truth["messages"]:
        assert m["sender"] in addresses and set(m["to"] + m["cc"]) <= addresses
        assert set(m["subjects"]) <= set(people) and set(m["personal_data"]) <= categories
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00", m["sent_at"])
        assert m["sent_at"][:7] in {f"2017-{n:02d}" for n in range(3, 9)} | {f"2019-{n:02d}" for n in range(1, 7)}
        assert m["direction"] in ("police->ice", "ice->police", "internal", "other")
        for charge in m["charges"]:
            assert charge["text_as_written"] and charge["chapter"] and charge["level_hint"] in ("misdemeanor", "felony")
    subjects = [p for p in people.values() if p["role"] == "subject"]
    assert subjects and all(re.fullmatch(r"\d{9}", s["a_number"]) for s in subjects)
    assert all(s["phone"][3:6] == "555" and s["phone"][6:8] == "01" for s in subjects)


def test_mail_files_are_proper_messages_of_the_same_world(small):
    out, truth, _ = small
    messages = {m["truth_id"]: m for m in truth["messages"]}
    by_file = {p["file"]: m for m in truth["messages"] for p in m["printed"] if p.get("format") == "eml"}
    assert 5 <= len(by_file) <= 10
    multipart = quoted_printable = 0
    ids = {}
    for name, m in by_file.items():
        parsed = email.message_from_bytes((out / name).read_bytes(), policy=policy.default)
        assert parsed["Message-ID"] and parsed["Date"] and parsed["X-Sample-Data"] == BANNER
        assert parsed["From"].addresses[0].addr_spec.lower() == m["sender"]
        assert parsed["Subject"] == m["subject"]
        ids[m["truth_id"]] = parsed["Message-ID"]
        multipart += parsed.is_multipart()
        quoted_printable += any(part.get("Content-Transfer-Encoding") == "quoted-printable" for part in parsed.walk())
        if m["in_reply_to"] in ids:
            assert parsed["In-Reply-To"] == ids[m["in_reply_to"]]
    assert multipart >= 1 and quoted_printable >= 1
    in_mbox = [m for m in messages.values() if any(p.get("format") == "mbox" for p in m["printed"])]
    box = mailbox.mbox(out / "mail" / "TFO-mailbox-export.mbox")
    assert len(box) == len(in_mbox) >= 6
    parsed = [email.message_from_bytes(box.get_bytes(key), policy=policy.default) for key in box.keys()]
    assert [msg["Subject"] for msg in parsed] == [m["subject"] for m in in_mbox]
    assert [msg["From"].addresses[0].addr_spec.lower() for msg in parsed] == [m["sender"] for m in in_mbox]


def test_events_readme_and_manifest(small):
    out, _, _ = small
    with (out / "events.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == ["date", "event", "description", "source_url"]
    assert all(r["event"].startswith("Sample:") and r["source_url"].startswith("https://example.org/") for r in rows)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC SAMPLE DATA" in readme and "python -m lib.sample" in readme
    assert check_manifest(out) == []
    lines = (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines, key=lambda line: line.split("  ", 1)[1])
    assert all(re.fullmatch(r"[0-9a-f]{64}  \S.*", line) for line in lines)
    assert {line.split("  ", 1)[1] for line in lines} == set(_files(out)) - {MANIFEST_NAME}


def test_committed_sample_matches_its_manifest():
    assert (COMMITTED / MANIFEST_NAME).exists()
    assert check_manifest(COMMITTED) == []


@pytest.mark.slow
def test_committed_sample_is_what_the_generator_makes(tmp_path):
    """Regenerating at the committed seed and scale gives the same bytes, scanned volume included."""
    truth = json.loads(COMMITTED_TRUTH.read_text(encoding="utf-8"))
    fresh, fresh_truth = _release(tmp_path, scale=truth["generator"]["scale"], seed=truth["generator"]["seed"])
    committed = {name: data for name, data in _files(COMMITTED).items()
                 if name != MANIFEST_NAME and name not in KEPT_BY_HAND}
    made = {name: data for name, data in _files(fresh).items() if name != MANIFEST_NAME}
    assert sorted(committed) == sorted(made)
    assert [name for name in made if made[name] != committed[name]] == []
    assert fresh_truth == truth


def test_committed_truth_describes_the_committed_sample():
    truth = json.loads(COMMITTED_TRUTH.read_text(encoding="utf-8"))
    for name, count in truth["summary"]["pages_by_file"].items():
        assert len(pdfium.PdfDocument(COMMITTED / name)) == count
    assert 700 <= truth["summary"]["pages"] <= 900
    assert truth["generator"]["scale"] == 1.0


# -- the scanned volume ----------------------------------------------------------------------------

def test_scanned_volume_is_image_only_and_continues_the_bates_numbers(small):
    out, truth, _ = small
    summary = truth["summary"]
    assert summary["scanned_files"] == [SCANNED_FILE]
    document = pdfium.PdfDocument(out / SCANNED_FILE)
    assert len(document) == summary["pages_by_file"][SCANNED_FILE] == summary["scanned_pages"] >= 1
    assert all(page.get_textpage().get_text_range().strip() == "" for page in document)
    assert all(len(list(page.get_objects())) == 1 for page in document)  # one image a page
    document.close()
    scanned = [p for p in truth["pages"] if p["file"] == SCANNED_FILE]
    others = [p for p in truth["pages"] if p["file"] != SCANNED_FILE]
    assert all(p["scan"] is not None for p in scanned) and all(p["scan"] is None for p in others)
    assert int(scanned[0]["bates"][-6:]) == int(others[-1]["bates"][-6:]) + 1
    assert all(-1 <= p["scan"]["skew_degrees"] <= 1 for p in scanned)


def test_scanned_volume_holds_threads_of_its_own(small):
    _, truth, _ = small
    in_file: dict[str, set[str]] = {}
    for m in truth["messages"]:
        for printing in m["printed"]:
            in_file.setdefault(m["thread_id"], set()).add(printing["file"])
    scanned_threads = {t for t, files in in_file.items() if SCANNED_FILE in files}
    assert scanned_threads and all(in_file[t] == {SCANNED_FILE} for t in scanned_threads)
    scanned_messages = [m for m in truth["messages"] if m["thread_id"] in scanned_threads]
    assert len(scanned_messages) == truth["summary"]["messages_scanned"]
    assert all(m["sent_at"].startswith("2019-") and m["channel"] == "pdf" for m in scanned_messages)
    assert all(m["phrases"] == [] and m["decoys"] == [] for m in scanned_messages)


def test_committed_scanned_volume_is_a_small_mixed_production():
    truth = json.loads(COMMITTED_TRUTH.read_text(encoding="utf-8"))
    assert 30 <= truth["summary"]["scanned_pages"] <= 50
    assert (COMMITTED / SCANNED_FILE).stat().st_size < 5_000_000
    pages = [p for p in truth["pages"] if p["file"] == SCANNED_FILE]
    printings = [p for m in truth["messages"] for p in m["printed"] if p["file"] == SCANNED_FILE]
    assert {p["print_style"] for p in printings} == {"outlook", "date-first", "gmail"}
    assert {p["kind"] for p in pages} == {"email", "continuation", "attachment"}
    assert sum(p["redactions"] for p in pages) > 0  # the exemption marks printed before the scan
    boxed = [p for p in pages if p["scan"]["redaction_box"]]
    assert 3 <= len(boxed) < len(pages) / 2


def test_marker_boxes_cover_only_signature_lines():
    truth = json.loads(COMMITTED_TRUTH.read_text(encoding="utf-8"))
    by_id = {m["truth_id"]: m for m in truth["messages"]}
    boxed = [p for p in truth["pages"] if p["scan"] and p["scan"]["redaction_box"]]
    assert boxed
    for page in boxed:
        hidden = page["scan"]["hidden_text"]
        # The message printed on the page, or one it quotes, signed with the line under the box.
        record = by_id[page["belongs_to"]]
        chain = [record]
        while chain[-1]["in_reply_to"]:
            chain.append(by_id[chain[-1]["in_reply_to"]])
        assert hidden and any(hidden in m["body"] for m in chain), page


def test_redactable_bands_are_the_signature_lines_only(tmp_path):
    production = Production(tmp_path / "p.pdf", "p.pdf", 1, "bands", keep_ops=True)
    signature = ["Det. Jane Roe", "Boston Police Department"]
    production.add([Field("From", "Roe, Jane <jane.roe@pd.boston.gov>"), Field("Subject", "Boston Police Department"),
                    Line("Please see below about the Boston Police Department."), Line(""), *map(Line, signature),
                    Line("From: Doe, John"), Line("Boston Police Department")],
                   Furniture(), "M1")
    production.save()
    ops = production.content_ops[0]
    bands = redactable_bands(ops, set(signature))
    # Not the subject, the sentence, nor the same words under a quoted header.
    drawn = [op for op in ops if op[0] == "text" and op[5] in signature and op[1] == MARGIN_LEFT]
    assert [op[5] for op in drawn] == ["Det. Jane Roe", "Boston Police Department", "Boston Police Department"]
    assert len(bands) == 2
    for (top, bottom), op in zip(bands, drawn[:2]):
        assert top <= PAGE_HEIGHT - op[2] <= bottom


def test_scan_puts_a_redaction_box_only_where_allowed(tmp_path):
    production = Production(tmp_path / "p.pdf", "p.pdf", 1, "bands")
    lines = [Line(f"Line number {n} of the message body, long enough to black out a part.") for n in range(40)]
    production.add(lines, Furniture(), "M1")
    production.save()
    band = (400.0, 420.0)
    [page] = scan_pdf(tmp_path / "p.pdf", tmp_path / "s.pdf", seed=1, redaction_share=1.0, redactable={1: [band]})
    left, top, right, bottom = page.redaction_box
    assert 400 <= (top + bottom) / 2 <= 420
    [page] = scan_pdf(tmp_path / "p.pdf", tmp_path / "s.pdf", seed=1, redaction_share=1.0, redactable={})
    assert page.redaction_box is None


def test_regenerating_touches_only_changed_files_and_keeps_hand_written_ones(tmp_path):
    out, _ = _release(tmp_path)
    (out / "claims.yaml").write_text("claims: []\n", encoding="utf-8")
    (out / "events.csv").write_text("changed by hand\n", encoding="utf-8")
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    _release(tmp_path)
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert set(after) == set(before)
    changed = {p.relative_to(out).as_posix() for p in after if after[p] != before[p]}
    assert changed == {"events.csv", MANIFEST_NAME}
    assert (out / "claims.yaml").read_text(encoding="utf-8") == "claims: []\n"
    assert check_manifest(out) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no scratch folder left
