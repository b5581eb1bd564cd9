"""``govwatch sites import|export``: Chinese summary, bad rows listed on stderr, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from registry_data import SITES

from govwatch.cli.main import main
from govwatch.storage.models import Account, Site

pytestmark = pytest.mark.django_db


def test_import_prints_counts_and_exits_0(registry_xlsx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sites", "import", str(registry_xlsx), "--dry-run"]) == 0
    assert "试运行（未写入数据库）：网站：新增 14、更新 0、未变 0；新媒体账号：新增 5" in capsys.readouterr().out
    assert not Site.objects.exists()
    assert main(["sites", "import", str(registry_xlsx)]) == 0
    out = capsys.readouterr().out
    assert "导入完成：网站：新增 14、更新 0、未变 0；新媒体账号：新增 5、更新 0、未变 0；新建主办单位 15 个" in out
    assert main(["sites", "import", str(registry_xlsx)]) == 0
    assert "网站：新增 0、更新 0、未变 14；新媒体账号：新增 0、更新 0、未变 5" in capsys.readouterr().out


def test_bad_rows_are_listed_and_exit_2(make_xlsx: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    rows = [SITES[0], ["云岭市水务局", "slj.yunling.gov.cn", "", "云岭市水务局", "市", "部门", ""]]
    assert main(["sites", "import", str(make_xlsx(sites=rows))]) == 2
    err = capsys.readouterr().err
    assert "发现 2 处错误，未导入任何数据" in err
    assert "“网站” 第 3 行［首页网址］" in err and "“网站” 第 3 行［上级门户］：部门网站必须填写上级门户" in err
    assert not Site.objects.exists()


def test_unreadable_files_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sites", "import", str(tmp_path / "missing.xlsx")]) == 2
    assert "无法读取文件" in capsys.readouterr().err
    assert main(["sites", "export", str(tmp_path / "out.csv")]) == 2
    assert "--kind" in capsys.readouterr().err


def test_export_then_import(registry_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["sites", "import", str(registry_xlsx)])
    assert main(["sites", "export", str(tmp_path / "all.xlsx")]) == 0
    assert "已导出 网站 14 个、新媒体账号 5 个" in capsys.readouterr().out
    assert main(["sites", "export", str(tmp_path / "accounts.csv"), "--kind", "accounts"]) == 0
    assert "已导出 新媒体账号 5 个" in capsys.readouterr().out
    Account.objects.all().delete()
    assert main(["sites", "import", str(tmp_path / "accounts.csv")]) == 0
    assert "新媒体账号：新增 5、更新 0、未变 0" in capsys.readouterr().out


def test_a_real_process_migrates_a_fresh_database(registry_xlsx: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"GOVWATCH_DATA_DIR": str(tmp_path / "data")}
    run = [sys.executable, "-m", "govwatch", "sites"]
    first = subprocess.run([*run, "import", str(registry_xlsx)], env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "新增 14" in first.stdout and (tmp_path / "data" / "govwatch.sqlite3").exists()
    out = tmp_path / "sites.csv"
    second = subprocess.run([*run, "export", str(out), "--kind", "sites"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert second.returncode == 0, second.stderr
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 15
