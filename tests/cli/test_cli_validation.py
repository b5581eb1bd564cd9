"""Bad command-line values exit 2 with a Chinese message before any crawl — never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govwatch.cli.main import main


@pytest.mark.parametrize("url, words", [
    ("http://127.0.0.1:99999/", "端口应在 1–65535"),
    ("http://127.0.0.1:0/", "端口应在 1–65535"),
    ("http://exa mple.gov.cn/", "主机名含有空格"),
    ("http://[::1", "IPv6"),
])
def test_malformed_url_exits_2(url: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", url, "--out", str(tmp_path / "r"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "网址" in err and words in err


@pytest.mark.parametrize("item", ["www.example.gov.cn:0:127.0.0.1", "www.example.gov.cn:70000:127.0.0.1"])
def test_resolve_port_out_of_range_exits_2(item: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "http://www.example.gov.cn/", "--resolve", item, "--out", str(tmp_path), "--quiet"]) == 2
    assert "--resolve 的端口应在 1–65535" in capsys.readouterr().err


def _bad_out_dirs(tmp_path: Path) -> list[Path]:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    out = [a_file, a_file / "sub", Path("/proc/govwatch-x")]
    if os.geteuid() != 0:  # root writes into read-only folders
        read_only = tmp_path / "ro"
        read_only.mkdir()
        read_only.chmod(0o500)
        out.append(read_only / "r")
    return out


def test_unwritable_out_fails_before_the_crawl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The site's port is closed: were the crawl started, it would print 监测完成 after a timeout.
    for out in _bad_out_dirs(tmp_path):
        code = main(["scan", "http://www.example.gov.cn:9/", "--resolve", "www.example.gov.cn:9:127.0.0.1",
                     "--out", str(out), "--quiet", "--timeout", "3"])
        captured = capsys.readouterr()
        assert code == 2, (out, captured)
        assert "无法写入报告输出目录" in captured.err and "监测完成" not in captured.out
