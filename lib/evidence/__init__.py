"""Test public statements about police–ICE cooperation against the released messages.

A claims file (YAML, see ``load_claims``) lists each statement with who said it, when and where,
and the names of the evidence queries that bear on it. A query is a small function over the
processed tables that returns the messages (or the people) that speak to the statement, each
with the words that matched and where to find them in the release.

Public API:

- ``load_claims(path)``: read and check a claims file; ``claims_table(claims)`` to show it.
- ``claims_file_for(release_dir)``: the release's own ``claims.yaml``, else the real case's.
- ``Records(tables)`` / ``Records.load(processed_dir)``: the tables the queries read.
- ``QUERIES``: query name -> ``Query`` (function, the test in plain words, its caveat).
- ``run_query(name, records)``: one query's evidence rows (``EVIDENCE_COLUMNS``).
- ``evaluate(claims, tables)``: one row per claim and query: count, confidence, examples.
- ``evidence(claims, tables)``: every evidence row of every claim, for checking.
- ``queries_table()``: every query, its test in plain words, what it needs and what it can miss.
- ``examples(rows, n)`` / ``example_table(rows, n)``: a few rows spread over the period, for reading.
- ``coverage(records)`` / ``redaction_summary(records)``: what the release does not show.
- ``claim_markdown``, ``claim_test_markdown``, ``would_change_markdown``, ``finding_paragraphs``,
  ``headline``: the notebook's text, written from the claims and the summary.

The words a query looks for are spaCy Matcher patterns in the versioned file
``lib/reference/claims_evidence.yaml``, read and matched by ``lib.language``; which messages
they are read in (sender, direction, part of the message) is decided here. Each evidence row
gives ``start_char``/``end_char`` into the message's ``field`` (``body``, ``subject``,
``quoted`` for forwarded history, ``attachments`` for the attachment names joined by new lines),
so ``text[start_char:end_char] == match``.

A count is where to start reading, not a verdict: every row should be read in context before a
statement is called contradicted, and a partial, redacted release cannot show that something
never happened.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from lib import language
from lib.core.cite import PageStamps, message_bates, message_page, where
from lib.core.context import kwic
from lib.core.directory import POLICE, Directory, load_agencies, unique_messages
from lib.core.paths import REFERENCE, ROOT
from lib.core.periods import period_labels
from lib.core.schema import TIMEZONE, coerce_messages

DEFAULT_PATTERNS = REFERENCE / "claims_evidence.yaml"
REAL_CASE_CLAIMS = ROOT / "data" / "raw" / "claims.yaml"
CLAIMS_NAME = "claims.yaml"

POLICE_TO_ICE, ICE_TO_POLICE = "police->ice", "ice->police"

#: One row per piece of evidence: a span of text in a message, with its citation.
EVIDENCE_COLUMNS = [
    "query", "message_id", "sent_at", "sender", "direction", "field", "start_char", "end_char", "match",
    "context", "cue", "arguable", "person_id", "source_file", "page", "bates", "where", "redactions",
    "reconstructed",
]

#: One row per claim and query.
SUMMARY_COLUMNS = ["claim", "speaker", "date", "query", "test", "unit", "count", "messages", "timing",
                   "confidence", "note", "examples"]

#: Characters of context each side of a match; the match is marked in **bold**.
CONTEXT_WIDTH = 70

#: The confidence labels of ``evaluate``, strongest first (rules in ``confidence``).
CONFIDENCE_LEVELS = ("high", "medium", "low", "none found", "not yet built")

_REPLY_OR_FORWARD = re.compile(r"^\s*(?:re|aw|sv|fw|fwd)\s*:", re.IGNORECASE)
_FORWARD = re.compile(r"^\s*(?:(?:re|aw|sv)\s*:\s*)*(?:fw|fwd)\s*:", re.IGNORECASE)
_FORWARDED_QUOTE = re.compile(r"^\W*(?:begin )?forwarded message", re.IGNORECASE)

#: Entity labels that are a person's identifying data when a police officer passes them on.
RECORD_LABELS = ("ADDRESS", "DOB", "PHONE", "REPORT", "LICENSE")


class ClaimsError(ValueError):
    """The claims file is malformed; the message names the claim at fault."""


class NotBuilt(LookupError):
    """A table a query needs has not been built yet."""


# --- Claims --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClaimTest:
    """One evidence query applied to a claim, and what a match would mean for it."""

    query: str
    reads_as: str = ""


@dataclass(frozen=True)
class Claim:
    """A public statement, who made it, where it is recorded, and the tests that bear on it."""

    id: str
    statement: str
    speaker: str
    role: str
    date: str
    venue: str
    source: str
    source_url: str
    verification: str
    tests: tuple[ClaimTest, ...]
    would_change: str = ""
    also_reported: tuple[dict, ...] = ()

    @property
    def queries(self) -> list[str]:
        return [t.query for t in self.tests]


_CLAIM_KEYS = {"id", "statement", "speaker", "role", "date", "venue", "source", "source_url", "verification",
               "tests", "would_change", "also_reported"}
_REQUIRED = ("id", "statement", "speaker", "date", "source_url", "verification", "tests")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def load_claims(path: str | Path) -> list[Claim]:
    """Read a claims YAML file and check it; raise ``ClaimsError`` naming the claim at fault.

    Each claim needs an ``id``, the ``statement`` as quoted, the ``speaker``, a ``date``
    (YYYY-MM-DD, or YYYY-MM / YYYY when only that much is verified), the ``source_url``, a
    ``verification`` note (what was checked, and what was not) and ``tests``: a list of query
    names from ``QUERIES``, each optionally with ``reads_as`` (what a match would mean).
    """
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list) or not data["claims"]:
        raise ClaimsError(f"{path}: a claims file needs a non-empty 'claims' list")
    claims, seen = [], set()
    for raw in data["claims"]:
        claim = _claim(raw)
        if claim.id in seen:
            raise ClaimsError(f"claim id {claim.id!r} is used twice")
        seen.add(claim.id)
        claims.append(claim)
    return claims


def _claim(raw) -> Claim:
    if not isinstance(raw, dict) or not raw.get("id"):
        raise ClaimsError(f"a claim has no id: {raw!r}")
    claim_id = str(raw["id"])
    unknown = set(raw) - _CLAIM_KEYS
    if unknown:
        raise ClaimsError(f"{claim_id}: unknown field(s) {sorted(unknown)}")
    missing = [key for key in _REQUIRED if not raw.get(key)]
    if missing:
        raise ClaimsError(f"{claim_id}: missing {missing}")
    # YAML reads an unquoted 2019-04-09 as a date; keep the text as written.
    date = raw["date"].isoformat() if isinstance(raw["date"], dt.date) else str(raw["date"])
    if not _DATE.match(date):
        raise ClaimsError(f"{claim_id}: date {date!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    tests = []
    for test in raw["tests"]:
        name, reads_as = (test, "") if isinstance(test, str) else (test.get("query"), test.get("reads_as", ""))
        if name not in QUERIES:
            raise ClaimsError(f"{claim_id}: unknown query {name!r}; known: {sorted(QUERIES)}")
        tests.append(ClaimTest(str(name), _one_line(reads_as)))
    also = tuple(dict(item) for item in raw.get("also_reported") or [])
    return Claim(id=claim_id, statement=_one_line(raw["statement"]), speaker=str(raw["speaker"]),
                 role=str(raw.get("role") or ""), date=date, venue=_one_line(raw.get("venue")),
                 source=_one_line(raw.get("source")), source_url=str(raw["source_url"]),
                 verification=_one_line(raw["verification"]), tests=tuple(tests),
                 would_change=_one_line(raw.get("would_change")), also_reported=also)


def _one_line(text) -> str:
    return " ".join(str(text or "").split())


def claims_table(claims: list[Claim]) -> pd.DataFrame:
    """The claims one row each: statement, speaker, date, venue, source, tests."""
    return pd.DataFrame([{
        "claim": c.id, "statement": c.statement, "speaker": f"{c.speaker}, {c.role}" if c.role else c.speaker,
        "date": c.date, "venue": c.venue, "source": c.source_url, "tests": ", ".join(c.queries),
    } for c in claims], columns=["claim", "statement", "speaker", "date", "venue", "source", "tests"])


def claims_file_for(release_dir: str | Path) -> Path:
    """The release's own ``claims.yaml`` if it has one, else the real case's ``data/raw/claims.yaml``."""
    own = Path(release_dir) / CLAIMS_NAME
    return own if own.exists() else REAL_CASE_CLAIMS


# --- The tables a query reads --------------------------------------------------------------------

class Records:
    """The processed tables, with what several queries share (direction, senders, matches) worked out once.

    ``tables`` maps table names ("messages", "pages", "entities", "charges", "subject_severity",
    ...) to DataFrames; only "messages" is required. Repeated printings (``duplicate_of``) are
    left out, so each message counts once.
    """

    def __init__(self, tables: Mapping[str, pd.DataFrame], *, patterns: language.Lexicon | str | Path | None = None,
                 agencies: pd.DataFrame | None = None):
        if "messages" not in tables:
            raise ValueError("Records needs at least a 'messages' table")
        self.tables = dict(tables)
        self.patterns = patterns if isinstance(patterns, language.Lexicon) else \
            language.load_lexicon(patterns or DEFAULT_PATTERNS)
        self._agencies = agencies
        self._matches: dict[str, pd.DataFrame] = {}
        self._results: dict[str, pd.DataFrame | NotBuilt] = {}

    #: Columns no query reads, left on disk: page texts are most of a large release's page table.
    UNREAD_COLUMNS = {"pages": {"text"}}

    @classmethod
    def load(cls, processed_dir: str | Path, **options) -> Records:
        """Every Parquet table in a processed folder (without ``UNREAD_COLUMNS``)."""
        import pyarrow.parquet as pq

        tables = {}
        for path in sorted(Path(processed_dir).glob("*.parquet")):
            unread = cls.UNREAD_COLUMNS.get(path.stem, set())
            tables[path.stem] = pd.read_parquet(path, columns=[c for c in pq.read_schema(path).names
                                                                if c not in unread])
        return cls(tables, **options)

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def require(self, name: str) -> pd.DataFrame:
        """A table the query cannot do without; ``NotBuilt`` when the build has not made it."""
        frame = self.table(name)
        if frame is None:
            raise NotBuilt(f"{name}.parquet is not yet built")
        return frame

    @cached_property
    def all_messages(self) -> pd.DataFrame:
        messages = self.tables["messages"].copy()
        for column in ("to", "cc", "attachments"):
            # Parquet hands lists back as arrays, which coerce_messages would empty.
            if column in messages:
                messages[column] = messages[column].map(lambda v: list(v) if isinstance(v, np.ndarray) else v)
        messages = coerce_messages(messages).reset_index(drop=True)
        self.tables["messages"] = messages  # the table as read is not kept twice
        return messages

    @cached_property
    def messages(self) -> pd.DataFrame:
        """Unique messages, indexed by ``message_id``."""
        return unique_messages(self.all_messages).set_index("message_id", drop=False)

    @cached_property
    def _directory(self) -> Directory:
        return Directory(self.all_messages, self._agencies if self._agencies is not None else load_agencies())

    @cached_property
    def direction(self) -> pd.Series:
        """Each unique message's direction (``lib.core.directory.direction``), by ``message_id``."""
        from lib.core.directory import direction  # drawing libraries load only when needed

        directions = direction(self.all_messages, self._agencies)
        ids = self.all_messages.loc[directions.index, "message_id"]
        return pd.Series(directions.to_numpy(), index=ids.to_numpy(), dtype=pd.StringDtype(), name="direction")

    @cached_property
    def senders(self) -> pd.DataFrame:
        """Each unique message's sender: ``label`` (name as printed) and ``side`` (police, ice, ...)."""
        rows = []
        for sender, name in zip(self.messages["sender"], self.messages["sender_name"]):
            key = self._directory.sender_key(sender, name)
            label = self._directory.label(key) if key else next(
                (str(v) for v in (name, sender) if isinstance(v, str) and v), "unknown")
            rows.append({"label": label, "side": self._directory.side(key)})
        return pd.DataFrame(rows, index=self.messages.index, columns=["label", "side"])

    def ids(self, *, directions: tuple[str, ...] | None = None,
            sender_sides: tuple[str, ...] | None = None) -> set[str]:
        """Unique message ids in the given directions and sent from the given sides."""
        keep = pd.Series(True, index=self.messages.index)
        if directions is not None:
            keep &= self.direction.reindex(self.messages.index).isin(directions).fillna(False).to_numpy()
        if sender_sides is not None:
            keep &= self.senders["side"].isin(sender_sides).to_numpy()
        return set(self.messages.index[keep.to_numpy()])

    @cached_property
    def repeated_lines(self) -> set[str]:
        """Lines printed word for word in five or more messages (signatures, disclaimers).

        A repeated line that holds an evidence pattern is not one of them: in published tables,
        masking ("Address on the report is [ADDRESS]") makes many different lines identical.
        """
        return language.boilerplate_lines(self.messages["body"].tolist(), lexicon=self.patterns)

    def field_text(self, field_name: str) -> pd.Series:
        """The text of one part of each unique message, by ``message_id`` (empty where it does not apply).

        ``subject`` only where it is not a reply or forward (a reply repeats the subject it
        answers) and was printed with the message (a message recovered from a quote may carry
        its thread's subject); ``quoted`` only for forwards (the history is what a forward passes on);
        ``attachments`` is the attachment names, one a line.
        """
        m = self.messages
        if field_name == "body":
            texts = m["body"]
        elif field_name == "subject":
            texts = m["subject"].fillna("").map(lambda s: "" if _REPLY_OR_FORWARD.match(s) else s)
            texts = texts.where(~m["reconstructed"], "")
        elif field_name == "quoted":
            forward = m["subject"].fillna("").map(lambda s: bool(_FORWARD.match(s))) | \
                m["quoted"].fillna("").map(lambda q: bool(_FORWARDED_QUOTE.match(q)))
            texts = m["quoted"].where(forward, "")
        elif field_name == "attachments":
            texts = m["attachments"].map(lambda names: "\n".join(str(n) for n in names))
        else:
            raise ValueError(f"unknown field {field_name!r}")
        return texts.fillna("").astype(str)

    def matches(self, field_name: str) -> pd.DataFrame:
        """Hits of the evidence patterns (every category) in one part of every unique message."""
        if field_name not in self._matches:
            texts = self.field_text(field_name)
            table = pd.DataFrame({"message_id": texts.index.astype(str), "text": texts.to_numpy()})
            table = table[table["text"].str.strip() != ""]
            hits = language.find(table, self.patterns, text_column="text", include_duplicates=True,
                                 width=CONTEXT_WIDTH)
            self._matches[field_name] = hits.assign(field=field_name)
        return self._matches[field_name]

    def cite(self, rows: pd.DataFrame, query: str) -> pd.DataFrame:
        """Evidence rows with their citation: date, sender, direction, page and Bates number of the match."""
        if rows.empty:
            return _empty_evidence()
        m = self.messages.loc[rows["message_id"].tolist()]
        pages = [message_page(msg, f, start) for msg, f, start in
                 zip(m.itertuples(index=False), rows["field"].tolist(), rows["start_char"].tolist())]
        bates = [message_bates(msg, page, self._stamps) for msg, page in zip(m.itertuples(index=False), pages)]
        out = pd.DataFrame({
            "query": query, "message_id": rows["message_id"].to_numpy(), "sent_at": m["sent_at"].to_numpy(),
            "sender": self.senders["label"].reindex(m.index).to_numpy(),
            "direction": self.direction.reindex(m.index).to_numpy(), "field": rows["field"].to_numpy(),
            "start_char": rows["start_char"].to_numpy(), "end_char": rows["end_char"].to_numpy(),
            "match": rows["match"].to_numpy(), "context": rows["context"].to_numpy(), "cue": rows["cue"].to_numpy(),
            "arguable": rows["arguable"].to_numpy() if "arguable" in rows else False,
            "person_id": rows["person_id"].to_numpy() if "person_id" in rows else None,
            "source_file": m["source_file"].to_numpy(), "page": pages, "bates": bates,
            "where": [where(f, p, b) for f, p, b in zip(m["source_file"], pages, bates)],
            "redactions": m["redactions"].to_numpy(), "reconstructed": m["reconstructed"].to_numpy(),
        })
        return _typed_evidence(out)

    @cached_property
    def _stamps(self) -> PageStamps:
        return PageStamps(self.table("pages"))


def _empty_evidence() -> pd.DataFrame:
    return _typed_evidence(pd.DataFrame(columns=EVIDENCE_COLUMNS))


def _typed_evidence(out: pd.DataFrame) -> pd.DataFrame:
    out = out[EVIDENCE_COLUMNS].copy()
    for col in ("query", "message_id", "sender", "direction", "field", "match", "context", "cue", "person_id",
                "source_file", "bates", "where"):
        out[col] = out[col].astype(pd.StringDtype())
    for col in ("start_char", "end_char", "redactions"):
        out[col] = pd.to_numeric(out[col]).astype("int64")
    out["page"] = pd.to_numeric(out["page"]).astype("Int64")
    out[["arguable", "reconstructed"]] = out[["arguable", "reconstructed"]].fillna(False).astype(bool)
    out["sent_at"] = pd.to_datetime(out["sent_at"], utc=True).dt.tz_convert(TIMEZONE)
    keys = ["sent_at", "message_id", "field", "start_char", "end_char", "cue"]
    return out.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)


def _context(text: str, start: int, end: int, width: int = CONTEXT_WIDTH) -> str:
    """About ``width`` characters each side of text[start:end] on one line (``lib.core.context``), the match in bold."""
    return kwic(text, start, end, width, language.HIT_MARK)


def _on_repeated_line(text: str, start: int, repeated: set[str]) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return " ".join(line.split()).lower() in repeated


# --- Queries -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Query:
    """A named evidence query: what it tests, in plain words, and what it can miss."""

    name: str
    test: str  # the test in plain words
    found: str  # what each item found is, after its count: "12 messages <found>"
    caveat: str  # what it can miss or over-count
    run: Callable[[Records], pd.DataFrame]
    unit: str = "messages"
    needs: tuple[str, ...] = ("messages",)


QUERIES: dict[str, Query] = {}


def query(name: str, *, test: str, found: str, caveat: str, unit: str = "messages",
          needs: tuple[str, ...] = ("messages",)):
    """Register an evidence query under ``name`` (the name claims files use)."""
    def register(function: Callable[[Records], pd.DataFrame]) -> Callable[[Records], pd.DataFrame]:
        QUERIES[name] = Query(name, _one_line(test), _one_line(found), _one_line(caveat), function, unit, needs)
        return function
    return register


def pattern_evidence(records: Records, query_name: str, categories: tuple[str, ...], *,
                     fields: tuple[str, ...] = ("body",), directions: tuple[str, ...] | None = None,
                     sender_sides: tuple[str, ...] | None = None, skip_repeated_lines: bool = False) -> pd.DataFrame:
    """Matches of pattern categories in some parts of the messages sent in some directions, cited."""
    wanted = records.ids(directions=directions, sender_sides=sender_sides)
    parts = []
    for field_name in fields:
        hits = records.matches(field_name)
        hits = hits[hits["category"].isin(categories) & hits["message_id"].isin(wanted)]
        if skip_repeated_lines and not hits.empty:
            texts = records.field_text(field_name)
            keep = [not _on_repeated_line(texts[m], s, records.repeated_lines)
                    for m, s in zip(hits["message_id"], hits["start_char"])]
            hits = hits[keep]
        parts.append(hits.assign(cue=hits["pattern_id"]))
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return records.cite(rows, query_name)


@query("covers_ice_shifts",
       found="in which a police officer offers to cover an ICE shift or duty",
       test="Messages from a police officer to ICE offering to cover, fill in for or work an ICE officer's shift, "
            "duty day, court detail or inbox.",
       caveat="Needs the offer in writing: cover arranged by phone, or a reply of only \"I've got it\", is not "
              "found. ICE officers covering each other's shifts are not counted.")
def covers_ice_shifts(records: Records) -> pd.DataFrame:
    return pattern_evidence(records, "covers_ice_shifts", ("covering_shifts",), directions=(POLICE_TO_ICE,))


@query("holds_for_pickup",
       found="in which someone is held, or asked to be held, for ICE to pick up",
       test="Messages between police and ICE in which a person is held, or ICE asks that a person be held, "
            "for ICE to pick up, or a release is delayed until ICE arrives.",
       caveat="Counts requests as well as holds (the direction column tells them apart); a hold arranged by "
              "phone, or described without these words, is not found. A refused hold (\"can't hold\") is "
              "excluded.")
def holds_for_pickup(records: Records) -> pd.DataFrame:
    return pattern_evidence(records, "holds_for_pickup", ("holding",), fields=("body", "subject"),
                            directions=(POLICE_TO_ICE, ICE_TO_POLICE))


@query("release_alerts",
       found="in which police tell ICE when someone is being released or posting bail",
       test="Messages from police to ICE giving the time of a release or bail: someone being released, "
            "posting bail, processed out of a lockup, held ready for pickup.",
       caveat="Short follow-ups that give a time without these words (\"Booking says 15 minutes\") are found by "
              "checks_for_ice instead; a release a jail or sheriff announces to ICE directly is not counted.")
def release_alerts(records: Records) -> pd.DataFrame:
    return pattern_evidence(records, "release_alerts", ("release_timing",), fields=("body", "subject"),
                            directions=(POLICE_TO_ICE,))


@query("checks_for_ice",
       found="in which police report RMV, CORI, NCIC or booking checks to ICE",
       test="Messages from police to ICE reporting a check run for ICE: RMV, CORI or NCIC results, or what "
            "booking, the court or the jail said about a person.",
       caveat="Finds the check where its result is written out; a check whose result is only attached, or "
              "given without naming the system, is found by passes_records_to_ice instead.")
def checks_for_ice(records: Records) -> pd.DataFrame:
    return pattern_evidence(records, "checks_for_ice", ("checking",), directions=(POLICE_TO_ICE,))


@query("serves_ice_detainers",
       found="in which police take ICE detainers to booking or the jail",
       test="Messages from police to ICE saying an ICE detainer or warrant was taken to, or lodged with, "
            "booking, the jail or the court.",
       caveat="A plain \"Got it\" in reply to a detainer says nothing about what was done with it and is not "
              "counted.")
def serves_ice_detainers(records: Records) -> pd.DataFrame:
    return pattern_evidence(records, "serves_ice_detainers", ("serving_detainers",), directions=(POLICE_TO_ICE,))


@query("ice_role_of_officer",
       found="from police describing an officer with an ICE role",
       test="Messages sent by police (to ICE or inside the department) in which a police officer is described "
            "with an ICE role: \"Task Force Officer (ICE ERO)\" in a signature, TFO statistics or credentials, "
            "deputation.",
       caveat="Mostly one officer's signature block, repeated: it shows the role, not any act. Count messages, "
              "not officers.")
def ice_role_of_officer(records: Records) -> pd.DataFrame:
    return pattern_evidence(records, "ice_role_of_officer", ("ice_role",), sender_sides=(POLICE,))


@query("passes_records_to_ice",
       found="in which police pass reports, booking data, database results or addresses to ICE",
       test="Messages from police to ICE that pass on police records: incident or arrest reports and their "
            "numbers, booking details and arrest history, RMV/CORI/NCIC results, or the address, phone or date "
            "of birth of a person written about (in the text, the subject line, attachments, or a forwarded "
            "message).",
       caveat="Signature lines repeated across many messages are set aside, so officers' own contact details do "
              "not count. Identifiers come from the entity tagger as well as the patterns; where entities are "
              "not yet built, only the patterns are read.",
       needs=("messages", "entities (if built)"))
def passes_records_to_ice(records: Records) -> pd.DataFrame:
    found = pattern_evidence(records, "passes_records_to_ice", ("records",), fields=("body", "subject", "quoted"),
                             directions=(POLICE_TO_ICE,), skip_repeated_lines=True)
    files = pattern_evidence(records, "passes_records_to_ice", ("record_files",), fields=("attachments",),
                             directions=(POLICE_TO_ICE,))
    identifiers = records.cite(_identifier_rows(records), "passes_records_to_ice")
    parts = [frame for frame in (found, files, identifiers) if not frame.empty]
    if not parts:
        return _empty_evidence()
    rows = pd.concat(parts, ignore_index=True)
    # A tagged identifier and a pattern often cover the same words; keep one row per span.
    rows = rows.drop_duplicates(["message_id", "field", "start_char", "end_char"])
    return _typed_evidence(rows)


def _identifier_rows(records: Records) -> pd.DataFrame:
    """Tagged addresses, dates of birth, phones, report and licence numbers in police-to-ICE text."""
    entities = records.table("entities")
    if entities is None or entities.empty:
        return pd.DataFrame()
    wanted = records.ids(directions=(POLICE_TO_ICE,))
    found = entities[entities["label"].isin(RECORD_LABELS) & entities["field"].isin(["body", "subject"])
                     & entities["message_id"].isin(wanted) & (entities["role"].fillna("") != "official")]
    rows = []
    for entity in found.itertuples(index=False):
        text = records.field_text(entity.field)[entity.message_id]
        start, end = int(entity.start_char), int(entity.end_char)
        if text[start:end] != entity.text or _on_repeated_line(text, start, records.repeated_lines):
            continue  # not in the part searched (a reply's subject) or an officer's signature line
        rows.append({"message_id": entity.message_id, "field": entity.field, "start_char": start, "end_char": end,
                     "match": entity.text, "context": _context(text, start, end), "cue": f"entity.{entity.label}",
                     "arguable": False})
    return pd.DataFrame(rows)


@query("shared_without_serious_charge",
       found="whose personal data police sent to ICE, with no felony or violent charge in the release",
       test="People written about whose personal data (an identifier or a charge) a police-to-ICE message sent, "
            "and whose charges in the release are all non-violent misdemeanours or civil infractions.",
       caveat="Charges are those the release prints, as the charges stage reads them; people whose charge level "
              "is unknown, whose violence is arguable or who have no charge found are not counted either way. A "
              "felony or violence not written in these messages is invisible here.",
       unit="people", needs=("messages", "entities", "subject_severity"))
def shared_without_serious_charge(records: Records) -> pd.DataFrame:
    from lib.charges.links import MINOR_ONLY, SEVERITY_GROUPS

    severity = records.require("subject_severity")
    missing = [c for c in ("person_id", "name", "severity", "sent_to_ice", "to_ice_messages") if c not in severity]
    if missing:
        raise NotBuilt(f"subject_severity.parquet lacks column(s) {missing}")
    sent = severity[severity["sent_to_ice"].fillna(False).astype(bool)]
    counted = sent[sent["severity"] == MINOR_ONLY]
    rows = [_first_mention(records, person.person_id, person.name, list(person.to_ice_messages))
            for person in counted.itertuples(index=False)]
    out = records.cite(pd.DataFrame([r for r in rows if r is not None]), "shared_without_serious_charge")
    groups = sent["severity"].value_counts()
    out.attrs["note"] = (f"{len(sent):,} people had personal data sent to ICE by police: "
                         + ", ".join(f"{int(groups.get(g, 0)):,} {g}" for g in SEVERITY_GROUPS)
                         + f" (only \"{MINOR_ONLY}\" is counted).")
    return out


def _first_mention(records: Records, person_id: str, name, message_ids: list[str]) -> dict | None:
    """The person's first mention (by date) in the police-to-ICE messages that sent their data."""
    candidates = [m for m in message_ids if m in records.messages.index]
    if not candidates:
        return None
    message_id = min(candidates, key=lambda m: (pd.isna(records.messages.at[m, "sent_at"]),
                                                records.messages.at[m, "sent_at"] if not pd.isna(
                                                    records.messages.at[m, "sent_at"]) else 0, m))
    entities = records.table("entities")
    mentions = pd.DataFrame()
    if entities is not None:
        mentions = entities[(entities["message_id"] == message_id) & (entities["person_id"] == person_id)
                            & entities["field"].isin(["body", "subject"])].sort_values(["field", "start_char"])
    if len(mentions):
        mention = mentions.iloc[0]
        field_name, start, end = mention["field"], int(mention["start_char"]), int(mention["end_char"])
    else:  # named where the tagger missed them: find the name as written
        field_name = "body"
        found = re.search(re.escape(str(name or "")), records.messages.at[message_id, "body"], re.IGNORECASE)
        start, end = (found.start(), found.end()) if found and name else (0, 0)
    text = str(records.messages.at[message_id, field_name] or "")
    return {"message_id": message_id, "field": field_name, "start_char": start, "end_char": end,
            "match": text[start:end], "context": _context(text, start, end), "person_id": person_id,
            "cue": "no felony or violent charge", "arguable": False}


def queries_table() -> pd.DataFrame:
    """Every registered query: its name, the test in plain words, its unit, the tables it reads, its caveat."""
    return pd.DataFrame([{"query": q.name, "test": q.test, "unit": q.unit, "reads": ", ".join(q.needs),
                          "caveat": q.caveat} for q in QUERIES.values()],
                        columns=["query", "test", "unit", "reads", "caveat"])


def run_query(name: str, records: Records) -> pd.DataFrame:
    """The evidence rows of one query (``EVIDENCE_COLUMNS``); ``NotBuilt`` if a table it needs is missing."""
    if name not in QUERIES:
        raise KeyError(f"unknown query {name!r}; known: {sorted(QUERIES)}")
    return QUERIES[name].run(records)


# --- Claims against the record -------------------------------------------------------------------

def _records(tables) -> Records:
    return tables if isinstance(tables, Records) else Records(tables)


def evidence(claims: list[Claim], tables: Records | Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every evidence row of every test of every claim, with the claim's id in ``claim``."""
    records = _records(tables)
    parts = []
    for claim in claims:
        for name in claim.queries:
            try:
                rows = _cached_run(records, name)
            except NotBuilt:
                continue
            if len(rows):
                parts.append(rows.assign(claim=claim.id))
    if not parts:
        return _empty_evidence().assign(claim=pd.Series(dtype=pd.StringDtype()))[["claim", *EVIDENCE_COLUMNS]]
    out = pd.concat(parts, ignore_index=True)
    out["claim"] = out["claim"].astype(pd.StringDtype())
    return out[["claim", *EVIDENCE_COLUMNS]]


def _cached_run(records: Records, name: str) -> pd.DataFrame:
    """A query's rows, run once per ``Records`` however many claims cite it."""
    if name not in records._results:
        try:
            records._results[name] = run_query(name, records)
        except NotBuilt as missing:
            records._results[name] = missing
    result = records._results[name]
    if isinstance(result, NotBuilt):
        raise result
    return result


def evaluate(claims: list[Claim], tables: Records | Mapping[str, pd.DataFrame], *, n_examples: int = 3) -> pd.DataFrame:
    """One row per claim and test (``SUMMARY_COLUMNS``).

    ``count`` is the number of messages (or people, see ``unit``) the query found, ``<NA>`` when
    a table it needs is not yet built; ``timing`` says how many were sent before and after the
    statement (see ``timing``); ``confidence`` and ``note`` say how far the count can be taken
    (see ``confidence``); ``examples`` cites up to ``n_examples`` of them.
    """
    records = _records(tables)
    rows = []
    for claim in claims:
        for test in claim.tests:
            spec = QUERIES[test.query]
            try:
                found = _cached_run(records, test.query)
            except NotBuilt as missing:
                rows.append({"claim": claim.id, "speaker": claim.speaker, "date": claim.date, "query": test.query,
                             "test": spec.test, "unit": spec.unit, "count": pd.NA, "messages": pd.NA, "timing": "",
                             "confidence": "not yet built", "note": f"{missing} Not counted.", "examples": ""})
                continue
            level, note = confidence(found, spec)
            count = found["person_id"].nunique() if spec.unit == "people" else found["message_id"].nunique()
            rows.append({"claim": claim.id, "speaker": claim.speaker, "date": claim.date, "query": test.query,
                         "test": spec.test, "unit": spec.unit, "count": count,
                         "messages": found["message_id"].nunique(), "timing": timing(found, claim.date),
                         "confidence": level, "note": note,
                         "examples": "; ".join(f"{r.message_id}: {r.where}" for r in
                                               examples(found, n_examples).itertuples())})
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    out[["count", "messages"]] = out[["count", "messages"]].astype("Int64")
    return out


def timing(found: pd.DataFrame, date: str) -> str:
    """How many of the messages found were sent before, during and after the statement's date.

    ``date`` is as precise as the claims file makes it: a message in the same month as a
    statement dated "2019-06" counts as "same month", not before or after.
    """
    sent = found.drop_duplicates("message_id")["sent_at"]
    if sent.empty:
        return ""
    keys = sent.dropna().dt.strftime("%Y-%m-%d").str[:len(date)]
    unit = {4: "year", 7: "month", 10: "day"}.get(len(date), "period")
    parts = [f"{int((keys < date).sum()):,} before the statement", f"{int((keys > date).sum()):,} after"]
    if int((keys == date).sum()):
        parts.insert(1, f"{int((keys == date).sum()):,} in the same {unit}")
    if sent.isna().any():
        parts.append(f"{int(sent.isna().sum()):,} undated")
    return ", ".join(parts)


def confidence(found: pd.DataFrame, spec: Query) -> tuple[str, str]:
    """How far a query's count can be taken, as a label and a note.

    - "high": at least 5 found, in at least 2 calendar months, and no more than a third of the
      messages rest only on arguable patterns or on text recovered from another message's quote;
    - "medium": at least 2 found (or 5 or more in a single month);
    - "low": one found, or most of them arguable or recovered from quotes;
    - "none found": nothing matched, which in a partial, redacted release is not proof of absence.

    The label says how solid the pattern in the record is, not whether a statement is false:
    that is a reading of the examples against the statement's words.
    """
    if found.empty:
        return "none found", (f"No match. A partial, redacted release cannot show this never happened. "
                              f"{spec.caveat}").strip()
    per_message = found.groupby("message_id").agg(arguable=("arguable", "all"), reconstructed=("reconstructed", "any"),
                                                  redactions=("redactions", "max"), sent_at=("sent_at", "min"))
    n = found["person_id"].nunique() if spec.unit == "people" else len(per_message)
    dated = per_message["sent_at"].dropna()
    months = dated.dt.strftime("%Y-%m").nunique() if len(dated) else 0
    weak = int((per_message["arguable"] | per_message["reconstructed"]).sum())
    if n >= 5 and months >= 2 and weak <= len(per_message) / 3:
        level = "high"
    elif weak > len(per_message) / 2 or n < 2:
        level = "low"
    else:
        level = "medium"
    span = f" from {dated.min():%b %Y} to {dated.max():%b %Y}" if len(dated) else ""
    parts = [f"{n:,} {spec.unit} in {months} month{'s' if months != 1 else ''}{span}"]
    if spec.unit != "messages":
        parts[0] += f" ({len(per_message):,} messages)"
    redacted = int((per_message["redactions"] > 0).sum())
    if redacted:
        parts.append(f"{redacted:,} of the messages carry redactions")
    if int(per_message["arguable"].sum()):
        parts.append(f"{int(per_message['arguable'].sum()):,} rest only on arguable patterns")
    if int(per_message["reconstructed"].sum()):
        parts.append(f"{int(per_message['reconstructed'].sum()):,} survive only as quotes in later messages")
    extra = found.attrs.get("note", "")
    return level, "; ".join(parts) + ". " + " ".join(t for t in (extra, spec.caveat) if t)


def examples(rows: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Up to ``n`` evidence rows from different messages, spread evenly over time (first match of each)."""
    first = rows.drop_duplicates("message_id").reset_index(drop=True)
    if len(first) <= n:
        return first
    picks = sorted({int(round(i * (len(first) - 1) / (n - 1))) for i in range(n)}) if n > 1 else [0]
    return first.iloc[picks].reset_index(drop=True)


def example_table(rows: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """``examples`` for reading: date, sender, direction, the match in context, and where to find it."""
    picked = examples(rows, n)
    return pd.DataFrame({
        "sent": picked["sent_at"].dt.strftime("%Y-%m-%d %H:%M").fillna("undated"),
        "sender": picked["sender"], "direction": picked["direction"], "cue": picked["cue"],
        "context": picked["context"], "message_id": picked["message_id"], "where": picked["where"],
    })


# --- What the release cannot show ------------------------------------------------------------------

def coverage(records: Records | Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The release's date windows: each run of weeks with messages, with its months and message count.

    Windows are split where more than eight weeks pass without a message (``lib.core.periods``);
    anything outside them is simply not in the release.
    """
    records = _records(records)
    sent = records.messages["sent_at"]
    labels = period_labels(sent)
    table = pd.DataFrame({"window": labels.to_numpy(), "sent_at": sent.to_numpy()})
    dated = table[table["window"] != "undated"]
    out = (dated.groupby("window", sort=True)
           .agg(first=("sent_at", "min"), last=("sent_at", "max"), messages=("sent_at", "size"))
           .reset_index())
    out["first"] = out["first"].dt.strftime("%Y-%m-%d")
    out["last"] = out["last"].dt.strftime("%Y-%m-%d")
    undated = int((table["window"] == "undated").sum())
    if undated:
        out = pd.concat([out, pd.DataFrame([{"window": "undated", "first": "", "last": "", "messages": undated}])],
                        ignore_index=True)
    return out


def redaction_summary(records: Records | Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """How much of the release is hidden or unread: redacted messages and marks, pages not read as email."""
    records = _records(records)
    m = records.messages
    rows = [
        {"measure": "unique messages", "value": len(m)},
        {"measure": "messages with at least one redaction mark", "value": int((m["redactions"] > 0).sum())},
        {"measure": "redaction marks in messages", "value": int(m["redactions"].sum())},
        {"measure": "messages recovered only from quoted history", "value": int(m["reconstructed"].sum())},
        {"measure": "undated messages", "value": int(m["sent_at"].isna().sum())},
    ]
    pages = records.table("pages")
    if pages is not None:
        rows.append({"measure": "pages not read as email", "value": int((pages["status"] != "message").sum())})
    return pd.DataFrame(rows, columns=["measure", "value"])


# --- Reading the results ---------------------------------------------------------------------------

def _count_phrase(row) -> str:
    """'12 messages in which ...', or why there is no count."""
    if pd.isna(row["count"]):
        return f"not counted yet ({QUERIES[row['query']].name}: a table it needs is not built)"
    unit = row["unit"] if row["count"] != 1 else row["unit"].rstrip("s")
    return f"{int(row['count']):,} {unit} {QUERIES[row['query']].found}"


def claim_markdown(number: int, claim: Claim) -> str:
    """A claim's heading: the statement quoted, who said it, when, where, how it was verified."""
    who = f"{claim.speaker}, {claim.role}" if claim.role else claim.speaker
    lines = [f"## {number}. “{claim.statement}”", "",
             f"**{who}**, {claim.date}" + (f", {claim.venue}" if claim.venue else "") + ".",
             f"Source: [{claim.source or claim.source_url}]({claim.source_url}).", "",
             f"*Verification.* {claim.verification}"]
    if claim.also_reported:
        lines += ["", "*Also reported:*"]
        lines += [f"- {item.get('date', '')}: {item.get('words', '')} ([source]({item.get('source_url', '')}))"
                  for item in claim.also_reported]
    return "\n".join(lines)


def claim_test_markdown(test: ClaimTest, row: Mapping) -> str:
    """One test of a claim: the test in plain words, the count and how far it can be taken."""
    spec = QUERIES[test.query]
    reads = f" *For this statement:* {test.reads_as}" if test.reads_as else ""
    when = f" Messages: {row['timing']}." if row.get("timing") else ""
    return (f"### `{test.query}`\n\n{spec.test}{reads}\n\n"
            f"**{_count_phrase(row)}**; confidence **{row['confidence']}**. {row['note']}{when}")


def would_change_markdown(claim: Claim, claim_rows: pd.DataFrame, windows: pd.DataFrame) -> str:
    """What would change the reading: the claim's own note, the release's date windows, redactions."""
    dated = windows[windows["window"] != "undated"]
    spans = "; ".join(f"{w.first} to {w.last} ({w.messages:,} messages)" for w in dated.itertuples())
    parts = [f"**What would change this.** {claim.would_change}".rstrip()]
    if spans:
        parts.append(f"The release covers {spans}; nothing outside these windows is seen.")
    cited = claim_rows.drop_duplicates("message_id")
    if len(cited):
        redacted = int((cited["redactions"] > 0).sum())
        parts.append(f"{redacted:,} of the {len(cited):,} messages cited for this statement carry redaction marks: "
                     "words hidden there could explain or add to what is shown.")
    return " ".join(parts)


def finding_paragraphs(claims: list[Claim], summary: pd.DataFrame) -> list[str]:
    """One paragraph per claim for the site's index: the statement and what the release shows."""
    paragraphs = []
    for claim in claims:
        rows = summary[summary["claim"] == claim.id]
        found = [f"{_count_phrase(row)} ({row['confidence']})" for _, row in rows.iterrows()]
        paragraphs.append(f"**“{claim.statement}”** ({claim.speaker}, {claim.date}). In the release: "
                          + "; ".join(found) + ".")
    return paragraphs


def headline(claims: list[Claim], summary: pd.DataFrame) -> str:
    """One line: how many statements and tests, and how many tests found something."""
    counted = summary["count"].dropna()
    return (f"{len(claims)} statements, {len(summary)} tests: {int((counted > 0).sum())} found evidence, "
            f"{int((counted == 0).sum())} found none, {int(summary['count'].isna().sum())} wait for a table not yet "
            "built. Counts are where to start reading; each example is cited to its page.")
