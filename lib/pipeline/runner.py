"""Run the analysis notebooks in order against a release and export them as HTML.

papermill injects the release's folders into each notebook's ``parameters``
cell and writes the executed copy under ``reports/<release>/``; nbconvert
exports HTML without code cells (for readers) and with them (for researchers).
The committed notebooks are never modified by a report run.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from lib.core.paths import ROOT, portable

NOTEBOOK_DIR = ROOT / "notebooks"
_NUMBERED = re.compile(r"^\d{2}[a-z]?_[a-z0-9_]+\.ipynb$")


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


def execute(notebook: Path, out: Path, parameters: dict) -> Path:
    """Run one notebook with ``parameters`` injected; return the executed copy."""
    import papermill

    out.mkdir(parents=True, exist_ok=True)
    target = out / notebook.name
    papermill.execute_notebook(str(notebook), str(target), parameters=parameters, cwd=str(NOTEBOOK_DIR),
                               progress_bar=False, kernel_name="python3")
    return target


def export_html(executed: Path, out: Path, *, with_code: bool = False) -> Path:
    """Export an executed notebook to HTML, without code cells unless asked."""
    exporter = HTMLExporter(exclude_input=not with_code, exclude_input_prompt=True, exclude_output_prompt=True)
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
    # A release may carry its own events file; otherwise the real case's (data/raw/events.csv).
    events = Path(release) / "events.csv"
    claims = Path(release) / "claims.yaml"
    return {"release_dir": portable(release), "processed_dir": portable(processed),
            "figures_dir": portable(out / "html" / "figures"),
            "events_file": portable(events if events.exists() else ROOT / "data" / "raw" / "events.csv"),
            "claims_file": portable(claims if claims.exists() else ROOT / "data" / "raw" / "claims.yaml")}


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
