"""The audit-log area (issue #4 §5): the bureau admin's audit page at ``/audit/`` and the app that wires
the sign-in and admin-change signal handlers of ``services.audit_log``."""
