"""Page text rebuilt from Tesseract's TSV: words placed by position, table cells kept apart, split addresses mended."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lib.ingest.layout import CELL_GAP, Word, page_text

#: (left, top, right, bottom) in image pixels.
Box = tuple[int, int, int, int]


#: An address OCR split at the @ ("mlopez @ pd.example.gov"): the gap is the font's, not the writer's.
_SPLIT_ADDRESS = re.compile(r"(?<=[\w.-]) ?@ ?(?=[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b)")


def _text_and_confidence(tsv: str, boxes: Iterable[Box] = ()) -> tuple[str, float | None]:
    """Page text rebuilt from the positions of Tesseract's words, and their mean confidence.

    Tesseract's own reading order splits a header printed as a two-column
    table into a column of labels and a column of values; ``lib.ingest.layout`` puts
    each label beside its value, as it does for a PDF's text layer. A blank
    line marks a vertical gap of more than a line's height. Confidence is the
    mean over words Tesseract scored (it writes -1 for non-word rows). Words
    centred inside a black box in ``boxes`` are dropped: what Tesseract finds
    there is noise.
    """
    lines: dict[tuple[str, ...], list[Word]] = {}
    scores: list[float] = []
    for word, line, confidence in tsv_words(tsv):
        middle_x, middle_y = (word.left + word.right) / 2, (word.top + word.bottom) / 2
        if any(l <= middle_x <= r and t <= middle_y <= b for l, t, r, b in boxes):
            continue
        lines.setdefault(line, []).append(word)
        if confidence >= 0:
            scores.append(confidence)
    if not lines:
        return "", None
    text = _SPLIT_ADDRESS.sub("@", page_text(_runs(lines.values()), blank_lines=True))
    confidence = round(sum(scores) / len(scores), 2) if scores else None
    return text, confidence


def tsv_words(tsv: str) -> Iterator[tuple[Word, tuple[str, ...], float]]:
    """Each word of Tesseract's TSV with its box in image pixels, its line's key and its confidence."""
    rows = [row.split("\t") for row in tsv.splitlines()]
    if not rows:
        return
    column = {name: index for index, name in enumerate(rows[0])}
    for cells in rows[1:]:
        if len(cells) < len(column) or cells[column["level"]] != "5":
            continue
        text = cells[column["text"]].strip()
        if not text:
            continue
        left, top = int(cells[column["left"]]), int(cells[column["top"]])
        right, bottom = left + int(cells[column["width"]]), top + int(cells[column["height"]])
        line = tuple(cells[column[name]] for name in ("page_num", "block_num", "par_num", "line_num"))
        yield Word(text, left, top, right, bottom), line, float(cells[column["conf"]])


def _runs(lines: Iterable[list[Word]]) -> list[Word]:
    """Tesseract's lines as runs of words, cut where a wide gap parts two cells of a table.

    Tesseract groups a scanned page's words into lines, even on a skewed page
    where a long line drifts across its neighbours' heights; ``lib.ingest.layout``
    then only has to set the runs side by side.
    """
    runs: list[Word] = []
    for words in lines:
        words = sorted(words, key=lambda w: w.left)
        height = sorted(w.height for w in words)[len(words) // 2]
        group = [words[0]]
        for word in words[1:] + [None]:
            if word is not None and word.left - group[-1].right <= CELL_GAP * height:
                group.append(word)
                continue
            runs.append(Word(" ".join(w.text for w in group), group[0].left, min(w.top for w in group),
                             group[-1].right, max(w.bottom for w in group)))
            group = [word]
    return runs
