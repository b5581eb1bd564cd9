"""Helper process for the cross-process claim test, on the database its environment names.

``python claim_race.py setup`` migrates and registers one site (its schedules due now);
``python claim_race.py claim START NAME`` reads the due schedules, waits until the wall clock reaches
START (seconds since the epoch: every racer reads before anyone writes), claims the first one by
compare-and-set as NAME and prints {"won": run id or null}.
"""

from __future__ import annotations

import json
import sys
import time


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

    start, name = float(argv[1]), argv[2]
    seen = claims.due_schedules(utcnow(), 10)
    late = time.time() > start  # read after the race started: the test fails, the race was not fair
    time.sleep(max(0.0, start - time.time()))
    run = claims.claim_schedule(seen[0], utcnow(), 300, name) if seen else None
    print(json.dumps({"won": run.id if run else None, "schedule": seen[0].id if seen else None, "late": late}),
          flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
