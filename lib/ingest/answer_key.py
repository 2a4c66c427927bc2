"""Score a message table against a hand-labelled answer key of printed messages.

An answer key is a CSV with one row per printed message (a message printed
with its own header block, or a page of one whose header is missing):

    file,page_start,page_end,bates_start,bates_end,sender,sent,subject,note

``file`` is relative to the release folder; ``sender`` is "First Last", the
word ``redacted`` when the sender is blacked out, or empty when none is
printed; ``sent`` is the minute in the profile's time zone (``YYYY-MM-DD HH:MM``),
empty when not printed; ``subject`` as printed, empty when there is none.

A message counts as *found* when a row of the table begins on the key row's
first page of the same file, and as *fully right* when its sender, minute,
subject, last page and Bates numbers all agree. The comparisons are kept
deliberately simple and independent of the ingest's own parsing (a check must
not share the blind spot of what it checks): names are compared by first and
last word, subjects without case, spacing or redaction codes.

Any tool can be scored: give ``score`` a table with the columns ``file``,
``page_start``, ``page_end``, ``bates_start``, ``bates_end``, ``sender``
(raw text as the tool read it, or ``redacted``), ``sent`` (a timestamp) and
``subject``; ``from_messages`` turns the project's message table into one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.core.schema import TIMEZONE

FIELDS = ("sender", "sent", "subject", "pages", "bates")
KEY_COLUMNS = ["file", "page_start", "page_end", "bates_start", "bates_end", "sender", "sent", "subject", "note"]

# FOIA exemption codes as printed and as OCR misreads them: (b)(6), CbH6), (b)(, [El ...
_REDACTION = re.compile(r"[(\[{C]\s*b\s*[)\]}H]\s*(?:[(\[{C]?\s*\d?\s*[)\]}>J]?)?|\(\s*b\s*\)?", re.IGNORECASE)
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}|<[^>]*>")
_ADDRESS = re.compile(r"\S+@\S+")
_NOT_NAMES = {"md", "phd", "mph", "jr", "sr", "dr", "mr", "mrs", "ms", "ii", "iii", "esq", "rn"}


def load_key(path: str | Path) -> pd.DataFrame:
    """An answer key CSV as a table of strings, page numbers as integers."""
    key = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(KEY_COLUMNS) - set(key.columns)
    if missing:
        raise ValueError(f"{path}: answer key lacks columns {sorted(missing)}")
    key["page_start"] = key["page_start"].astype(int)
    key["page_end"] = key["page_end"].astype(int)
    return key


def name_key(raw) -> str | None:
    """'Fauci, Anthony (NIH/NIAID) [E]' and 'Anthony S. Fauci' -> 'anthony fauci'; 'redacted' stays."""
    if raw is None or (not isinstance(raw, str) and pd.isna(raw)):
        return None
    text = str(raw).strip()
    if text.lower() == "redacted":
        return "redacted"
    unredacted = _REDACTION.sub(" ", _unaccented(text))
    if unredacted != _unaccented(text) and not re.search(r"[A-Za-z]{2}", unredacted):
        return "redacted"  # only an exemption code where the name was, as a tool may print it
    text = _ADDRESS.sub(" ", _BRACKETED.sub(" ", unredacted))
    text = re.sub(r"[\[\](){}<>\"]", " ", text)
    if text.count(",") >= 1 and len(text.split(",")[0].split()) == 1:
        last, first = text.split(",", 1)
        text = f"{first} {last}"
    words = [w for w in re.findall(r"[a-z][a-z'\-]*", text.lower()) if w not in _NOT_NAMES and len(w) > 1]
    if not words:
        return None
    return f"{words[0]} {words[-1]}" if len(words) > 1 else words[0]


def _unaccented(text: str) -> str:
    """'THÉOPHILE' -> 'THEOPHILE': OCR drops accents, so comparisons leave them aside."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def subject_key(raw) -> str:
    """A subject without case, accents, whitespace or redaction codes."""
    if raw is None or (not isinstance(raw, str) and pd.isna(raw)):
        return ""
    return re.sub(r"\s+", "", _REDACTION.sub("", _unaccented(str(raw)))).lower()


def minute_key(stamp) -> str:
    """A timestamp as its minute in the release's zone ('' when missing)."""
    if stamp is None or (not isinstance(stamp, str) and pd.isna(stamp)) or stamp == "":
        return ""
    stamp = pd.Timestamp(stamp)
    if stamp.tzinfo is None:
        return stamp.strftime("%Y-%m-%d %H:%M")
    return stamp.tz_convert(TIMEZONE).strftime("%Y-%m-%d %H:%M")


def _bates(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def from_messages(messages: pd.DataFrame, base: str = "") -> pd.DataFrame:
    """The project's message table as rows to score: printed messages only.

    ``base`` is removed from the front of ``source_file`` so files name the
    same paths as the key.
    """
    printed = messages[~messages["reconstructed"].astype(bool) & messages["page_start"].notna()]
    redacted = printed["sender_redacted"].astype(bool) if "sender_redacted" in printed else False
    sender = printed["sender_name"].where(printed["sender_name"].notna(), printed["sender"])
    return pd.DataFrame({
        "file": printed["source_file"].str.removeprefix(base),
        "page_start": printed["page_start"].astype(int),
        "page_end": printed["page_end"].astype(int),
        "bates_start": printed["bates_start"],
        "bates_end": printed["bates_end"],
        "sender": sender.where(~redacted, "redacted") if isinstance(redacted, pd.Series) else sender,
        "sent": printed["sent_at"],
        "subject": printed["subject"],
    }).reset_index(drop=True)


@dataclass
class Score:
    """How a tool did on an answer key: one row per key message, plus the tool's extra messages."""

    rows: pd.DataFrame  # key rows with found and one boolean column per field
    extra: pd.DataFrame  # rows of the tool's table that begin on no key message's first page

    @property
    def total(self) -> int:
        return len(self.rows)

    def share(self, column: str) -> float:
        return float(self.rows[column].mean()) if len(self.rows) else 0.0

    def summary(self, fields: tuple[str, ...] = FIELDS) -> dict:
        """Counts of found and right messages, each field and all of ``fields`` together."""
        rows = self.rows
        all_right = rows["found"] & rows[list(fields)].all(axis=1)
        return {
            "messages": self.total,
            "found": int(rows["found"].sum()),
            **{f"{field}_right": int(rows[field].sum()) for field in fields},
            "fully_right": int(all_right.sum()),
            "extra": len(self.extra),
        }


def score(key: pd.DataFrame, found: pd.DataFrame, fields: tuple[str, ...] = FIELDS) -> Score:
    """Compare a tool's rows (see the module docstring) with the key, message by message.

    Several messages may begin on one page (Gmail threads, plain exports): the
    key's rows and the tool's that begin on the same page are paired in order.
    """
    guesses: dict[tuple[str, int], list] = {}
    for row in found.itertuples():
        guesses.setdefault((row.file, int(row.page_start)), []).append(row)
    used: dict[tuple[str, int], int] = {}
    results = []
    for row in key.itertuples():
        place = (row.file, int(row.page_start))
        n = used.get(place, 0)
        used[place] = n + 1
        candidates = guesses.get(place, [])
        guess = candidates[n] if n < len(candidates) else None
        result = {"file": row.file, "page_start": row.page_start, "found": guess is not None}
        if guess is None:
            results.append({**result, **{field: False for field in FIELDS}})
            continue
        result.update({
            "sender": name_key(row.sender or None) == name_key(guess.sender),
            "sent": (row.sent or "") == minute_key(guess.sent),
            "subject": subject_key(row.subject) == subject_key(guess.subject),
            "pages": int(row.page_end) == int(guess.page_end),
            "bates": (row.bates_start, row.bates_end) == (_bates(guess.bates_start), _bates(guess.bates_end)),
            "got_sender": guess.sender, "got_sent": minute_key(guess.sent), "got_subject": guess.subject,
            "got_page_end": guess.page_end,
        })
        results.append(result)
    extra = [guess for place, candidates in guesses.items() for guess in candidates[used.get(place, 0):]]
    return Score(pd.DataFrame(results), pd.DataFrame(extra, columns=found.columns.insert(0, "Index")
                                                     ).drop(columns="Index").reset_index(drop=True))
