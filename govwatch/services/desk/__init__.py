"""Operations desk (运维服务台, issue #8 §1 §2 §6): tickets (工单) and their SLA clocks, the duty roster (值班),
and the contract assessment (合同考核) of provincial new-media checks.

Modules: ``tickets`` (open/raise/notes/status/assign, scoped by the Actor), ``policy`` (the clock rules and
their sources), ``workdays`` (Chinese working days), ``clocks`` (clock rows and their state), ``sla`` (warn /
escalate, once, compare-and-set), ``notices`` (recipients and the one send function, via services.notify),
``autoraise`` (tickets from confirmed probe failures and veto findings), ``jobs`` (the periodic job
``desk.sla``), ``report`` (SLA report per period), ``duty`` (roster, checklist, hand-over), ``contract``
(fee deductions).

Readings we made (also in each module's docstring):

- Contract clocks (CONFIRMED, issue #8): fault — respond 10 minutes, resolve 2 hours, wall-clock 7×24;
  content request — 3 working days; every ticket — a staff progress note at most every 24 hours until it
  is closed (resolved-but-not-closed tickets still count as open: the contract says "until closed").
- NOT from the contract (provisional, labelled 暂定 in the UI): security warning — respond 30 minutes,
  resolve 24 hours; consultation — answered by the end of the 1st working day after the raising day.
- Working-day deadline: the raising day never counts, whatever the hour; due at the END (24:00 Beijing) of
  the N-th working day after it; working days per chinese_calendar (holidays, 调休 make-up days), the
  Beijing date decides. Years outside the library's data (2027+ in 1.11) fall back to Monday–Friday.
- "Responded": the first staff note or status change. "Resolved": status resolved or closed (a reopened
  ticket's resolve clock runs again against its original deadline).
- Warning at 80 % of a clock's span (wall time); escalation when the deadline passes unmet. Each clock
  warns at most once and escalates at most once; a progress window met late still shows as 超时完成.
- Contract deductions: tiers on the points an account lost in one period (its checks summed), highest
  tier reached applies once — city ≥ 2 → 500, ≥ 20 → 2,000, ≥ 40 → 5,000 yuan; county (and 乡镇) 100 /
  400 / 1,000. A "per 2 points" linear reading contradicts itself (19 points would cost more than 20).
"""
