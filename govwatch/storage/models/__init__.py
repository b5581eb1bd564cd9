"""Storage models (DESIGN.md §3)."""

from govwatch.storage.models.access import AuditEvent, Membership, Role
from govwatch.storage.models.monitoring import (
    Alert,
    AlertRule,
    Finding,
    MaintenanceWindow,
    Probe,
    ProbeDay,
    ScanRun,
    ScanSchedule,
    Score,
)
from govwatch.storage.models.newmedia import AccountFinding, AccountRun, Patrol, PatrolRecord, Post
from govwatch.storage.models.proofread import KnowledgeBaseFile, ProofreadJob, ProofreadSchedule
from govwatch.storage.models.registry import Account, Column, Level, ProbeTarget, Site, Unit

__all__ = [
    "AuditEvent", "Membership", "Role",
    "Account", "AccountFinding", "AccountRun", "Patrol", "PatrolRecord", "Post",
    "Alert", "AlertRule", "Column", "Finding", "Level", "MaintenanceWindow", "Probe", "ProbeDay",
    "ProbeTarget", "ScanRun", "ScanSchedule", "Score", "Site", "Unit",
    "KnowledgeBaseFile", "ProofreadJob", "ProofreadSchedule",
]
