"""§8 browser test (issue #4): the rectification loop driven through the real web UI in Chromium.

A real site (a writable copy of the bundled sample site, served by the sample server) is scanned once so
the database holds real findings. The Django app runs on 127.0.0.1 in a thread (pytest-django's
``live_server``), and Playwright (sync API) drives Debian's ``/usr/bin/chromium`` (installed by
``scripts/browser``, which CI runs first; never a downloaded browser):

1. the operator logs in, opens the overview and the site page, ticks the homepage's dead-link finding
   and raises a 整改通知 (发起整改 → 下发整改通知);
2. the unit user logs in, opens the notice and responds with text and a PDF attachment;
3. the page is fixed on the site server (the missing article is published);
4. the operator runs 复查 from the notice page; the item shows 已整改 and the notice 已办结.

Screenshots are saved as test artefacts in ``var/test-artifacts/`` at the repository root:
``rectify-overview.png``, ``rectify-site.png``, ``rectify-closed-notice.png``. The test runs in the normal
test run; it is skipped (with the reason) only on a machine without /usr/bin/chromium.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rectify"))  # the rectify tests' kits

from notifyhook import HookServer  # noqa: E402
from rectifykit import PDF, SampleCopy, register, scan_into_db  # noqa: E402

from govwatch.services.access import ensure_user  # noqa: E402
from govwatch.services.probes import run_due_probes  # noqa: E402
from govwatch.services.scores import compute_period_scores  # noqa: E402
from govwatch.storage.models import Finding, Membership  # noqa: E402
from govwatch.storage.rectify.models import Notification, Rectification  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
PASSWORD = "Browser-pass-2026"

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not CHROMIUM.exists(), reason="需要 /usr/bin/chromium（scripts/browser 安装）")]


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[SampleCopy]:
    with SampleCopy(tmp_path / "site") as copy:
        yield copy


@pytest.fixture
def media(tmp_path: Path, settings: object) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    return tmp_path / "media"


def _login(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/login/" not in page.url, page.content()[:500]


def _logout(page) -> None:  # type: ignore[no-untyped-def]
    page.click("button:has-text('退出')")
    page.wait_for_load_state()


def test_operator_raises_unit_responds_recheck_closes(live_server, sample: SampleCopy, media: Path,  # type: ignore[no-untyped-def]
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls between steps are
    # plain synchronous code all the same.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    site = register(f"{sample.url}/")
    dead = next(f for f in scan_into_db(site) if f.code == "links.dead_home")
    run_due_probes(site_url=site.home_url)  # the overview's availability and the site page's probe chart
    compute_period_scores()  # verdict cards, ranking and the site's score
    ensure_user("b-operator", "operator", password=PASSWORD)
    ensure_user("b-unit", "unit", site.unit.name, password=PASSWORD)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    attachment = tmp_path / "整改报告.pdf"
    attachment.write_bytes(PDF)
    base = live_server.url
    with HookServer() as hook, sync_playwright() as pw:
        Membership.objects.filter(user__username="b-unit").update(notify_url=hook.url("unit"))
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
        try:
            # 1. operator: overview, site page, raise a rectification from the site's findings
            _login(page, base, "b-operator")
            page.goto(f"{base}/")
            page.screenshot(path=str(ARTIFACTS / "rectify-overview.png"), full_page=True)
            page.goto(f"{base}/sites/{site.pk}/")
            assert site.name in page.content()
            page.screenshot(path=str(ARTIFACTS / "rectify-site.png"), full_page=True)
            page.check(f"#finding-{dead.pk} input[type=checkbox]")
            page.click("button:has-text('发起整改')")
            page.wait_for_load_state()
            assert "5 个工作日，截止" in page.inner_text("#deadline-text")
            page.fill("#id_working_days", "3")  # htmx asks the server for the new deadline
            page.wait_for_function("document.querySelector('#deadline-text').innerText.startsWith('3 个工作日')")
            page.fill("#id_note", "请修复首页失效链接")
            page.click("button:has-text('下发整改通知')")
            page.wait_for_load_state()
            rect = Rectification.objects.get()
            assert rect.number in page.content() and "/rectify/" in page.url
            assert [p for p, _ in hook.received] == ["/unit"]
            _logout(page)

            # 2. unit: open the notice from the list, respond with text and a PDF
            _login(page, base, "b-unit")
            page.goto(f"{base}/rectify/")
            page.click(f"text={rect.number}")
            page.click("#respond-link")
            page.fill("#id_text", "已在首页重新发布该文章，链接已恢复。")
            page.set_input_files("#id_files", str(attachment))
            page.click("button:has-text('提交反馈')")
            page.wait_for_load_state()
            assert "整改反馈已提交" in page.content() and "整改报告.pdf" in page.content()
            _logout(page)

            # 3. the unit's fix goes live on the site
            sample.fix_dead_home_link()

            # 4. operator: 复查 from the notice page; the item is closed and the notice done
            _login(page, base, "b-operator")
            page.goto(f"{base}/rectify/{rect.pk}/")
            page.click("#recheck-button")
            page.wait_for_load_state()
            assert "复查完成：已整改 1 项" in page.content()
            row = page.locator("#items tr[data-status]").first
            assert row.get_attribute("data-status") == "fixed" and "已整改" in row.inner_text()
            assert "已办结" in page.locator(".pagehead").inner_text()
            history = page.locator("#history").inner_text()
            assert "待整改 → 已整改" in history and "复查中 → 已办结" in history and "已反馈 → 复查中" in history
            page.screenshot(path=str(ARTIFACTS / "rectify-closed-notice.png"), full_page=True)
        finally:
            browser.close()
    rect.refresh_from_db()
    assert rect.status == "closed" and rect.working_days == 3 and Finding.objects.get(pk=dead.pk).status == "resolved"
    assert Notification.objects.filter(object_id=str(rect.pk), status="sent").count() == 1
    for name in ("rectify-overview.png", "rectify-site.png", "rectify-closed-notice.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000, name
    assert get_user_model().objects.filter(username="b-unit").exists()
