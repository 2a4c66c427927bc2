"""Every figure is a pair: the PNG and the table behind it, with caption and alt text.

Notebooks call ``publish_figure``; it writes ``<name>.png`` and ``<name>.csv``
side by side, and shows the figure with its caption and source note so the
exported HTML carries them too.
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Image, display

matplotlib.use("Agg")

STYLE = {
    "figure.figsize": (9, 4),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "font.size": 10,
    "svg.hashsalt": "records",
}


def use_style() -> None:
    """One look for every figure, and deterministic output."""
    plt.rcParams.update(STYLE)


def publish_figure(fig, table: pd.DataFrame, name: str, folder: str | Path, *, caption: str, alt: str,
                   source: str) -> None:
    """Save ``fig`` and its ``table`` as a pair, then show both with caption and source.

    Returns nothing, so a notebook cell ending with this call shows no stray output.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / f"{name}.png"
    fig.savefig(png, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    table.to_csv(folder / f"{name}.csv", index=False)
    (folder / f"{name}.json").write_text(json.dumps({"caption": caption, "alt": alt, "source": source}, indent=2))
    display(Image(filename=str(png), alt=alt))
    display(HTML(f'<p class="caption"><strong>{caption}</strong> <em>Alt text:</em> {alt} '
                 f'<em>Source:</em> {source}. Data: <code>{name}.csv</code>.</p>'))
