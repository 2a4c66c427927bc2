"""Bates numbers: stamp-shaped numbers at a page's edges, the file's stamp learned from them, OCR swaps mended."""

from __future__ import annotations

import re

#: A Bates number: a prefix of two or more letters, optional separators, 4-10 digits.
#: OCR may read 0 as O and 1 as l inside the digits.
BATES = re.compile(r"\b([A-Z]{2,}(?:[-_ ][A-Z0-9]{2,})*[-_ ]?[0-9Ol]{3,9}[0-9l])\b")

# Bates stamps, like the other furniture lines, sit within this many non-empty lines of the top or bottom.
_EDGE_LINES = 3


def bates_candidates(text: str) -> list[str]:
    """Every stamp-shaped 'PREFIX digits' near the bottom (or top) of a page, bottom first."""
    lines = [line for line in text.split("\n") if line.strip()]
    found = []
    for line in list(reversed(lines[-_EDGE_LINES:])) + lines[:_EDGE_LINES]:
        line = re.sub(r"(?<=\d) (?=\d\b)", "", line)  # OCR splits a final digit off: "PD-ICE-00081 1"
        for match in BATES.finditer(line):
            candidate = match.group(1)
            digits = re.search(r"[0-9Ol]+$", candidate)
            if digits and len(digits.group(0)) >= 4 and any(ch.isdigit() for ch in digits.group(0)):
                found.append(normalise_bates(candidate))
    return list(dict.fromkeys(found))


def find_bates(text: str) -> str | None:
    """The first stamp-shaped number at a page's edge; ``BatesSurvey`` decides which shape is the Bates number."""
    candidates = bates_candidates(text)
    return candidates[0] if candidates else None


def split_bates(bates: str) -> tuple[str, int] | None:
    """'NIH-001109' -> ('NIH-', 1109)."""
    match = re.match(r"^(.*?)(\d+)$", bates)
    return (match.group(1), int(match.group(2))) if match else None


class BatesSurvey:
    """Learns a file's Bates stamp from its pages, then numbers every page.

    Records offices stamp each page with a constant prefix and a rising number.
    Other 'WORD digits' at a page's foot (a ZIP code 'NC 27699-2301', 'To: POP
    2020', a form number) repeat without rising, or stand alone. The stamp is
    the prefix whose numbers rise across the most pages; a file of one page
    takes a zero-padded number of six digits or more. A page where OCR missed the
    stamp is filled only when its neighbours' numbers leave exactly one number
    for it.
    """

    def __init__(self) -> None:
        self.candidates: dict[int, list[str]] = {}

    def add(self, page: int, text: str) -> None:
        self.candidates[page] = bates_candidates(text)

    def prefix(self) -> str | None:
        """The prefix of the file's Bates stamp, or None when its pages carry none."""
        by_prefix: dict[str, dict[int, str]] = {}  # prefix -> page -> digits as printed
        for page, candidates in sorted(self.candidates.items()):
            for candidate in candidates:
                parts = split_bates(candidate)
                if parts:
                    by_prefix.setdefault(parts[0], {}).setdefault(page, candidate[len(parts[0]):])
        best, best_pages = None, 0
        for prefix, digits in by_prefix.items():
            values = [int(digits[page]) for page in sorted(digits)]
            if len(values) >= 2:
                rising = sum(b > a for a, b in zip(values, values[1:]))
                if rising < 0.8 * (len(values) - 1):
                    continue
            else:
                [printed] = digits.values()
                if not (len(printed) >= 6 and printed.startswith("0")):
                    continue
            if len(values) > best_pages:
                best, best_pages = prefix, len(values)
        return best

    def numbers(self) -> dict[int, tuple[str, str]]:
        """page -> (Bates number, 'printed' or 'filled') for every page that has one."""
        prefix = self.prefix()
        if prefix is None:
            return {}
        stamped: dict[int, str] = {}
        for page, candidates in self.candidates.items():
            match = next((c for c in candidates if (split_bates(c) or ("",))[0] == prefix), None)
            if match:
                stamped[page] = match
        result = {page: (bates, "printed") for page, bates in stamped.items()}
        for page in self.candidates:
            if page in stamped or page - 1 not in stamped or page + 1 not in stamped:
                continue
            before, after = split_bates(stamped[page - 1])[1], split_bates(stamped[page + 1])[1]
            if after - before == 2:
                width = len(stamped[page - 1]) - len(prefix)
                result[page] = (f"{prefix}{before + 1:0{width}d}", "filled")
        return result


def normalise_bates(bates: str) -> str:
    """Repair OCR letter/digit swaps in the number part: 'PD-ICE-OOO12l' -> 'PD-ICE-000121'."""
    match = re.match(r"^(.*?[A-Z])([-_ ]?)([0-9Ol]+)$", bates)
    if not match:
        return bates
    prefix, sep, number = match.groups()
    return prefix + sep + number.replace("O", "0").replace("l", "1")
