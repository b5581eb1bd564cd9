"""Helpers for crawl tests: project-written sites in temporary folders, served on 127.0.0.1:0."""

from __future__ import annotations

from pathlib import Path

from govwatch.crawl import CrawlOptions

#: Short timeouts and back-off so fault routes cost little wall time.
FAST = CrawlOptions(total_timeout=2.0, connect_timeout=1.0, read_timeout=2.0, backoff=0.02, retries=2,
                    max_retry_after=3.0, max_bytes=1_000_000)

Pages = dict[str, str | bytes]


def write_site(root: Path, pages: Pages) -> Path:
    """Write ``pages`` (relative path → HTML text or raw bytes) under ``root``; returns root."""
    for rel, content in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def html(body: str, title: str = "测试页面") -> str:
    """A small UTF-8 page."""
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>{body}</body></html>'
