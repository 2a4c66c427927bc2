"""Parquet tables read and written in batches, so a table never has to fit in memory at once."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

#: Rows per batch when a stage walks a table; a batch of messages is a few MB.
BATCH_ROWS = 2000


def write_part(frame: pd.DataFrame, path: Path) -> Path:
    """One batch of a table, to be joined by ``concat_parts``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(path, index=False)
    return path


def concat_parts(parts: Iterable[Path], dest: Path) -> int:
    """Join Parquet parts into one table at ``dest``, a part at a time; return its rows.

    A part whose column holds only nulls or empty lists has a null type there;
    the joined table takes the type the other parts agree on.
    """
    parts = list(parts)
    if not parts:
        raise ValueError(f"no parts to join into {dest}")
    schemas = [pq.read_schema(part) for part in parts]
    schema = pa.unify_schemas([s.remove_metadata() for s in schemas], promote_options="permissive")
    # Keep pandas' dtype notes (string, Int64, time zones) so the table reads back as it was written.
    schema = schema.with_metadata(schemas[0].metadata)
    rows = 0
    dest.parent.mkdir(parents=True, exist_ok=True)
    temporary = dest.with_name(dest.name + ".partial")
    with pq.ParquetWriter(temporary, schema) as writer:
        for part in parts:
            table = pq.read_table(part)
            for name in schema.names:
                if name not in table.column_names:  # a column only other files have
                    table = table.append_column(name, pa.nulls(table.num_rows, schema.field(name).type))
            table = table.select(schema.names).cast(schema)
            writer.write_table(table, row_group_size=BATCH_ROWS)
            rows += table.num_rows
    temporary.replace(dest)
    return rows


def iter_frames(path: Path, columns: list[str] | None = None, batch_rows: int = BATCH_ROWS) -> Iterator[pd.DataFrame]:
    """The table at ``path`` as DataFrames of at most ``batch_rows`` rows, in order, with its dtypes."""
    source = pq.ParquetFile(path)
    schema = source.schema_arrow
    if columns is not None:
        missing = [c for c in columns if c not in schema.names]
        if missing:
            raise KeyError(f"{path}: no column(s) {missing}")
        schema = pa.schema([schema.field(c) for c in columns], metadata=schema.metadata)
    for batch in source.iter_batches(batch_size=batch_rows, columns=columns):
        yield pa.Table.from_batches([batch], schema=schema).to_pandas()


def read_columns(path: Path, columns: list[str]) -> pd.DataFrame:
    """Only some columns of a table: how stages keep large text columns on disk."""
    return pd.read_parquet(path, columns=columns)
