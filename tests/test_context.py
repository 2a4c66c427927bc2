"""Excerpts around a passage (keyword in context): never a word or a capitalised run cut in half."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.core.context import kwic, left_cut, one_line, right_cut, sides


def test_a_place_is_not_cut_into_a_name():
    text = "He is from Cape Verde, A&B, threat to commit crime. Lives in Hyde Park with his family."
    start = text.index("A&B")
    assert kwic(text, start, start + 3, 8).startswith("…Cape Verde, **A&B**")
    end = text.index("Hyde") + 2
    left, right = sides(text, text.index("Lives"), text.index("Lives") + 5, len(" in Hy"))
    assert right == " in Hyde Park…"


def test_short_texts_are_whole_without_ellipses():
    assert kwic("Run Jane Roe please", 4, 12, 60) == "Run **Jane Roe** please"


_WORDS = st.lists(st.sampled_from(["the", "cell", "Hyde", "Park", "Cape", "Verde", "A&B", "DOB", "run", "Maria",
                                   "Lopez-Garcia", "O'Neil", "lives", "at", "5", "Main", "St.", "booked"]),
                  min_size=1, max_size=60)


@settings(max_examples=500, deadline=None)
@given(words=_WORDS, seps=st.lists(st.sampled_from([" ", " ", "\n", ", "]), min_size=60, max_size=60),
       where=st.floats(0, 1), width=st.integers(0, 80))
def test_an_excerpt_never_cuts_a_word_or_a_capitalised_run(words, seps, where, width):
    text = "".join(w + s for w, s in zip(words, seps)).strip()
    spans = [m.span() for m in re.finditer(r"\S+", text)]
    start, end = spans[min(int(where * len(spans)), len(spans) - 1)]
    left, right = left_cut(text, start, width), right_cut(text, end, width)
    assert left <= start and right >= end
    assert left == 0 or text[left - 1].isspace()
    assert right == len(text) or text[right].isspace()
    def run(first: str, second: str) -> bool:  # two words one capitalised run: 'Hyde Park', not 'Hyde, Park'
        return first[:1].isupper() and first[-1:].isalpha() and second[:1].isupper()

    if left and text[left - 1] == " ":
        assert not run(text[:left - 1].split()[-1], text[left:].split()[0])  # 'Hyde | Park' cut in two
    if right < len(text) and text[right] == " ":
        assert not run(text[:right].split()[-1], text[right + 1:].split(" ")[0])
    assert sides(text, start, end, width) == (("…" if left else "") + one_line(text[left:start]),
                                              one_line(text[end:right]) + ("…" if right < len(text) else ""))
