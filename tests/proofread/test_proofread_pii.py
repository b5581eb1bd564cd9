"""Personal data: 身份证号 checksum (ISO 7064 MOD 11-2) and date edge cases, Luhn bank cards, mobiles, masking."""

from __future__ import annotations

from datetime import date

from govwatch.proofread.pii import luhn_ok, mask, pii_issues, valid_id

SAMPLE_ID = "11010519491231002X"  # the GB 11643 worked example: check character X


def test_id_checksum_edge_cases() -> None:
    assert valid_id(SAMPLE_ID)
    assert valid_id(SAMPLE_ID.lower())  # a lower-case x is still the check character X
    assert not valid_id("110105194912310021")  # wrong check character
    assert not valid_id("110105194902300021")  # 30 February is no birth date
    assert not valid_id("11010519491231002")  # 17 characters
    assert not valid_id("91010519491231002X")  # area codes start with 1–8
    future = "110105" + "20300101" + "001"
    assert not valid_id(future + "0", today=date(2026, 1, 1))


def test_id_found_only_as_a_whole_number_and_masked() -> None:
    text = f"申请人身份证号：{SAMPLE_ID}，订单号 9{SAMPLE_ID[:-1]}12345 不算。"
    issues = pii_issues(text)
    assert [(i.rule, i.original) for i in issues] == [("pii.id_card", "1101**********002X")]
    assert SAMPLE_ID not in issues[0].context and SAMPLE_ID not in issues[0].message
    assert text[issues[0].offset:issues[0].end] == SAMPLE_ID


def test_bank_cards_need_luhn() -> None:
    assert luhn_ok("6217000010001234569") and luhn_ok("4111111111111111")
    assert not luhn_ok("6217000010001234560")
    found = pii_issues("收款卡号 6217 0000 1000 1234 569，另一个 6217000010001234560。")
    assert [(i.rule, i.original) for i in found] == [("pii.bank_card", "6217***********4569")]


def test_mobile_numbers() -> None:
    found = pii_issues("联系人：张先生 13812345678；电话 0791-86543210；编号 213812345678901。")
    assert [(i.rule, i.original) for i in found] == [("pii.mobile", "138****5678")]
    assert pii_issues("手机：+86 139-1234-5678")[0].original == "139****5678"


def test_mask() -> None:
    assert mask("360102199001011234") == "3601**********1234"
    assert mask("6217 0000 1000 1234 569") == "6217***********4569"
