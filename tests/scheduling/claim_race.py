"""Helper process for the cross-process claim test, on the database its environment names.

``python claim_race.py setup`` migrates and registers one site (its schedules due now);
``python claim_race.py claim GATE NAME`` reads the due schedules, touches ``GATE.NAME.ready``, waits until
the file GATE exists (the test creates it once every racer is ready: every racer reads before anyone
writes, however slowly the processes start), claims the first one by compare-and-set as NAME and prints
{"won": run id or null}.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    from govwatch.services import platform

    if argv[0] == "setup":
        platform.migrate()
        from govwatch.services.registry_io import ensure_site_monitoring
        from govwatch.storage.models import Site, Unit

        unit = Unit.objects.create(name="测试县人民政府办公室", level="县")
        ensure_site_monitoring(Site.objects.create(name="测试县人民政府", home_url="http://www.shilixian.gov.cn/",
                                                   unit=unit, level="县"))
        return
    platform.setup()
    from govwatch.core.clock import utcnow
    from govwatch.storage import claims

    gate, name = Path(argv[1]), argv[2]
    seen = claims.due_schedules(utcnow(), 10)
    late = gate.exists()  # read after the race started: the test fails, the race was not fair
    Path(f"{gate}.{name}.ready").touch()
    deadline = time.monotonic() + 120
    while not gate.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    run = claims.claim_schedule(seen[0], utcnow(), 300, name) if seen else None
    print(json.dumps({"won": run.id if run else None, "schedule": seen[0].id if seen else None, "late": late}),
          flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
