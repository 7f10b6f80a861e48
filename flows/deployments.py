"""The two deployments people run: ``nightly`` (cron 02:00 Europe/Berlin) and ``manual`` (parameters).

``ratsdaten serve`` serves both from this process until stopped; each run happens in a subprocess
that imports the flow by module path (``flows.nightly:nightly``), so the working directory does not
matter. Start a manual run from the Prefect UI or with
``prefect deployment run ratsdaten-nightly/manual -p source=/path/to/documents -p output=/path/to/catalog``.
"""
from __future__ import annotations

FLOW_NAME = "ratsdaten-nightly"
NIGHTLY = "nightly"
MANUAL = "manual"


def deployments(source: str, output: str, targets: list[str], cron: str = "0 2 * * *", timezone: str = "Europe/Berlin",
                oparl: str | None = None):
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    from flows.nightly import nightly

    parameters = {"source": source, "output": output, "targets": targets, **({"oparl": oparl} if oparl else {})}
    common = dict(parameters=parameters, entrypoint_type=EntrypointType.MODULE_PATH, tags=["ratsdaten"])
    return [
        nightly.to_deployment(name=NIGHTLY, schedule=Cron(cron, timezone=timezone),
                              description=f"Nightly run ({cron}, {timezone}): {source} → {output}", **common),
        nightly.to_deployment(name=MANUAL,
                              description="Run by hand; parameters: source, output, targets, since, full_rebuild, dry_run, oparl",
                              **common),
    ]


def serve_deployments(**kwargs) -> None:
    from prefect import serve

    serve(*deployments(**kwargs))
