"""Page text rebuilt from word positions: header tables, wrapped values, debris, reading order."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.ingest.headers import find_header_blocks
from lib.ingest.layout import Word, page_text

HEIGHT = 10.0


def row(y: float, *cells: tuple[float, str]) -> list[Word]:
    """Words of one line: each cell's words set 6 points apart from its x."""
    words = []
    for x, text in cells:
        for token in text.split():
            width = 5.0 * len(token)
            words.append(Word(token, x, y, x + width, y + HEIGHT))
            x += width + 3.0
    return words


def outlook_table(subject: str | None = "RE: Detainer") -> list[Word]:
    """A header printed as a two-column table, its labels drawn first, its values after (as OCR layers do)."""
    labels = [(100, "From:"), (114, "Sent:"), (128, "To:"), (156, "Subject:")]
    values = [(100, "Fauci, Anthony (NIH/NIAID) [E]"), (114, "Sun, 1 Mar 2020 12:01:19 +0000"),
              (128, "Billet, Courtney (NIH/NIAID) [E];Conrad, Patricia"),
              (142, "(NIH/NIAID) [E]")]  # the To list wraps under the label column
    words = [w for y, label in labels for w in row(y, (72, label))]
    words += [w for y, value in values for w in row(y, (180 if y != 142 else 72, value))]
    if subject is not None:
        words += row(156, (180, subject))
    words += row(190, (72, "Please take a look."))
    return words


def test_a_header_table_reads_label_beside_value_whatever_the_drawing_order():
    text = page_text(outlook_table())
    assert text.split("\n") == [
        "From:\tFauci, Anthony (NIH/NIAID) [E]",
        "Sent:\tSun, 1 Mar 2020 12:01:19 +0000",
        "To:\tBillet, Courtney (NIH/NIAID) [E];Conrad, Patricia (NIH/NIAID) [E]",
        "Subject:\tRE: Detainer",
        "Please take a look.",
    ]
    [block] = find_header_blocks(text.split("\n"))
    assert block.tabular
    assert block.sender.name == "Anthony Fauci" and block.sender.unit == "NIH/NIAID"
    assert block.fields["subject"] == "RE: Detainer"


def test_a_label_with_nothing_beside_it_is_empty_not_the_next_line():
    text = page_text(outlook_table(subject=None))
    assert "Subject:\t" in text.split("\n")
    [block] = find_header_blocks(text.split("\n"))
    assert block.fields["subject"] == ""


def test_the_body_after_a_gap_is_not_joined_to_the_last_row():
    lines = page_text(outlook_table()).split("\n")
    assert lines[-1] == "Please take a look."


def test_debris_read_off_a_grey_box_inside_a_table_goes_below_it():
    words = outlook_table() + row(150, (300, "-----~~=")) + row(149, (420, "(b)(6)"))
    lines = page_text(words).split("\n")
    assert lines[3] == "Subject:\tRE: Detainer"  # the table is whole
    assert "-----~~=" in lines[4] and lines[-1] == "Please take a look."


def test_blank_lines_mark_vertical_gaps_when_asked():
    words = row(100, (72, "First paragraph.")) + row(160, (72, "Second paragraph."))
    assert page_text(words, blank_lines=True) == "First paragraph.\n\nSecond paragraph."
    assert page_text(words) == "First paragraph.\nSecond paragraph."


def test_wide_gaps_inside_a_line_become_tabs():
    words = row(100, (72, "Jane Roe/Records/SCSD"), (260, "To"), (310, "John Doe"))
    assert page_text(words) == "Jane Roe/Records/SCSD\tTo\tJohn Doe"


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_the_order_words_are_drawn_in_does_not_change_the_text(seed):
    words = outlook_table() + row(220, (72, "Best,")) + row(234, (72, "Tony"))
    shuffled = words[:]
    random.Random(seed).shuffle(shuffled)
    assert page_text(shuffled) == page_text(words)


_VALUE = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=2, max_size=9)


@settings(max_examples=60, deadline=None)
@given(subject=st.lists(_VALUE, min_size=1, max_size=6), recipients=st.lists(_VALUE, min_size=1, max_size=12),
       wrap=st.integers(1, 6), skew=st.floats(-2.0, 2.0))
def test_table_values_come_back_whole_however_they_wrap(subject, recipients, wrap, skew):
    """A To list wrapped after any word, on a slightly skewed scan, is read back as one value."""
    words = row(100, (72, "From:"), (180, "Roe, Jane")) + row(114 + skew, (72, "Sent:"),
                                                                  (180, "Tue, 11 Apr 2017 15:42:10 -0400"))
    first, rest = recipients[:wrap], recipients[wrap:]
    words += row(128, (72, "To:"), (180, " ".join(first)))
    y = 128.0
    if rest:
        y += 12
        words += row(y, (72, " ".join(rest)))
    words += row(y + 14 - skew, (72, "Subject:"), (180, " ".join(subject)))
    words += row(y + 40, (72, "Body text here."))
    [block] = find_header_blocks(page_text(words).split("\n"))
    assert block.fields["to"] == " ".join(recipients)
    assert block.fields["subject"] == " ".join(subject)
