"""Excerpts around a passage (keyword in context): never a word or a capitalised run cut in half."""

import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.core.context import kwic, left_cut, one_line, right_cut, sides


def test_a_place_is_not_cut_into_a_name():
    text = "He is from Cape Verde, A&B, threat to commit crime. Lives in Hyde Park with his family."
    start = text.index("A&B")
    assert kwic(text, start, start + 3, 8).startswith("…Cape Verde, **A&B**")
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


@settings(max_examples=300, deadline=None)
@given(words=_WORDS, seps=st.lists(st.sampled_from([" ", " ", "\n", ", "]), min_size=60, max_size=60),
       where=st.floats(0, 1), width=st.integers(0, 80), protected=st.lists(st.tuples(st.integers(0, 400),
                                                                                    st.integers(1, 60)), max_size=6))
def test_an_excerpt_keeps_every_protected_span_whole_or_leaves_it_out(words, seps, where, width, protected):
    text = "".join(w + s for w, s in zip(words, seps)).strip()
    spans = [m.span() for m in re.finditer(r"\S+", text)]
    start, end = spans[min(int(where * len(spans)), len(spans) - 1)]
    entities = [(a, min(a + n, len(text))) for a, n in protected if a < len(text)]
    entities = [(a, b) for a, b in entities if b <= start or a >= end or (a <= start and b >= end)]  # not the passage
    left, right = sides(text, start, end, width, protected=entities)
    excerpt = (left + one_line(text[start:end]) + right).removeprefix("…").removesuffix("…")
    low, high = _bounds(text, excerpt, start)
    for a, b in entities:
        assert b <= low or a >= high or (low <= a and b <= high), (a, b, low, high)


def _bounds(text: str, excerpt: str, start: int) -> tuple[int, int]:
    """Where a one-line excerpt of ``text`` that holds offset ``start`` begins and ends in ``text``."""
    flat, offsets = [], []
    for match in re.finditer(r"\s+|\S", text):
        flat.append(" " if match.group().isspace() else match.group())
        offsets.append(match.start())
    flat_text = "".join(flat)
    position = flat_text.find(excerpt)
    while position >= 0:
        low = offsets[position]
        end = position + len(excerpt)
        high = offsets[end] if end < len(offsets) else len(text)
        if low <= start < high:
            return low, high
        position = flat_text.find(excerpt, position + 1)
    raise AssertionError(f"excerpt {excerpt!r} is not one line of the text around {start}")


def test_every_excerpt_on_the_sample_keeps_the_tagged_entities_whole(sample_processed, sample_records):
    """Language hits, charges and the claims' evidence on the sample: no excerpt starts or ends inside an entity
    (a name, a date of birth, an address) that the entity table gives for that text, apart from entities that
    overlap the passage itself (a form's field printed to the end of its line)."""
    from lib import evidence

    read = lambda name: pd.read_parquet(sample_processed / f"{name}.parquet")  # noqa: E731
    messages = read("messages").set_index("message_id")
    entities = read("entities")
    claims = evidence.load_claims(evidence.claims_file_for(sample_processed))
    rows = {
        "language_hits": read("language_hits").assign(field="body"),
        "charges": read("charges"),
        "claims evidence": evidence.evidence(claims, sample_records),
    }
    checked = 0
    for name, table in rows.items():
        table = table[table["field"].isin(["body", "subject"])]
        for message_id, field, start, end, context in zip(table["message_id"], table["field"], table["start_char"],
                                                          table["end_char"], table["context"]):
            text = messages.at[message_id, field]
            excerpt = context.replace("**", "").removeprefix("…").removesuffix("…").strip()
            low, high = _bounds(text, excerpt, int(start))
            spans = entities[(entities["message_id"] == message_id) & (entities["field"] == field)]
            for a, b in zip(spans["start_char"], spans["end_char"]):
                a, b = a + len(text[a:b]) - len(text[a:b].lstrip()), b - len(text[a:b]) + len(text[a:b].rstrip())
                if a < end and b > start:
                    continue
                assert b <= low or a >= high or (low <= a and b <= high), (name, message_id, text[a:b], context)
            checked += 1
    assert checked > 1_000
