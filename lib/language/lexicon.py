"""The lexicon: a versioned YAML file of spaCy Matcher patterns, read, checked and compiled."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd
import yaml
from spacy.matcher import Matcher

from lib.core.paths import REFERENCE
from lib.core.profile import active_profile
from lib.core.records import record_id
from lib.language.analysis import _nlp

DEFAULT_LEXICON = REFERENCE / "lexicon.yaml"

_ENTRY_KEYS = {"id", "pattern", "arguable", "note"}
_STRING_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM", "LEMMA", "POS", "TAG", "MORPH", "SHAPE",
                 "PREFIX", "SUFFIX", "ENT_TYPE", "DEP"}


# --- Lexicon -----------------------------------------------------------------

class LexiconError(ValueError):
    """The lexicon file is malformed; the message names the entry at fault."""


@dataclass(frozen=True)
class Entry:
    """One pattern or exclusion of the lexicon."""

    id: str
    category: str
    pattern: list
    arguable: bool = False
    note: str = ""


@dataclass(frozen=True)
class Lexicon:
    """Categories of spaCy Matcher patterns, with exclusions for literal uses."""

    version: str
    descriptions: dict[str, str]
    patterns: tuple[Entry, ...]
    exclusions: tuple[Entry, ...] = ()
    path: Path | None = None

    @property
    def categories(self) -> list[str]:
        return list(self.descriptions)

    def entry(self, entry_id: str) -> Entry:
        return self._by_id[entry_id]

    def table(self) -> pd.DataFrame:
        """Every pattern and exclusion, one row each, for reading or publishing."""
        rows = [
            {"category": e.category, "kind": kind, "id": e.id, "arguable": e.arguable,
             "note": e.note, "pattern": e.pattern}
            for kind, entries in (("pattern", self.patterns), ("exclusion", self.exclusions))
            for e in entries
        ]
        return pd.DataFrame(rows, columns=["category", "kind", "id", "arguable", "note", "pattern"])

    def summary(self) -> pd.DataFrame:
        """Per category, in the file's order: its description, and how many patterns, arguable ones and exclusions."""
        entries = self.table()
        of = {c: entries[entries["category"] == c] for c in self.categories}
        return pd.DataFrame({
            "category": self.categories,
            "description": [self.descriptions[c] for c in self.categories],
            "patterns": [int((of[c]["kind"] == "pattern").sum()) for c in self.categories],
            "arguable": [int(of[c]["arguable"].sum()) for c in self.categories],
            "exclusions": [int((of[c]["kind"] == "exclusion").sum()) for c in self.categories],
        })

    @cached_property
    def _by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.patterns + self.exclusions}

    @cached_property
    def _rank(self) -> dict[str, int]:
        # Position in the file breaks ties between equal spans deterministically.
        return {e.id: i for i, e in enumerate(self.patterns + self.exclusions)}

    @cached_property
    def _matchers(self) -> tuple[Matcher, Matcher]:
        vocab = _nlp().vocab
        hits, exclusions = Matcher(vocab, validate=True), Matcher(vocab, validate=True)
        for matcher, entries in ((hits, self.patterns), (exclusions, self.exclusions)):
            for e in entries:
                try:
                    matcher.add(e.id, [e.pattern])
                except Exception as err:  # spaCy's schema errors are long; lead with the id
                    raise LexiconError(f"{e.id}: invalid spaCy pattern: {err}") from err
        return hits, exclusions


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read a lexicon YAML file (default: ``lib/reference/lexicon.yaml``) and check it.

    The default lexicon takes in the jurisdiction profile's ``lexicon_additions`` (``profile_additions``).
    Raises ``LexiconError`` naming the entry when an id repeats, a field is
    unknown, a pattern is not valid spaCy Matcher syntax, or YAML turned a bare
    word such as ``on``/``yes``/``no`` into a boolean.
    """
    additions = profile_additions() if path is None else None
    path = Path(path) if path is not None else DEFAULT_LEXICON
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if additions is not None:
        data = merge_additions(data, yaml.safe_load(additions.read_text(encoding="utf-8")), additions)
    lexicon = _lexicon_from_dict(data, path)
    lexicon._matchers  # noqa: B018 - compile now so errors surface at load time
    return lexicon


def profile_additions() -> Path | None:
    """The active profile's lexicon additions file, if it names one."""
    profile = active_profile()
    return profile.path(profile.lexicon_additions.file)


def merge_additions(data: dict, additions: dict, source: Path) -> dict:
    """The lexicon with a profile's additions: new categories, and patterns and exclusions for existing ones.

    The additions file has the lexicon's form (``version`` and ``categories``); the merged version is the
    lexicon's and the additions' joined by ``+``, so published counts cite both.
    """
    if not isinstance(additions, dict) or not isinstance(additions.get("categories"), dict):
        raise LexiconError(f"{source}: lexicon additions need a 'categories' mapping")
    if not additions.get("version"):
        raise LexiconError(f"{source}: lexicon additions need a 'version'")
    categories = {name: dict(spec) for name, spec in data["categories"].items()}
    for name, spec in additions["categories"].items():
        if name not in categories:
            categories[name] = spec
            continue
        for key in ("patterns", "exclusions"):
            categories[name][key] = [*(categories[name].get(key) or []), *((spec or {}).get(key) or [])]
    return {**data, "version": f"{data.get('version')}+{additions['version']}", "categories": categories}


def _lexicon_from_dict(data, path: Path | None) -> Lexicon:
    if not isinstance(data, dict) or not isinstance(data.get("categories"), dict):
        raise LexiconError("a lexicon needs a 'categories' mapping")
    if not data.get("version"):
        raise LexiconError("a lexicon needs a 'version' (published counts cite it)")
    descriptions, patterns, exclusions, seen = {}, [], [], set()
    for category, spec in data["categories"].items():
        if not isinstance(spec, dict) or not str(spec.get("description") or "").strip():
            raise LexiconError(f"category {category!r} needs a description")
        if not spec.get("patterns"):
            raise LexiconError(f"category {category!r} has no patterns")
        descriptions[str(category)] = " ".join(str(spec["description"]).split())
        for key, bucket in (("patterns", patterns), ("exclusions", exclusions)):
            for raw in spec.get(key) or []:
                entry = _entry(raw, str(category))
                if entry.id in seen:
                    raise LexiconError(f"id {entry.id!r} is used twice")
                seen.add(entry.id)
                bucket.append(entry)
    return Lexicon(version=str(data["version"]), descriptions=descriptions,
                   patterns=tuple(patterns), exclusions=tuple(exclusions), path=path)


def _entry(raw, category: str) -> Entry:
    entry_id = record_id(raw, _ENTRY_KEYS, LexiconError, f"an entry of {category!r}")
    pattern = raw.get("pattern")
    if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
        raise LexiconError(f"{entry_id}: 'pattern' must be a non-empty list of token dicts")
    for token in pattern:
        _check_strings(entry_id, token)
    return Entry(id=entry_id, category=category, pattern=pattern,
                 arguable=bool(raw.get("arguable", False)), note=" ".join(str(raw.get("note") or "").split()))


def _check_strings(entry_id: str, token: dict) -> None:
    """Catch YAML's bare on/off/yes/no (booleans) and numbers where text is meant."""
    for attr, value in token.items():
        if attr == "_" and isinstance(value, dict):
            continue
        if attr.upper() not in _STRING_ATTRS:
            continue
        values = [value]
        if isinstance(value, dict):
            values = [v for key in ("IN", "NOT_IN") for v in value.get(key, [])]
            values += [value[k] for k in ("REGEX", "FUZZY") if k in value]
        for v in values:
            if not isinstance(v, str):
                raise LexiconError(f"{entry_id}: {attr} value {v!r} is not text; quote it in the YAML")


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return load_lexicon()


def _resolve_lexicon(lexicon: Lexicon | str | Path | None) -> Lexicon:
    if lexicon is None:
        return _default_lexicon()
    if isinstance(lexicon, Lexicon):
        return lexicon
    return load_lexicon(lexicon)
