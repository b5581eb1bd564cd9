"""``govwatch api-token`` (issue #4 §6): create, rotate and revoke a token; only API roles get one."""

from __future__ import annotations

import re

import pytest
from apipersonas import fast_passwords
from personakit import make_personas
from rest_framework.test import APIClient

from govwatch.cli.main import main

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]


def _key(out: str) -> str:
    found = re.search(r"令牌（只显示这一次，请妥善保存）：(\w+)", out)
    assert found, out
    return found[1]


def _status(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return int(client.get("/api/v1/sites/").status_code)


def test_create_rotate_and_revoke(capsys: pytest.CaptureFixture[str]) -> None:
    make_personas()
    assert main(["api-token", "p-unit-a"]) == 0
    first = _key(capsys.readouterr().out)
    assert _status(first) == 200
    assert main(["api-token", "p-unit-a"]) == 0
    out = capsys.readouterr().out
    second = _key(out)
    assert "旧令牌已失效" in out and second != first
    assert _status(first) == 401 and _status(second) == 200
    assert main(["api-token", "p-unit-a", "--revoke"]) == 0
    assert "已吊销" in capsys.readouterr().out and _status(second) == 401
    assert main(["api-token", "p-unit-a", "--revoke"]) == 1


@pytest.mark.parametrize(("username", "message"), [("p-proofreader", "无权使用 API"), ("p-outsider", "无权使用 API"),
                                                   ("ghost", "没有用户")])
def test_refused_for_users_without_api_access(username: str, message: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    make_personas()
    assert main(["api-token", username]) == 2
    assert message in capsys.readouterr().err
