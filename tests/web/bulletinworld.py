"""The world of the bulletins persona tests: the personas' two units with stored 2026Q4 scores, three
generated bulletins (city approved, city unapproved, unit B approved) and one done 监测报告 per unit's site."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import Client
from personakit import Personas, make_personas

from govwatch.services.access import actor_of
from govwatch.services.bulletins import jobs
from govwatch.storage.bulletins.models import Bulletin, ReportJob
from govwatch.storage.models import Score

NOW = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)
PERSONAS = ("admin", "operator", "unit_a", "unit_b", "proofreader", "outsider", "anonymous")


@dataclass(frozen=True)
class BulletinWorld:
    """``city_ok`` approved city bulletin, ``city_draft`` unapproved, ``unit_b_ok`` approved, scoped to
    unit B; ``reports`` the done 监测报告 jobs of unit A's and unit B's sites."""

    p: Personas
    city_ok: Bulletin
    city_draft: Bulletin
    unit_b_ok: Bulletin
    reports: tuple[ReportJob, ReportJob]


def use_data_dir(settings: object, folder: Path) -> Path:
    """Point ``settings.GOVWATCH.data_dir`` at ``folder`` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    settings.GOVWATCH = dataclasses.replace(settings.GOVWATCH, data_dir=folder)  # type: ignore[attr-defined]
    return folder


def _actor(username: str):  # type: ignore[no-untyped-def]
    return actor_of(get_user_model().objects.get(username=username))


_FILES: dict[str, dict[str, bytes]] = {}
"""Generated file contents by job kind ('bulletin', 'report'), kept from the first world of the session: the
later worlds finish their jobs with copies, since these tests are about access, not generation."""


def _finish_jobs() -> None:
    from govwatch.services.bulletins.jobs import data_dir
    from govwatch.storage.bulletins import jobs as q

    if not _FILES:
        while jobs.run_queued(NOW):
            pass
        for kind, model in (("bulletin", Bulletin), ("report", ReportJob)):
            row = model.objects.filter(status="done").first()
            assert row is not None
            _FILES[kind] = {fmt: (data_dir() / rel).read_bytes() for fmt, rel in row.files.items()}
        return
    for kind, model in (("bulletin", Bulletin), ("report", ReportJob)):
        for row in model.objects.filter(status="queued"):
            folder = data_dir() / "copies" / kind / str(row.pk)
            folder.mkdir(parents=True)
            files = {}
            for fmt, content in _FILES[kind].items():
                (folder / f"file.{fmt}").write_bytes(content)
                files[fmt] = str((folder / f"file.{fmt}").relative_to(data_dir()))
            extra = {"summary": {"sites": 2, "passed": 2, "failed": 0, "vetoed": 0, "pass_rate": 100.0,
                                 "problems": 2, "accounts": 2}} if kind == "bulletin" else {}
            q.finish(row, files, NOW, **extra)


def make_bulletin_world() -> BulletinWorld:
    """Create the rows; the first world of the session generates the files through the real services
    (about 5 s), later ones reuse copies of them."""
    p = make_personas()
    for site, total in zip(p.sites, (91.0, 72.5), strict=True):
        Score.objects.create(site=site, period="2026Q4", rulebook_id="national-2019", rulebook_version="1",
                             verdict="合格", total=total, deduction_score=total, detail={"vetoes": []})
    admin = _actor(p.admin)
    city_ok = jobs.request_bulletin(admin, "2026Q4", "city", now=NOW)
    city_draft = jobs.request_bulletin(admin, "2026Q4", "city", doc_number="〔2026〕99号", now=NOW)
    unit_b_ok = jobs.request_bulletin(admin, "2026Q4", f"unit:{p.units[1].pk}", now=NOW)
    reports = tuple(jobs.request_site_report(admin, site.pk, "2026Q4", now=NOW) for site in p.sites)
    _finish_jobs()
    jobs.approve_bulletin(admin, city_ok.pk, now=NOW)
    jobs.approve_bulletin(admin, unit_b_ok.pk, now=NOW)
    for row in (city_ok, city_draft, unit_b_ok, *reports):
        row.refresh_from_db()
        assert row.status == "done", row.error
    return BulletinWorld(p, city_ok, city_draft, unit_b_ok, (reports[0], reports[1]))


def client_for(p: Personas, persona: str) -> Client:
    """A client logged in as ``persona`` ('anonymous' stays logged out)."""
    client = Client()
    if persona != "anonymous":
        client.force_login(get_user_model().objects.get(username=getattr(p, persona)))
    return client
