"""``govwatch probe``: a Chinese line per round, --site, --compact, usage errors, and two processes at once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from govwatch.cli.main import main
from govwatch.sample.server import ServerThread
from govwatch.storage.models import Probe, ProbeTarget, Site

MakeSite = Callable[..., Site]
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_once_probes_what_is_due_and_prints_a_line(server: ServerThread, make_site: MakeSite,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    make_site(server.url + "/")
    make_site(server.url + "/status/404", name="坏网站")
    assert main(["probe", "--timeout", "3"]) == 0
    out = capsys.readouterr().out
    assert "探测 2 次（其中复核 0 次）：正常 1，新失败 1（一分钟后复核）" in out
    assert f"× {server.url}/status/404：HTTP 错误状态（HTTP 404）" in out
    assert Probe.objects.count() == 2
    assert main(["probe", "--once"]) == 0  # nothing due any more
    assert "当前没有到期的探测对象；下次到期 " in capsys.readouterr().out


@pytest.mark.django_db
def test_site_and_compact(server: ServerThread, make_site: MakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(server.url + "/zwgk/")
    make_site(server.url + "/", name="其他网站")
    assert main(["probe", "--site", site.home_url, "--timeout", "3"]) == 0
    assert "探测 1 次" in capsys.readouterr().out
    assert list(ProbeTarget.objects.values_list("site_id", flat=True)) == [site.id]
    assert main(["probe", "--compact"]) == 0
    assert "删除明细 0 条，写入日统计 0 条" in capsys.readouterr().out


@pytest.mark.parametrize("argv, words", [
    (["probe", "--timeout", "0"], "--timeout 应为正数"),
    (["probe", "--concurrency", "0"], "--concurrency 应为正整数"),
    (["probe", "--resolve", "bad"], "--resolve 格式"),
])
def test_bad_usage_exits_2(argv: list[str], words: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert words in capsys.readouterr().err


@pytest.mark.django_db
def test_unknown_site_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["probe", "--site", "http://www.unknown.gov.cn/"]) == 2
    assert "未登记首页网址" in capsys.readouterr().err


_SETUP = """
import sys
from govwatch.services.platform import migrate
migrate()
from govwatch.storage.models import Site, Unit
unit = Unit.objects.create(name="示例市人民政府办公室")
for i in range(int(sys.argv[2])):
    Site.objects.create(name=f"网站{i}", home_url=f"{sys.argv[1]}/slow?s=0.2&site={i}", unit=unit)
"""


def test_two_probe_processes_never_probe_a_target_twice(server: ServerThread, tmp_path: Path) -> None:
    """Two ``govwatch probe --once`` processes on one SQLite file (WAL): every target probed exactly once."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["GOVWATCH_DATA_DIR"] = str(tmp_path)
    subprocess.run([sys.executable, "-c", _SETUP, server.url, "16"], env=env, cwd=REPO, check=True, timeout=60)
    cmd = [sys.executable, "-m", "govwatch", "probe", "--once", "--timeout", "5", "--concurrency", "8"]
    procs = [subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=60)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    with sqlite3.connect(tmp_path / "govwatch.sqlite3") as db:
        per_site = db.execute("SELECT site_id, COUNT(*) FROM storage_probe GROUP BY site_id").fetchall()
    assert len(per_site) == 16 and {n for _, n in per_site} == {1}
    assert sum(server.sample.hits[f"/slow?s=0.2&site={i}"] for i in range(16)) == 16
    assert all("探测" in out for out in outputs)
