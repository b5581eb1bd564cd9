"""Up-front checks of command-line values, so bad input exits 2 with a Chinese message before any crawl."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from govwatch.core.urls import InvalidURL, normalize_url
from govwatch.services.errors import UsageError

MAX_PORT = 65535


def check_url(url: str) -> str:
    """``url`` unchanged if it is an http(s) URL the crawl can use; UsageError (Chinese) otherwise.

    Uses the crawl's own :func:`govwatch.core.urls.normalize_url`, so whatever passes here cannot fail
    later as ``InvalidURL`` (port out of range, spaces in the host, a bad IPv6 literal …); port 0 is
    refused as well.
    """
    if not url.strip().lower().startswith(("http://", "https://")):
        raise UsageError(f"网址应以 http:// 或 https:// 开头并包含主机名，收到：{url}")
    try:
        canonical = normalize_url(url)
    except InvalidURL as exc:
        raise UsageError(f"网址应以 http:// 或 https:// 开头并包含主机名，收到：{url}（{_why(exc)}）") from exc
    if canonical is None:
        raise UsageError(f"网址应以 http:// 或 https:// 开头并包含主机名，收到：{url}")
    if urlsplit(canonical).port == 0:
        raise UsageError(f"网址中的端口应在 1–{MAX_PORT} 之间，收到：{url}")
    return url


def _why(exc: InvalidURL) -> str:
    text = str(exc)
    if "Port out of range" in text:
        return f"端口应在 1–{MAX_PORT} 之间"
    if "IPv6" in text:
        return "IPv6 地址格式错误"
    if "bad host" in text:
        return "主机名含有空格或非法字符"
    return "格式错误"


def check_port(value: int, what: str) -> int:
    """``value`` if it is a TCP port 1–65535; UsageError naming ``what`` (e.g. ``--resolve``) otherwise."""
    if not 1 <= value <= MAX_PORT:
        raise UsageError(f"{what} 的端口应在 1–{MAX_PORT} 之间，收到：{value}")
    return value


def prepare_out_dir(path: Path) -> Path:
    """Create the report folder ``path`` (with parents) and make sure a file can be written there.

    Called before the crawl, so a bad ``--out`` (an existing file, a read-only folder, /proc/…) fails
    in a second with UsageError instead of after the whole scan.
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".govwatch-write-test-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UsageError(f"无法写入报告输出目录 {path}：{exc.strerror or exc}（请用 --out 指定可写的目录）") from exc
    return path
