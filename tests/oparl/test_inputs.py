"""The tables the export reads, left by the comparison of both catalogs as Arrow files for the export
processes to map (publish.oparl.inputs): the same tables as decoded from the Parquet, or none."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tests.oparl.test_export import catalog  # noqa: F401  (the module's catalog fixture)


def _changed_copy(catalog, target):  # noqa: F811
    """The catalog with one session's end time changed: a second catalog to compare with."""
    shutil.copytree(catalog, target)
    path = target / "sessions.parquet"
    data = pq.read_table(path)
    index = data.column_names.index("end_time")
    values = data.column("end_time").to_pylist()
    values[0] = "23:59"
    pq.write_table(data.set_column(index, "end_time", pa.array(values, data.schema.field("end_time").type)), path)
    return target


def test_the_tables_compare_leaves_are_those_read_from_the_parquet(catalog, tmp_path):  # noqa: F811
    from publish.oparl import inputs

    now = _changed_copy(catalog, tmp_path / "now")
    keep = tmp_path / "inputs"
    comparison = inputs.compare(catalog, now, keep)
    assert "meetings" not in comparison.unchanged   # (the end time is the meetings' input)
    for folder, catalog_dir in (("before", catalog), ("now", now)):
        mapped, decoded = inputs.read(catalog_dir, keep / folder), inputs.read(catalog_dir)
        assert mapped.keys() == decoded.keys()
        for table, data in decoded.items():
            assert mapped[table].equals(data) and mapped[table].schema == data.schema, table
    assert not inputs.read(now, keep / "now")["sessions"].equals(inputs.read(catalog, keep / "before")["sessions"])


def test_tables_left_half_written_are_not_read(catalog, tmp_path):  # noqa: F811
    from publish.oparl import inputs

    keep = tmp_path / "inputs"
    inputs.compare(catalog, catalog, keep)
    (keep / "now" / "persons.arrow").write_bytes(b"not an Arrow file")
    assert inputs.read(catalog, keep / "now")["persons"].equals(inputs.read(catalog)["persons"])
    (keep / inputs._WHOLE).unlink()   # (a comparison that stopped before it wrote every table)
    (keep / "now" / "persons.arrow").unlink()
    shutil.copy(keep / "now" / "sessions.arrow", keep / "now" / "persons.arrow")
    assert inputs.read(catalog, keep / "now")["persons"].equals(inputs.read(catalog)["persons"])


def test_the_code_fingerprint_covers_the_modules_that_write_the_tree_not_the_one_that_keeps_it(tmp_path, monkeypatch):
    """A kept tree is reused part by part only under the code that wrote it: an edited mapping or writer
    module makes the next run build every part again. Keeping and listing trees (spare.py) writes no
    file of the export, so a change there does not."""
    from publish.oparl import inputs

    package = tmp_path / "oparl"
    shutil.copytree(Path(inputs.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(inputs, "__file__", str(package / "inputs.py"))

    def code() -> str:
        inputs._code.cache_clear()
        return inputs._code()

    before = code()
    (package / "spare.py").write_text((package / "spare.py").read_text() + "\n# edited\n")
    assert code() == before
    (package / "tree.py").write_text((package / "tree.py").read_text() + "\n# edited\n")
    assert code() != before
    inputs._code.cache_clear()
