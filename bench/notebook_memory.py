"""Wall time and peak memory of each analysis notebook, run alone against a release's tables.

    python bench/notebook_memory.py --release data/raw/<release> --processed data/processed/<release>

Each notebook runs in a process of its own (papermill and its kernel), so the
peak printed is that notebook's. These are measurements for ``bench/results.md``,
not tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.__main__ import measured  # noqa: E402
from lib.pipeline.runner import notebook_paths, parameters_for  # noqa: E402


def notebook_figures(release: Path, processed: Path, only: str | None = None) -> list[dict]:
    figures = []
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        parameters = parameters_for(release, processed, out)
        for notebook in notebook_paths():
            if only and only not in notebook.name:
                continue
            code = (f"from pathlib import Path; from lib.pipeline.runner import execute; "
                    f"execute(Path({str(notebook)!r}), Path({str(out / 'executed')!r}), {parameters!r})")
            figures.append({"notebook": notebook.stem, **measured([sys.executable, "-c", code])})
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--release", type=Path, required=True)
    parser.add_argument("--processed", type=Path, required=True)
    parser.add_argument("--only", help="run only the notebooks whose name contains this")
    args = parser.parse_args()
    for figure in notebook_figures(args.release.resolve(), args.processed.resolve(), args.only):
        print(f"{figure['notebook']}: {figure['seconds']:.1f} s, peak {figure['peak_mb']:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
