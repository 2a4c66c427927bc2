"""The build in batches gives the same tables as the same work done on whole tables."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib import entities as nlp
from lib.charges.links import link_charges
from lib.charges.names import _name_pattern, _NameFinder
from lib.charges.release import link_release
from lib.charges.severity import subject_severity
from lib.core.tables import concat_parts, iter_frames, iter_joined_batches, system_allocator, write_part
from lib.entities.table import resolve_batches
from lib.ingest.assemble import assemble_to_parquet, write_file_parts
from lib.ingest.release import OcrSettings, assemble, ingest_file, release_files
from lib.language import find, in_sending_order
from lib.pipeline import parallel


def _square(value: int) -> int:
    return value * value


@pytest.mark.parametrize("options", [{}, {"workers": 2}, {"isolate": True}])
def test_ordered_imap_keeps_input_order(options):
    assert list(parallel.ordered_imap(_square, iter(range(20)), **options)) == [i * i for i in range(20)]


def test_ordered_imap_reads_its_input_only_a_window_ahead():
    pulled = []

    def items():
        for i in itertools.count():
            pulled.append(i)
            yield i

    results = parallel.ordered_imap(_square, items(), workers=2)
    assert next(results) == 0
    assert len(pulled) <= 2 * 2 + 1  # the window, and the item that filled it
    results.close()


def test_concat_parts_joins_parts_whose_columns_differ(tmp_path):
    first = pd.DataFrame({"id": pd.Series(["a"], dtype="string"), "tags": [[]], "note": [None]})
    second = pd.DataFrame({"id": pd.Series(["b", "c"], dtype="string"), "tags": [["x"], ["y", "z"]],
                           "note": ["n", None], "extra": [1.5, None]})
    parts = [write_part(first, tmp_path / "1.parquet"), write_part(second, tmp_path / "2.parquet")]
    assert concat_parts(parts, tmp_path / "all.parquet") == 3
    joined = pd.read_parquet(tmp_path / "all.parquet")
    assert joined["id"].tolist() == ["a", "b", "c"]
    assert joined["id"].dtype == pd.StringDtype()
    assert [list(t) for t in joined["tags"]] == [[], ["x"], ["y", "z"]]
    assert joined["note"].isna().tolist() == [True, False, True]
    assert joined["extra"].isna().tolist() == [True, False, True]


def test_iter_frames_gives_batches_with_the_tables_dtypes(tmp_path, sample_processed):
    path = sample_processed / "messages.parquet"
    whole = pd.read_parquet(path, columns=["message_id", "sent_at", "page_start", "to"])
    batches = list(iter_frames(path, columns=["message_id", "sent_at", "page_start", "to"], batch_rows=100))
    assert len(batches) == -(-len(whole) // 100)
    pd.testing.assert_frame_equal(pd.concat(batches, ignore_index=True), whole)


@pytest.fixture(scope="module")
def sample_file_results(sample_raw):
    # Text-layer files only: the scanned volume's OCR is tested elsewhere.
    files = [f for f in release_files(sample_raw) if "scanned" not in f.as_posix()]
    return [ingest_file(f, f.relative_to(sample_raw).as_posix(), ocr=OcrSettings(enabled=False)) for f in files]


def test_streamed_assembly_gives_the_in_memory_tables(tmp_path, sample_file_results):
    in_memory = assemble(sample_file_results, "sample")
    parts = (write_file_parts(result, tmp_path / "parts" / str(n)) for n, result in enumerate(sample_file_results))
    report = assemble_to_parquet(parts, tmp_path / "messages.parquet", tmp_path / "pages.parquet", "sample")
    assert in_memory.report["totals"]["duplicates"] > 0 and in_memory.report["totals"]["reconstructed"] > 0
    assert report == in_memory.report
    for name, frame in (("messages", in_memory.messages), ("pages", in_memory.pages)):
        frame.to_parquet(tmp_path / f"{name}-expected.parquet", index=False)
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{name}.parquet"),
                                      pd.read_parquet(tmp_path / f"{name}-expected.parquet"))


def test_a_pdf_read_in_small_windows_gives_the_rows_read_whole(monkeypatch, sample_raw):
    import lib.ingest.release

    path = sample_raw / "BPD-ICE-Production-Vol1-2017.pdf"
    whole = ingest_file(path, path.name, ocr=OcrSettings(enabled=False))
    monkeypatch.setattr(lib.ingest.release, "WINDOW_PAGES", 3)
    chunks = list(lib.ingest.release.ingest_file_chunks(path, path.name, ocr=OcrSettings(enabled=False)))
    assert len(chunks) > 50 and all(chunk.report == {} for chunk in chunks[:-1])
    windowed = ingest_file(path, path.name, ocr=OcrSettings(enabled=False))
    assert windowed.report == whole.report and windowed.report["messages"] > 100
    pd.testing.assert_frame_equal(pd.DataFrame(windowed.messages), pd.DataFrame(whole.messages))
    pd.testing.assert_frame_equal(pd.DataFrame(windowed.pages), pd.DataFrame(whole.pages))


def test_a_file_that_fails_half_way_leaves_no_parts(tmp_path, monkeypatch, sample_raw):
    import lib.ingest.release

    real_split = lib.ingest.release.split_in_windows

    def fails_after_one_window(*args, **kwargs):
        yield next(real_split(*args, **kwargs))
        raise RuntimeError("an unforeseen layout")

    monkeypatch.setattr(lib.ingest.release, "split_in_windows", fails_after_one_window)
    path = sample_raw / "BPD-ICE-Production-Vol1-2017.pdf"
    parts = write_file_parts(lib.ingest.release.ingest_file_chunks(path, path.name, ocr=OcrSettings(enabled=False)),
                             tmp_path / "file")
    assert parts.report["status"] == "failed" and "an unforeseen layout" in parts.report["reason"]
    assert (parts.messages, parts.pages) == (None, None)
    assert list(tmp_path.iterdir()) == []  # no parts, no half-written files, no report: read again next time
    assert ingest_file(path, path.name, ocr=OcrSettings(enabled=False)).messages == []


@pytest.fixture(scope="module")
def some_messages(sample_processed):
    messages = pd.read_parquet(sample_processed / "messages.parquet")
    return messages.iloc[::12].reset_index(drop=True)  # every 12th: all print styles, replies and forwards


def test_tagging_in_batches_gives_the_whole_tables_entities_and_people(tmp_path, some_messages):
    whole = nlp.tag_messages(some_messages)
    batches = [nlp.tag_batch(some_messages.iloc[i:i + 7]) for i in range(0, len(some_messages), 7)]
    resolved = resolve_batches(batches, tmp_path / "entities.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(resolved.path), whole)
    assert whole["person_id"].notna().sum() > 50
    assert whole["message_id"].drop_duplicates().tolist() == [
        m for m in some_messages["message_id"] if m in set(whole["message_id"])]  # in the table's order
    titles = resolved.people_rows.pop("_title")
    pd.testing.assert_frame_equal(nlp.people_table(resolved.people_rows, titles=titles),
                                  nlp.people_table(whole, some_messages))


def test_the_system_allocator_is_arrows_only_meanwhile():
    before = pa.default_memory_pool().backend_name
    with pytest.raises(RuntimeError):
        with system_allocator():
            assert pa.default_memory_pool().backend_name == "system"
            raise RuntimeError("a pass failed")
    assert pa.default_memory_pool().backend_name == before


def test_language_hits_in_batches_are_those_of_the_whole_table(sample_processed):
    messages = pd.read_parquet(sample_processed / "messages.parquet")
    whole = find(messages)
    batched = in_sending_order([find(messages.iloc[i:i + 50]) for i in range(0, len(messages), 50)])
    assert len(whole) > 100
    pd.testing.assert_frame_equal(batched, whole)
    assert batched.attrs == whole.attrs


@pytest.mark.slow
def test_charges_linked_a_batch_at_a_time_are_those_of_the_whole_tables(sample_processed, tmp_path):
    messages, entities, pages = (pd.read_parquet(sample_processed / f"{name}.parquet")
                                 for name in ("messages", "entities", "pages"))
    severity = link_release(sample_processed, tmp_path / "charges.parquet", batch_rows=37)
    charges = pd.read_parquet(tmp_path / "charges.parquet")
    whole = link_charges(messages, entities, pages=pages)
    assert len(whole) > 300
    pd.testing.assert_frame_equal(charges, whole)
    pd.testing.assert_frame_equal(severity, subject_severity(whole, entities, messages))


def test_joined_batches_refuse_a_related_table_out_of_order(tmp_path):
    write_part(pd.DataFrame({"message_id": ["a", "b", "c"]}), tmp_path / "messages.parquet")
    write_part(pd.DataFrame({"message_id": ["a", "c", "b"], "n": [1, 2, 3]}), tmp_path / "entities.parquet")
    with pytest.raises(ValueError, match="not in the order"):
        list(iter_joined_batches(tmp_path / "messages.parquet", tmp_path / "entities.parquet", batch_rows=2))
    write_part(pd.DataFrame({"message_id": ["a", "a", "c"], "n": [1, 2, 3]}), tmp_path / "entities.parquet")
    joined = list(iter_joined_batches(tmp_path / "messages.parquet", tmp_path / "entities.parquet", batch_rows=2))
    assert [related["n"].tolist() for _, related in joined] == [[1, 2], [3]]


_NAMES = st.lists(st.sampled_from(["matias, filipe", "filipe matias", "ana de souza", "o'brien, pat", "an bui",
                                   "jo ann lee", "joann leet"]), min_size=1, max_size=5, unique=True)
_PIECES = st.sampled_from(["Matias", "MATIAS", "Filipe", ",", " ", "  ", "\n", "Ana", "de", "Souza", "O'Brien",
                           "Pat", "An", "Bui", "Jo", "Ann", "Lee", "Joann", "Leet", "x", ".", "-", "9"])


@given(names=_NAMES, pieces=st.lists(_PIECES, max_size=40))
def test_name_finder_finds_what_one_alternation_of_every_name_finds(names, pieces):
    text = "".join(pieces)
    keys = sorted(names, key=len, reverse=True)
    alternation = re.compile(rf"(?<!\w)(?:{_name_pattern(keys)})(?!\w)", re.I)
    expected = [(m.start(), m.end()) for m in alternation.finditer(text)]
    assert [(m.start(), m.end()) for m in _NameFinder(names).finditer(text)] == expected


def _fails(message: str) -> None:
    raise ValueError(message)


def test_work_in_a_fresh_process_returns_its_result_and_its_errors():
    assert parallel.in_fresh_process(_square, 7) == 49
    with pytest.raises(ValueError, match="bad input"):
        parallel.in_fresh_process(_fails, "bad input")


@given(st.lists(st.tuples(st.sampled_from(["m1", "m2", "m10", None]), st.sampled_from(["subject", "body"]),
                          st.integers(0, 50), st.sampled_from(["2019-03-01 10:00", "2019-03-01 09:00", None])),
                max_size=60),
       st.integers(1, 7))
def test_charges_sorted_a_row_group_at_a_time_are_those_sorted_whole(tmp_path_factory, rows, group_rows):
    from lib.charges import links as charge_links

    charges = pd.DataFrame(rows, columns=["message_id", "field", "start_char", "sent_at"]).astype(
        {"message_id": "string", "field": "string", "start_char": "int64"})
    charges["sent_at"] = pd.to_datetime(charges["sent_at"]).dt.tz_localize("America/New_York").dt.as_unit("ns")
    charges["row"] = range(len(charges))  # which row went where
    folder = tmp_path_factory.mktemp("charges")
    charges.to_parquet(folder / "found.parquet", index=False)
    original = charge_links.BATCH_ROWS
    charge_links.BATCH_ROWS = group_rows
    try:
        charge_links._write_in_charge_order(folder / "found.parquet", folder / "sorted.parquet")
    finally:
        charge_links.BATCH_ROWS = original
    pd.testing.assert_frame_equal(pd.read_parquet(folder / "sorted.parquet"),
                                  charge_links._in_charge_order(charges.copy()))


def test_build_stages_load_no_library_they_do_not_use():
    """The stages' main processes stay small: spaCy loads in the tagging workers, drawing and checking nowhere."""
    import subprocess
    import sys

    code = ("import sys, lib.charges.release, lib.entities.table, lib.pipeline.stages, lib.ingest.assemble; "
            "from lib.core.tables import release_freed_memory; release_freed_memory(); "
            "print(sorted(m for m in ('spacy', 'pandera', 'networkx', 'matplotlib') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[1]).stdout.strip()
    assert loaded == "[]"
