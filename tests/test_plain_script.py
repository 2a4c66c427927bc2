"""A researcher's plain script, with no ``if __name__ == "__main__":`` guard, can read a release with scanned pages.

Worker processes started with "spawn" re-import the main module, which would run
such a script again in every worker. The script here counts its own runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from test_ingest_ocr import FIRST as SCANNED_EMAIL  # a request and its reply
from test_ingest_ocr import SECOND as TEXT_EMAIL

from lib.core.paths import ROOT
from lib.sample.scan import scan_pdf

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None,
                                reason="Tesseract is not installed (make system-deps installs it)")

SCRIPT = """\
import json
import sys

import lib.ingest.release

with open(sys.argv[1], "a") as counter:
    counter.write("ran\\n")
messages = lib.ingest.release.read_messages(sys.argv[2])
print(len(messages))
print(json.dumps(dict(zip(messages.source_file, messages.sender))))
"""


def test_a_script_without_a_main_guard_runs_once_and_reads_scanned_pages(make_pdf, tmp_path):
    release = tmp_path / "release"
    release.mkdir()
    printed = make_pdf([SCANNED_EMAIL], name="printed.pdf", bates_prefix="BPD-ICE-")
    scan_pdf(printed, release / "scanned.pdf", seed=3, dpi=200)
    make_pdf([TEXT_EMAIL], name="release/text-layer.pdf", bates_prefix="BPD-ICE-")
    script, counter = tmp_path / "analysis.py", tmp_path / "runs.txt"
    script.write_text(SCRIPT)

    completed = subprocess.run(
        [sys.executable, str(script), str(counter), str(release)], cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300,
    )

    assert counter.read_text().splitlines() == ["ran"], completed.stderr[-3000:]
    assert completed.returncode == 0, completed.stderr[-3000:]
    count, senders = completed.stdout.strip().splitlines()[-2:]
    assert int(count) == 2
    assert json.loads(senders) == {"scanned.pdf": "jane.roe@pd.boston.gov", "text-layer.pdf": "john.doe@ice.dhs.gov"}
