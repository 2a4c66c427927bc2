"""The spaCy pipeline: tokenizer, EntityRuler before ``ner``, and a refiner after it.

The ruler runs first so the statistical model respects its spans (an agency
alias is never re-read as a PERSON); the refiner (``refiner.py``) then trims,
checks and completes spans and sets canonical values. Only the model components
``ner`` needs are loaded: in the pinned model ``ner`` has its own tok2vec, and no
pattern reads POS tags, lemmas or the parse.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from lib.core.models import load_model, model_name

from . import refiner  # noqa: F401 - registers the 'records_refiner' factory
from .flags import assign_flags
from .patterns import Flags, all_patterns
from .reference import load_institutions

# Tokenizer additions: split 'DL#S12345678', 'CC#172034567', 'dob:03/14/88', '(617)343-4444', '(ICE)—has'.
_EXTRA_INFIXES = (r"(?<=[A-Za-z])#(?=[A-Za-z0-9])", r"(?<=[A-Za-z]):(?=\d)", r"(?<=\d)\)(?=\d)", r"[—–]",
                  r"\)(?=[—–])")
_EXTRA_PREFIXES = (r"[Mm][Aa][Ii][Ll][Tt][Oo]:",)
# ... and a sentence's full stop from a section or unit number: '94C/32A.', '§ 15A.'.
_EXTRA_SUFFIXES = (r"(?<=\d[A-Z])\.",)


def records_tokenizer(base: Language) -> Tokenizer:
    """A copy of the model's tokenizer that also splits glued cues from values."""
    tokenizer = Tokenizer(base.vocab)
    tokenizer.from_bytes(base.tokenizer.to_bytes())
    infix = base.tokenizer.infix_finditer.__self__.pattern
    prefix = base.tokenizer.prefix_search.__self__.pattern
    tokenizer.infix_finditer = re.compile("|".join((infix, *_EXTRA_INFIXES))).finditer
    tokenizer.prefix_search = re.compile("|".join((*("^" + p for p in _EXTRA_PREFIXES), prefix))).search
    suffix = base.tokenizer.suffix_search.__self__.pattern
    tokenizer.suffix_search = re.compile("|".join((*(p + "$" for p in _EXTRA_SUFFIXES), suffix))).search
    return tokenizer


@lru_cache(maxsize=4)
def records_pipeline(agencies_path: str | None = None) -> Language:
    """The tagging pipeline (cached): tokenizer, entity_ruler, ner, records_refiner."""
    base = load_model(disable=model_components_disabled())
    nlp = spacy.blank(base.lang, vocab=base.vocab)
    nlp.meta.update({k: base.meta[k] for k in ("name", "version") if k in base.meta})
    nlp.tokenizer = records_tokenizer(base)
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH", "validate": False})
    flags = Flags(assign_flags(nlp.vocab))
    ruler.add_patterns(all_patterns(load_institutions(agencies_path), flags))
    for name in model_components_needed():
        nlp.add_pipe(name, source=base)
    nlp.add_pipe("records_refiner", config={"agencies_path": agencies_path})
    return nlp


def model_components_needed(name: str | None = None) -> tuple[str, ...]:
    """The model's components ``ner`` needs: itself, plus a shared tok2vec/transformer if it listens to one.

    Read from the package's config, so another model set through RECORDS_SPACY_MODEL
    (one whose ``ner`` listens to a shared embedding layer) still gets what it needs.
    """
    config = _model_config(name or model_name())
    components = config["components"]
    needed = ["ner"]
    embedding = components["ner"]["model"].get("tok2vec", {})
    if "Listener" in str(embedding.get("@architectures", "")):
        upstream = embedding.get("upstream", "*")
        needed += [n for n, c in components.items()
                   if c.get("factory") in ("tok2vec", "transformer") and upstream in ("*", n)]
    order = list(config["nlp"]["pipeline"])
    return tuple(sorted(needed, key=order.index))


def model_components_disabled(name: str | None = None) -> tuple[str, ...]:
    """The model's components the tagger leaves out."""
    config = _model_config(name or model_name())
    needed = model_components_needed(name)
    return tuple(c for c in config["nlp"]["pipeline"] if c not in needed)


@lru_cache(maxsize=4)
def _model_config(name: str):
    package = Path(importlib.import_module(name).__file__).parent
    found = sorted(package.glob("*/config.cfg")) or sorted(package.glob("config.cfg"))
    if not found:
        raise FileNotFoundError(f"no config.cfg in the package of model {name!r}")
    return spacy.util.load_config(found[0], interpolate=False)
