"""Lexeme flags for the patterns' word tests, assigned once per vocabulary.

The pipeline (``pipeline.py``) and its refiner (``refiner.py``) both build
patterns on the same vocabulary; each asks here for the flag ids.
"""

from __future__ import annotations

from .patterns import word_tests

#: Flag ids already assigned to the word tests, per vocabulary.
_ASSIGNED_FLAGS: dict[int, dict[str, int]] = {}


def assign_flags(vocab) -> dict[str, int]:
    """Store each word test as a lexeme flag in the highest free flag bits of the vocabulary."""
    if id(vocab) in _ASSIGNED_FLAGS:
        return _ASSIGNED_FLAGS[id(vocab)]
    tests = word_tests()
    free = [bit for bit in range(63, 18, -1) if bit not in vocab.lex_attr_getters]
    if len(free) < len(tests):
        raise RuntimeError(f"the vocabulary has {len(free)} free flag bits; the patterns need {len(tests)}")
    ids = {name: vocab.add_flag(test, bit) for (name, test), bit in zip(sorted(tests.items()), free)}
    _ASSIGNED_FLAGS[id(vocab)] = ids
    return ids
