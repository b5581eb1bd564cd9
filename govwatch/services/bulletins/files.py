"""Bulletin and site-report files written straight to a folder (``govwatch bulletin build``, ``govwatch
report``), without a job row: the same builders and renderers the background jobs use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from govwatch.core.errors import UsageError
from govwatch.reports.bulletin import write_bulletin
from govwatch.reports.site_record_render import write_record_pdf, write_record_xlsx
from govwatch.services.bulletins.build import build_bulletin
from govwatch.services.bulletins.site_report import build_site_record
from govwatch.storage.bulletins import queries as q

Progress = Callable[[int, str], None]


def _quiet(percent: int, stage: str) -> None:
    """Progress callback that says nothing."""


def bulletin_files(period: str, scope: str, out_dir: Path, *, now: datetime | None = None, doc_number: str = "",
                   issuer: str = "", progress: Progress = _quiet) -> tuple[str, dict[str, Path]]:
    """Build the bulletin and write 通报-<period>.docx/.pdf/.xlsx into ``out_dir``; returns (title, files).
    UsageError for a bad period/scope; OSError when the folder cannot be written."""
    model = build_bulletin(period, scope, now=now, doc_number=doc_number, issuer=issuer, progress=progress)
    files = write_bulletin(model, out_dir, stem=f"通报-{model.period_label}", progress=progress, start=40)
    progress(100, "已完成")
    return model.title, files


def site_report_files(site: str, period: str | None, out_dir: Path, *, now: datetime | None = None
                      ) -> tuple[str, dict[str, Path]]:
    """Write a stored site's 监测报告 (report.pdf, report.xlsx) into ``out_dir``; ``site`` is its id, name or
    home URL. Returns (title, files). UsageError when the site is unknown."""
    site_id = q.site_id_by_ref(site)
    if site_id is None:
        raise UsageError(f"登记信息中没有网站“{site}”（可用网站编号、名称或首页网址）")
    record = build_site_record(site_id, period, now)
    out_dir.mkdir(parents=True, exist_ok=True)
    return record.title, {"pdf": write_record_pdf(record, out_dir / "report.pdf"),
                          "xlsx": write_record_xlsx(record, out_dir / "report.xlsx")}
