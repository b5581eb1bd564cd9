"""Scoring: findings + rulebook → verdict (合格/不合格), deductions, bonus, total (DESIGN.md §1)."""

from govwatch.scoring.engine import SERVICE_GROUP, score_site

__all__ = ["SERVICE_GROUP", "score_site"]
