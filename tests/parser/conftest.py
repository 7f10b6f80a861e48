"""Parsed seed documents, shared by the parser tests (parsing is pure: parse once per session)."""
from __future__ import annotations

import pandas as pd
import pytest

import transforms
from tests.conftest import SAMPLES


@pytest.fixture(scope="session")
def seed_docs() -> dict[str, transforms.ParsedDocument]:
    return {p.name[:3]: transforms.parse_document(p.read_bytes(), p.name) for p in sorted(SAMPLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_tables(seed_docs):
    return transforms.build_tables(seed_docs.values())


def rows(df, session_date: str, columns: list[str]) -> list[tuple]:
    """Rows of one session as tuples, pandas NA as None."""
    sub = df[df["session_id"].str.endswith(session_date)]
    return [tuple(None if pd.isna(v) else v for v in r) for r in sub[columns].itertuples(index=False)]
