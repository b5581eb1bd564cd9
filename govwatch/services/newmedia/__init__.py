"""New-media monitoring use cases (政务新媒体, issue #5): collection and checks of registered accounts,
patrols by level, monthly and quarterly reports.

- :func:`collect_account` (account, now=None, options=None) → :class:`AccountOutcome`;
  :func:`collect_accounts` (accounts, now=None, options=None) → list of them
- :func:`ensure_account_patrols`, :func:`run_due_patrols` (now=None, limit=None, **collect_kwargs) →
  :class:`PatrolRound`, :func:`overdue_patrols` (now=None), :func:`cadence_days` (account)
"""

from govwatch.services.newmedia.collect import (
    AccountOutcome,
    CollectOptions,
    account_spec,
    collect_account,
    collect_accounts,
)
from govwatch.services.newmedia.patrols import (
    PatrolRound,
    cadence_days,
    ensure_account_patrols,
    overdue_patrols,
    run_due_patrols,
)

__all__ = [
    "AccountOutcome", "CollectOptions", "PatrolRound", "account_spec", "cadence_days", "collect_account",
    "collect_accounts", "ensure_account_patrols", "overdue_patrols", "run_due_patrols",
]
