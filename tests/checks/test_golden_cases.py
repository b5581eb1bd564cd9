"""Golden cases: ``cases/<name>/page.html`` (the homepage) + ``expected.json``.

expected.json: ``check`` id, ``today``, ``url`` of the page, optional ``site`` (SiteSpec fields; columns as
``{name, url, type}``), optional ``links`` (verdicts: url, verdict, status, error, on_home, kind,
referrers), optional ``facts`` (``home_latest``, ``home_items``, ``columns`` {name: {type, latest, blank,
items}}, ``identity`` {field: value}) and ``findings``: the exact list of findings, each ``code``, optional
``url`` and ``evidence`` (a subset that must match). The check is run by the real runner with the
national rulebook's params.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from casekit import context, link, page, run

from govwatch.core import ColumnSpec, ColumnType, FetchError, LinkKind, LinkVerdict, SiteSpec

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "expected.json").is_file())


def _site(url: str, spec: dict[str, Any]) -> SiteSpec:
    columns = tuple(ColumnSpec(c["name"], c["url"], ColumnType(c.get("type", "other")), c.get("window_days"))
                    for c in spec.pop("columns", []))
    return SiteSpec(home_url=url, columns=columns, **spec)


def _links(entries: list[dict[str, Any]]) -> list:  # type: ignore[type-arg]
    return [link(e["url"], LinkVerdict(e["verdict"]), status=e.get("status"),
                 error=FetchError(e["error"]) if e.get("error") else None, on_home=e.get("on_home", False),
                 referrers=[tuple(r) for r in e.get("referrers", [])], kind=LinkKind(e.get("kind", "page")))
            for e in entries]


def _check_facts(facts: Any, want: dict[str, Any]) -> None:
    if "home_latest" in want:
        dated = [i.published for i in facts.home_items if i.published]
        assert (max(dated).isoformat() if dated else None) == want["home_latest"]
    if "home_items" in want:
        assert len(facts.home_items) == want["home_items"]
    for name, col_want in want.get("columns", {}).items():
        (col,) = [c for c in facts.columns if c.name == name]
        got = {"type": col.type.value, "latest": col.latest.isoformat() if col.latest else None,
               "blank": col.blank, "items": len(col.items), "fetched": col.fetched}
        assert {k: got[k] for k in col_want} == col_want, name
    for key, value in want.get("identity", {}).items():
        got = getattr(facts.identity, key)
        assert (list(got) if isinstance(got, tuple) else got) == value, key


@pytest.mark.parametrize("name", NAMES)
def test_golden_case(name: str) -> None:
    case = json.loads((CASES / name / "expected.json").read_text(encoding="utf-8"))
    html = (CASES / name / "page.html").read_text(encoding="utf-8")
    site = _site(case["url"], dict(case.get("site", {})))
    ctx = context(site, [page(case["url"], html, home=True)], date.fromisoformat(case["today"]),
                  _links(case.get("links", [])))
    _check_facts(ctx.facts, case.get("facts", {}))
    findings = sorted(run(case["check"], ctx), key=lambda f: (f.code, f.url))
    want = sorted(case["findings"], key=lambda f: (f["code"], f.get("url", "")))
    assert [f.code for f in findings] == [w["code"] for w in want]
    for got, exp in zip(findings, want, strict=True):
        assert got.message and got.fix, got.code
        if "url" in exp:
            assert got.url == exp["url"]
        for key, value in exp.get("evidence", {}).items():
            assert got.evidence[key] == value, (got.code, key)


def test_there_are_golden_cases_for_every_check() -> None:
    checks = {json.loads((CASES / n / "expected.json").read_text(encoding="utf-8"))["check"] for n in NAMES}
    assert checks >= {"homepage.stale", "column.stale", "column.blank", "identity", "domain", "links"}
