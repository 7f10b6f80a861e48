"""Test-only CKAN plugin: lets CKAN 2.12 run without a Solr server.

* Swaps the package search index for CKAN's own NoopSearchIndex, so
  package_create/update/delete no longer call Solr.
* Makes ckan.lib.search.show() (package_show's cache lookup) fail fast with
  SearchError, which package_show already treats as "not cached" and then
  reads the database.
* Skips the startup Solr schema check (which only logs a traceback).
* Replaces the Solr query class with a tiny database-backed one
  (ckanext/nosolr/dbsearch.py).  This is not optional: CKAN also queries
  Solr outside package_search, e.g. organization_create/organization_show
  count an organization's datasets through package_search, and
  group/organization_list(all_fields) and tag_show use PackageSearchQuery
  directly.  Set `ckanext.nosolr.db_search = false` to see the failures.

Patching happens in IConfigurer.update_config, which CKAN runs before its
startup Solr check.  Never enable this plugin in production.
"""
from __future__ import annotations

import logging

import ckan.plugins as p
import ckan.lib.search as search
from ckan.lib.search.index import NoopSearchIndex

log = logging.getLogger(__name__)


def _no_show(package_reference):
    raise search.SearchError("nosolr: search index disabled")


def _no_schema_check(schema_file=None):
    return False


class NoSolrPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)

    def update_config(self, config):
        search._INDICES["package"] = NoopSearchIndex
        search.show = _no_show
        search.check_solr_schema_version = _no_schema_check
        if p.toolkit.asbool(config.get("ckanext.nosolr.db_search", True)):
            from ckanext.nosolr.dbsearch import DbPackageSearchQuery
            search._QUERIES["package"] = DbPackageSearchQuery
            search.PackageSearchQuery = DbPackageSearchQuery
            log.info("nosolr: Solr disabled; package_search served from DB")
        else:
            log.warning("nosolr: Solr disabled; package_search unavailable")
