"""``govwatch accounts collect|report|patrols`` as a person runs them (in-process, on the test database)."""

from __future__ import annotations

from pathlib import Path

import pytest
from nmplatkit import ACCOUNT_ROWS, beijing, write_accounts_xlsx

from govwatch.cli.main import main
from govwatch.services.registry_io import import_registry
from govwatch.storage.models import Account, AccountRun

pytestmark = pytest.mark.django_db


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_collect_report_and_patrols(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # WeChat accounts without a feed: no automatic collector (the services tests collect real samples).
    registry = write_accounts_xlsx(tmp_path / "wechat.xlsx", [r for r in ACCOUNT_ROWS if r[0].startswith("微信")])
    assert import_registry(registry, now=beijing(2026, 11, 2, 8, 0)).ok
    assert _run(["accounts", "collect", "--now", "2026-11-02T07:00"], capsys)[1] == "当前没有需要采集的账号。\n"
    status, out, err = _run(["accounts", "collect", "--due", "--now", "2026-11-02T09:00"], capsys)
    assert status == 0, err
    lines = out.splitlines()
    assert sorted(line.split("」")[0] for line in lines[:2]) == ["采集失败：「上海发布", "采集失败：「清水镇发布"]
    assert "（unsupported）" in lines[0] and lines[2] == "本次共采集 2 个账号：采集失败 2 个，不合格 0 个。"
    # The patrols were claimed and moved on: nothing is due an hour later.
    assert _run(["accounts", "collect", "--now", "2026-11-02T10:00"], capsys)[1] == "当前没有需要采集的账号。\n"

    status, out, err = _run(["accounts", "report", "--month", "2026-11", "--out", str(tmp_path / "out")], capsys)
    assert status == 0, err
    assert "【2026年11月政务新媒体监测报告】" in out and "本次采集失败" in out
    assert "请人工巡检：「上海发布」、「清水镇发布」" in out
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".docx", ".txt", ".xlsx"]

    status, out, _ = _run(["accounts", "patrols", "--overdue", "--now", "2026-11-02T10:00"], capsys)
    assert status == 0 and out.strip() == "没有逾期的巡检。"
    # A failed run does not complete a patrol: the daily one is overdue after its day, the monthly one later.
    status, out, _ = _run(["accounts", "patrols", "--overdue", "--now", "2026-11-20"], capsys)
    assert status == 1 and out.startswith("上海发布（上海市人民政府新闻办公室，微信）每 1 天") and "清水镇发布" not in out
    status, out, _ = _run(["accounts", "patrols", "--overdue", "--now", "2026-12-03"], capsys)
    assert status == 1 and out.count("逾期") == 2 and "每 30 天" in out and "从未完成" in out
    status, out, _ = _run(["accounts", "patrols"], capsys)
    assert status == 0 and len(out.splitlines()) == 2

    # One account on demand, due or not; an unknown id is a usage error.
    town = Account.objects.get(name="清水镇发布")
    status, out, _ = _run(["accounts", "collect", "--account", str(town.id), "--now", "2026-11-03T09:00"], capsys)
    assert status == 0 and out.startswith("采集失败：「清水镇发布」") and "本次共采集 1 个账号" in out
    assert AccountRun.objects.filter(account=town).count() == 2
    status, _, err = _run(["accounts", "collect", "--account", "999999"], capsys)
    assert status == 2 and "找不到监测中的账号：[999999]" in err


def test_exclusive_options_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["accounts", "collect", "--all", "--due"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        main(["accounts", "report", "--out", "x"])  # a period is required
    assert main(["accounts", "report", "--month", "2026-13", "--out", "x"]) == 2
    assert "周期格式" in capsys.readouterr().err


def test_collect_plugs_the_post_proofreader_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``accounts collect`` proofreads posts like ``govwatch serve`` does (it once ran without the engine)."""
    from govwatch.checks import account_proofread

    account_proofread.register_proofreader(None)
    registry = write_accounts_xlsx(tmp_path / "wechat.xlsx", [r for r in ACCOUNT_ROWS if r[0].startswith("微信")])
    assert import_registry(registry, now=beijing(2026, 11, 2, 8, 0)).ok
    assert _run(["accounts", "collect", "--now", "2026-11-02T07:00"], capsys)[0] == 0
    assert account_proofread._proofreader is not None
