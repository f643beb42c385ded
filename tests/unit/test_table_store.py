"""The worker's Tables open RocksDB with bounded memory (settings.worker.table_options).

faust's defaults (a 64 MiB memtable, up to three per table, and a 2 GiB block cache per
table) let the worker's RSS climb for tens of minutes by every byte the tables write,
whatever the dedup window evicts: the soak's growth (docs/reliability.md, Soak).
"""

from __future__ import annotations

from pathlib import Path

from stream.runtime.agents.wiring import declare_tables
from stream.runtime.app import create_app
from stream.settings import Settings


def _options_file(db_path: Path) -> dict[str, str]:
    """The options RocksDB itself wrote when it opened ``db_path`` (``OPTIONS-*``)."""
    newest = max(db_path.glob("OPTIONS-*"), key=lambda p: int(p.name.split("-")[1]))
    out: dict[str, str] = {}
    for line in newest.read_text().splitlines():
        key, sep, value = line.strip().partition("=")
        if sep:
            out.setdefault(key, value)
    return out


def test_every_table_opens_rocksdb_with_the_configured_memtable_and_cache(tmp_path: Path):
    settings = Settings(
        state_dir=tmp_path, store="rocksdb://", table_write_buffer_mib=4, table_block_cache_mib=8
    )
    app = create_app(settings)
    tables = declare_tables(app, settings)
    for table in (tables.dedup, tables.clusters, tables.aliases):
        store = table.data
        db = store._db_for_partition(0)  # opens the real database on disk
        try:
            written = _options_file(store.partition_path(0))
            assert written["write_buffer_size"] == str(4 << 20), table.name
            assert written["max_write_buffer_number"] == "2", table.name
            assert store.rocksdb_options.block_cache_size == 8 << 20, table.name
        finally:
            del db
            store._dbs.clear()


def test_table_options_follow_the_settings():
    options = Settings(table_write_buffer_mib=16, table_block_cache_mib=32).worker.table_options
    assert options == {
        "write_buffer_size": 16 << 20,
        "max_write_buffer_number": 2,
        "block_cache_size": 32 << 20,
    }
    assert Settings().worker.table_options["write_buffer_size"] == 8 << 20
