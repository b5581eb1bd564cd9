"""The bundled sample site stays a realistic 合格 portal under the new checks: a working 县长信箱 with
published, promptly answered letters, a complete 办事指南, interpretations linked both ways, overview pages."""

from __future__ import annotations

from datetime import date

from govwatch.core.models import SiteSpec
from govwatch.extract.interaction import ANSWERED, interaction_facts
from govwatch.extract.services import service_facts
from govwatch.sample.server import ServerThread
from govwatch.services.scan import CrawlOptions, ScanRequest, scan_site

TODAY = date(2024, 1, 5)
HOST = "www.shilixian.gov.cn"
NEW_PREFIXES = ("interaction.", "service.", "disclosure.")


def test_sample_site_passes_the_interaction_service_and_disclosure_checks() -> None:
    with ServerThread(today=TODAY) as srv:
        site = SiteSpec(home_url=f"http://{HOST}:{srv.port}/", name="示例县人民政府", site_id_code="3609990001")
        options = CrawlOptions(resolve={(HOST, srv.port): "127.0.0.1"}, check_external=False, total_timeout=5)
        outcome = scan_site(ScanRequest(site=site, crawl=options, today=TODAY))
    facts = interaction_facts(outcome.crawl, TODAY)
    assert [c.name for c in facts.channels if c.effective] == ["互动交流"]
    letters = sorted(facts.messages, key=lambda m: m.asked or TODAY)
    assert [m.status for m in letters] == [ANSWERED] * 3
    assert [(TODAY - m.asked).days for m in letters if m.asked] == [95, 40, 12]
    assert {m.replier for m in letters} == {"县城管局", "县住建局", "县公安局交警大队"}
    (guide,) = service_facts(outcome.crawl).guides
    assert guide.missing == () and guide.empty == () and len(guide.present) == 10
    assert not [f.code for f in outcome.findings if f.code.startswith(NEW_PREFIXES)]
    assert outcome.score.verdict == "合格"
