"""What a target reports after publishing: per dataset created / updated / unchanged / deleted.

Every target returns a :class:`PublishReport` (or a subclass with more detail, as CKAN's counts
resources). ``str(report)`` is its one-line headline; ``summary()`` adds one line per dataset;
``to_dict()`` goes into ``reports/run.json``.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import ClassVar

STATUSES = ("created", "updated", "unchanged", "deleted")


@dataclass
class DatasetResult:
    """What happened to one dataset on one target in one run."""

    name: str
    status: str = "unchanged"  # one of STATUSES
    changed_fields: list[str] = field(default_factory=list)

    def _touch(self) -> None:
        if self.status == "unchanged":
            self.status = "updated"

    def detail(self) -> str:
        """Extra words for the summary line (targets with more to say override it)."""
        return f" ({', '.join(self.changed_fields)})" if self.changed_fields else ""


@dataclass
class PublishReport:
    target: str  # "CKAN", "DKAN", "local"
    url: str  # where the catalog went
    datasets: list[DatasetResult] = field(default_factory=list)
    calls: Counter = field(default_factory=Counter)  # request kind -> requests sent
    seconds: float = 0.0

    statuses: ClassVar[tuple[str, ...]] = STATUSES
    read_calls: ClassVar[frozenset[str]] = frozenset()  # request kinds that change nothing

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(d.status for d in self.datasets)
        return {k: c.get(k, 0) for k in self.statuses}

    @property
    def write_calls(self) -> Counter:
        return Counter({a: n for a, n in self.calls.items() if a not in self.read_calls})

    def where(self) -> str:
        return f"{self.target} {self.url}"

    def headline(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.counts.items())
        calls = ""
        if self.calls:
            calls = f"; {sum(self.calls.values())} API calls ({sum(self.write_calls.values())} writes)"
        return f"{self.where()}: {counts}{calls} in {self.seconds:.1f}s"

    def __str__(self) -> str:
        return self.headline()

    def summary(self) -> str:
        return "\n".join([self.headline()] + [f"  {d.status:9} {d.name}{d.detail()}" for d in self.datasets])

    def to_dict(self) -> dict:
        return {
            "target": self.target,
            "url": self.url,
            "counts": self.counts,
            "datasets": [vars(d) for d in self.datasets],
            "calls": dict(sorted(self.calls.items())),
            "seconds": round(self.seconds, 3),
        }
