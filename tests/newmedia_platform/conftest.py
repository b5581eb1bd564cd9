"""Fixtures of the new-media platform tests: the real samples served over 127.0.0.1 and a registry
workbook of accounts imported through ``govwatch.services.registry_io``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from nmplatkit import ACCOUNT_ROWS, write_accounts_xlsx

from govwatch.sample.server import ServerThread


@pytest.fixture(scope="module")
def nm_server(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a server on 127.0.0.1 holding the real 上海发布 feed and the real Weibo profile and
    timeline pages (the second timeline page is the platform's own empty answer)."""
    nm = corpus / "newmedia"
    root = tmp_path_factory.mktemp("nm-platform-www")
    files = {
        "feed.xml": nm / "wechat-rss/MjM5NTA5NzYyMA==.xml",
        "weibo/1005056279793937/1.json": nm / "weibo/weibo_ak_profile.json",
        "weibo/1076036279793937/1.json": nm / "weibo/weibo_ak_list_1.json",
        "weibo/1076036279793937/2.json": nm / "weibo/weibo_ak_list_0.json",
        "weibo/1076036279793937/3.json": nm / "weibo/weibo_err_profile.json",
    }
    for rel, source in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / rel)
    with ServerThread(roots={"127.0.0.1": root}) as srv:
        yield srv.url


@pytest.fixture
def registry_file(tmp_path: Path, nm_server: str) -> Path:
    """A registry workbook with the accounts of :data:`nmplatkit.ACCOUNT_ROWS`; 上海发布 has its feed
    (订阅地址) on the test server."""
    return write_accounts_xlsx(tmp_path / "accounts.xlsx", ACCOUNT_ROWS, {"上海发布": nm_server + "/feed.xml"})
