"""What validation found: one record per error, and the report over all tables.

Its own module so that both validation engines (publish.validation with frictionless-py, and
publish.fast_validation) can build reports without importing each other.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class ValidationError:
    table: str
    row: int | None          # record number as Frictionless counts it: the header is row 1
    column: str | None
    rule: str                # type, required, enum, pattern, minimum, unique, primary-key, foreign-key, ...
    message: str
    value: str | None = None
    document_id: str | None = None
    source_file: str | None = None
    line_start: int | None = None
    line_end: int | None = None


@dataclass
class ValidationReport:
    valid: bool
    rows: dict[str, int]
    errors: list[ValidationError] = field(default_factory=list)
    truncated: bool = False

    def to_dict(self) -> dict:
        counts = {t: 0 for t in self.rows}
        for e in self.errors:
            counts[e.table] = counts.get(e.table, 0) + 1
        return {
            "valid": self.valid,
            "truncated": self.truncated,
            "tables": {t: {"rows": n, "errors": counts.get(t, 0)} for t, n in self.rows.items()},
            "errors": [asdict(e) for e in self.errors],
        }
