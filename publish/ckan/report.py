"""What one publish to CKAN did: per dataset, and per resource inside it."""
from __future__ import annotations

from dataclasses import dataclass

from publish.ckan.client import READ_ACTIONS
from publish.report import DatasetResult as _DatasetResult
from publish.report import PublishReport as _PublishReport


@dataclass
class DatasetResult(_DatasetResult):
    """What happened to one CKAN dataset (and its resources) in one run."""

    resources_created: int = 0
    resources_uploaded: int = 0  # content replaced (new file or new link)
    resources_updated: int = 0  # metadata only
    resources_deleted: int = 0  # duplicates / no longer published
    resources_unchanged: int = 0

    def detail(self) -> str:
        parts = [
            f"{n} {label}"
            for n, label in (
                (self.resources_created, "resources created"),
                (self.resources_uploaded, "re-uploaded"),
                (self.resources_updated, "updated"),
                (self.resources_deleted, "deleted"),
            )
            if n
        ]
        return f" ({', '.join(parts)})" if parts else ""


@dataclass
class PublishReport(_PublishReport):
    # CKAN datasets are never deleted by ratsdaten (a table leaving schemas/ is rare and a portal's
    # dataset may carry hand-made resources): no "deleted" count.
    statuses = ("created", "updated", "unchanged")
    read_calls = READ_ACTIONS

    organization: str = ""

    def where(self) -> str:
        return f"CKAN {self.url} (organisation {self.organization})"

    @property
    def uploads(self) -> int:
        return sum(d.resources_uploaded + d.resources_created for d in self.datasets)

    def to_dict(self) -> dict:
        return {**super().to_dict(), "organization": self.organization}
