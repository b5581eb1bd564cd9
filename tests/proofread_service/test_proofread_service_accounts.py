"""Proofreader accounts (3 by default, idempotent, GOVWATCH_PROOFREADERS strictly parsed) and the job
history kept per account (service, CLI --user, and the admin showing each proofreader only their own)."""

from __future__ import annotations

import dataclasses
import io
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import Client
from proofkit import BAD, CLEAN

from govwatch.cli.main import main
from govwatch.core.config import ConfigError, load_config
from govwatch.proofread.kb import default_kb
from govwatch.services.proofreading.run import prepare_text, run_job
from govwatch.services.proofreading.users import GROUP, ensure_proofreaders, proofreaders
from govwatch.storage import proofread_queries as q
from govwatch.storage.models import ProofreadJob

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_ensure_creates_three_by_default_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["proofread-users", "ensure"]) == 0
    out = capsys.readouterr().out
    passwords = dict(re.findall(r"账号 (proofreader\d)　初始密码：(\S+)（", out))
    assert sorted(passwords) == ["proofreader1", "proofreader2", "proofreader3"]
    assert proofreaders() == ["proofreader1", "proofreader2", "proofreader3"]
    for name, password in passwords.items():
        user = authenticate(username=name, password=password)
        assert user is not None and user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [GROUP]
    assert main(["proofread-users", "ensure"]) == 0  # idempotent: nothing new, no password shown
    again = capsys.readouterr().out
    assert "初始密码" not in again and again.count("已存在") == 3
    assert get_user_model().objects.count() == 3
    assert main(["proofread-users", "ensure", "--count", "4"]) == 0
    assert capsys.readouterr().out.count("初始密码") == 1 and len(proofreaders()) == 4
    assert main(["proofread-users", "ensure", "--count", "0"]) == 2


@pytest.mark.django_db
def test_count_from_setting(settings: Any) -> None:
    settings.GOVWATCH = dataclasses.replace(settings.GOVWATCH, proofreaders=2)
    assert main(["proofread-users", "ensure"]) == 0
    assert proofreaders() == ["proofreader1", "proofreader2"]


def test_setting_is_parsed_strictly() -> None:
    env = {"GOVWATCH_SECRET_KEY": "x"}
    assert load_config(env).proofreaders == 3
    assert load_config({**env, "GOVWATCH_PROOFREADERS": "5"}).proofreaders == 5
    for bad in ("three", "0", "-1", "2.5"):
        with pytest.raises(ConfigError, match="GOVWATCH_PROOFREADERS"):
            load_config({**env, "GOVWATCH_PROOFREADERS": bad})


@pytest.mark.django_db
def test_job_history_per_account(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                 tmp_path: Path, settings: Any) -> None:
    settings.GOVWATCH = dataclasses.replace(settings.GOVWATCH, data_dir=tmp_path / "data")
    one, two = (get_user_model().objects.get(username=a.username) for a in ensure_proofreaders(2))
    kb = default_kb()
    first, _ = run_job(prepare_text(BAD), kb, user_id=one.pk, now=T0, typo=None)
    run_job(prepare_text(CLEAN, "干净的文本"), kb, user_id=one.pk, now=T0 + timedelta(hours=1), typo=None)
    run_job(prepare_text(BAD), kb, user_id=two.pk, now=T0 + timedelta(hours=2), typo=None)
    history = q.jobs_of(one.pk)
    assert [j.name for j in history] == ["干净的文本", "粘贴文本"]  # newest first, only their own
    assert first.status == ProofreadJob.Status.DONE and first.issues_total == 3 and first.size == len(BAD)
    assert first.counts == {"content.serious_error": 1, "content.outdated_name": 1, "privacy.pii": 1}
    assert [i["original"] for i in first.result["issues"]][:1] == ["国务院总理"]
    assert len(q.jobs_of(two.pk)) == 1

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode()), encoding="utf-8"))
    html = tmp_path / "结果.html"
    assert main(["proofread", "-", "--no-typo", "--user", "proofreader2", "--html", str(html)]) == 1
    jobs = q.jobs_of(two.pk)
    assert len(jobs) == 2 and jobs[0].name == "标准输入" and jobs[0].issues_total == 3
    assert jobs[0].outputs["html_copy"] == str(html.resolve())
    kept = Path(jobs[0].outputs["html"])  # the job's own copy under DATA_DIR/proofread/job-<id>
    assert kept.parent == tmp_path / "data" / "proofread" / f"job-{jobs[0].id}" and "<mark" in kept.read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode()), encoding="utf-8"))
    assert main(["proofread", "-", "--no-typo", "--user", "nobody"]) == 2
    assert "账号「nobody」不存在" in capsys.readouterr().err


@pytest.mark.django_db
def test_admin_shows_each_proofreader_only_their_jobs() -> None:
    accounts = ensure_proofreaders(2)
    users = [get_user_model().objects.get(username=a.username) for a in accounts]
    run_job(prepare_text(BAD, "甲的稿件"), default_kb(), user_id=users[0].pk, now=T0, typo=None)
    run_job(prepare_text(BAD, "乙的稿件"), default_kb(), user_id=users[1].pk, now=T0, typo=None)
    client = Client()
    assert client.login(username=accounts[0].username, password=accounts[0].password)
    page = client.get("/admin/storage/proofreadjob/").content.decode()
    assert "甲的稿件" in page and "乙的稿件" not in page
    admin = get_user_model().objects.create_superuser("root", password="pw-root-1")
    client.force_login(admin)
    page = client.get("/admin/storage/proofreadjob/").content.decode()
    assert "甲的稿件" in page and "乙的稿件" in page
