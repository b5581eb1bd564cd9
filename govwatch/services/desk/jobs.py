"""The desk's periodic job (one line in services.periodic.JOBS): open the tickets the platform owes
(services.desk.autoraise) and watch the SLA clocks (services.desk.sla)."""

from __future__ import annotations

from datetime import datetime

from govwatch.services.desk.autoraise import raise_automatic
from govwatch.services.desk.sla import watch_clocks


def tick(now: datetime) -> str:
    """Run once at ``now`` (aware); returns a Chinese log line ('' when nothing happened)."""
    raised = raise_automatic(now)
    run = watch_clocks(now)
    parts = []
    if raised.probes or raised.findings:
        parts.append(f"自动创建工单 {raised.probes + raised.findings} 个（探测 {raised.probes}，否决项 {raised.findings}）")
    if run.warned or run.escalated:
        parts.append(f"时限预警 {run.warned} 个，超时升级 {run.escalated} 个，通知送达 {run.delivered} 条")
    return "运维工单：" + "；".join(parts) if parts else ""
