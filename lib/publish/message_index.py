"""The searchable message index: one row per unique message, each citing its pages.

Built from the pseudonymised tables only. Columns appear when the data for
them exists and are left out otherwise: direction (a ``direction`` column, or
``lib.core.directory.direction``), agencies (AGENCY entities and the sender's mail
domain), charge level (any table with ``message_id`` and ``level``), language
flags (any table with ``message_id`` and ``category``). The page is an
itables DataTable in offline mode: the library is embedded, so the page works
from a folder with no server and no internet.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pandas as pd

from lib.core.cite import message_page

from .raw_identifiers import profile_table

#: Most serious first.
LEVELS = ("felony", "misdemeanor", "civil", "other")
_DIRECTION_LABELS = {"police->ice": "Police → ICE", "ice->police": "ICE → Police", "internal-police": "Within police",
                     "internal-ice": "Within ICE", "other": "Other"}
EXCERPT = 220
#: Characters of a message's body a citation highlights on its page.
PASSAGE = 200


def slug(source_file: str) -> str:
    """A file name for a source file's page view: 'prod/Vol 1.pdf' -> 'prod-vol-1-pdf'."""
    return re.sub(r"[^a-z0-9]+", "-", source_file.lower()).strip("-") or "source"


def source_link(source_file: str, page, bates_start, bates_end=None, page_end=None, *, root: str = "",
                anchor: str | None = None) -> str:
    """HTML link to the page view: the Bates number as the link, the file and page below it.

    ``anchor`` ('p12-q40-260', from ``lib.publish.site``) opens the page with a passage highlighted.
    """
    pages = ""
    fragment = f"#{anchor}" if anchor else ""
    if page is not None and not pd.isna(page):
        fragment = fragment or f"#p{int(page)}"
        pages = f" p. {int(page)}"
        if page_end is not None and not pd.isna(page_end) and int(page_end) != int(page):
            pages += f"–{int(page_end)}"
    bates = bates_range(bates_start, bates_end)
    where = f"{Path(source_file).name}{pages}"
    href = f"{root}sources/{slug(source_file)}.html{fragment}"
    if bates:
        return f'<a href="{href}">{html.escape(bates)}</a><br><span class="file">{html.escape(where)}</span>'
    return f'<a href="{href}">{html.escape(where)}</a>'


def bates_range(start, end) -> str:
    """'BPD-ICE-000004' to 'BPD-ICE-000005' -> 'BPD-ICE-000004–000005'."""
    if not isinstance(start, str) or not start:
        return ""
    if not isinstance(end, str) or not end or end == start:
        return start
    prefix = re.match(r"^(.*?)(\d+)$", start)
    if prefix and end.startswith(prefix.group(1)) and end[len(prefix.group(1)):].isdigit():
        return f"{start}–{end[len(prefix.group(1)):]}"
    return f"{start}–{end}"


def citation_text(row) -> str:
    """'prod/vol1.pdf p. 4–5 (BPD-ICE-000004–000005)': where a reader finds the message in the release."""
    pages = ""
    if not pd.isna(row.page_start):
        pages = f" p. {int(row.page_start)}"
        if not pd.isna(row.page_end) and int(row.page_end) != int(row.page_start):
            pages += f"–{int(row.page_end)}"
    bates = bates_range(row.bates_start, row.bates_end)
    return f"{row.source_file}{pages}" + (f" ({bates})" if bates else "")


def _agency_by_domain() -> dict[str, str]:
    agencies = profile_table("agencies")
    if not agencies.exists():
        return {}
    table = pd.read_csv(agencies, dtype=str, keep_default_na=False)
    return {d.strip().lower(): code for code, domains in zip(table["code"], table["email_domains"])
            for d in domains.split("|") if d.strip()}


def _sender_agency(address, domains: dict[str, str]) -> str | None:
    if not isinstance(address, str) or "@" not in address:
        return None
    parts = address.rsplit("@", 1)[1].lower().split(".")
    for i in range(len(parts) - 1):
        if ".".join(parts[i:]) in domains:
            return domains[".".join(parts[i:])]
    return None


def _direction(messages: pd.DataFrame) -> pd.Series | None:
    if "direction" in messages:
        return messages["direction"]
    try:
        from lib.core.directory import direction
        return direction(messages, include_duplicates=True)
    except Exception:  # direction is optional: any failure leaves the column out
        return None


def _per_message(tables: dict[str, pd.DataFrame], columns: tuple[str, ...]) -> tuple[str, pd.DataFrame] | None:
    """The first table with a message_id and one of ``columns``: (column, table)."""
    for name, table in sorted(tables.items()):
        if name == "messages" or "message_id" not in table:
            continue
        for column in columns:
            if column in table:
                return column, table
    return None


def _join(values) -> str:
    items = sorted({str(v) for v in values if isinstance(v, str) and v})
    return ", ".join(items)


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple, np.ndarray)) else []


def message_table(messages: pd.DataFrame, tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per unique message with its filters and citation, as plain text (for CSV)."""
    tables = tables or {}
    unique = messages[messages["duplicate_of"].isna()] if "duplicate_of" in messages else messages
    copies: dict[str, list] = {}
    if "duplicate_of" in messages:
        for row in messages[messages["duplicate_of"].notna()].itertuples():
            copies.setdefault(row.duplicate_of, []).append(row)
    sent = pd.to_datetime(unique["sent_at"]) if "sent_at" in unique else pd.Series(pd.NaT, index=unique.index)
    out = pd.DataFrame(index=unique.index)
    out["date"] = sent.dt.strftime("%Y-%m-%d %H:%M").fillna("")
    out["month"] = sent.dt.strftime("%Y-%m").fillna("undated")
    out["from"] = [n if isinstance(n, str) and n else (s if isinstance(s, str) else "")
                   for n, s in zip(unique.get("sender_name", [None] * len(unique)), unique.get("sender", [None] * len(unique)))]
    out["to"] = [", ".join(map(str, _as_list(v))) for v in unique.get("to", [[]] * len(unique))]
    out["subject"] = unique.get("subject", pd.Series("", index=unique.index)).fillna("")

    direction = _direction(messages)
    if direction is not None:
        out["direction"] = [_DIRECTION_LABELS.get(str(v), str(v)) if isinstance(v, str) else ""
                            for v in direction.reindex(unique.index)]

    domains = _agency_by_domain()
    mentioned: dict[str, set] = {}
    entities = tables.get("entities")
    if entities is not None and {"message_id", "label"} <= set(entities.columns):
        agencies = entities[entities["label"] == "AGENCY"]
        value = "canonical" if "canonical" in agencies else "text"
        for message_id, name in zip(agencies["message_id"], agencies[value]):
            if isinstance(name, str):
                mentioned.setdefault(message_id, set()).add(name)
    if domains or mentioned:
        out["agencies"] = [_join(mentioned.get(mid, set()) | {_sender_agency(s, domains)})
                           for mid, s in zip(unique["message_id"], unique.get("sender", [None] * len(unique)))]

    charges = _per_message(tables, ("charge_level", "level"))
    if charges is not None:
        column, table = charges
        rank = {level: i for i, level in enumerate(LEVELS)}
        worst = (table.dropna(subset=[column]).assign(_rank=lambda t: t[column].map(lambda v: rank.get(v, len(LEVELS))))
                 .sort_values("_rank").drop_duplicates("message_id").set_index("message_id")[column])
        # object first: with no charge found the levels are an empty numeric column, which takes no text.
        out["charge level"] = unique["message_id"].map(worst).astype(object).fillna("none found")

    language = _per_message(tables, ("language_flag", "category"))
    if language is not None:
        column, table = language
        flags = table.groupby("message_id")[column].agg(_join)
        out["language"] = unique["message_id"].map(flags).astype(object).fillna("")  # no hits: an empty numeric column

    body = unique.get("body", pd.Series("", index=unique.index)).fillna("")
    out["excerpt"] = [excerpt(b) for b in body]
    out["text"] = [" ".join(str(b).split()) for b in body]
    out["citation"] = [citation_text(r) for r in unique.itertuples()]
    out["copies"] = [1 + len(copies.get(mid, [])) for mid in unique["message_id"]]
    out["message_id"] = unique["message_id"].values
    return out.sort_values(["date", "message_id"]).reset_index(drop=True)


def excerpt(text, length: int = EXCERPT) -> str:
    """The start of a text on one line, cut at a space: a word cut in two would read as another word."""
    flat = " ".join(str(text).split())
    if len(flat) <= length:
        return flat
    cut = flat[:length + 1].rsplit(" ", 1)[0] if " " in flat[:length + 1] else flat[:length]
    return cut + "…"


def cited_passage(message) -> tuple[int | None, str]:
    """The page and text a citation of ``message`` highlights: its body's opening, up to the body's next page."""
    body = getattr(message, "body", None)
    body = body if isinstance(body, str) else ""
    page = message_page(message, "body", 0)
    breaks = getattr(message, "page_breaks", None)
    breaks = sorted(int(b) for b in breaks if int(b) > 0) if isinstance(breaks, (list, tuple, np.ndarray)) else []
    end = min([PASSAGE, *breaks])
    if end < len(body) and not body[end].isspace() and " " in body[:end]:
        end = body[:end].rstrip().rfind(" ")  # a word cut in two is not on the page
    return page, body[:end].strip()


def _citation_html(row, copies: list, root: str, anchors: dict[str, str]) -> str:
    links = [source_link(row.source_file, row.page_start, row.bates_start, row.bates_end, row.page_end, root=root,
                         anchor=anchors.get(row.message_id))]
    links += [source_link(c.source_file, c.page_start, c.bates_start, c.bates_end, c.page_end, root=root,
                          anchor=anchors.get(c.message_id)) for c in copies]
    first, *rest = links
    return first + (f'<br><span class="also">also printed: {", ".join(rest)}</span>' if rest else "")


def display_table(messages: pd.DataFrame, table: pd.DataFrame, *, root: str = "",
                  anchors: dict[str, str] | None = None) -> pd.DataFrame:
    """The table as escaped HTML cells, with citation links, for the DataTable.

    ``anchors`` (message_id -> 'p12-q40-260') makes each link open its page with the message's opening highlighted.
    """
    anchors = anchors or {}
    by_id = {r.message_id: r for r in messages.itertuples()}
    copies: dict[str, list] = {}
    if "duplicate_of" in messages:
        for row in messages[messages["duplicate_of"].notna()].itertuples():
            copies.setdefault(row.duplicate_of, []).append(row)
    shown = pd.DataFrame({
        "Date": table["date"], "Month": table["month"], "From": table["from"], "To": table["to"],
        "Subject": table["subject"],
    })
    for column, title in (("direction", "Direction"), ("agencies", "Agencies"), ("charge level", "Charge level"),
                          ("language", "Language")):
        if column in table:
            shown[title] = table[column]
    shown["Excerpt"] = table["excerpt"]
    shown = shown.map(lambda v: html.escape(str(v)) if not isinstance(v, (int, float)) else v)
    shown["Source"] = [_citation_html(by_id[mid], copies.get(mid, []), root, anchors) for mid in table["message_id"]]
    shown["Full text"] = table["text"].map(html.escape)
    return shown


def datatable_html(shown: pd.DataFrame, *, table_id: str = "messages") -> str:
    """The DataTable, with filters by month, direction, agency, charge level and language, working offline."""
    import itables

    pane_columns = [i for i, c in enumerate(shown.columns) if c in ("Month", "Direction", "Agencies", "Charge level",
                                                                    "Language")]
    hidden = [list(shown.columns).index("Full text"), list(shown.columns).index("Month")]
    return itables.to_html_datatable(
        shown, table_id=table_id, connected=False, allow_html=True, maxBytes=0, showIndex=False,
        classes="display compact", pageLength=25, lengthMenu=[10, 25, 100, 500],
        layout={"top1": "searchPanes", "topStart": "pageLength", "topEnd": "search", "bottomStart": "info",
                "bottomEnd": "paging"},
        searchPanes={"columns": pane_columns, "layout": f"columns-{min(max(len(pane_columns), 1), 4)}",
                     "initCollapsed": True, "cascadePanes": True, "threshold": 1},
        columnDefs=[{"targets": hidden, "visible": False, "searchable": True},
                    {"targets": pane_columns, "searchPanes": {"show": True}},
                    {"targets": [list(shown.columns).index("Source")], "className": "source-cell"},
                    {"targets": [list(shown.columns).index("Excerpt")], "className": "excerpt-cell"}],
        order=[[0, "asc"]], autoWidth=False, style="width:100%",
    )


def itables_offline_init() -> str:
    """The script that embeds the DataTables library once per page, so tables work with no internet."""
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    return generate_init_offline_itables_html(options.dt_bundle)
