"""Assertions on the state of a real CKAN after publishing (shared by the CKAN tests)."""
from __future__ import annotations

from pathlib import Path

import ckanapi

from publish.ckan import RESOURCE_KEY, CkanTarget
from publish.targets import DescribedCatalog


def publish_catalog(out: Path, config, records):
    """Publish ``records`` of the catalog in ``out`` through the target interface, as a run does."""
    return CkanTarget(config).publish(DescribedCatalog(Path(out), tuple(records)))


def admin(ckan) -> ckanapi.RemoteCKAN:
    """A plain ckanapi client straight to CKAN (not through any fault proxy)."""
    return ckanapi.RemoteCKAN(ckan.url, apikey=ckan.token.reveal())


def our_resources(pkg: dict) -> list[dict]:
    return [r for r in pkg["resources"] if r.get(RESOURCE_KEY)]


def assert_clean_state(ckan, target, out: Path | None = None, download: bool = True) -> None:
    """CKAN holds exactly what a clean publish of ``out`` produces.

    Every dataset exists once, active, in the organisation; it has exactly one resource per
    distribution, in catalog order, with the file's sha256 and size, and CKAN serves the same
    bytes; no stale or duplicate resources carry our key. Finally a further publish must be
    read-only, which proves that every owned field already has its desired value.
    """
    out = out or target.out
    api = admin(ckan)
    records = target.records(out)
    org = api.action.organization_show(id=target.config.organization, include_datasets=False)
    for rec in records:
        pkg = api.action.package_show(id=rec.name)
        assert pkg["state"] == "active", rec.name
        assert pkg["owner_org"] == org["id"], rec.name
        ours = our_resources(pkg)
        assert [r[RESOURCE_KEY] for r in ours] == [d.id for d in rec.distributions], (
            f"{rec.name}: resources {[r[RESOURCE_KEY] for r in ours]}"
        )
        for res, dist in zip(ours, rec.distributions):
            assert res["hash"] == dist.sha256, (rec.name, dist.id)
            assert int(res["size"]) == dist.byte_size, (rec.name, dist.id)
            assert res["url_type"] == "upload", (rec.name, dist.id)
            if download:
                assert ckan.get(res["url"]) == (out / dist.path).read_bytes(), (rec.name, dist.id)
    report = publish_catalog(out, target.config, records)
    assert report.write_calls == {}, f"not converged, a further publish wrote: {dict(report.write_calls)}"
    assert report.counts["unchanged"] == len(records)
