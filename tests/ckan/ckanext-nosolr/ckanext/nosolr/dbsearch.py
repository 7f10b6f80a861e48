"""Minimal database-backed stand-in for CKAN's Solr PackageSearchQuery.

Test-only, meant for small instances: it loads every matching Package row
and filters/facets in Python, then dictizes only the requested page (about
5 ms per returned dataset).  It understands just enough Solr syntax for
CKAN's own callers:

* q: "", "*:*", free text (ILIKE on name/title/notes), or field:value terms
  (joined with OR when the query contains " OR ", else AND);
* fq terms like +capacity:public, +state:(active OR draft),
  dataset_type:dataset, +owner_org:"<id>", organization:<name>,
  +groups:"<name>", tags:<t>, res_format:<f>, license_id:<l>, name:<n>,
  id:<id>, text/title/name_ngram/title_ngram (ILIKE),
  metadata_modified/metadata_created:[A TO B] (ckanext-dcat modified_since);
  unknown fields are ignored with a warning;
* rows/start, sort on metadata_modified/metadata_created/name/title_string,
  facet.field counts (facet=false honoured), fl, permission labels.
"""
from __future__ import annotations

import datetime
import json
import logging
import re
from typing import Any

from dateutil.parser import parse as dateutil_parse
from sqlalchemy import and_, or_, true

import ckan.model as model
import ckan.logic as logic
import ckan.lib.plugins as lib_plugins
from ckan.common import config
from ckan.lib.search.common import SearchError, SearchQueryError
from ckan.lib.search.query import PackageSearchQuery, VALID_SOLR_PARAMETERS

log = logging.getLogger(__name__)

_TERM = re.compile(
    r'([+-]?)([\w.]+):("(?:[^"\\]|\\.)*"|\([^)]*\)|\[[^\]]*\]|\S+)')
_SORT_COLS = {
    "metadata_modified": model.Package.metadata_modified,
    "metadata_created": model.Package.metadata_created,
    "name": model.Package.name,
    "title_string": model.Package.title,
}
_POST_FIELDS = ("tags", "res_format", "license_id", "groups")
_IGNORED_FIELDS = ("site_id", "entity_type", "permission_labels")


def _values(raw: str) -> list[str]:
    raw = raw.strip()
    if raw.startswith("["):  # range [A TO B] -> ["A", "B"]
        return [x.strip() for x in raw[1:-1].split(" TO ", 1)]
    if raw.startswith("("):
        parts = re.split(r"\s+OR\s+", raw[1:-1].strip())
    else:
        parts = [raw]
    return [x.strip().strip('"').replace('\\"', '"').replace("\\", "")
            for x in parts if x.strip()]


def _terms(text: str) -> list[tuple[str, str, list[str]]]:
    return [(m.group(1), m.group(2), _values(m.group(3)))
            for m in _TERM.finditer(text or "")]


def _when(v: str):
    if v in ("*", ""):
        return None
    if v.startswith("NOW"):
        return datetime.datetime.utcnow()
    return dateutil_parse(v).replace(tzinfo=None)


def _range(col, vals):
    if len(vals) != 2:  # exact timestamp
        return col == _when(vals[0])
    lo, hi = _when(vals[0]), _when(vals[1])
    conds = ([col >= lo] if lo else []) + ([col <= hi] if hi else [])
    return and_(*conds) if conds else true()


def _like(col, vals):
    return or_(*[col.ilike("%" + v.strip("*") + "%") for v in vals])


def _dict_values(d: dict[str, Any], field: str) -> list[str]:
    v = d.get(field)
    if v in (None, ""):
        return []
    return [str(x) for x in v] if isinstance(v, list) else [str(v)]


def _obj_values(pkg: model.Package, field: str, org_names: dict):
    """Facet/filter values read from the ORM object (no dictizing), or
    None for fields that need the full package dict."""
    if field == "tags":
        return [t.name for t in pkg.get_tags()]
    if field == "groups":
        return [g.name for g in pkg.get_groups("group")]
    if field == "organization":
        if not pkg.owner_org:
            return []
        if pkg.owner_org not in org_names:
            org = model.Group.get(pkg.owner_org)
            org_names[pkg.owner_org] = org.name if org else pkg.owner_org
        return [org_names[pkg.owner_org]]
    if field == "owner_org":
        return [pkg.owner_org] if pkg.owner_org else []
    if field == "res_format":
        return sorted({r.format for r in pkg.resources if r.format})
    if field == "license_id":
        return [pkg.license_id] if pkg.license_id else []
    if field in ("dataset_type", "type"):
        return [pkg.type]
    return None


class DbPackageSearchQuery(PackageSearchQuery):

    def get_all_entity_ids(self, max_results: int = 1000) -> list[str]:
        rows = model.Session.query(model.Package.id).filter(
            model.Package.state == "active").limit(max_results)
        return [r[0] for r in rows]

    def get_index(self, reference: str) -> dict[str, Any]:
        raise SearchError("nosolr: no search index")

    @staticmethod
    def _cond(field: str, vals: list[str]):
        """SQL condition for one term, or None if it must be post-filtered
        (tags, res_format, ...) or ignored."""
        P = model.Package
        if field == "capacity":
            return P.private.is_(vals[0] != "public")
        if field == "state":
            return P.state.in_(vals)
        if field in ("dataset_type", "type"):
            return P.type.in_(vals)
        if field == "name":
            return P.name.in_(vals)
        if field == "id":
            return P.id.in_(vals)
        if field == "owner_org":
            return P.owner_org.in_(vals)
        if field == "organization":
            ids = [g.id for g in model.Session.query(model.Group).filter(
                model.Group.name.in_(vals))]
            return P.owner_org.in_(ids)
        if field in ("metadata_modified", "metadata_created"):
            return _range(getattr(P, field), vals)
        if field in ("title", "title_ngram"):
            return _like(P.title, vals)
        if field == "name_ngram":
            return _like(P.name, vals)
        if field in ("text", "q"):
            return or_(_like(P.name, vals), _like(P.title, vals),
                       _like(P.notes, vals))
        if field not in _POST_FIELDS and field not in _IGNORED_FIELDS:
            log.warning("nosolr dbsearch: ignoring unsupported term %s:%s",
                        field, vals)
        return None

    def _where(self, text: str, post: list, any_of: bool):
        conds = []
        for sign, field, vals in _terms(text):
            if field in _POST_FIELDS:
                post.append((sign == "-", field, set(vals)))
                continue
            c = self._cond(field, vals)
            if c is not None:
                conds.append(~c if sign == "-" else c)
        if not conds:
            return None
        return or_(*conds) if any_of else and_(*conds)

    def run(self, query: dict[str, Any], permission_labels=None,
            **kwargs: Any) -> dict[str, Any]:
        if not set(query.keys()) <= VALID_SOLR_PARAMETERS:
            raise SearchQueryError("Invalid search parameters: %s" % sorted(
                set(query.keys()) - VALID_SOLR_PARAMETERS))
        P = model.Package
        qry = model.Session.query(P)
        post: list = []

        fq = query.get("fq") or ""
        if isinstance(fq, (list, tuple)):
            fq = " ".join(fq)
        fq = " ".join([fq] + list(query.get("fq_list") or []))
        if "state:" not in fq:
            qry = qry.filter(P.state == "active")
        w = self._where(fq, post, any_of=False)
        if w is not None:
            qry = qry.filter(w)

        q = (query.get("q") or "").strip()
        if q and q not in ("*:*", "*", '""', "''"):
            if _terms(q):
                w = self._where(q, post, any_of=" OR " in q)
                if w is not None:
                    qry = qry.filter(w)
            else:
                qry = qry.filter(self._cond("text", [q]))

        order = []
        for s in (query.get("sort") or "").split(","):
            parts = s.split()
            if parts and parts[0] in _SORT_COLS:
                col = _SORT_COLS[parts[0]]
                desc = len(parts) > 1 and parts[1].lower() == "desc"
                order.append(col.desc() if desc else col.asc())
        qry = qry.order_by(*(order or [P.metadata_modified.desc()]))

        labels_api = lib_plugins.get_permission_labels()
        pkgs = [pkg for pkg in qry.all()
                if permission_labels is None
                or set(labels_api.get_dataset_labels(pkg)) & set(permission_labels)]

        ctx = {"ignore_auth": True}
        org_names: dict = {}
        dicts: dict = {}

        def both(pkg):
            if pkg.id not in dicts:
                dicts[pkg.id] = logic.package_show_default_and_custom_schemas(
                    ctx, pkg.id)
            return dicts[pkg.id]

        def values(pkg, field):
            v = _obj_values(pkg, field, org_names)
            return v if v is not None else _dict_values(both(pkg)[1], field)

        fields = query.get("facet.field") or []
        if isinstance(fields, str):
            fields = json.loads(fields) if fields.startswith("[") else [fields]
        if str(query.get("facet", "true")).lower() == "false":
            fields = []

        matched = [pkg for pkg in pkgs
                   if all(bool(set(values(pkg, f)) & vals) != neg
                          for neg, f, vals in post)]
        self.count = len(matched)

        facets: dict[str, dict[str, int]] = {}
        for f in fields:
            counts: dict[str, int] = {}
            for pkg in matched:
                for v in values(pkg, f):
                    counts[v] = counts.get(v, 0) + 1
            facets[f] = dict(sorted(counts.items(),
                                    key=lambda kv: (-kv[1], kv[0])))
        self.facets = facets

        start = int(query.get("start") or 0)
        rows = query.get("rows")
        rows = min(int(rows) if rows not in (None, "") else 10,
                   config.get("ckan.search.rows_max"))
        page = [both(pkg) for pkg in matched[start:start + rows]]

        fl = query.get("fl") or "id validated_data_dict"
        fl = re.split(r"[\s,]+", fl.strip()) if isinstance(fl, str) else list(fl)
        results = []
        for default, custom in page:
            row: dict[str, Any] = {}
            for f in fl:
                if f == "validated_data_dict":
                    row[f] = json.dumps(custom)
                elif f == "data_dict":
                    row[f] = json.dumps(default)
                elif f in custom:
                    row[f] = custom[f]
                elif f.startswith("extras_"):
                    # like CKAN's Solr query: extras_x -> row["extras"]["x"]
                    for e in custom.get("extras", []):
                        if e.get("key") == f[len("extras_"):]:
                            row.setdefault("extras", {})[e["key"]] = e["value"]
            results.append(row)
        self.results = results
        return {"results": results, "count": self.count}
