"""The tagger's speed: words per second of ``tag_texts`` against bare ``nlp.pipe`` with the same model components."""

from __future__ import annotations

import statistics
import time

from lib.entities.tagger import PIPE_BATCH_SIZE, tag_texts


def throughput_comparison(texts: list[str], *, batch_size: int = PIPE_BATCH_SIZE, repeats: int = 5,
                          clock: str = "cpu") -> dict:
    """Words per second of ``tag_texts`` and of bare ``nlp.pipe`` with the same model components.

    Each turn times both, one right after the other (in turns first), so both
    see the same load on a shared machine; the figures are medians over the
    turns, the ratio the median of the turns' ratios. ``clock="cpu"`` times this
    process's CPU time; ``clock="wall"`` the wall clock. Multi-threaded BLAS
    spinning inflates CPU time; for the steadiest figures run with
    OPENBLAS_NUM_THREADS=1.
    """
    from lib.core.models import load_model
    from lib.entities.pipeline import model_components_disabled, records_pipeline

    timer = {"cpu": time.process_time, "wall": time.perf_counter}[clock]
    bare = load_model(disable=model_components_disabled())
    records_pipeline()  # built before timing
    words = sum(len(t.split()) for t in texts)

    def run_bare():
        for _ in bare.pipe(texts, batch_size=batch_size):
            pass

    def run_tagged():
        for _ in tag_texts(texts, batch_size=batch_size):
            pass

    times: dict[str, list[float]] = {"bare": [], "tagged": []}
    for turn in range(repeats):
        runs = [("bare", run_bare), ("tagged", run_tagged)]
        for name, run in (runs if turn % 2 == 0 else runs[::-1]):
            start = timer()
            run()
            times[name].append(timer() - start)
    ratio = statistics.median(b / t for b, t in zip(times["bare"], times["tagged"]))
    return {"words": words, "bare_words_per_s": words / statistics.median(times["bare"]),
            "tagged_words_per_s": words / statistics.median(times["tagged"]), "ratio": ratio,
            "components": list(bare.pipe_names), "clock": clock, "turns": repeats}
