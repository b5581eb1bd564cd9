"""Database size of the fleet benchmark: whole database and per table, on SQLite and PostgreSQL.

SQLite: the WAL is checkpointed (TRUNCATE) first, so the main file holds everything; the size is
``page_count × page_size`` and the per-table split comes from the ``dbstat`` virtual table (indexes
counted with their table). PostgreSQL: ``pg_database_size`` and ``pg_total_relation_size`` (table +
indexes + TOAST). ``compact`` = VACUUM (SQLite) / VACUUM FULL (PostgreSQL), so that freed pages are
given back and sizes before/after the run compare like with like.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection

TABLES = ("storage_probe", "storage_probeday", "storage_probetarget", "storage_scanrun", "storage_scanschedule",
          "storage_finding", "storage_column", "storage_site", "storage_unit")


@dataclass(frozen=True)
class DbSize:
    """``total`` bytes of the database; ``tables`` bytes per table (indexes included); ``rows`` per table
    of :data:`TABLES`."""

    total: int
    tables: dict[str, int]
    rows: dict[str, int]


def is_sqlite() -> bool:
    """True when Django's default database is SQLite."""
    return connection.vendor == "sqlite"


def compact() -> None:
    """Give freed pages back: checkpoint + VACUUM on SQLite, VACUUM FULL on PostgreSQL."""
    with connection.cursor() as cur:
        if is_sqlite():
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.execute("VACUUM")
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cur.execute("VACUUM FULL")


def measure() -> DbSize:
    """The database's size now (see module docstring)."""
    with connection.cursor() as cur:
        if is_sqlite():
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.execute("PRAGMA page_count")
            pages = int(cur.fetchone()[0])
            cur.execute("PRAGMA page_size")
            total = pages * int(cur.fetchone()[0])
            tables = _sqlite_tables(cur)
        else:
            cur.execute("SELECT pg_database_size(current_database())")
            total = int(cur.fetchone()[0])
            cur.execute("SELECT relname, pg_total_relation_size(relid) FROM pg_catalog.pg_statio_user_tables")
            tables = {name: int(size) for name, size in cur.fetchall()}
        rows = {}
        for table in TABLES:
            cur.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608  (fixed names)
            rows[table] = int(cur.fetchone()[0])
    return DbSize(total, {k: v for k, v in tables.items() if k.startswith("storage_")}, rows)


def _sqlite_tables(cur: Any) -> dict[str, int]:
    try:
        cur.execute("SELECT m.tbl_name, SUM(s.pgsize) FROM dbstat s JOIN sqlite_master m ON m.name = s.name "
                    "GROUP BY m.tbl_name")
    except Exception:  # SQLite built without SQLITE_ENABLE_DBSTAT_VTAB: no split
        return {}
    return {name: int(size) for name, size in cur.fetchall()}
