"""Parquet tables read and written in batches, so a table never has to fit in memory at once."""

from __future__ import annotations

import ctypes
import functools
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

#: Rows per batch when a stage walks a table; a batch of messages is a few MB.
BATCH_ROWS = 2000
#: Whether Arrow decodes a batch's columns on several threads. Each thread keeps buffers of its own:
#: joining a 100x release's page parts peaked 35 MB higher with them, and a batch decodes in milliseconds.
DECODE_THREADS = False


def use_system_allocator() -> None:
    """From now on in this process, Arrow allocates with the C library's malloc (see ``system_allocator``):
    what a notebook reads a batch at a time is given back, not kept by mimalloc for the next batch."""
    pa.set_memory_pool(pa.system_memory_pool())


@contextmanager
def system_allocator():
    """Arrow allocates with the C library's malloc meanwhile, not with its bundled mimalloc.

    mimalloc keeps pages that the threads decoding and encoding Parquet freed
    (https://github.com/microsoft/mimalloc/issues/1111): over the entity table's
    passes on a 100x release that was some 100 MB more at the peak than with
    malloc. The build's file workers, its assembly and each stage run inside it.
    """
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


@functools.cache
def _glibc():
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None  # another C library (macOS, musl): it has no malloc_trim


def release_freed_memory() -> None:
    """Give the memory freed so far back to the system, where the C library is glibc.

    glibc keeps freed memory in its heaps for reuse: after a loop whose
    temporaries were interleaved with what it keeps (a stage's batches), the
    heaps stay as large as they ever were. ``malloc_trim`` returns their free
    pages; Dask's workers do the same ("Memory not released back to the OS" in
    distributed's documentation). Called once per batch, it costs milliseconds.
    """
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def write_part(frame: pd.DataFrame, path: Path) -> Path:
    """One batch of a table, to be joined by ``concat_parts``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(path, index=False)
    return path


def unified_schema(parts: Iterable[Path]) -> pa.Schema:
    """One schema for parts of a table whose columns differ.

    A part whose column holds only nulls or empty lists has a null type there;
    the joined table takes the type the other parts agree on, and columns only
    some parts have. Pandas' dtype notes (string, Int64, time zones) come from
    the first part, so the table reads back with the dtypes it was written with.
    """
    schemas = [pq.read_schema(part) for part in parts]
    if not schemas:
        raise ValueError("no parts to take a schema from")
    unified = pa.unify_schemas([s.remove_metadata() for s in schemas], promote_options="permissive")
    return unified.with_metadata(schemas[0].metadata)


class TableWriter:
    """Writes a Parquet table a batch at a time, each batch cast to one schema.

    The file appears at ``dest`` only when the writer closes without error.
    Without a ``schema`` the first batch's is used.
    """

    def __init__(self, dest: Path, schema: pa.Schema | None = None):
        self.dest, self.schema = Path(dest), schema
        self.rows = 0
        self._temporary = self.dest.with_name(self.dest.name + ".partial")
        self._writer: pq.ParquetWriter | None = None

    def __enter__(self) -> "TableWriter":
        return self

    def write(self, batch: pd.DataFrame | pa.Table | pa.RecordBatch) -> None:
        table = (pa.Table.from_pandas(batch, preserve_index=False) if isinstance(batch, pd.DataFrame)
                 else pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch)
        if self._writer is None:
            self.schema = self.schema or table.schema
            self.dest.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(self._temporary, self.schema)
        for name in self.schema.names:
            if name not in table.column_names:  # a column only other parts have
                table = table.append_column(name, pa.nulls(table.num_rows, self.schema.field(name).type))
        table = table.select(self.schema.names).cast(self.schema)
        self._writer.write_table(table, row_group_size=BATCH_ROWS)
        self.rows += table.num_rows

    def __exit__(self, kind, error, traceback) -> None:
        self.close(keep=error is None)

    def close(self, keep: bool = True) -> None:
        """Put the table in place, or (``keep`` False, or nothing written) throw it away."""
        if self._writer is not None:
            self._writer.close()
        if keep and self._writer is not None:
            self._temporary.replace(self.dest)
        else:
            self._temporary.unlink(missing_ok=True)


def concat_parts(parts: Iterable[Path], dest: Path) -> int:
    """Join Parquet parts into one table at ``dest``, a row group at a time; return its rows."""
    parts = list(parts)
    if not parts:
        raise ValueError(f"no parts to join into {dest}")
    with TableWriter(dest, unified_schema(parts)) as writer:
        for part in parts:
            for batch in pq.ParquetFile(part).iter_batches(batch_size=BATCH_ROWS, use_threads=DECODE_THREADS):
                writer.write(batch)
    return writer.rows


def iter_frames(path: Path, columns: list[str] | None = None, batch_rows: int = BATCH_ROWS) -> Iterator[pd.DataFrame]:
    """The table at ``path`` as DataFrames of at most ``batch_rows`` rows, in order, with its dtypes."""
    source = pq.ParquetFile(path)
    schema = _schema(path, columns)
    for batch in source.iter_batches(batch_size=batch_rows, columns=columns, use_threads=DECODE_THREADS):
        yield pa.Table.from_batches([batch], schema=schema).to_pandas()


#: Some columns of a message table a batch at a time (``message_id`` first); called again for each pass.
TextBatches = Callable[[], Iterable[pd.DataFrame]]


def text_batches(messages: pd.DataFrame | Path, columns: list[str], batch_rows: int = BATCH_ROWS) -> TextBatches:
    """``message_id`` and ``columns`` of a message table held in memory, or read from its Parquet file a batch at
    a time: how an analysis of a large release reads texts without holding them all."""
    wanted = ["message_id", *columns]
    if isinstance(messages, pd.DataFrame):
        return lambda: [messages[wanted]]
    return lambda: iter_frames(Path(messages), wanted, batch_rows)


def texts_of(texts: TextBatches, ids: Iterable[str]) -> pd.DataFrame:
    """The rows of a text source for some messages only, indexed by ``message_id``."""
    wanted = set(ids)
    parts = [batch[batch["message_id"].isin(wanted)] for batch in texts()]
    parts = [part for part in parts if len(part)] or parts[:1]
    return pd.concat(parts).set_index("message_id", drop=False) if parts else pd.DataFrame()


def read_rows(path: Path, columns: list[str] | None = None, where: Callable[[pd.DataFrame], pd.Series] | None = None,
              batch_rows: int = BATCH_ROWS) -> pd.DataFrame:
    """Some columns of a table, and only the rows ``where`` selects, read a batch at a time.

    ``pd.read_parquet`` decodes whole columns before it filters: for a large
    table that is many times the memory of the rows kept.
    """
    parts = [frame[where(frame)] if where else frame for frame in iter_frames(path, columns, batch_rows)]
    return pd.concat(parts, ignore_index=True) if parts else _empty_frame(path, columns)


def _schema(path: Path, columns: list[str] | None) -> pa.Schema:
    """The table's schema, or that of some of its columns, with pandas' dtype notes."""
    schema = pq.read_schema(path)
    if columns is None:
        return schema
    missing = [c for c in columns if c not in schema.names]
    if missing:
        raise KeyError(f"{path}: no column(s) {missing}")
    return pa.schema([schema.field(c) for c in columns], metadata=schema.metadata)


def _empty_frame(path: Path, columns: list[str] | None) -> pd.DataFrame:
    return _schema(path, columns).empty_table().to_pandas()


def iter_joined_batches(path: Path, related: Path, *, key: str = "message_id", columns: list[str] | None = None,
                        related_columns: list[str] | None = None,
                        batch_rows: int = BATCH_ROWS) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """Batches of the table at ``path``, each with the rows of ``related`` whose ``key`` is in it.

    ``related`` must list its rows in the order of ``path``'s keys (the build
    writes entities in message order), so both are read once, side by side.
    """
    position = {value: i for i, value in enumerate(pd.read_parquet(path, columns=[key])[key])}
    related_frames = iter_frames(related, related_columns, batch_rows)
    empty = _empty_frame(related, related_columns)
    held, last, done = next(related_frames, None), -1, 0
    for batch in iter_frames(path, columns, batch_rows):
        done += len(batch)
        inside = [empty]
        while held is not None:
            where = held[key].map(position)
            if where.isna().any():
                raise ValueError(f"{related}: {key} {held.loc[where.isna(), key].iloc[0]!r} is not in {path}")
            if not where.is_monotonic_increasing or where.iloc[0] < last:
                raise ValueError(f"{related} is not in the order of {path}: build the processed tables again")
            ends_here = where < done
            inside.append(held[ends_here])
            if not ends_here.all():
                held, last = held[~ends_here], int(where[ends_here].max()) if ends_here.any() else last
                break
            held, last = next(related_frames, None), int(where.iloc[-1])
        yield batch, pd.concat(inside, ignore_index=True)


def query(folder: str | Path, sql: str) -> pd.DataFrame:
    """Run DuckDB ``sql`` over a processed folder's tables, each a view named after its file.

    DuckDB reads only the columns and row groups the query needs, so an
    aggregate over a large release's pages or entities never loads the table
    into pandas: ``query(out, "SELECT source_file, count(*) FROM pages GROUP BY 1")``.
    """
    import duckdb

    connection = duckdb.connect()
    try:
        for path in sorted(Path(folder).glob("*.parquet")):
            # A view's file is part of its definition, not a parameter: quote it as an SQL string.
            location = str(path.resolve()).replace("'", "''")
            connection.execute(f"CREATE VIEW \"{path.stem}\" AS SELECT * FROM read_parquet('{location}')")
        return connection.execute(sql).df()
    finally:
        connection.close()
