"""自动化校对 service (issue #6): jobs and their history, proofreader accounts, the knowledge base edited in
the admin, the yearly whole-site proofreading, and the engine plugged into the new-media checks.

- ``run``: prepare_text / prepare_file / prepare_url → check → write_outputs; run_job keeps a ProofreadJob.
- ``kb.current_kb()``: the newest approved knowledge-base versions (bundled files for the rest).
- ``site.proofread_site(site, now, kb=…)``: re-crawl the site with the scan engine and proofread it.
- ``schedule.proofread_due()``: claim (compare-and-set) and run the yearly whole-site proofreadings.
- ``users.ensure_proofreaders(n)``: the group 校对员 and its accounts.
- ``newmedia.install()``: register the engine with ``checks.account_proofread``.
"""
