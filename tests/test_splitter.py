"""The splitter on print styles and layouts it was not tuned to, and its invariants."""

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.ingest.splitter import PageText, SplitResult, split_in_windows, split_pages


def pages(*texts):
    return [PageText(i + 1, "\n".join(t), bates=f"X-{i + 1:04d}") for i, t in enumerate(texts)]


OUTLOOK_REPLY = [
    "Roe, Jane",
    "From: Roe, Jane <jane.roe@pd.boston.gov>",
    "Sent: Tuesday, April 11, 2017 3:42 PM",
    "To: Doe, John <john.doe@ice.dhs.gov>",
    "Subject: RE: Report",
    "",
    "John, attached. Subject's DOB is (b)(6).",
    "",
    "-----Original Message-----",
    "From: Doe, John",
    "Sent: Monday, April 10, 2017 9:00 AM",
    "To: Roe, Jane",
    "Subject: Report",
    "",
    "Can you send it?",
]


def test_message_with_quoted_history_across_a_page_break():
    result = split_pages(pages(OUTLOOK_REPLY[:10], OUTLOOK_REPLY[10:]))
    [message] = result.messages
    assert (message.page_start, message.page_end) == (1, 2)
    assert (message.bates_start, message.bates_end) == ("X-0001", "X-0002")
    assert message.body == "John, attached. Subject's DOB is (b)(6)."
    assert message.quoted.startswith("-----Original Message-----")
    assert "Can you send it?" in message.quoted
    assert message.redactions == 1
    assert result.not_parsed == {}


def test_each_page_top_header_starts_a_message_and_continuations_join():
    long_body = [f"Line {n} of a long narrative." for n in range(40)]
    first = ["From: Roe, Jane <jane.roe@pd.boston.gov>", "Sent: Tuesday, April 11, 2017 3:42 PM",
             "To: john.doe@ice.dhs.gov", "Subject: Narrative", ""] + long_body[:20]
    second = long_body[20:]
    third = ["From: Doe, John <john.doe@ice.dhs.gov>", "Sent: Tuesday, April 11, 2017 4:00 PM",
             "To: jane.roe@pd.boston.gov", "Subject: RE: Narrative", "", "Got it, thanks."]
    result = split_pages(pages(first, second, third))
    assert [(m.page_start, m.page_end) for m in result.messages] == [(1, 2), (3, 3)]
    body = result.messages[0].body
    assert "Line 0 of" in body and "Line 39 of" in body
    # The offset of the page break points at the first line of page 2.
    assert body[result.messages[0].page_breaks[0]:].startswith("Line 20 of")


def test_pages_before_the_first_email_are_reported_not_lost():
    mou = ["MEMORANDUM OF UNDERSTANDING", "between the parties, who agree as follows."]
    email = ["From: a@b.gov", "Sent: Tuesday, April 11, 2017 3:42 PM", "To: c@d.gov", "Subject: s", "", "hi"]
    result = split_pages(pages(mou, mou, email))
    assert [m.page_start for m in result.messages] == [3]
    assert set(result.not_parsed) == {1, 2}
    assert "not an email" in result.not_parsed[1]


def test_gmail_thread_print_gives_one_message_per_block():
    thread = [
        "Gmail - Pickup at Nashua Street",
        "Jane Roe <jane.roe@pd.boston.gov>",
        "Tue, Apr 11, 2017 at 3:42 PM",
        "To: John Doe <john.doe@ice.dhs.gov>",
        "He is being released at 2pm.",
        "John Doe <john.doe@ice.dhs.gov>",
        "Tue, Apr 11, 2017 at 3:50 PM",
        "To: Jane Roe <jane.roe@pd.boston.gov>",
        "10-4, thanks.",
        "[Quoted text hidden]",
    ]
    result = split_pages(pages(thread))
    assert [m.header.sender.email for m in result.messages] == ["jane.roe@pd.boston.gov", "john.doe@ice.dhs.gov"]
    assert result.messages[0].body == "He is being released at 2pm."
    assert result.messages[0].banner == ["Gmail - Pickup at Nashua Street"]


def test_date_first_style_and_wrote_line_quotes():
    page = ["Date: Tue, 11 Apr 2017 15:42:10 -0400", "From: John Doe <john.doe@ice.dhs.gov>",
            "To: jane.roe@pd.boston.gov", "Subject: Re: pickup", "", "Thanks!", "",
            "On Tue, Apr 11, 2017 at 3:00 PM, Jane Roe <jane.roe@pd.boston.gov>", "wrote:",
            "> He gets out at 2.", "> Jane"]
    [message] = split_pages(pages(page)).messages
    assert message.header.style == "date-first"
    assert message.body == "Thanks!"
    assert message.quoted.startswith("On Tue")


def test_attachment_pages_belong_to_the_email_before_them():
    email = ["From: john.doe@ice.dhs.gov", "Sent: Tuesday, April 11, 2017 3:42 PM", "To: jane.roe@pd.boston.gov",
             "Subject: Detainer", "Attachments: I-247A.pdf", "", "Detainer attached."]
    form = ["DEPARTMENT OF HOMELAND SECURITY", "IMMIGRATION DETAINER - NOTICE OF ACTION", "Subject ID: ..."]
    [message] = split_pages(pages(email, form)).messages
    assert (message.page_start, message.page_end) == (1, 2)
    assert "IMMIGRATION DETAINER" in message.body


def test_blank_pages_are_reported():
    email = ["From: a@b.gov", "Sent: Tuesday, April 11, 2017 3:42 PM", "To: c@d.gov", "Subject: s", "", "hi"]
    result = split_pages(pages(email, [""]))
    assert result.messages[0].page_end == 1
    assert result.not_parsed == {2: "blank page (no text after removing page furniture)"}


HEADER = ["From: Roe, Jane <jane.roe@pd.boston.gov>", "Sent: Tuesday, April 11, 2017 3:42 PM",
          "To: Doe, John", "Subject: s"]
FRAGMENTS = st.one_of(
    st.just(HEADER), st.just(["-----Original Message-----"] + HEADER), st.just(["> quoted", "> more"]),
    st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=50), max_size=6),
    st.just(["On Tue, Apr 11, 2017 at 3:42 PM, Jane Roe <j@x.gov> wrote:"]), st.just([""]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(FRAGMENTS, max_size=4), min_size=1, max_size=6))
def test_every_page_is_in_a_message_or_reported(page_fragments):
    page_list = [PageText(i + 1, "\n".join(line for fragment in frags for line in fragment))
                 for i, frags in enumerate(page_fragments)]
    result = split_pages(page_list)
    covered = set()
    for message in result.messages:
        assert 1 <= message.page_start <= message.page_end <= len(page_list)
        covered.update(range(message.page_start, message.page_end + 1))
    assert covered | set(result.not_parsed) == set(range(1, len(page_list) + 1))
    assert not covered & set(result.not_parsed)
    assert split_pages(page_list).messages.__len__() == len(result.messages)  # deterministic


def test_attachment_pages_after_quoted_history_belong_to_the_message_text():
    reply = ["From: Roe, Jane <jane.roe@pd.boston.gov>", "Sent: Tuesday, April 11, 2017 3:42 PM",
             "To: john.doe@ice.dhs.gov", "Subject: RE: report", "", "Report attached.",
             "-----Original Message-----", "From: Doe, John", "Sent: Monday, April 10, 2017 9:00 AM",
             "To: Roe, Jane", "Subject: report", "", "Can you send the report?"]
    report = ["BOSTON POLICE DEPARTMENT", "INCIDENT REPORT - EXCERPT", "Report Number: I172081684"]
    more_quote = ["and the booking sheet too, if you have it.", "John"]
    [message] = split_pages(pages(reply, report)).messages
    assert "INCIDENT REPORT" in message.body and "INCIDENT REPORT" not in message.quoted
    assert message.body[message.page_breaks[0]:].startswith("BOSTON POLICE DEPARTMENT")
    # Own text on page 1, quoted history on page 2, the attachment on page 3: offsets still give pages.
    [message] = split_pages(pages(reply[:7], reply[7:], report)).messages
    start = message.body.index("BOSTON POLICE")
    assert message.page_start + sum(b <= start for b in message.page_breaks) == 3
    assert "Can you send the report?" in message.quoted
    # A page that continues the quoted history in ordinary case stays quoted.
    [message] = split_pages(pages(reply, more_quote)).messages
    assert "booking sheet" in message.quoted


# Splitting a long file a window of pages at a time must give what splitting it whole gives.

GMAIL_BLOCK = ["Jane Roe <jane.roe@pd.boston.gov>", "Tue, Apr 11, 2017 at 3:42 PM", "To: John Doe <j@x.gov>"]
WINDOW_FRAGMENTS = st.one_of(
    st.sampled_from([
        HEADER, ["Roe, Jane"] + HEADER,  # a mailbox banner above the header
        ["-----Original Message-----"] + HEADER, ["> quoted", "> more"], [""],
        ["Gmail - Pickup"] + GMAIL_BLOCK, GMAIL_BLOCK, ["[Quoted text hidden]"],
        ["DEPARTMENT OF HOMELAND SECURITY", "IMMIGRATION DETAINER"],
        # A header whose fields run on, which a page break may cut.
        ["From: Roe, Jane", "Sent: Tuesday, April 11, 2017 3:42 PM", "To: Doe, John;", "Smith, Ann", "Subject:"],
        ["Please call me about (b)(6) tomorrow."],
        ["On Tue, Apr 11, 2017 at 3:42 PM, Jane Roe <j@x.gov> wrote:"],
    ]),
    FRAGMENTS,
)


def _comparable(result):
    """A split's messages and unparsed pages, without line numbers (which count from the window's start)."""
    messages = [(m.header.style, m.header.fields, m.page_start, m.page_end, m.bates_start, m.bates_end, m.body,
                 m.quoted, m.redactions, m.page_breaks, m.quoted_page_start, m.quoted_breaks, m.index_on_page,
                 m.banner) for m in result.messages]
    return messages, result.not_parsed


def _split_by_windows(page_list, window):
    messages, not_parsed, kept = [], {}, []
    for pages_kept, split in split_in_windows(lambda first, stop: page_list[first:stop], len(page_list), window):
        messages += split.messages
        not_parsed.update(split.not_parsed)
        kept += [page.page for page in pages_kept]
    assert kept == [page.page for page in page_list]  # every page once, in order
    return SplitResult(messages, not_parsed)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(WINDOW_FRAGMENTS, max_size=4), min_size=1, max_size=12), st.integers(1, 5),
       st.randoms(use_true_random=False))
def test_splitting_in_windows_equals_splitting_whole(page_fragments, window, random):
    page_list = [PageText(i + 1, "\n".join(line for fragment in frags for line in fragment),
                          bates=f"X-{i + 1:04d}", boxes=random.choice([0, 0, 1]))
                 for i, frags in enumerate(page_fragments)]
    assert _comparable(_split_by_windows(page_list, window)) == _comparable(split_pages(page_list))


def test_splitting_the_sample_productions_in_windows(sample_raw):
    from lib.ingest.pdf import read_pdf, strip_furniture

    for path in sorted(sample_raw.glob("*.pdf")):
        texts, bates, _ = strip_furniture([page.text for page in read_pdf(path)])
        page_list = [PageText(i + 1, text, b) for i, (text, b) in enumerate(zip(texts, bates))]
        whole = _comparable(split_pages(page_list))
        for window in (1, 2, 7, 60):
            assert _comparable(_split_by_windows(page_list, window)) == whole, (path.name, window)


def test_a_gmail_message_below_text_on_its_page_is_no_place_to_cut():
    """Its page's boxes are counted for the message before, which runs onto the page."""
    page_list = [PageText(1, "\n".join(GMAIL_BLOCK + ["See you there."]), boxes=1),
                 PageText(2, "\n".join(["Please call me about it."] + GMAIL_BLOCK + ["OK"]), boxes=1),
                 PageText(3, "\n".join(GMAIL_BLOCK)), PageText(4, "\n".join(GMAIL_BLOCK))]
    whole = split_pages(page_list)
    assert 1 not in whole.fresh_starts and whole.messages[0].redactions == 2
    for window in (1, 2, 3):
        assert _comparable(_split_by_windows(page_list, window)) == _comparable(whole)


def test_an_inline_block_at_a_page_top_runs_on_from_a_message_printed_as_a_table():
    """Outlook prints a message's own header as a table and its quoted history inline."""
    result = split_pages(pages(
        ["From:\tFauci, Anthony", "Sent:\tWed, 15 Apr 2020 22:29:20 +0000", "To:\tBergmann, Kenneth",
         "Subject:\tRE: a thought", "Thanks, Ken.", "From: Bergmann, Kenneth", "Sent: Wednesday, April 15, 2020 4:55 PM",
         "To: Fauci, Anthony", "Subject: RE: a thought", "Hi, Tony"],
        ["From: Bergmann, Kenneth", "Sent: Saturday, April 4, 2020 9:39 AM", "To: Fauci, Anthony",
         "Subject: a thought", "Dear Dr. Fauci"],
        ["From:\tFauci, Anthony", "Sent:\tWed, 15 Apr 2020 22:28:57 +0000", "To:\tLerner, Andrea",
         "Subject:\tFW: a thought", "Please check this out."],
    ))
    assert [(m.page_start, m.page_end) for m in result.messages] == [(1, 2), (3, 3)]


def test_messages_of_a_plain_export_begin_after_each_rule_even_mid_page():
    block = lambda minute, subject: [f"Date: 04/11/2017 03:{minute} PM", "From: Jane Roe <jane.roe@x.gov>",
                                     "To: John Doe <john.doe@x.gov>", f"Subject: {subject}", "", "Text."]
    result = split_pages(pages(block(10, "One") + ["=" * 40] + block(20, "Two") + ["-" * 40] + block(30, "Three")))
    assert [m.header.fields["subject"] for m in result.messages] == ["One", "Two", "Three"]


def test_a_message_printed_without_a_header_is_kept_under_its_title():
    result = split_pages(pages(["Weekend arrests", "Today's list.", "1) TORO, ESPARTACO"],
                               ["Detainer - Dolores Montemayor", "Paul -", "Detainer attached."],
                               ["More of the detainer.", "Jasmine"]))
    assert [(m.header.fields["subject"], m.page_start, m.page_end) for m in result.messages] == [
        ("Weekend arrests", 1, 1), ("Detainer - Dolores Montemayor", 2, 3)]
    assert result.not_parsed == {}


def test_a_document_title_in_capitals_is_not_taken_for_a_message():
    result = split_pages(pages(["MEMORANDUM OF UNDERSTANDING", "between", "the Parties"]))
    assert result.messages == [] and 1 in result.not_parsed


def test_a_file_that_opens_inside_a_header_keeps_its_first_page_as_a_message():
    result = split_pages(pages(["(OS/ASPR/IO) (b)(6); Zebley, Kyle (HHS/OS/OGA) (b)(6);",
                                "Cc: Pollard, Ashton (OS/IOS) (b)(6)>", "Subject: URGENT- Need your input",
                                "Team- Urgent, how priority request."]))
    [message] = result.messages
    assert message.header.style == "partial" and message.header.fields["subject"] == "URGENT- Need your input"
    assert message.body.startswith("Team- Urgent")


def test_a_cover_letter_is_not_taken_for_a_message_without_a_header():
    result = split_pages(pages(["Office of the Secretary", "200 Independence Avenue SW", "Washington, DC 20201",
                                "June 1, 2021", "Dear Mr. Leopold:", "This letter responds to your request."]))
    assert result.messages == [] and 1 in result.not_parsed
