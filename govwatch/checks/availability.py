"""Check ``probe`` — 站点无法访问 (单项否决) judged over a rolling window of availability probes.

Source: 国办秘函〔2019〕19号 单项否决「站点无法访问」: monitor 1 week, ≥ 20 spaced visits a day, a visit
fails when the page is still not open after 15 s; veto when failures are ≥ 5 % of all visits
(累计占比超过(含)5%, ../shared/indicators/national-2019.md §1.1 [C]); vendors warn at 3 % ([C2]).

Pure: it judges :class:`ProbeRecord` values and never probes (services.probes runs the probes, storage
keeps them). Not registered in the scan's check list — a single scan has no probe history.

Counting rules (govwatch's reading, stated in every finding's evidence):
- the verdict is the homepage's (the indicator is about the site being reachable); key columns and
  business systems are judged per URL and reported as ``availability.target`` hints;
- a failure counts only once ``confirmed`` by a second probe a minute later; an unconfirmed failure
  (pending, or refuted by a successful re-probe) is left out of numerator and denominator;
- probes inside an approved maintenance window (网站临时报备) are ``excused``: left out of both, counted
  in the evidence; confirmation re-probes (``recheck``) are never samples;
- too few probes in the window (< days × probes_per_day × min_coverage, excused ones included) is
  reported as 监测样本不足: the site is then judged only when the failures already reach the threshold
  of a full sample (the missing probes could at best have succeeded), else ``insufficient``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict

from govwatch.core.clock import CHINA_TZ
from govwatch.core.models import Finding

ID = "probe"
HOME = "home"
MAX_LISTED = 50  # failed probe times listed in evidence at most
INSUFFICIENT_NOTE = "监测样本不足"
_KIND_NAMES = {"home": "首页", "column": "重点栏目", "system": "业务系统"}


class Params(BaseModel):
    """``days`` window length; ``probes_per_day`` required visits a day; ``timeout`` seconds for a visit to
    count as failed; ``ratio`` veto share (≥); ``warn_ratio`` warning share (≥); ``min_coverage`` share of
    ``days × probes_per_day`` probes the window needs to be a full sample."""

    model_config = ConfigDict(extra="forbid")
    days: int = 7
    probes_per_day: int = 20
    timeout: float = 15
    ratio: float = 0.05
    warn_ratio: float = 0.03
    min_coverage: float = 0.8


@dataclass(frozen=True)
class ProbeRecord:
    """A stored probe as the judgement needs it: ``kind`` home/column/system, ``at`` aware UTC time,
    ``seconds`` wall time, ``error`` failure kind ('' when ok); flags as in storage's ``Probe``."""

    url: str
    kind: str
    at: datetime
    ok: bool
    seconds: float = 0.0
    status: int | None = None
    error: str = ""
    confirmed: bool = False
    excused: bool = False
    recheck: bool = False


@dataclass(frozen=True)
class MaintenanceSpan:
    """An approved maintenance window (网站临时报备): ``starts_at`` ≤ t < ``ends_at``, with its reason."""

    starts_at: datetime
    ends_at: datetime
    reason: str


@dataclass(frozen=True)
class Tally:
    """Counts of one URL (or the site) in the window: ``taken`` scheduled probes, ``counted`` the samples
    (taken − excused − unconfirmed), ``failures`` confirmed ones, ``failed_at`` their times (sorted)."""

    url: str
    kind: str
    taken: int
    counted: int
    failures: int
    excused: int
    unconfirmed: int
    failed_at: tuple[datetime, ...]

    @property
    def ratio(self) -> float:
        """failures / counted (0.0 without samples)."""
        return self.failures / self.counted if self.counted else 0.0


@dataclass(frozen=True)
class AvailabilityResult:
    """A site's availability over ``since`` ≤ t < ``until``: the homepage ``home`` tally decides
    ``verdict`` (veto / warning / ok / insufficient); ``urls`` every probed URL's tally; ``sufficient``
    whether the homepage sample is full; ``findings`` to store; ``evidence`` the figures (also when ok);
    ``notes`` Chinese sentences a report should print (excused probes, 监测样本不足)."""

    site_url: str
    since: datetime
    until: datetime
    home: Tally
    urls: tuple[Tally, ...]
    verdict: str
    sufficient: bool
    findings: tuple[Finding, ...]
    evidence: dict[str, Any]
    notes: tuple[str, ...]

    @property
    def total(self) -> int:
        """Homepage samples counted."""
        return self.home.counted

    @property
    def failures(self) -> int:
        """Homepage confirmed failures."""
        return self.home.failures

    @property
    def excused(self) -> int:
        """Homepage probes inside approved maintenance windows."""
        return self.home.excused

    @property
    def ratio(self) -> float:
        """Homepage failure ratio."""
        return self.home.ratio


def tally(records: Iterable[ProbeRecord], url: str, kind: str) -> Tally:
    """Count the scheduled probes of ``records`` (rechecks ignored) per the module's counting rules."""
    taken = counted = excused = unconfirmed = 0
    failed: list[datetime] = []
    for rec in records:
        if rec.recheck:
            continue
        taken += 1
        if rec.excused:
            excused += 1
        elif not rec.ok and not rec.confirmed:
            unconfirmed += 1
        else:
            counted += 1
            if not rec.ok:
                failed.append(rec.at)
    return Tally(url, kind, taken, counted, len(failed), excused, unconfirmed, tuple(sorted(failed)))


def reaches(failures: int, counted: int, share: float) -> bool:
    """failures / counted ≥ share, exactly (5 of 100 reaches 0.05); False without samples."""
    return counted > 0 and Fraction(failures, counted) >= Fraction(str(share))


def grade(t: Tally, params: Params) -> tuple[str, bool]:
    """(verdict, sufficient) of one tally: veto / warning / ok, or insufficient for a short sample whose
    failures do not already reach a threshold of the full sample."""
    required = params.days * params.probes_per_day
    sufficient = t.taken >= required * params.min_coverage
    # The share failures would have in a full sample if every missing probe had succeeded.
    floor_base = t.counted if sufficient else max(t.counted, required - t.excused)
    if reaches(t.failures, floor_base, params.ratio):
        return "veto", sufficient
    if reaches(t.failures, floor_base, params.warn_ratio):
        return "warning", sufficient
    return ("ok" if sufficient else "insufficient"), sufficient


def judge_availability(records: Sequence[ProbeRecord], site_url: str, until: datetime, params: Params,
                       windows: Sequence[MaintenanceSpan] = ()) -> AvailabilityResult:
    """Judge a site's probes in the ``params.days`` days before ``until`` (aware datetime).

    ``records`` may hold older or later probes (ignored) and any URL of the site; the homepage is
    ``site_url`` or, failing that, the records of kind ``home``. ``windows`` are the approved maintenance
    windows overlapping the period (listed in the evidence).
    """
    since = until - timedelta(days=params.days)
    inside = [r for r in records if since <= r.at < until]
    home = tally((r for r in inside if _is_home(r, site_url)), site_url, HOME)
    others = sorted({(r.url, r.kind) for r in inside if not _is_home(r, site_url)})
    urls = (home, *(tally((r for r in inside if r.url == u), u, k) for u, k in others))
    verdict, sufficient = grade(home, params)
    spans = [w for w in windows if w.starts_at < until and w.ends_at > since]
    evidence = _evidence(home, since, until, params, sufficient, spans, urls[1:])
    findings = list(_site_findings(home, verdict, sufficient, evidence, site_url, params))
    findings += [f for t in urls[1:] if (f := _target_finding(t, site_url, params)) is not None]
    return AvailabilityResult(site_url, since, until, home, urls, verdict, sufficient, tuple(findings),
                              evidence, _notes(home, sufficient, spans, params))


def _is_home(rec: ProbeRecord, site_url: str) -> bool:
    return rec.url == site_url or rec.kind == HOME


def _evidence(home: Tally, since: datetime, until: datetime, params: Params, sufficient: bool,
              spans: Sequence[MaintenanceSpan], targets: Sequence[Tally]) -> dict[str, Any]:
    evidence: dict[str, Any] = {
        "window_from": since.isoformat(), "window_to": until.isoformat(), "days": params.days,
        "probes_expected": params.days * params.probes_per_day, "probes_taken": home.taken,
        "probes_counted": home.counted, "failures": home.failures, "ratio": round(home.ratio, 4),
        "veto_ratio": params.ratio, "warn_ratio": params.warn_ratio, "timeout_seconds": params.timeout,
        "excused": home.excused, "unconfirmed": home.unconfirmed,
        "sample": "充足" if sufficient else INSUFFICIENT_NOTE,
        "failed_at": [t.isoformat() for t in home.failed_at[:MAX_LISTED]],
    }
    if spans:
        evidence["maintenance"] = [{"from": w.starts_at.isoformat(), "to": w.ends_at.isoformat(),
                                    "reason": w.reason} for w in spans]
    if targets:
        evidence["targets"] = [{"url": t.url, "kind": _KIND_NAMES.get(t.kind, t.kind), "counted": t.counted,
                                "failures": t.failures, "ratio": round(t.ratio, 4)} for t in targets]
    return evidence


def _site_findings(home: Tally, verdict: str, sufficient: bool, evidence: dict[str, Any], site_url: str,
                   params: Params) -> Iterable[Finding]:
    figures = (f"近 {params.days} 天首页有效探测 {home.counted} 次，确认失败 {home.failures} 次，"
               f"失败率 {home.ratio:.2%}")
    extra = _extra_sentence(home, sufficient)
    if verdict == "veto":
        yield Finding(code="availability.veto", target=site_url, url=site_url, evidence=evidence,
                      message=f"{figures}，达到 {params.ratio:.0%} 的单项否决线。{extra}",
                      fix="请排查服务器、网络与域名解析的稳定性，配置监控告警，确保网站 7×24 小时可访问。")
    elif verdict == "warning":
        yield Finding(code="availability.warning", target=site_url, url=site_url, evidence=evidence,
                      message=f"{figures}，达到 {params.warn_ratio:.0%} 的预警线（否决线 {params.ratio:.0%}）。{extra}",
                      fix="请尽快排查访问失败的原因，避免失败率达到单项否决线。")
    elif verdict == "insufficient":
        yield Finding(code="availability.insufficient", target=site_url, url=site_url, evidence=evidence,
                      message=(f"{INSUFFICIENT_NOTE}：近 {params.days} 天首页仅探测 {home.taken} 次（应不少于 "
                               f"{params.days * params.probes_per_day} 次），暂不判定；已确认失败 {home.failures} 次。{extra}"),
                      fix="请检查该网站是否已纳入探测计划、探测任务是否持续运行。")


def _extra_sentence(home: Tally, sufficient: bool) -> str:
    parts = []
    if home.excused:
        parts.append(f"报备维护期间的 {home.excused} 次探测未计入")
    if home.unconfirmed:
        parts.append(f"{home.unconfirmed} 次未经复核确认的失败未计入")
    if not sufficient:
        parts.append(INSUFFICIENT_NOTE)
    return "；".join(parts) + "。" if parts else ""


def _target_finding(t: Tally, site_url: str, params: Params) -> Finding | None:
    if grade(t, params)[0] not in ("veto", "warning"):
        return None
    name = _KIND_NAMES.get(t.kind, t.kind)
    return Finding(
        code="availability.target", target=site_url, url=t.url,
        message=(f"{name}近 {params.days} 天有效探测 {t.counted} 次，确认失败 {t.failures} 次，失败率 {t.ratio:.2%}"
                 f"（预警线 {params.warn_ratio:.0%}）。"),
        evidence={"url": t.url, "kind": name, "probes_counted": t.counted, "failures": t.failures,
                  "ratio": round(t.ratio, 4), "excused": t.excused, "unconfirmed": t.unconfirmed,
                  "failed_at": [a.isoformat() for a in t.failed_at[:MAX_LISTED]]},
        fix=f"请排查该{name}的服务器与网络，确保其可正常访问。",
    )


def _notes(home: Tally, sufficient: bool, spans: Sequence[MaintenanceSpan], params: Params) -> tuple[str, ...]:
    notes = []
    if home.excused:
        where = "；".join(f"{_local(w.starts_at)} 至 {_local(w.ends_at)}（{w.reason}）" for w in spans)
        notes.append(f"网站已临时报备维护，报备期内的 {home.excused} 次探测不计入可用性统计：{where}。")
    if not sufficient:
        notes.append(f"{INSUFFICIENT_NOTE}：近 {params.days} 天首页探测 {home.taken} 次，"
                     f"少于应有的 {params.days * params.probes_per_day} 次的 {params.min_coverage:.0%}。")
    return tuple(notes)


def _local(moment: datetime) -> str:
    """Beijing time to the minute, as reports print times."""
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
