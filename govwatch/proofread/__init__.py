"""自动化校对 — the proofreading engine: knowledge-base checks (leaders, institutions, political wording,
sensitive words), typo detection (CSC) and personal data, over plain text, HTML and files.

Pure Python (no Django); imports only govwatch.extract, govwatch.rules and govwatch.core from our layers.
"""

from govwatch.proofread.engine import ProofreadResult, proofread, proofread_text
from govwatch.proofread.issue import OUTDATED, PII, SENSITIVE, SERIOUS, TYPO, Issue
from govwatch.proofread.kb import KnowledgeBase, KnowledgeBaseError, default_kb, load_kb

__all__ = ["OUTDATED", "PII", "SENSITIVE", "SERIOUS", "TYPO", "Issue", "KnowledgeBase", "KnowledgeBaseError",
           "ProofreadResult", "default_kb", "load_kb", "proofread", "proofread_text"]
