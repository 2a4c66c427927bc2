"""The notebook runner: each notebook gets the parameters it declares, and its HTML keeps every figure's alt text."""

import logging

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_notebook, new_output

from lib.pipeline import runner as notebooks
from lib.pipeline.runner import declared_parameters, export_html, notebook_paths, parameters_for

NOTEBOOKS = notebook_paths()
#: A 1x1 PNG.
PIXEL = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def test_a_notebook_declares_what_its_parameters_cell_assigns(tmp_path):
    nb = new_notebook(cells=[new_code_cell("import os"),
                             new_code_cell('release_dir = "data/raw/sample"\nevents_file: str = ""  # a path',
                                           metadata={"tags": ["parameters"]}),
                             new_code_cell("later = 1")])
    nbformat.write(nb, tmp_path / "00_x.ipynb")
    assert declared_parameters(tmp_path / "00_x.ipynb") == {"release_dir", "events_file"}


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_runner_passes_a_notebook_only_the_parameters_it_declares(notebook, tmp_path, monkeypatch):
    import papermill

    calls = []
    monkeypatch.setattr(papermill, "execute_notebook", lambda *args, **kwargs: calls.append(kwargs))
    given = parameters_for("data/raw/sample", "data/processed/sample", tmp_path)
    notebooks.execute(notebook, tmp_path, given)
    [call] = calls
    assert set(call["parameters"]) == declared_parameters(notebook) & set(given)
    assert {"release_dir", "processed_dir", "figures_dir"} <= set(call["parameters"])
    # The kernel is given CurveZMQ keys where it supports them, so it does not talk over plain TCP.
    assert call["config"].KernelManager.transport_encryption == "auto"


def _with_image(tmp_path, metadata):
    nb = new_notebook(cells=[new_code_cell("publish_figure(...)", outputs=[
        new_output("display_data", data={"image/png": PIXEL, "text/plain": "<IPython.core.display.Image object>"},
                   metadata=metadata)])])
    path = tmp_path / "executed" / "00_x.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("with_code", [False, True])
def test_the_html_keeps_each_figures_alt_text(tmp_path, caplog, with_code):
    alt = 'Bar chart of messages per month; "two" clusters & a gap.'
    with caplog.at_level(logging.WARNING):
        html = export_html(_with_image(tmp_path, {"image/png": {"alt": alt}}), tmp_path / "html",
                           with_code=with_code).read_text()
    [image] = BeautifulSoup(html, "html.parser").find_all("img")
    assert image["alt"] == alt and image["src"] == f"data:image/png;base64,{PIXEL}"
    assert "Alternative text is missing" not in caplog.text


def test_a_figure_without_alt_text_is_reported(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        export_html(_with_image(tmp_path, {}), tmp_path / "html")
    assert "Alternative text is missing on 1 image(s)" in caplog.text


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_in_a_notebook_has_alt_text(notebook):
    nb = nbformat.read(notebook, as_version=4)
    images = [output for cell in nb.cells for output in cell.get("outputs", [])
              for kind in output.get("data", {}) if kind.startswith("image/")]
    for output in images:
        [kind] = [k for k in output["data"] if k.startswith("image/")]
        assert output.get("metadata", {}).get(kind, {}).get("alt", "").strip(), notebook.name
    assert not any("<img" in str(output.get("data", {}).get("text/html", ""))
                   for cell in nb.cells for output in cell.get("outputs", []))
