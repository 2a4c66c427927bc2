"""Where things are, relative to the project root, whatever the working directory."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path(__file__).resolve().parents[1] / "reference"
SAMPLE_RAW = ROOT / "data" / "raw" / "sample"
SAMPLE_PROCESSED = ROOT / "data" / "processed" / "sample"


def resolve(path: str | Path) -> Path:
    """A path as given when absolute, else relative to the project root.

    Notebooks run with the notebook folder as working directory; parameters
    such as ``data/processed/sample`` mean the same from anywhere.
    """
    path = Path(path)
    return path if path.is_absolute() else ROOT / path


def display(path: str | Path) -> str:
    """A path for messages and reports: relative to the project root where possible."""
    path = Path(path).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.name


def portable(path: str | Path) -> str:
    """A path to hand to a notebook: relative to the project root when inside it, else absolute."""
    path = Path(path).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
