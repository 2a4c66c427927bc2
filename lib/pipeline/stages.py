"""Analysis stages that run after ingest, each cached by what it reads.

A stage reads the message table (and earlier stages' tables) and writes
Parquet tables. Its cache key is the content hash of its inputs, the hash of
its code and reference files, and the spaCy model's version, so a rerun with
nothing changed skips it, and changing the lexicon reruns only the language
stage.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from lib.core.profile import PROFILE_FILE, active_profile


@dataclass(frozen=True)
class Stage:
    name: str
    reads: tuple[str, ...]  # tables it needs, e.g. ("messages",)
    writes: tuple[str, ...]  # tables it produces
    code: tuple[str, ...]  # lib modules, packages and reference files its output depends on
    run: Callable[..., dict[str, pd.DataFrame | None]]  # (out folder, workers=, scheduler=, isolate=) -> tables
    uses_model: bool = False


#: Message columns the tagger reads.
_TAGGED_COLUMNS = ["message_id", "subject", "body", "sender_name", "sender", "to", "cc"]


#: Entity columns an excerpt needs to keep entities whole.
_SPAN_COLUMNS = ["message_id", "field", "start_char", "end_char"]

#: Messages per batch for the language stage: its analyses of a batch are held together.
_LANGUAGE_BATCH_ROWS = 250


def _message_batches(out: Path, columns: list[str] | None = None, batch_rows: int | None = None):
    from lib.core.tables import BATCH_ROWS, iter_frames

    return iter_frames(out / "messages.parquet", columns=columns, batch_rows=batch_rows or BATCH_ROWS)


def _language_hits(batch: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    """One batch's hits, cited with the page table, their contexts never cutting one of the batch's entities,
    in a worker that then forgets the batch's analyses."""
    from lib.core.context import entity_spans
    from lib.core.tables import release_freed_memory
    from lib.language import find, forget_analyses

    messages, pages, entities = batch
    hits = find(messages, pages=pages, protected=entity_spans(entities, "body"))
    forget_analyses()
    release_freed_memory()  # a worker takes several batches: the next starts from what this one left
    return hits


def _tagged_batch(messages: pd.DataFrame):
    """One batch tagged, in a worker that then gives back the memory the tagging freed."""
    from lib.core.tables import release_freed_memory
    from lib.entities.tagging import tag_batch

    tagged = tag_batch(messages)
    release_freed_memory()
    return tagged


def _entities(out: Path, workers: int = 1, scheduler: str | None = None,
              isolate: bool = True) -> dict[str, pd.DataFrame | None]:
    from lib.entities.roster import people_table
    from lib.entities.table import resolve_batches
    from lib.pipeline.parallel import ordered_imap

    # The model lives in worker processes; this one writes their rows to disk and resolves people.
    batches = ordered_imap(_tagged_batch, _message_batches(out, _TAGGED_COLUMNS), workers=workers,
                           scheduler=scheduler, isolate=isolate)
    resolved = resolve_batches(batches, out / "entities.parquet")
    titles = resolved.people_rows.pop("_title")
    return {"entities": None, "people": people_table(resolved.people_rows, titles=titles),
            "entity_corrections": resolved.corrections}


def _language(out: Path, workers: int = 1, scheduler: str | None = None,
              isolate: bool = True) -> dict[str, pd.DataFrame]:
    from lib.language import in_sending_order
    from lib.pipeline.parallel import ordered_imap

    pages = pd.read_parquet(out / "pages.parquet", columns=["source_file", "page", "bates"])
    entities = pd.read_parquet(out / "entities.parquet", columns=_SPAN_COLUMNS, filters=[("field", "==", "body")])
    batches = ((messages, pages, entities[entities["message_id"].isin(messages["message_id"])])
               for messages in _message_batches(out, batch_rows=_LANGUAGE_BATCH_ROWS))
    hits = list(ordered_imap(_language_hits, batches, workers=workers, scheduler=scheduler, isolate=isolate))
    return {"language_hits": in_sending_order(hits)}


def _charges(out: Path, workers: int = 1, scheduler: str | None = None,
             isolate: bool = True) -> dict[str, pd.DataFrame | None]:
    from lib.charges import link_release

    return {"charges": None, "subject_severity": link_release(out, out / "charges.parquet")}


def _profile_files(*tables: str) -> tuple[str, ...]:
    """The active jurisdiction profile's profile.yaml and the named tables (or ``lexicon_additions``, when the
    profile has them), as ``code_version`` names them."""
    profile = active_profile()
    package = Path(__file__).resolve().parents[1]
    additions = profile.path(profile.lexicon_additions.file)
    paths = [profile.folder / PROFILE_FILE,
             *(profile.table(name) for name in tables if name != "lexicon_additions"),
             *([additions] if additions and "lexicon_additions" in tables else [])]
    return tuple(p.resolve().relative_to(package).as_posix() if p.resolve().is_relative_to(package) else str(p)
                 for p in paths)


STAGES: tuple[Stage, ...] = (
    Stage("entities", ("messages",), ("entities", "people", "entity_corrections"),
          ("entities", "core", *_profile_files("agencies", "officials"),
           "reference/entity_corrections.csv"), _entities, uses_model=True),
    Stage("language", ("messages", "pages", "entities"), ("language_hits",),
          ("language", "core", "reference/lexicon.yaml", *_profile_files("lexicon_additions")),
          _language, uses_model=True),
    Stage("charges", ("messages", "entities", "pages"), ("charges", "subject_severity"),
          ("charges", "timeline", "core", *_profile_files("offenses", "agencies")), _charges),
)


def run_stages(out: Path, *, progress: bool = True, workers: int = 1, scheduler: str | None = None,
               isolate: bool = True) -> dict[str, str]:
    """Run every stage whose inputs, code or model changed; return each stage's status.

    With ``isolate`` (the default) each stage, and each of its model workers, runs in a fresh process.
    """
    from lib.core.models import model_package
    from lib.pipeline.cache import code_version, read_json, sha256_file
    from lib.pipeline.parallel import in_fresh_process

    state_path = out / ".cache" / "stages.json"
    state = read_json(state_path)
    status: dict[str, str] = {}
    hashes: dict[str, str] = {}  # each input hashed once, though several stages read it
    for stage in STAGES:
        parts = [stage.name, code_version(stage.code)]
        for table in stage.reads:
            if table not in hashes:
                hashes[table] = sha256_file(out / f"{table}.parquet")
            parts.append(hashes[table])
        if stage.uses_model:
            parts.append(model_package())  # from package metadata: the model is loaded only where it runs
        key = hashlib.sha256("|".join(parts).encode()).hexdigest()
        outputs = [out / f"{table}.parquet" for table in stage.writes]
        if state.get(stage.name) == key and all(p.exists() for p in outputs):
            status[stage.name] = "unchanged"
            continue
        if progress:
            print(f"stage {stage.name} ...", flush=True)
        # Isolated, each stage runs in a process of its own: what one stage held is gone before the next starts.
        in_fresh_process(build_stage, stage.name, str(out), workers, scheduler, isolate, isolate=isolate)
        for table in stage.writes:
            hashes.pop(table, None)
        state[stage.name] = key
        if stage.uses_model:
            state["model"] = model_package()
        state_path.parent.mkdir(parents=True, exist_ok=True)
        state_path.write_text(json.dumps(state, indent=2))
        status[stage.name] = "built"
    return status


def build_stage(name: str, out: str, workers: int, scheduler: str | None, isolate: bool = True) -> None:
    """Run one stage and write its tables (what `run_stages` does, in a fresh process if ``isolate``)."""
    from lib.core.tables import system_allocator

    stage = next(s for s in STAGES if s.name == name)
    with system_allocator():
        for table, frame in stage.run(Path(out), workers=workers, scheduler=scheduler, isolate=isolate).items():
            if frame is None:  # the stage wrote this table itself, a batch at a time
                continue
            # Parquet keeps simple attributes (e.g. the lexicon version); tables travel as tables.
            frame.attrs = {k: v for k, v in frame.attrs.items() if isinstance(v, (str, int, float, bool))}
            frame.to_parquet(Path(out) / f"{table}.parquet", index=False)


def built_with_model(out: Path) -> str | None:
    """The model package the stages in ``out`` were built with, if recorded."""
    from lib.pipeline.cache import read_json

    return read_json(Path(out) / ".cache" / "stages.json").get("model")


def model_tables() -> set[str]:
    return {table for stage in STAGES if stage.uses_model for table in stage.writes}
