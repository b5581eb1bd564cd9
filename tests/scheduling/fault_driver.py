"""A long-lived helper process for the worker fault test: it owns a Django setup on the test's own
database (GOVWATCH_DATA_DIR / DATABASE_URL / CELERY_BROKER_URL from its environment) and answers JSON
commands, one per line on stdin, with one JSON line on stdout.

Commands: {"op": "setup", "home_url": …} registers a site with its schedules (full scan due now);
{"op": "dispatch"} runs the ``dispatch_due`` task body here (reap lost runs, claim, send ``run_scan``
over the broker); {"op": "status"} lists runs and findings; {"op": "quit"}.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def _setup(home_url: str) -> dict[str, Any]:
    from govwatch.services.registry_io import ensure_site_monitoring
    from govwatch.storage.models import Site, Unit

    unit = Unit.objects.create(name="测试县人民政府办公室", level="县")
    site = Site.objects.create(name="测试县人民政府", home_url=home_url, unit=unit, level="县")
    ensure_site_monitoring(site)
    return {"site_id": site.id}


def _status() -> dict[str, Any]:
    from govwatch.storage.models import Finding, ScanRun

    runs = [{"id": r.id, "kind": r.kind, "status": r.status, "claimed_by": r.claimed_by,
             "heartbeat": r.heartbeat_at.isoformat() if r.heartbeat_at else None, "error": r.error,
             "findings": r.stats.get("findings")} for r in ScanRun.objects.order_by("id")]
    findings = [{"fingerprint": f.fingerprint, "code": f.code, "url": f.url, "status": f.status,
                 "last_run": f.last_run_id, "first_run": f.first_run_id}
                for f in Finding.objects.order_by("id")]
    return {"runs": runs, "findings": findings}


def main() -> None:
    from govwatch.services import platform

    platform.migrate()
    from govwatch.tasks import scans

    for line in sys.stdin:
        command = json.loads(line)
        op = command["op"]
        if op == "quit":
            break
        if op == "setup":
            answer = _setup(command["home_url"])
        elif op == "dispatch":
            answer = {"sent": scans.dispatch_due()}
        else:
            answer = _status()
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
