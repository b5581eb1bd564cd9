"""Small builders for the score, evaluation and alert tests: units, sites, findings and probes in the
test database, with explicit Beijing times."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

from govwatch.storage.models import Finding, Probe, ProbeDay, Site, Unit

CHINA = timezone(timedelta(hours=8))


def bj(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Beijing-time moment."""
    return datetime(year, month, day, hour, minute, tzinfo=CHINA)


def unit(name: str, level: str = "县") -> Unit:
    """A 主办单位 (created once by name)."""
    return Unit.objects.get_or_create(name=name, defaults={"level": level})[0]


def site(name: str, host: str, level: str = "县", kind: str = "portal", owner: Unit | None = None) -> Site:
    """An active site at http://<host>/ owned by ``owner`` (default: a unit named after the site)."""
    return Site.objects.create(name=name, home_url=f"http://{host}/", level=level, kind=kind,
                               unit=owner or unit(f"{name}办公室", level))


def finding(on: Site, code: str, first_seen: datetime, *, path: str = "", resolved_at: datetime | None = None,
            certainty: str = "", count: int = 1, message: str = "") -> Finding:
    """A stored finding on ``on``: open, or resolved at ``resolved_at``."""
    url = f"{on.home_url}{path}"
    fp = hashlib.sha256(f"{on.id}|{code}|{url}".encode()).hexdigest()
    return Finding.objects.create(
        site=on, fingerprint=fp, code=code, url=url, message=message or f"{code} @ {url}", count=count,
        status=Finding.Status.RESOLVED if resolved_at else Finding.Status.OPEN, resolved_at=resolved_at,
        certainty=certainty, first_seen=first_seen, last_seen=resolved_at or first_seen)


def probes(on: Site, day: datetime, ok: int, failed: int = 0, *, confirmed: bool = True, excused: bool = False,
           recheck: bool = False, kind: str = "home") -> None:
    """``ok`` successful and ``failed`` failed homepage probes spread over the Beijing ``day``."""
    url = on.home_url if kind == "home" else f"{on.home_url}column/"
    rows = [Probe(site=on, url=url, target_kind=kind, at=day + timedelta(minutes=10 * i), ok=i >= failed,
                  seconds=0.2, confirmed=confirmed and i < failed, excused=excused, recheck=recheck)
            for i in range(ok + failed)]
    Probe.objects.bulk_create(rows)


def probe_day(on: Site, day: datetime, total: int, failures: int, excused: int = 0) -> ProbeDay:
    """A downsampled day of homepage probes."""
    return ProbeDay.objects.create(site=on, url=on.home_url, day=day.date(), total=total, failures=failures,
                                   excused=excused)
