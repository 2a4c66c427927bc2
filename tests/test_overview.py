import pandas as pd

from lib.ingest import overview


def _pages():
    return pd.DataFrame({
        "source_file": ["a.pdf", "a.pdf", "b.pdf", "b.pdf", "m.eml"],
        "page": [1, 2, 1, 2, None], "bates": ["A-1", "A-2", "B-1", "B-2", None],
        "method": ["text", "text", "ocr", "ocr", "mail"], "confidence": [None, None, 91.24, 62.5, None],
        "status": ["message"] * 4 + ["message"], "reason": [None] * 5,
        "redactions": [0, 1, 2, 0, 0], "redacted_share": [0.0, 0.01, 0.05, 0.0, None],
    })


def test_low_confidence_pages_are_listed_least_confident_first():
    table = overview.low_confidence_pages(_pages())
    assert table[["source_file", "page", "bates", "confidence"]].values.tolist() == [["b.pdf", 2, "B-2", 62.5]]


def test_ocr_summary_per_file():
    table = overview.ocr_summary(_pages()).set_index("file")
    assert table.loc["a.pdf", "text-layer pages"] == 2 and table.loc["a.pdf", "OCR pages"] == 0
    assert table.loc["b.pdf", "OCR pages"] == 2 and table.loc["b.pdf", "lowest confidence"] == 62.5


def test_redactions_by_file_are_counted_from_the_page_table_on_disk(tmp_path):
    _pages().to_parquet(tmp_path / "pages.parquet", index=False)
    table = overview.redactions_by_file(tmp_path)
    assert table.values.tolist() == [["a.pdf", 2, 1, 1, 0.005], ["b.pdf", 2, 1, 2, 0.025]]  # mail left out
    assert list(table.columns) == ["file", "pages", "pages with boxes", "boxes", "mean share of page boxed"]


def test_query_names_each_table_after_its_file(tmp_path):
    from lib.core.tables import query

    _pages().to_parquet(tmp_path / "pages.parquet", index=False)
    pd.DataFrame({"message_id": ["m1", "m2"]}).to_parquet(tmp_path / "messages.parquet", index=False)
    counts = query(tmp_path, "SELECT (SELECT count(*) FROM pages) AS pages, (SELECT count(*) FROM messages) AS m")
    assert counts.values.tolist() == [[5, 2]]


def test_not_parsed_pages_are_grouped_into_runs():
    report = {"pages_not_parsed": [
        {"file": "a.pdf", "page": 1, "bates": "A-1", "reason": "r"},
        {"file": "a.pdf", "page": 2, "bates": "A-2", "reason": "r"},
        {"file": "a.pdf", "page": 5, "bates": "A-5", "reason": "r"},
    ]}
    table = overview.not_parsed_table(report)
    assert table[["first page", "last page", "first Bates", "last Bates"]].values.tolist() == [
        [1, 2, "A-1", "A-2"], [5, 5, "A-5", "A-5"]]


def test_messages_by_month_includes_empty_months():
    messages = pd.DataFrame({
        "sent_at": pd.to_datetime(["2017-03-02", "2017-05-09", None]).tz_localize("America/New_York"),
        "duplicate_of": [None, None, None]})
    table = overview.messages_by_month(messages)
    assert table.values.tolist() == [["2017-03", 1], ["2017-04", 0], ["2017-05", 1]]
