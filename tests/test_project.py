"""Project hygiene: README matches the notebooks, notebooks are well-formed and reproducible."""

import json
import re

import nbformat
import pytest

from lib.core.paths import ROOT
from lib.pipeline.runner import notebook_paths

NOTEBOOKS = notebook_paths()


def test_readme_lists_every_notebook_in_order():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Notebooks", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^- `(\d{2}[a-z]?_[a-z0-9_]+)`", section, flags=re.MULTILINE)
    assert listed == [p.stem for p in NOTEBOOKS]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_paired_with_a_py_file(notebook):
    assert notebook.with_suffix(".py").exists()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_one_parameters_cell_and_a_story_first(notebook):
    nb = nbformat.read(notebook, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    assert nb.cells[0].cell_type == "markdown"
    for heading in ("**Question.**", "**Inputs.**", "**Outputs.**", "**Method.**", "**Limits.**"):
        assert heading in nb.cells[0].source, heading


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_was_run_top_to_bottom(notebook):
    nb = nbformat.read(notebook, as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert counts == list(range(1, len(counts) + 1))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_outputs_leak_no_machine_paths(notebook):
    text = json.dumps([c.get("outputs", []) for c in nbformat.read(notebook, as_version=4).cells])
    assert not re.search(r"/(?:root|home|work|tmp|Users)/", text)


def test_gitignore_keeps_the_package_and_the_sample():
    ignore = (ROOT / ".gitignore").read_text().splitlines()
    assert "lib/" not in ignore and "lib" not in ignore
    assert "!data/raw/sample/" in ignore
