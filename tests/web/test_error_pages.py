"""Error pages (QA report): out-of-range ids and years answer 400 in Chinese (JSON under /api/) instead
of Django's English 500; 404/400/403-CSRF/405/500 are Chinese pages extending base.html; the findings
list names the filters it cannot apply instead of silently dropping them."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client, RequestFactory
from personakit import PASSWORD, make_personas

from govwatch.web import errors

pytestmark = pytest.mark.django_db

BIG = "9223372036854775808"  # 2**63: one beyond a 64-bit signed integer
HUGE = "999999999999999999999999"
LAYOUT = "政府网站与政务新媒体监管平台"  # base.html's brand and footer


def _client(username: str, enforce_csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf)
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def admin() -> Client:
    make_personas()
    return _client("p-admin")


@pytest.fixture
def unit_a() -> Client:
    make_personas()
    return _client("p-unit-a")


def _assert_chinese_page(response, status: int) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:500]
    body = response.content.decode()
    assert LAYOUT in body, body[:500]
    assert "Server Error" not in body and "Not Found" not in body and "Bad Request" not in body
    assert "总览" in body
    return body


OUT_OF_RANGE_GET = [
    f"/findings/?site={BIG}",
    f"/findings/export.csv?site={BIG}",
    f"/findings/export.xlsx?site={BIG}",
    f"/ledger/?site={BIG}",
    "/ledger/?year=99999999999999999999",
    f"/ledger/duties/?site={BIG}",
    f"/ledger/crosscheck/?site={BIG}",
    "/ledger/deliverables/?year=99999999999999999999",
    f"/ledger/export.xlsx?site={BIG}",
]


@pytest.mark.parametrize("url", OUT_OF_RANGE_GET)
@pytest.mark.parametrize("who", ["p-admin", "p-unit-a"])
def test_out_of_range_numbers_in_pages_are_400_in_chinese(url: str, who: str) -> None:
    make_personas()
    response = _client(who).get(url)
    assert response.status_code in (400, 404), (url, response.status_code, response.content[:300])
    body = response.content.decode()
    assert "Server Error" not in body
    if response.get("Content-Type", "").startswith("text/html"):
        assert LAYOUT in body


@pytest.mark.parametrize("url", [f"/api/v1/findings/?site={HUGE}", f"/api/v1/findings/?unit={HUGE}",
                                 f"/api/v1/scores/?site={HUGE}", f"/api/v1/findings/?site={BIG}",
                                 f"/api/v1/sites/?unit={BIG}"])
def test_out_of_range_numbers_in_the_api_are_400_json(admin: Client, url: str) -> None:
    response = admin.get(url)
    assert response.status_code == 400, response.content[:300]
    detail = response.json()["detail"]
    assert "编号" in detail or "范围" in detail


def test_out_of_range_posts_get_a_field_message(admin: Client) -> None:
    response = admin.post("/rectify/new/", {"finding": HUGE, "working_days": "5"})
    assert response.status_code == 400, response.content[:300]
    assert "编号无效（超出范围）" in response.content.decode()
    response = admin.post("/desk/tickets/new/", {"unit": HUGE, "kind": "content", "title": "测试工单",
                                                 "detail": "内容"})
    assert response.status_code == 200, response.content[:300]
    assert "责任单位编号无效（超出范围）" in response.content.decode()


@pytest.mark.parametrize("url", [f"/api/v1/findings/?site={HUGE}", f"/api/v1/scores/?site={BIG}"])
def test_api_names_the_out_of_range_parameter(admin: Client, url: str) -> None:
    detail = admin.get(url).json()["detail"]
    assert "参数 site 应为正整数编号（1 至 9223372036854775807）" in detail


def test_middleware_turns_overflow_and_data_errors_into_400_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.db import DataError

    middleware = errors.ErrorPagesMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    request = RequestFactory().get("/findings/?site=1")
    request.user = AnonymousUser()
    with caplog.at_level(logging.WARNING, logger="govwatch.web.errors"):
        page = middleware.process_exception(request, OverflowError("Python int too large to convert to SQLite INTEGER"))
    assert page is not None and page.status_code == 400
    assert "超出允许范围" in page.content.decode() and LAYOUT in page.content.decode()
    assert any("OverflowError" in r.getMessage() for r in caplog.records)
    api = RequestFactory().get("/api/v1/findings/?site=1")
    answer = middleware.process_exception(api, DataError("bigint out of range"))
    assert answer is not None and answer.status_code == 400 and "超出允许范围" in json.loads(answer.content)["detail"]
    assert middleware.process_exception(request, ValueError("other")) is None


def test_404_is_a_chinese_page(admin: Client) -> None:
    body = _assert_chinese_page(admin.get("/sites/999999/"), 404)
    assert "返回总览" in body
    body = _assert_chinese_page(Client().get("/no-such-page/"), 404)


def test_404_under_api_is_json(admin: Client) -> None:
    response = admin.get("/api/v1/sites/999999/")
    assert response.status_code == 404
    assert "detail" in response.json()
    response = admin.get("/api/no-such/")
    assert response.status_code == 404 and "detail" in response.json()


def test_csrf_failure_is_a_chinese_page_asking_to_refresh(admin: Client) -> None:
    client = _client("p-admin", enforce_csrf=True)
    body = _assert_chinese_page(client.post("/logout/"), 403)
    assert "刷新页面后重新提交" in body and "DEBUG" not in body


@pytest.mark.parametrize("url", ["/logout/", "/rectify/1/recheck/", "/bulletins/2/approve/"])
def test_405_has_a_chinese_body(admin: Client, url: str) -> None:
    response = admin.get(url)
    assert response.status_code == 405
    body = _assert_chinese_page(response, 405)
    assert "POST" in body and response["Allow"]


def test_405_under_api_is_json(admin: Client) -> None:
    response = admin.delete("/api/v1/sites/")
    assert response.status_code == 405
    assert response.json()["detail"]


def test_500_and_400_pages_render_without_request_or_database() -> None:
    request = RequestFactory().get("/sites/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = errors.server_error(request)
    assert page.status_code == 500 and len(queries) == 0
    body = page.content.decode()
    assert "服务器错误" in body and LAYOUT in body and "Server Error" not in body
    assert errors.server_error(RequestFactory().get("/api/v1/sites/")).status_code == 500
    bad = errors.bad_request(RequestFactory().get("/sites/"), None)
    assert bad.status_code == 400 and "请求有误" in bad.content.decode()


def test_handlers_are_installed() -> None:
    from govwatch.web import urls

    assert urls.handler404 == "govwatch.web.errors.page_not_found"  # type: ignore[attr-defined]
    assert urls.handler500 == "govwatch.web.errors.server_error"  # type: ignore[attr-defined]
    assert urls.handler400 == "govwatch.web.errors.bad_request"  # type: ignore[attr-defined]


def test_suspicious_request_is_a_chinese_400() -> None:
    response = Client().get("/", HTTP_HOST="evil.example.invalid")
    body = _assert_chinese_page(response, 400)
    assert "请求有误" in body


@pytest.mark.parametrize(("query", "label"), [("since=2026-13-45", "最近发现自"), ("level=火星", "级别"),
                                              ("status=zzz", "状态"), (f"site={BIG}", "网站编号"),
                                              (f"unit={BIG}", "主办单位")])
def test_bad_findings_filters_are_named_not_dropped(admin: Client, query: str, label: str) -> None:
    response = admin.get(f"/findings/?{query}")
    assert response.status_code == 400
    body = response.content.decode()
    assert f"筛选条件“{label}”无效" in body and LAYOUT in body
    assert "finding-" not in body  # nothing listed under a filter that could not be applied
    part = admin.get(f"/findings/?{query}", HTTP_HX_REQUEST="true")  # htmx swaps only 2xx answers
    assert part.status_code == 200 and f"筛选条件“{label}”无效" in part.content.decode()
    for fmt in ("csv", "xlsx"):
        export = admin.get(f"/findings/export.{fmt}?{query}")
        assert export.status_code == 400 and f"筛选条件“{label}”无效" in export.content.decode()


def test_valid_filters_still_list(admin: Client) -> None:
    response = admin.get("/findings/?status=open&since=2020-01-01")
    assert response.status_code == 200 and "无效" not in response.content.decode()
    assert admin.get("/findings/export.csv?status=open").status_code == 200


@pytest.mark.parametrize(("url", "name"), [(f"/ledger/?site={BIG}", "site"), ("/ledger/?year=99999", "year"),
                                           ("/ledger/deliverables/?year=99999999999999999999", "year"),
                                           (f"/ledger/crosscheck/?site={BIG}", "site")])
def test_ledger_names_the_out_of_range_parameter(unit_a: Client, url: str, name: str) -> None:
    response = unit_a.get(url)
    assert response.status_code == 400
    body = response.content.decode()
    assert f"参数 {name} 超出范围" in body and LAYOUT in body


@pytest.mark.parametrize("url", [f"/sites/{BIG}/", f"/units/{BIG}/", f"/accounts/{BIG}/", f"/rectify/{BIG}/"])
def test_out_of_range_path_ids_reach_the_middleware(admin: Client, url: str,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    """No form guards a path id: the database refuses it (OverflowError on SQLite, DataError on
    PostgreSQL) and the middleware answers 400 in Chinese with a logged warning."""
    with caplog.at_level(logging.WARNING, logger="govwatch.web.errors"):
        response = admin.get(url)
    assert response.status_code in (400, 404), response.content[:300]
    body = response.content.decode()
    assert LAYOUT in body and "Server Error" not in body
    if response.status_code == 400:
        assert "超出允许范围" in body and any("超出范围" in r.getMessage() for r in caplog.records)


def test_out_of_range_path_id_in_the_api_is_json(admin: Client) -> None:
    response = admin.get(f"/api/v1/sites/{BIG}/")
    assert response.status_code in (400, 404)
    assert response.json()["detail"]
