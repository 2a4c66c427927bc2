"""Run the analysis notebooks in order against a release and export them as HTML.

papermill injects the release's folders into each notebook's ``parameters``
cell (those the cell declares) and writes the executed copy under
``reports/<release>/``; nbconvert exports HTML without code cells (for readers)
and with them (for researchers), each figure with its alt text.
The committed notebooks are never modified by a report run.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbconvert import HTMLExporter
from traitlets.config import Config

from lib.core.paths import ROOT, portable
from lib.core.profile import active_profile

NOTEBOOK_DIR = ROOT / "notebooks"
_NUMBERED = re.compile(r"^\d{2}[a-z]?_[a-z0-9_]+\.ipynb$")

#: The kernel gets CurveZMQ keys from the runner where its kernelspec supports them (ipykernel's does): what a
#: notebook prints about a release then never crosses a local socket in plain text.
KERNEL_CONFIG = Config({"KernelManager": {"transport_encryption": "auto"}})

#: nbconvert's lab template drops an image's alt text; this one keeps the alt text every figure is shown with
#: (``lib.figures.publish_figure``). An image without any still has no ``alt``, and nbconvert warns of it.
_HTML_TEMPLATE = DictLoader({"report.html.j2": """{%- extends 'lab/index.html.j2' -%}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
{%- set alt = output | get_metadata('alt', 'image/png') -%}
{%- set width = output | get_metadata('width', 'image/png') -%}
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
{%- if alt %} alt="{{ alt | escape_html }}"{% endif %}{% if width is not none %} width="{{ width | escape_html }}"{% endif %}>
</div>
{%- endblock data_png %}
"""})


def notebook_paths() -> list[Path]:
    """The analysis notebooks, in reading order (their number prefix)."""
    return sorted(p for p in NOTEBOOK_DIR.glob("*.ipynb") if _NUMBERED.match(p.name))


def title_of(notebook: Path) -> str:
    """The notebook's first markdown heading."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return notebook.stem


def declared_parameters(notebook: Path) -> set[str]:
    """The names the notebook's ``parameters`` cell assigns, read as papermill reads them."""
    from papermill.translators import PythonTranslator

    nb = nbformat.read(notebook, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    return {parameter.name for cell in cells[:1] for parameter in PythonTranslator.inspect(cell)}


def execute(notebook: Path, out: Path, parameters: dict) -> Path:
    """Run one notebook with those of ``parameters`` its parameters cell declares; return the executed copy."""
    import papermill

    out.mkdir(parents=True, exist_ok=True)
    target = out / notebook.name
    declared = declared_parameters(notebook)
    papermill.execute_notebook(str(notebook), str(target), cwd=str(NOTEBOOK_DIR), progress_bar=False,
                               parameters={name: value for name, value in parameters.items() if name in declared},
                               kernel_name="python3", config=KERNEL_CONFIG)
    return target


def export_html(executed: Path, out: Path, *, with_code: bool = False) -> Path:
    """Export an executed notebook to HTML, without code cells unless asked."""
    exporter = HTMLExporter(template_name="lab", extra_loaders=[_HTML_TEMPLATE], template_file="report.html.j2",
                            exclude_input=not with_code, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.exclude_raw = True
    nb = nbformat.read(executed, as_version=4)
    # Papermill's injected-parameters cell is machinery, not content.
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    body, _ = exporter.from_notebook_node(nb)
    out.mkdir(parents=True, exist_ok=True)
    target = out / (executed.stem + (".code" if with_code else "") + ".html")
    target.write_text(body, encoding="utf-8")
    return target


def parameters_for(release: str | Path, processed: str | Path, out: Path) -> dict:
    """The notebooks' parameters for a release, its processed tables and a report folder."""
    # A release may carry its own events and claims files; otherwise the jurisdiction profile's.
    profile = active_profile()
    events = Path(release) / "events.csv"
    claims = Path(release) / "claims.yaml"
    # A profile may name neither (a synthetic release carries its own): then "", which the notebooks read as
    # "the release's own file".
    events_file = events if events.exists() else profile.path(profile.events_file.path)
    claims_file = claims if claims.exists() else profile.path(profile.claims_file.path)
    return {"release_dir": portable(release), "processed_dir": portable(processed),
            "figures_dir": portable(out / "html" / "figures"),
            "events_file": portable(events_file) if events_file else "",
            "claims_file": portable(claims_file) if claims_file else ""}


def run_all(release: str | Path, processed: str | Path, out: str | Path | None = None) -> list[Path]:
    """Execute every notebook in order against a release; export each as HTML."""
    out = Path(out) if out else ROOT / "reports" / Path(processed).name
    parameters = parameters_for(release, processed, out)
    pages = []
    for notebook in notebook_paths():
        print(f"running {notebook.name}")
        executed = execute(notebook, out / "executed", parameters)
        pages.append(export_html(executed, out / "html"))
        export_html(executed, out / "html", with_code=True)
    return pages
