"""What "converged" means for DKAN (shared by the DKAN tests)."""
from __future__ import annotations

import json

import jsonschema

from publish import pod
from tests.dkan.conftest import REFERENCE


def dataset_schema() -> jsonschema.Draft7Validator:
    """DKAN's own dataset schema (../shared/reference/dkan), formats included."""
    schema = json.loads((REFERENCE / "dkan/schema/collections/dataset.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def assert_clean_state(dkan, site, described, others: dict | None = None) -> None:
    """DKAN holds exactly the catalog's POD datasets (plus ``others``, not ratsdaten's), each valid against
    DKAN's dataset schema, and a further publish writes nothing."""
    want = {d["identifier"]: d for d in pod.datasets(described.records)}
    have = dkan.published()
    assert have == {**want, **(others or {})}
    check = dataset_schema()
    for identifier, data in want.items():
        assert not list(check.iter_errors(data)), identifier
    before = len(dkan.writes)
    report = site.target.publish(described)
    assert dkan.writes[before:] == [], "not converged: a further publish wrote"
    assert report.counts["unchanged"] == len(want) and report.write_calls == {}
