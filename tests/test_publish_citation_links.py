"""Citations printed in notebook outputs become links to their page, at their message's passage where the row names it
(lib/publish/citation_links.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lib.publish.citation_links import citation_pattern, link_citations

FILE = "BPD-ICE-Production-Vol1-2017.pdf"
PATTERN = citation_pattern([FILE, "mail/a & b.eml"])
ANCHORS = {"m0123456789ab": "p12-q4-200"}
FILES = {"m0123456789ab": FILE}


def linked(page: str) -> str:
    return link_citations(page, PATTERN, ANCHORS, FILES, "../")


def test_a_citation_in_a_row_naming_its_message_opens_the_passage():
    row = f"<table><tr><td>m0123456789ab</td><td>{FILE} p. 12 (BPD-ICE-000012)</td></tr></table>"
    assert f'href="../sources/bpd-ice-production-vol1-2017-pdf.html#p12-q4-200">{FILE} p. 12 (BPD-ICE-000012)</a>' \
        in linked(row)


def test_a_citation_of_another_page_or_in_prose_opens_its_page():
    row = f"<table><tr><td>m0123456789ab</td><td>{FILE} p. 13</td></tr></table>"
    assert 'html#p13"' in linked(row)
    assert 'html#p8">' in linked(f"<p>See {FILE} p. 8 (BPD-ICE-000008).</p>")
    assert 'href="../sources/mail-a-b-eml.html#p1"' in linked("<p>mail/a &amp; b.eml p. 1</p>")


def test_scripts_attributes_and_existing_links_are_left_alone():
    untouched = (f'<script>var cell = "{FILE} p. 9";</script><img alt="{FILE} p. 3">'
                 f'<a href="x.html">{FILE} p. 4</a><style>/* {FILE} p. 5 */</style>')
    assert linked(untouched) == untouched


@given(st.text(alphabet="abc <>/=\"'p.0123456789", max_size=80))
def test_text_without_a_citation_comes_back_unchanged(text):
    assert linked(text) == text


def test_a_figures_data_gets_a_link_beside_each_citation_column(tmp_path):
    import pandas as pd

    from lib.publish.citation_links import link_csv_citations

    data = tmp_path / "response_latency.csv"
    pd.DataFrame({"request_id": ["m0123456789ab", "mffffffffffff"],
                  "request_where": [f"{FILE} p. 12 (BPD-ICE-000012)", f"{FILE} p. 13"], "hours": ["1", "2"]}
                 ).to_csv(data, index=False)
    assert link_csv_citations(data, PATTERN, ANCHORS, FILES)
    table = pd.read_csv(data, dtype=str)
    assert list(table.columns) == ["request_id", "request_where", "request_link", "hours"]
    assert list(table["request_link"]) == ["sources/bpd-ice-production-vol1-2017-pdf.html#p12-q4-200",
                                           "sources/bpd-ice-production-vol1-2017-pdf.html#p13"]
    untouched = tmp_path / "counts.csv"
    untouched.write_text("month,messages\n2017-03,4\n")
    assert not link_csv_citations(untouched, PATTERN, ANCHORS, FILES)
