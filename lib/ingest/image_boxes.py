"""Solid black boxes (redactions) on a scanned page's image."""

from __future__ import annotations

import numpy as np
from PIL import Image


def black_boxes(image: Image.Image, dpi: int) -> list[tuple[int, int, int, int]]:
    """Solid black rectangles on a greyscale page image, as (left, top, right, bottom) pixels.

    A box is dark ink at least a quarter inch wide and 0.08 inch tall: wider
    than any letter, taller than a rule or an underline, shorter than a line of
    text. Boxes touching the image's edge are scanner borders, not redactions.
    Dark photos or logos count too; there are few in printed email.
    """
    # Look at about 75 dpi: boxes stay black, text thins to grey, and it is ~16 times less work.
    factor = max(1, dpi // 75)
    small = image.reduce(factor) if factor > 1 else image
    scale = dpi / factor
    dark = np.asarray(small) < 80
    height, width = dark.shape
    min_width, min_height = 0.25 * scale, 0.08 * scale

    # Horizontal runs of dark pixels, row by row, keeping the long ones.
    padded = np.zeros((height, width + 2), np.int8)
    padded[:, 1:-1] = dark
    edges = np.diff(padded, axis=1)
    rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    long = ends - starts >= min_width

    # Stack runs that overlap the run above (allowing a row or two of noise) into boxes.
    growing: list[list[int]] = []
    finished: list[list[int]] = []
    for row, start, end in zip(rows[long].tolist(), starts[long].tolist(), ends[long].tolist()):
        still_growing = []
        for box in growing:
            (still_growing if box[3] >= row - 2 else finished).append(box)
        growing = still_growing
        for box in growing:
            if start < box[2] and end > box[0]:
                box[0], box[2], box[3] = min(box[0], start), max(box[2], end), row
                break
        else:
            growing.append([start, row, end, row])
    boxes = []
    for left, top, right, bottom in finished + growing:
        touches_edge = left == 0 or top == 0 or right >= width or bottom >= height - 1
        if bottom + 1 - top >= min_height and not touches_edge:
            boxes.append((left * factor, top * factor, right * factor, (bottom + 1) * factor))
    return sorted(boxes, key=lambda box: (box[1], box[0]))
