"""Bates numbers learnt per file: the stamp that rises page after page, and nothing that merely looks like one."""

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.ingest.bates import BatesSurvey, bates_candidates
from lib.ingest.release import ingest


def survey(*feet: str) -> dict[int, tuple[str, str]]:
    bates = BatesSurvey()
    for page, foot in enumerate(feet, start=1):
        bates.add(page, f"Some text of the page.\nMore text.\n{foot}")
    return bates.numbers()


def test_the_rising_stamp_is_the_bates_number_not_a_zip_code_beside_it():
    feet = [f"Raleigh, NC 27699-2301\nNIH-00{1109 + n}" for n in range(4)]
    assert survey(*feet) == {n + 1: (f"NIH-00{1109 + n}", "printed") for n in range(4)}


def test_shapes_that_repeat_without_rising_are_not_bates_numbers():
    assert survey("Raleigh, NC 27699-2301", "Raleigh, NC 27699-2301", "Raleigh, NC 27699-2301") == {}
    assert survey("To: POP 2020", "To: POP 2020") == {}


def test_a_single_page_takes_a_zero_padded_stamp_only():
    assert survey("BPD-ICE-000412") == {1: ("BPD-ICE-000412", "printed")}
    assert survey("FORM 2020") == {}


def test_ocr_damage_to_the_stamp_is_mended():
    assert bates_candidates("text\nNIH-00138 1") == ["NIH-001381"]
    assert bates_candidates("text\nBPD-ICE-OOO12l") == ["BPD-ICE-000121"]


def test_a_missing_stamp_is_filled_only_when_both_neighbours_leave_one_number():
    assert survey("NIH-001109", "", "NIH-001111")[2] == ("NIH-001110", "filled")
    assert 2 not in survey("NIH-001109", "", "NIH-001112")  # two numbers free: which one is unknown
    assert 1 not in survey("", "NIH-001110", "NIH-001111")  # only one neighbour


@settings(max_examples=50, deadline=None)
@given(start=st.integers(1, 900_000), steps=st.lists(st.integers(1, 20), min_size=2, max_size=12),
       noise=st.sampled_from(["Boston, MA 02114-1102", "To: POP 2020", "Page 3 of 9", "FORM I-247A"]))
def test_the_stamp_is_found_whatever_else_sits_at_the_foot(start, steps, noise):
    numbers = [start]
    for step in steps:
        numbers.append(numbers[-1] + step)
    found = survey(*[f"{noise}\nDOJ-{n:07d}" for n in numbers])
    assert [found[page][0] for page in sorted(found)] == [f"DOJ-{n:07d}" for n in numbers]


def test_a_message_across_a_gap_in_the_numbers_is_flagged(make_pdf):
    header = ["From: Roe, Jane", "Sent: Tuesday, April 11, 2017 3:42 PM", "To: Doe, John", "Subject: Report"]
    # Two pages of one message stamped four numbers apart: pages may be missing between them.
    path = make_pdf([header + ["Page one.", "", "", "DOJ-000010"], ["Page two.", "", "", "DOJ-000014"]],
                    bates_prefix=None)
    result = ingest(path)
    [message] = result.messages.itertuples()
    assert (message.bates_start, message.bates_end) == ("DOJ-000010", "DOJ-000014")
    assert any("Bates gap" in flag for flag in message.parse_flags)
    assert any("gap in the Bates numbers" in w for f in result.report["files"] for w in f["warnings"])
