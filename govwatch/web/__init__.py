"""Django web layer: settings, URLs, admin, views (DESIGN.md §1)."""
