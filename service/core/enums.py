"""SQL conditions derived from the ``StrEnum`` that names a column's values, so the database
accepts exactly what the code can say."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from sqlalchemy import CheckConstraint


def sql_in(column: str, members: Iterable[StrEnum]) -> str:
    """``column IN ('a', 'b')``: a condition for check constraints and partial indexes."""
    listed = ", ".join(f"'{member.value}'" for member in members)
    return f"{column} IN ({listed})"


def one_of(column: str, values: type[StrEnum], table: str) -> CheckConstraint:
    """``CHECK (column IN (...))`` with every value of the enum, named ``ck_<table>_<column>``."""
    return CheckConstraint(sql_in(column, values), name=f"ck_{table}_{column}")
