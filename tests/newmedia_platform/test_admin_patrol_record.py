"""The manual patrol record form in the Chinese admin: saving a record completes the patrol."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from nmplatkit import beijing

from govwatch.services.newmedia import overdue_patrols
from govwatch.services.registry_io import import_registry
from govwatch.storage.models import Patrol, PatrolRecord

pytestmark = pytest.mark.django_db


def test_record_form_completes_the_patrol(registry_file: Path, admin_client: Client, settings: object,
                                          tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    t0 = beijing(2026, 11, 2, 9, 0)
    assert import_registry(registry_file, now=t0).ok
    patrol = Patrol.objects.get(account__name="清水镇发布")
    late = t0 + timedelta(days=31)
    assert patrol in overdue_patrols(late)
    page = admin_client.get("/admin/storage/patrolrecord/add/")
    assert page.status_code == 200 and "发布次数" in page.content.decode() and "留言回复" in page.content.decode()
    shot = SimpleUploadedFile("shot.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    answer = admin_client.post("/admin/storage/patrolrecord/add/", {
        "patrol": patrol.id, "checked_at_0": "2026-12-03", "checked_at_1": "10:00:00", "posts_in_period": 2,
        "menu": "broken", "replies": "none", "notes": "菜单“办事指南”链接打不开", "screenshot": shot})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    record = PatrolRecord.objects.get(patrol=patrol)
    assert record.posts_in_period == 2 and record.checked_by is not None and record.screenshot.name.endswith(".png")
    patrol.refresh_from_db()
    assert patrol.last_done_at == record.checked_at and patrol not in overdue_patrols(late)
    listing = admin_client.get("/admin/storage/patrol/?overdue=yes")
    assert listing.status_code == 200 and "新媒体巡检计划" in listing.content.decode()
