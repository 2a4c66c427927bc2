"""Peak memory of one build stage, or of reading one input file, in a process of its own.

    python bench/stage_memory.py stage entities data/processed/<release>
    python bench/stage_memory.py file data/raw/<release>/<file>.pdf

``stage`` reruns the stage on tables already built (it overwrites its outputs
with the same tables) and prints the stage process's peak and its workers'.
``file`` reads one input file as a build worker does and prints the peak. These
are measurements for ``bench/results.md``, not tests.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.ingest.assemble import write_file_parts  # noqa: E402
from lib.ingest.release import OcrSettings, ingest_file_chunks  # noqa: E402
from lib.pipeline.stages import build_stage  # noqa: E402


def _peak_mb(who: int) -> int:
    return resource.getrusage(who).ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["stage", "file"])
    parser.add_argument("args", nargs="+")
    args = parser.parse_args()
    start = time.perf_counter()
    if args.what == "stage":
        name, processed = args.args
        build_stage(name, processed, 1, None)
        print(f"stage {name}: {time.perf_counter() - start:.0f} s, peak {_peak_mb(resource.RUSAGE_SELF)} MB, "
              f"its workers' peak {_peak_mb(resource.RUSAGE_CHILDREN)} MB")
    else:
        path = Path(args.args[0])
        chunks = ingest_file_chunks(path, path.name, ocr=OcrSettings(enabled=False))
        with tempfile.TemporaryDirectory() as scratch:
            write_file_parts(chunks, Path(scratch) / "file", keep=False)
        print(f"file {path.name}: {time.perf_counter() - start:.0f} s, peak {_peak_mb(resource.RUSAGE_SELF)} MB")


if __name__ == "__main__":
    main()
