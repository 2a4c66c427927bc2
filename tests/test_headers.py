import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.core.addresses import Address, display_name, parse_address_list, parse_person
from lib.ingest.headers import find_header_blocks, label_of, parse_wrote_line


@pytest.mark.parametrize("raw, expected", [
    ("Roe, Jane", "Jane Roe"),
    ("Roe, Jane M. (BPD)", "Jane M. Roe"),
    ('"Roe, Jane"', "Jane Roe"),
    ("JANE ROE", "Jane Roe"),
    ("Det. Jane Roe", "Jane Roe"),
    ("Sgt. Det. Jane Roe", "Jane Roe"),
    ("Jane Roe, Jr.", "Jane Roe, Jr."),
    ("jane.roe@pd.boston.gov", None),
])
def test_display_names_read_first_last(raw, expected):
    assert display_name(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Roe, Jane <jane.roe@pd.boston.gov>", Address("Jane Roe", "jane.roe@pd.boston.gov")),
    ("Jane Roe <Jane.Roe@PD.Boston.gov>", Address("Jane Roe", "jane.roe@pd.boston.gov")),
    ("Jane Roe [mailto:jane.roe@pd.boston.gov]", Address("Jane Roe", "jane.roe@pd.boston.gov")),
    ("jane.roe@pd.boston.gov", Address(None, "jane.roe@pd.boston.gov")),
    ("Jane Roe <jane.roe@ pd.boston.gov>", Address("Jane Roe", "jane.roe@pd.boston.gov")),  # OCR space
    ("Roe, Jane", Address("Jane Roe", None)),
])
def test_parse_person(raw, expected):
    assert parse_person(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Roe, Jane; Doe, John", ["Jane Roe", "John Doe"]),
    ("Roe, Jane <jane@x.gov>; Doe, John <john@y.gov>", ["jane@x.gov", "john@y.gov"]),
    ('"Roe, Jane" <jane@x.gov>, John Doe <john@y.gov>', ["jane@x.gov", "john@y.gov"]),
    ("jane@x.gov, john@y.gov", ["jane@x.gov", "john@y.gov"]),
    ("Roe, Jane", ["Jane Roe"]),
    ("Jane Roe, John Doe", ["Jane Roe", "John Doe"]),
    ("", []),
])
def test_address_lists_in_outlook_and_other_styles(raw, expected):
    assert [a.label() for a in parse_address_list(raw)] == expected


@pytest.mark.parametrize("line, expected", [
    ("From: Roe, Jane", ("from", "Roe, Jane")),
    ("Frorn: Roe, Jane", ("from", "Roe, Jane")),  # OCR
    ("Sent : Tuesday, April 11, 2017", ("sent", "Tuesday, April 11, 2017")),
    ("Subject; RE: hello", ("subject", "RE: hello")),
    ("SUBJECT: hello", ("subject", "hello")),
    ("Cc:", ("cc", "")),
    ("RE: hello", None),
    ("Fromage is cheese", None),
    ("Today: nothing", None),
])
def test_label_of(line, expected):
    assert label_of(line) == expected


OUTLOOK = """Roe, Jane
From: Roe, Jane <jane.roe@pd.boston.gov>
Sent: Tuesday, April 11, 2017 3:42 PM
To: Doe, John <john.doe@ice.dhs.gov>; Smith, Alan
<alan.smith@ice.dhs.gov>
Cc: Kim, Lee
Subject: RE: Request for report
Attachments: report.pdf; I-247A.pdf
Importance: High

Body text.""".split("\n")


def test_outlook_block_with_wrapped_recipients():
    [block] = find_header_blocks(OUTLOOK)
    assert (block.start, block.end, block.style) == (1, 9, "outlook")
    assert block.sender == Address("Jane Roe", "jane.roe@pd.boston.gov")
    assert [a.label() for a in block.recipients("to")] == ["john.doe@ice.dhs.gov", "alan.smith@ice.dhs.gov"]
    assert [a.label() for a in block.recipients("cc")] == ["Lee Kim"]
    assert block.fields["subject"] == "RE: Request for report"
    assert block.date_raw == "Tuesday, April 11, 2017 3:42 PM"


def test_date_first_block():
    lines = ["Date: 4/11/2017 3:42:10 PM", "From: jane.roe@pd.boston.gov", "To: john.doe@ice.dhs.gov",
             "Subject: report", "", "text"]
    [block] = find_header_blocks(lines)
    assert block.style == "date-first" and block.end == 4
    assert block.sender.email == "jane.roe@pd.boston.gov"


def test_gmail_block_with_date_on_its_own_line():
    lines = ["Jane Roe <jane.roe@pd.boston.gov>", "Tue, Apr 11, 2017 at 3:42 PM",
             'To: "Doe, John" <john.doe@ice.dhs.gov>', "Cc: Lee Kim <lee.kim@pd.boston.gov>", "Hello"]
    [block] = find_header_blocks(lines)
    assert block.style == "gmail"
    assert block.date_raw == "Tue, Apr 11, 2017 at 3:42 PM"
    assert [a.label() for a in block.recipients("cc")] == ["lee.kim@pd.boston.gov"]


def test_gmail_block_with_date_on_the_sender_line():
    lines = ["Jane Roe <jane.roe@pd.boston.gov>     Tue, Apr 11, 2017 at 3:42 PM", "To: john.doe@ice.dhs.gov"]
    [block] = find_header_blocks(lines)
    assert block.sender.email == "jane.roe@pd.boston.gov"


def test_ocr_damaged_block():
    lines = ["Frorn: Roe, Jane <jane.roe@ pd.boston.gov>", "Sent : Tuesday, April 1l, 2O17 3:42 PM",
             "To: Doe, John", "Subject; report"]
    [block] = find_header_blocks(lines)
    assert block.sender.email == "jane.roe@pd.boston.gov"
    assert block.fields["subject"] == "report"


def test_a_from_line_in_prose_is_not_a_block():
    assert find_header_blocks(["From: the desk of the commissioner", "Thanks for that.", "To: be clear"]) == []


@pytest.mark.parametrize("line, date, who", [
    ("On Tue, Apr 11, 2017 at 3:42 PM, Jane Roe <jane.roe@pd.boston.gov> wrote:", "Tue, Apr 11, 2017 at 3:42 PM",
     Address("Jane Roe", "jane.roe@pd.boston.gov")),
    ("On 4/11/2017 3:42 PM, Roe, Jane wrote:", "4/11/2017 3:42 PM", Address("Jane Roe", None)),
    ("On Apr 11, 2017, at 15:42, jane.roe@pd.boston.gov wrote:", "Apr 11, 2017, at 15:42",
     Address(None, "jane.roe@pd.boston.gov")),
])
def test_wrote_lines(line, date, who):
    assert parse_wrote_line(line) == (date, who)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=40), st.sampled_from(OUTLOOK)), max_size=30))
def test_header_search_never_crashes_and_blocks_are_ordered(lines):
    blocks = find_header_blocks(lines)
    for earlier, later in zip(blocks, blocks[1:]):
        assert earlier.end <= later.start
    for block in blocks:
        assert 0 <= block.start < block.end <= len(lines)


def test_a_body_line_starting_with_last_first_is_not_a_recipient():
    lines = ["Kyle Love <kyle.love@pd.boston.gov>", "Mon, Jan 7, 2019 at 11:41 AM",
             "To: William Cox <william.c.cox@ice.dhs.gov>",
             "Valverde, Teresa (11/23/1993) was arrested last night for LARCENY (c266 s30)."]
    [block] = find_header_blocks(lines)
    assert [a.label() for a in block.recipients("to")] == ["william.c.cox@ice.dhs.gov"]
    assert block.end == 3


def test_wrapped_recipient_lists_with_quoted_names_continue():
    lines = ['Date: Mon, 10 Jul 2017 16:22:43 -0400', 'From: "Love, Kyle" <kyle.love@pd.boston.gov>',
             'To: "Cox, William" <william.c.cox@ice.dhs.gov>, "Ahearne, Conal"',
             '<conal.r.ahearne@ice.dhs.gov>, "Nelson, Jordan" <jordan.a.nelson@ice.dhs.gov>',
             "Subject: release", "Heads up."]
    [block] = find_header_blocks(lines)
    assert len(block.recipients("to")) == 3 and block.fields["subject"] == "release"


@pytest.mark.parametrize("line, field", [("Ce: Sabrina Dunphy; William Cox", "cc"), ("Ta: Kyle Love <k@x.gov>", "to")])
def test_ocr_misread_labels(line, field):
    assert label_of(line)[0] == field


def test_ocr_spaces_inside_an_address_are_removed():
    people = parse_address_list("Love, Kyle; Groogan, Marc <marc.groogan @ pd. boston.gov>")
    assert [p.label() for p in people] == ["Kyle Love", "marc.groogan@pd.boston.gov"]


@pytest.mark.parametrize("line, expected", [
    ("Se nt : Tue, 1 Mar 2020", ("sent", "Tue, 1 Mar 2020")),
    ("Att achment s: memo.docx", ("attachments", "memo.docx")),
    ("Subj ec t : Question", ("subject", "Question")),
    ("From (b)(6) : William H. Sherman, MD", ("from", "William H. Sherman, MD (b)(6)")),
    ("To --------=-c-= : Kadlec, Robert", ("to", "Kadlec, Robert")),
    ("Sent :\t", ("sent", "")),
    ("Dear Sir: thanks", None),
    ("RE: hello", None),
    ("T o: too short to trust", None),
])
def test_labels_as_ocr_prints_them(line, expected):
    assert label_of(line) == expected


@pytest.mark.parametrize("raw, name, unit, redacted", [
    ("Fauci, Anthony (NIH/NIAID) [E)", "Anthony Fauci", "NIH/NIAID", False),
    ("Fauci , Anthony {NIH/N IAID) [El CbH6J>", "Anthony Fauci", "NIH/NIAID", False),
    ("Fetalvo, Ninio J. EOP/OVP", "Ninio J. Fetalvo", "EOP/OVP", False),
    ("Barton Haynes, M.D.", "Barton Haynes", None, False),
    ("Gelfand, Jeffrey A.,M .D.", "Jeffrey A. Gelfand", None, False),
    ("Penny Gonzalez/Records/SCSD@SCSD", "Penny Gonzalez", "Records/SCSD", False),
    ("Andrew C von Eschenbach __________ (b_~_(6)_,", "Andrew C von Eschenbach", None, False),
    ("(b)(6)", None, None, True),
    ("CbH6J> -------", None, None, True),
])
def test_names_units_and_redactions_as_printed(raw, name, unit, redacted):
    person = parse_person(raw)
    assert (person.name, person.unit, person.redacted) == (name, unit, redacted)


def test_a_redacted_sender_is_never_the_next_line():
    lines = ["From:\t(b)(6)", "Sent:\tSat, 21 Mar 2020 07:19:19 -0400", "To:\tPITTMAN, RYAN D",
             "Subject:\tRe: Preparing", "Sent from my iPhone"]
    [block] = find_header_blocks(lines)
    assert block.sender.redacted and block.sender.name is None
    assert block.fields["subject"] == "Re: Preparing"


def test_lotus_notes_memo_header():
    lines = ["Jasmine Bowers\tTo\tPenny Gonzalez/Records/SCSD@SCSD",
             "<jasmine.p.bowers@ice.dhs.gov>\tcc\tPaul Johnson <paul.johnson@pd.boston.gov>, ERO",
             "05/01/2017 04:44 PM\tBoston Duty <ero.boston.duty@ice.dhs.gov>",
             "Subject Re: Inmate release", "Thank you."]
    [block] = find_header_blocks(lines)
    assert block.style == "lotus-notes" and block.end == 4
    assert block.sender == Address("Jasmine Bowers", "jasmine.p.bowers@ice.dhs.gov")
    assert block.fields["subject"] == "Re: Inmate release"
    assert [a.email for a in block.recipients("cc")] == ["paul.johnson@pd.boston.gov", "ero.boston.duty@ice.dhs.gov"]


@settings(max_examples=40, deadline=None)
@given(debris=st.text(st.sampled_from("-=~_.,'!`^ "), min_size=0, max_size=80))
def test_box_debris_before_a_colon_is_skipped_and_without_one_is_no_label(debris):
    """OCR debris of any length between a label and its colon; a line of debris alone is not a header."""
    assert label_of(f"To {debris} x") is None or ":" in debris or ";" in debris
    assert label_of(f"To {debris}: Kadlec, Robert") == ("to", "Kadlec, Robert")
    assert label_of(f"To {debris}-c-{debris}: Kadlec, Robert") == ("to", "Kadlec, Robert")


def test_labels_in_a_run_and_values_after_them_are_paired_in_order_without_positions():
    """Text extraction without positions gives a header table as all its labels, then all its values."""
    lines = ["From:", "Sent:", "To:", "Subject:", "Fauci, Anthony (NIH/NIAID) [E]", "Sun, 1 Mar 2020 12:01:19 +0000",
             "Geller, Robert D.", "RE: COVID-19 Questions", "Bob:", "Thanks for the note."]
    [block] = find_header_blocks(lines)
    assert (block.sender.name, block.date_raw, block.fields["subject"], block.end) == (
        "Anthony Fauci", "Sun, 1 Mar 2020 12:01:19 +0000", "RE: COVID-19 Questions", 8)
