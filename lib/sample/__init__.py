"""Synthetic sample release: printed police-ICE email with fictional people, and its answer key.

    python -m lib.sample --out data/raw/sample --truth tests/data/sample_truth.json [--scale 1.0] [--seed N]

or ``lib.sample.generate(out_dir, truth_path, seed=..., scale=...)``.
"""

from .generator import DEFAULT_SEED, generate
from .manifest import check_manifest, write_manifest
from .pdf import BANNER, BATES_PREFIX

__all__ = ["generate", "DEFAULT_SEED", "BANNER", "BATES_PREFIX", "write_manifest", "check_manifest"]
