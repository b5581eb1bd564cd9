"""The console script: usage errors exit 2 with a Chinese message; the demo scans the sample site."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govwatch.cli.main import main


@pytest.mark.parametrize("argv, words", [
    (["scan", "ftp://example.gov.cn/"], "网址应以 http"),
    (["scan", "http:///nohost"], "网址应以 http"),
    (["scan", "http://www.example.gov.cn/", "--now", "2022-13-01"], "--now 的日期格式"),
    (["scan", "http://www.example.gov.cn/", "--resolve", "www.example.gov.cn:80"], "--resolve 格式"),
    (["scan", "http://www.example.gov.cn/", "--registry", "/nonexistent/sites.yaml"], "无法读取登记文件"),
    (["scan", "http://www.example.gov.cn/", "--max-pages", "0"], "--max-pages 应为正整数"),
])
def test_bad_usage_exits_2_with_a_message(argv: list[str], words: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert words in capsys.readouterr().err


def test_argparse_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["scan"])
    assert exc.value.code == 2


def test_unreachable_site_is_a_finding_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = main(["scan", f"http://www.closed.gov.cn:{port}/", "--resolve", f"www.closed.gov.cn:{port}:127.0.0.1",
                 "--out", str(tmp_path), "--quiet", "--timeout", "3"])
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    codes = {f["code"] for f in report["findings"]}
    assert "homepage.unreachable" in codes
    assert not any(c.startswith(("identity.", "homepage.stale", "column.")) for c in codes)  # nothing was read
    assert report["verdict"] == "无法判定" and code == 1  # a site nobody could open is never 合格
    out = capsys.readouterr().out
    assert "结论：无法判定" in out and "首页无法访问" in out


def test_demo_end_to_end_in_a_real_process(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "govwatch", "demo", "--out", str(tmp_path / "r")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "结论：合格" in proc.stdout
    for name in ("report.html", "report.json", "report.docx"):
        assert (tmp_path / "r" / name).stat().st_size > 1000
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    codes = {f["code"] for f in report["findings"]}
    assert {"column.stale", "column.blank", "links.dead_home", "links.dead_inner", "links.blocked"} <= codes
    assert not codes & {"homepage.stale", "check.error", "domain.not_gov_cn", "identity.site_id_missing"}
