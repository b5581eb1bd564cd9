"""Personal data (个人信息) in published text: 身份证号, mobile numbers, bank card numbers → ``privacy.pii``.

- 身份证号: 18 characters per GB 11643-1999 — a 6-digit area code (first digit 1–8), a valid birth date
  (1900 … today), a 3-digit sequence and the ISO 7064 MOD 11-2 check character (0–9 or X).
- 手机号: 11 digits 1[3-9]x…, not part of a longer number.
- 银行卡号: 16–19 digits (optionally in groups of four) passing the Luhn check, with a known issuer prefix
  (62 银联, 4 Visa, 5 Mastercard) to keep other long numbers out.

Values are reported masked (3601**********1234), never in clear. Source: 国办秘函〔2019〕19号 安全防护
「不得泄露个人隐私」; 《个人信息保护法》.
"""

from __future__ import annotations

import re
from datetime import date

from govwatch.proofread.issue import PII, Issue, context_of

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID = re.compile(r"(?<![0-9A-Za-z])([1-8]\d{5})((?:19|20)\d{2})(\d{2})(\d{2})(\d{3})([0-9Xx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![\d.])(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![\d])")
_CARD = re.compile(r"(?<![\d.])((?:62|4|5)\d{2}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?!\d)")


def id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits of a 身份证号."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def valid_id(number: str, today: date | None = None) -> bool:
    """True for an 18-character 身份证号 with a real birth date (not after ``today``) and a right check char."""
    m = _ID.fullmatch(number)
    if m is None:
        return False
    try:
        born = date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
    except ValueError:
        return False
    if born > (today or date.today()):
        return False
    return id_check_char(number[:17]) == number[17].upper()


def luhn_ok(digits: str) -> bool:
    """True when ``digits`` passes the Luhn (mod 10) check."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def mask(value: str, head: int = 4, tail: int = 4) -> str:
    """``value`` with all but its first ``head`` and last ``tail`` characters replaced by '*'."""
    keep = value.replace(" ", "").replace("-", "")
    return keep[:head] + "*" * max(0, len(keep) - head - tail) + keep[-tail:]


def _issue(text: str, start: int, end: int, kind: str, label: str, masked: str, confidence: float) -> Issue:
    return Issue(PII, start, end - start, masked, masked,
                 f"页面公开了{label}（{masked}），属于个人信息，应删除或脱敏处理。",
                 confidence, f"pii.{kind}", context_of(text, start, end - start).replace(text[start:end], masked))


def pii_issues(text: str, today: date | None = None) -> list[Issue]:
    """Every 身份证号, mobile number and bank card number in ``text``; ``original`` and ``suggestion`` hold
    the masked value (the clear value is never copied into a result)."""
    out: list[Issue] = []
    taken: list[tuple[int, int]] = []
    for m in _ID.finditer(text):
        if valid_id(m.group(0), today):
            out.append(_issue(text, m.start(), m.end(), "id_card", "居民身份证号码", mask(m.group(0)), 0.98))
            taken.append(m.span())
    for m in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", m.group(1))
        if 16 <= len(digits) <= 19 and luhn_ok(digits) and not _inside(m.span(), taken):
            out.append(_issue(text, m.start(1), m.end(1), "bank_card", "银行卡号", mask(digits, 4, 4), 0.8))
            taken.append(m.span())
    for m in _MOBILE.finditer(text):
        if not _inside(m.span(), taken):
            number = "".join(m.groups())
            out.append(_issue(text, m.start(), m.end(), "mobile", "手机号码", mask(number, 3, 4), 0.7))
    out.sort(key=lambda i: i.offset)
    return out


def _inside(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in taken)
