"""Wiring of the service: the Celery beat entry and route of the yearly whole-site proofreading, the
background rounds ``govwatch serve`` runs, and the CLI with the configured typo model."""

from __future__ import annotations

import io
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from govwatch.cli.main import main
from govwatch.core.clock import utcnow
from govwatch.proofread.typo.model import corpus_files, default_corpus_dir
from govwatch.sample.server import ServerThread
from govwatch.services.proofreading.schedule import BackgroundProofreads
from govwatch.storage.models import ProofreadJob, ProofreadSchedule, Site, Unit


def test_celery_beat_runs_the_yearly_proofreading_on_the_crawl_queue() -> None:
    from govwatch.tasks.app import CRAWL_QUEUE, app

    entry = next(e for e in app.conf.beat_schedule.values() if e["task"] == "govwatch.proofread_due")
    assert entry["schedule"] == 3600.0
    assert app.conf.task_routes["govwatch.proofread_due"] == {"queue": CRAWL_QUEUE}
    assert "govwatch.proofread_due" in app.tasks


@pytest.mark.django_db(transaction=True)
def test_serve_rounds_run_due_sites_in_the_background(site_root: Path) -> None:
    lines: list[str] = []
    with ServerThread(roots={"127.0.0.1": site_root}) as srv:
        site = Site.objects.create(name="校对测试", home_url=srv.url + "/", unit=Unit.objects.create(name="单位"))
        ProofreadSchedule.objects.create(site=site, next_run_at=utcnow() - timedelta(minutes=1))
        rounds = BackgroundProofreads(lines.append, every=3600.0)
        assert rounds.tick() is False  # the first round waits one period after start
        rounds.every = 0.0
        assert rounds.tick() is True
        rounds.join(60)
    (job,) = ProofreadJob.objects.filter(site=site)
    assert job.issues_total >= 3 and lines == [f"整站校对完成：{site.home_url}，校对网页 3 个，发现问题 {job.issues_total} 处"]
    schedule = ProofreadSchedule.objects.get(site=site)
    assert schedule.next_run_at > utcnow() + timedelta(days=364)


@pytest.mark.django_db
def test_cli_finds_a_typo_with_the_configured_model(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    if not corpus_files(default_corpus_dir()):
        pytest.skip(f"official text corpus not found at {default_corpus_dir()} (../shared is absent): no typo model")
    text = "会议要求加强与人民很行的沟通协调，推动金融改革。"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8"))
    assert main(["proofread", "-"]) == 1
    out = capsys.readouterr().out
    assert "「很」 →「银」　错别字" in out and "规则 typo.ngram" in out
