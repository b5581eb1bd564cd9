"""Fixtures: the hand-built scan of report_scan.py judged by its rulebook, written in tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from report_scan import CRAWL_NOTE, FACTS, RULEBOOK_YAML, SITE, TODAY, make_crawl, make_findings

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import Finding, SiteSpec
from govwatch.reports import build_report
from govwatch.reports.model import Report
from govwatch.rules.rulebook import Rulebook, load_rulebook
from govwatch.scoring import score_site

MakeReport = Callable[..., Report]


@pytest.fixture
def rulebook(tmp_path: Path) -> Rulebook:
    path = tmp_path / "rulebook.yaml"
    path.write_text(RULEBOOK_YAML, encoding="utf-8")
    return load_rulebook(path)


@pytest.fixture
def make_report(rulebook: Rulebook) -> MakeReport:
    """Build a report from the hand-built scan; ``extra`` findings are added, ``notes`` passed on,
    ``site`` and ``crawl`` replace the defaults."""

    def build(extra: Sequence[Finding] = (), notes: Sequence[str] = (), site: SiteSpec = SITE,
              crawl: CrawlResult | None = None) -> Report:
        findings = [*make_findings(), *extra]
        score = score_site(findings, rulebook, site)
        return build_report(site=site, crawl=crawl or make_crawl(), facts=FACTS, findings=findings, score=score,
                            rulebook=rulebook, today=TODAY, notes=notes)

    return build


@pytest.fixture
def report(make_report: MakeReport) -> Report:
    return make_report(notes=("本次监测未检查外部链接。", CRAWL_NOTE))
