"""The storage schema migrates and enforces its uniqueness rules on the configured database."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from govwatch.storage.models import Column, Finding, Site, Unit


@pytest.mark.django_db
def test_site_column_and_finding_uniqueness() -> None:
    unit = Unit.objects.create(name="示例县人民政府办公室", level="县")
    site = Site.objects.create(name="示例县人民政府", home_url="http://www.shilixian.gov.cn/", unit=unit,
                               site_id_code="3609990001", level="县")
    Column.objects.create(site=site, name="要闻动态", url="http://www.shilixian.gov.cn/xwzx/", type="news")
    with pytest.raises(IntegrityError), transaction.atomic():
        Column.objects.create(site=site, name="要闻", url="http://www.shilixian.gov.cn/xwzx/")
    now = timezone.now()
    Finding.objects.create(site=site, fingerprint="a" * 40, code="column.stale", message="栏目未更新",
                           first_seen=now, last_seen=now, evidence={"days": 200})
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.create(site=site, fingerprint="a" * 40, code="column.stale", message="重复",
                               first_seen=now, last_seen=now)
    assert Finding.objects.get(site=site).evidence == {"days": 200}
    assert str(site) == "示例县人民政府"
