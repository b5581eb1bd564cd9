"""The one list of checks a scan runs. Adding a check = one module + one line here."""

from __future__ import annotations

from types import ModuleType

from govwatch.checks import (
    accessibility,
    account_collect_failed,
    account_commercial_ad,
    account_dead_link,
    account_low_frequency,
    account_no_interaction,
    account_proofread,
    account_stale,
    column_blank,
    column_stale,
    column_veto,
    content_outdated_name,
    content_sensitive,
    content_serious_error,
    content_typo,
    disclosure_interpretation,
    disclosure_overview,
    domain,
    elderly,
    homepage_stale,
    identity_footer,
    interaction_channel,
    interaction_messages,
    links,
    links_hijacked,
    mobile,
    privacy_pii,
    security_cloaking,
    security_defacement,
    security_exposed_file,
    security_foreign_script,
    security_headers,
    security_hidden_link,
    security_ipv6,
    security_mixed_content,
    security_server_version,
    security_tls,
    security_tls_protocols,
    seo,
    seo_search,
    service_guide,
    service_links,
    service_none,
)

CHECKS: list[ModuleType] = [
    homepage_stale,
    column_stale,
    column_blank,
    column_veto,
    identity_footer,
    domain,
    interaction_channel,
    interaction_messages,
    service_none,
    service_guide,
    service_links,
    disclosure_interpretation,
    disclosure_overview,
    links,
    content_serious_error,
    content_sensitive,
    content_outdated_name,
    content_typo,
    privacy_pii,
    security_hidden_link,
    security_foreign_script,
    security_tls,
    security_headers,
    security_exposed_file,
    security_server_version,
    security_mixed_content,
    security_cloaking,
    security_tls_protocols,
    security_ipv6,
    security_defacement,
    links_hijacked,
    seo,
    seo_search,
    accessibility,
    elderly,
    mobile,
]


def check_ids() -> list[str]:
    """The ids of every registered check (what a rulebook indicator's ``check`` may name)."""
    return [module.ID for module in CHECKS]


#: The new-media checks (政务新媒体), run per account over its collected posts — never by the website scan.
NEWMEDIA_CHECKS: list[ModuleType] = [
    account_collect_failed,
    account_stale,
    account_low_frequency,
    account_no_interaction,
    account_dead_link,
    account_commercial_ad,
    account_proofread,
]


def newmedia_check_ids() -> list[str]:
    """The ids of every new-media check (what a ``new_media`` indicator's ``check`` may name)."""
    return [module.ID for module in NEWMEDIA_CHECKS]
