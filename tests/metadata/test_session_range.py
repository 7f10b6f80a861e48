"""The catalog's temporal coverage: the first and last session date of sessions.csv."""
from __future__ import annotations

from datetime import date

import pytest

from publish.metadata import MetadataError, _session_range


def _sessions(tmp_path, text: str):
    (tmp_path / "sessions.csv").write_bytes(text.encode("utf-8"))
    return tmp_path


def test_the_range_runs_from_the_first_to_the_last_dated_session(tmp_path):
    out = _sessions(tmp_path, 'session_id,committee,session_date\r\n'
                              'b,"Rat,\r\nzweite Zeile",2024-03-01\r\n'   # (a quoted line break in a cell)
                              'a,Rat,2023-11-30\r\n'
                              'c,Rat,\r\n'                                # (undated: no part of the range)
                              'd,Rat,2024-03-01\r\n')
    assert _session_range(out) == (date(2023, 11, 30), date(2024, 3, 1))


@pytest.mark.parametrize("text", ["", "session_id,committee,session_date\r\n", "session_id,committee\r\nx,Rat\r\n",
                                  "session_id,session_date\r\nx,\r\n"])
def test_no_dated_session_means_no_range(tmp_path, text):
    assert _session_range(_sessions(tmp_path, text)) == (None, None)


def test_a_date_that_is_not_iso_stops_the_metadata(tmp_path):
    out = _sessions(tmp_path, "session_id,session_date\r\nx,2024-03-01\r\ny,1.3.2024\r\n")
    with pytest.raises(MetadataError, match="not an ISO date"):
        _session_range(out)


def test_a_missing_sessions_table_is_named(tmp_path):
    with pytest.raises(MetadataError, match="sessions.csv is missing"):
        _session_range(tmp_path)
