"""The embedded default: serve the bundled sample government site on 127.0.0.1 and build its scan."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from govwatch.crawl import CrawlOptions
from govwatch.sample.server import ServerThread
from govwatch.services.registry_file import load_registry, site_for_url
from govwatch.services.scan import ScanRequest

SAMPLE_REGISTRY = Path(__file__).resolve().parents[1] / "sample" / "registry.yaml"
SAMPLE_HOST = "www.shilixian.gov.cn"  # served from 127.0.0.1 through the resolver, like curl --resolve
PLATFORM_HOSTS = (SAMPLE_HOST, "jyj.shilixian.gov.cn", "wjw.shilixian.gov.cn")  # govwatch demo --platform


def resolve_entries(sample_port: int) -> str:
    """``GOVWATCH_RESOLVE`` items mapping every platform-demo host at ``sample_port`` to 127.0.0.1."""
    return ",".join(f"{host}:{sample_port}:127.0.0.1" for host in PLATFORM_HOSTS)


@contextmanager
def serve_sample() -> Iterator[int]:
    """Serve the bundled sample site on a free 127.0.0.1 port; yields the port."""
    with ServerThread() as server:
        yield server.port


def demo_request(port: int, options: CrawlOptions, out_dir: Path, today: date | None) -> ScanRequest:
    """The scan of the sample site (as ``http://SAMPLE_HOST:port/``, resolved to 127.0.0.1) with its
    bundled registry file."""
    url = f"http://{SAMPLE_HOST}:{port}/"
    site = site_for_url(url, load_registry(SAMPLE_REGISTRY))
    options = dataclasses.replace(options, resolve={**options.resolve, (SAMPLE_HOST, port): "127.0.0.1"})
    return ScanRequest(site=site, crawl=options, today=today, out_dir=out_dir)
