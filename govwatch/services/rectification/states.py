"""The status values of notices and items as plain strings (the models' TextChoices values), with labels."""

from __future__ import annotations

OPEN, RESPONDED, RECHECKING, CLOSED, ESCALATED = "open", "responded", "rechecking", "closed", "escalated"
ACTIVE = (OPEN, RESPONDED, RECHECKING, ESCALATED)
RECHECKABLE = (OPEN, RESPONDED, ESCALATED)
NOTICE_LABELS = {OPEN: "待整改", RESPONDED: "已反馈", RECHECKING: "复查中", CLOSED: "已办结", ESCALATED: "已升级"}

ITEM_OPEN, ITEM_FIXED, ITEM_UNFIXED = "open", "fixed", "unfixed"

FIXED, UNFIXED, UNREADABLE = "fixed", "unfixed", "unreadable"
OUTCOME_LABELS = {FIXED: "问题已消除", UNFIXED: "问题仍存在", UNREADABLE: "页面无法读取，未能判定"}

STATUS_LABELS = {**NOTICE_LABELS, ITEM_FIXED: "已整改", ITEM_UNFIXED: "未整改"}
"""Labels of notice and item statuses together (a history event may be about either)."""
