"""The leak scanner finds a private person's identifier wherever it is planted in a published file."""

from __future__ import annotations

import base64
import io
import json

import pandas as pd
import pytest
from PIL import Image, PngImagePlugin

from lib.publish.identifiers import Identifier
from lib.publish.leaks import LeakError, check_site, scan_for_leaks

IDENTIFIERS = [
    Identifier("name", "Maria Garcia", "s1"),
    Identifier("dob", "1988-03-14", "s1"),
    Identifier("a_number", "A123456789", "s1"),
    Identifier("phone", "617-555-0142", "s1"),
    Identifier("address", "45 Bowdoin St Apt 2, Dorchester", "s1"),
    Identifier("license", "S12345678", "s1"),
    Identifier("report", "I172034567", "s1"),
    Identifier("email", "maria.garcia88@gmail.com", "s1"),
    Identifier("official", "John Boyle"),
    Identifier("official", "Gregory Gallagher"),
]
CLEAN = ("<html><body><h1>Findings</h1><p>Person 017 was arrested; DOB [DOB], A-number [A-NUMBER].</p>"
         "<p>Det. John Boyle wrote to Gregory Gallagher on April 11, 2017 about 3 messages.</p></body></html>")


def _png(**text) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        info.add_text(key, value)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def _kinds(leaks) -> set[tuple[str, str]]:
    return {(leak.file, leak.identifier_kind) for leak in leaks}


@pytest.fixture
def site(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "index.html").write_text(CLEAN)
    (tmp_path / "figures" / "chart.png").write_bytes(_png(Title="Messages per month"))
    (tmp_path / "figures" / "chart.csv").write_text("month,messages\n2017-04,3\n")
    return tmp_path


def test_a_clean_site_has_no_leaks_and_officials_are_not_reported(site):
    assert scan_for_leaks(site, IDENTIFIERS) == []
    check_site(site, IDENTIFIERS)


@pytest.mark.parametrize("planted,kind", [
    ("<p>GARCIA, MARIA was held</p>", "name"),
    ("<p><b>Maria</b> <i>Garcia</i> was held</p>", "name"),  # split across tags
    ('<img src="x.png" alt="Chart of Maria Garcia\'s arrests">', "name"),  # alt text
    ('<a title="DOB 3/14/88" href="#">x</a>', "dob"),
    ("<p>born March 14, 1988</p>", "dob"),
    ("<td>A 123 456 789</td>", "a_number"),
    ("<td>123456789</td>", "a_number"),
    ("<td>(617) 555-0142</td>", "phone"),
    ("<td>6175550142</td>", "phone"),
    ("<td>45 BOWDOIN ST</td>", "address"),
    ("<td>Lic S12345678</td>", "license"),
    ("<td>CC# 172034567</td>", "report"),
    ("<td>maria.garcia88@gmail.com</td>", "email"),
    ("<p>Maria Garc&iacute;a</p>".replace("&iacute;", "i"), "name"),
    ('<script>let data = {"name": "Maria\\u0020Garcia"};</script>', "name"),  # JSON inside a script
])
def test_a_planted_identifier_in_html_is_caught(site, planted, kind):
    (site / "page.html").write_text(CLEAN.replace("</body>", planted + "</body>"))
    assert ("page.html", kind) in _kinds(scan_for_leaks(site, IDENTIFIERS))


def test_a_planted_identifier_in_csv_and_json_is_caught(site):
    (site / "figures" / "chart.csv").write_text("month,who\n2017-04,\"Garcia, Maria\"\n")
    (site / "figures" / "chart.json").write_text(json.dumps({"caption": "Arrests", "alt": "A-number A123456789"}))
    leaks = _kinds(scan_for_leaks(site, IDENTIFIERS))
    assert ("figures/chart.csv", "name") in leaks
    assert ("figures/chart.json", "a_number") in leaks


def test_a_planted_identifier_in_image_metadata_is_caught(site):
    (site / "figures" / "chart.png").write_bytes(_png(Description="Arrest of Maria Garcia, DOB 03/14/1988"))
    leaks = _kinds(scan_for_leaks(site, IDENTIFIERS))
    assert ("figures/chart.png", "name") in leaks and ("figures/chart.png", "dob") in leaks


def test_an_embedded_image_and_a_base64_blob_are_read(site):
    data = base64.b64encode(_png(Comment="phone 617.555.0142")).decode()
    blob = base64.b64encode(json.dumps({"rows": ["Maria Garcia"] * 20}).encode()).decode()
    (site / "page.html").write_text(CLEAN.replace("</body>", f'<img src="data:image/png;base64,{data}" alt="">'
                                                  f'<script>const rows = atob("{blob}");</script></body>'))
    leaks = _kinds(scan_for_leaks(site, IDENTIFIERS))
    assert ("page.html#image-1", "phone") in leaks
    assert ("page.html#base64-1", "name") in leaks


def test_parquet_downloads_are_read(site):
    pd.DataFrame({"who": ["Person 017", "Maria Garcia"]}).to_parquet(site / "data.parquet")
    assert ("data.parquet", "name") in _kinds(scan_for_leaks(site, IDENTIFIERS))


def test_the_report_does_not_repeat_the_leak_and_the_check_fails(site):
    (site / "page.html").write_text(CLEAN.replace("</body>", "<p>held: Maria Garcia, 6175550142</p></body>"))
    with pytest.raises(LeakError) as error:
        check_site(site, IDENTIFIERS)
    message = str(error.value)
    assert "page.html" in message and "name" in message and "phone" in message
    assert "Maria" not in message and "6175550142" not in message
    assert all("⟦" in leak.context for leak in error.value.leaks)


def test_lone_names_count_only_when_unambiguous(site):
    identifiers = IDENTIFIERS + [Identifier("name", "John Doe", "s2")]
    (site / "page.html").write_text(CLEAN.replace("</body>", "<p>Garcia and John left</p></body>"))
    leaks = scan_for_leaks(site, identifiers)
    assert [leak.identifier_kind for leak in leaks if leak.file == "page.html"] == ["name"]
    assert "⟦name⟧ and John" in leaks[0].context


def test_a_name_in_a_file_name_is_caught(site):
    (site / "sources").mkdir()
    (site / "sources" / "mail-2017-detainer-garcia-maria-eml.html").write_text(CLEAN)
    assert ("sources/mail-2017-detainer-garcia-maria-eml.html#file-name", "name") in _kinds(
        scan_for_leaks(site, IDENTIFIERS))


# -- the gate's independent checks: names and identifiers nobody's table knows ---------------------------------

@pytest.fixture(scope="module")
def gate(tmp_path_factory):
    from test_publish_pseudonymise import write_raw_tables

    from lib.publish.leaks import Gate

    return Gate.for_release(write_raw_tables(tmp_path_factory.mktemp("raw")))


STRANGER = "Xiomara Quispe-Huamán"  # in no table of the release


@pytest.mark.parametrize("name,content", [
    ("page.html", f"<p>Held: <b>{STRANGER}</b>, booked at District B-2.</p>"),
    ("page.html", f'<img src="x.png" alt="Arrest of {STRANGER}">'),
    ("page.html", f'<script type="module">let dt = {{"data_json": "[[\\"2017-04\\", \\"run {STRANGER} DOB\\"]]"}};</script>'),
    ("figures/chart.svg", f'<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="1">{STRANGER}</text></svg>'),
    ("figures/chart.csv", f'month,who\n2017-04,"{STRANGER}"\n'),
    ("figures/chart.json", json.dumps({"caption": f"Detainers lodged for {STRANGER}"})),
])
def test_the_gate_finds_a_name_no_table_knows_in_any_published_file(site, gate, name, content):
    (site / name).write_text(CLEAN.replace("</body>", content + "</body>") if name.endswith(".html") else content)
    leaks = scan_for_leaks(site, gate)
    assert any(leak.file == name and leak.found_by == "name detector" for leak in leaks), leaks
    assert all("Quispe" not in str(leak) for leak in leaks)


@pytest.mark.parametrize("planted,kind", [
    ("Docket 1705CR002968", "docket"), ("Booking # 17-012345", "booking"), ("SSN 923-45-6789", "ssn"),
    ("IG: @xiomara_q", "handle"), ("SID MA12345678", "sid"), ("MA reg 1ABC23", "plate"),
])
def test_the_gate_finds_a_case_identifier_no_table_knows(site, gate, planted, kind):
    (site / "figures" / "chart.csv").write_text(f"month,note\n2017-04,{planted}\n")
    leaks = scan_for_leaks(site, gate)
    assert ("figures/chart.csv", kind) in _kinds(leaks)
    assert any(leak.found_by == "identifier shape" for leak in leaks)


def test_the_gate_passes_a_clean_site_with_officials_places_and_masks(site, gate):
    (site / "page.html").write_text(CLEAN.replace("</body>", "<p>Det. John Boyle and Commissioner Gross met ICE ERO "
                                                  "Boston in East Boston. Person 017 ([DOB], [DOCKET]) was held at "
                                                  "Nashua Street Jail.</p></body>"))
    (site / "figures" / "chart.csv").write_text("Name | DOB | Docket\n[NAME] | [DOB] | [DOCKET]\n")
    assert scan_for_leaks(site, gate) == []


def test_an_address_cut_short_for_display_is_judged_by_what_it_could_be():
    """pandas truncates a long cell with '...': an official's work address cut there is no private address."""
    from lib.publish.patterns import Keep, find_shapes

    keep = Keep(emails=frozenset({"david.williams@ice.dhs.gov"}), domains=frozenset({"ice.dhs.gov"}))
    assert find_shapes("SA David Williams david.williams@ice.d...", keep) == []
    assert [s.kind for s in find_shapes("Write to jane.doe@gmail.c...", keep)] == ["email"]
    assert [s.kind for s in find_shapes("x@ice.d more", keep)] == ["email"]  # not cut: judged whole
