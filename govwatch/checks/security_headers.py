"""Check ``security.headers`` — HTTP security headers of the homepage, scored the way Mozilla's HTTP
Observatory scores them.

Source: 国办发〔2017〕47号 安全防护; GB/T 22239-2019 (等保 2.0) 应用安全; scoring: Mozilla HTTP Observatory
(https://github.com/mozilla/http-observatory, docs/scoring.md). Baseline 100; the five header tests
below add their modifiers; bonuses (+) count only when the score before them is ≥ 90; floor 0. Grade:
A+ ≥ 100, A ≥ 90, A- ≥ 85, B+ ≥ 80, B ≥ 70, B- ≥ 65, C+ ≥ 60, C ≥ 50, C- ≥ 45, D+ ≥ 40, D ≥ 30, D- ≥ 25,
else F. Mapping used (Observatory test → result → modifier):

* Content-Security-Policy: missing −25; script-src/default-src allows 'unsafe-inline' −20,
  'unsafe-eval' −10; present without either 0; ``default-src 'none'`` +10.
* Strict-Transport-Security (HTTPS sites): missing −20; max-age < 15768000 (6 months) −10; invalid
  −20; ≥ 6 months 0; with ``preload`` +5. On an HTTP-only site: −20 (hsts-not-implemented-no-https).
* X-Frame-Options: missing −20 unless CSP ``frame-ancestors`` is set (+5); DENY/SAMEORIGIN 0;
  other values −20.
* X-Content-Type-Options: missing or not ``nosniff`` −5.
* Referrer-Policy: missing 0; no-referrer, same-origin, strict-origin(-when-cross-origin) +5;
  unsafe-url, no-referrer-when-downgrade −5; other −5.

The Observatory's cookie, redirection, SRI and CORS tests are not scored here (other checks or none).
One finding when the grade is below ``min_grade`` (default B), listing every failing test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding

ID = "security.headers"
GRADES = ((100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"), (50, "C"),
          (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F"))
HALF_YEAR = 15768000
_SAFE_REFERRER = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
_UNSAFE_REFERRER = {"unsafe-url", "no-referrer-when-downgrade"}


class Params(BaseModel):
    """``min_grade``: grades below it are reported (one of the Observatory grades)."""

    model_config = ConfigDict(extra="forbid")
    min_grade: str = "B"


@dataclass(frozen=True)
class HeaderTest:
    """One scored test: ``header``, ``result`` (Observatory-style name), ``modifier``, ``value`` seen,
    ``message`` in Chinese ('' when the test passes)."""

    header: str
    result: str
    modifier: int
    value: str
    message: str = ""


def _csp_directives(value: str) -> dict[str, str]:
    out = {}
    for part in value.split(";"):
        name, _, rest = part.strip().partition(" ")
        if name:
            out[name.lower()] = rest.strip().lower()
    return out


def csp_result(value: str) -> HeaderTest:
    """The Observatory test of Content-Security-Policy (see module docstring)."""
    if not value:
        return HeaderTest("Content-Security-Policy", "csp-not-implemented", -25, "", "未设置内容安全策略（CSP）")
    d = _csp_directives(value)
    script = d.get("script-src", d.get("default-src", ""))
    if "'unsafe-inline'" in script:
        return HeaderTest("Content-Security-Policy", "csp-implemented-with-unsafe-inline", -20, value,
                          "CSP 允许内联脚本（'unsafe-inline'）")
    if "'unsafe-eval'" in script:
        return HeaderTest("Content-Security-Policy", "csp-implemented-with-unsafe-eval", -10, value,
                          "CSP 允许 eval（'unsafe-eval'）")
    if d.get("default-src") == "'none'":
        return HeaderTest("Content-Security-Policy", "csp-implemented-with-no-unsafe-default-src-none", 10, value)
    return HeaderTest("Content-Security-Policy", "csp-implemented-with-no-unsafe", 0, value)


def hsts_result(value: str, https: bool) -> HeaderTest:
    """The Observatory test of Strict-Transport-Security (``https``: the page was served over TLS) (see module docstring)."""
    name = "Strict-Transport-Security"
    if not https:
        return HeaderTest(name, "hsts-not-implemented-no-https", -20, value, "网站未启用 HTTPS，无法设置 HSTS")
    if not value:
        return HeaderTest(name, "hsts-not-implemented", -20, "", "未设置 HSTS（Strict-Transport-Security）")
    age = re.search(r"max-age\s*=\s*\"?(\d+)", value, re.IGNORECASE)
    if age is None:
        return HeaderTest(name, "hsts-header-invalid", -20, value, "HSTS 头格式无效")
    if int(age.group(1)) < HALF_YEAR:
        return HeaderTest(name, "hsts-implemented-max-age-less-than-six-months", -10, value,
                          "HSTS 的 max-age 小于 6 个月（15768000 秒）")
    if "preload" in value.lower():
        return HeaderTest(name, "hsts-preloaded", 5, value)
    return HeaderTest(name, "hsts-implemented-max-age-at-least-six-months", 0, value)


def xfo_result(value: str, csp: str) -> HeaderTest:
    """The Observatory test of X-Frame-Options (CSP ``frame-ancestors`` counts instead) (see module docstring)."""
    name = "X-Frame-Options"
    if "frame-ancestors" in _csp_directives(csp):
        return HeaderTest(name, "x-frame-options-implemented-via-csp", 5, value)
    if not value:
        return HeaderTest(name, "x-frame-options-not-implemented", -20, "", "未设置 X-Frame-Options，页面可被他站嵌入（点击劫持）")
    if value.strip().lower() in ("deny", "sameorigin"):
        return HeaderTest(name, "x-frame-options-sameorigin-or-deny", 0, value)
    return HeaderTest(name, "x-frame-options-header-invalid", -20, value, "X-Frame-Options 取值无效")


def xcto_result(value: str) -> HeaderTest:
    """The Observatory test of X-Content-Type-Options (see module docstring)."""
    name = "X-Content-Type-Options"
    if value.strip().lower() == "nosniff":
        return HeaderTest(name, "x-content-type-options-nosniff", 0, value)
    if not value:
        return HeaderTest(name, "x-content-type-options-not-implemented", -5, "", "未设置 X-Content-Type-Options: nosniff")
    return HeaderTest(name, "x-content-type-options-header-invalid", -5, value, "X-Content-Type-Options 取值无效")


def referrer_result(value: str) -> HeaderTest:
    """The Observatory test of Referrer-Policy (see module docstring)."""
    name = "Referrer-Policy"
    policies = {p.strip().lower() for p in value.split(",") if p.strip()}
    if not policies:
        return HeaderTest(name, "referrer-policy-not-implemented", 0, "")
    last = value.split(",")[-1].strip().lower()  # browsers apply the last policy they understand
    if last in _SAFE_REFERRER:
        return HeaderTest(name, "referrer-policy-private", 5, value)
    if last in _UNSAFE_REFERRER:
        return HeaderTest(name, "referrer-policy-unsafe", -5, value, "Referrer-Policy 会把完整地址泄露给他站")
    return HeaderTest(name, "referrer-policy-header-invalid", -5, value, "Referrer-Policy 取值无效")


def observatory(headers: Mapping[str, str], https: bool) -> tuple[int, str, list[HeaderTest]]:
    """(score, grade, tests) for response ``headers`` (names case-insensitive) of an HTTPS or HTTP page."""
    h = {k.lower(): v for k, v in headers.items()}
    csp = h.get("content-security-policy", "")
    tests = [csp_result(csp), hsts_result(h.get("strict-transport-security", ""), https),
             xfo_result(h.get("x-frame-options", ""), csp), xcto_result(h.get("x-content-type-options", "")),
             referrer_result(h.get("referrer-policy", ""))]
    score = 100 + sum(t.modifier for t in tests if t.modifier < 0)
    if score >= 90:
        score += sum(t.modifier for t in tests if t.modifier > 0)
    score = max(score, 0)
    return score, grade(score), tests


def grade(score: int) -> str:
    """The Observatory grade of ``score``."""
    return next(g for floor, g in GRADES if score >= floor)


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding when the homepage's grade is below ``min_grade`` (nothing without a transport probe)."""
    t = ctx.transport
    if t is None or t.error:
        return
    score, got, tests = observatory(t.headers, t.scheme == "https")
    floor = dict((g, f) for f, g in GRADES).get(params.min_grade, 70)
    if score >= floor:
        return
    failing = [x for x in tests if x.message]
    yield Finding(
        code="security.headers", target=ctx.site.home_url, url=t.home_url,
        message=f"首页 HTTP 安全响应头评级为 {got}（{score} 分，按 Mozilla HTTP Observatory 计分）："
                + "；".join(x.message for x in failing) + "。",
        evidence={"score": score, "grade": got, "tests": [x.__dict__ for x in tests],
                  "headers": {k: v for k, v in t.headers.items()}},
        fix="在 Web 服务器上配置 Content-Security-Policy、Strict-Transport-Security（≥6 个月）、X-Frame-Options、"
            "X-Content-Type-Options: nosniff 和 Referrer-Policy 等安全响应头。",
    )
