"""Storage layer: Django models, migrations and queries (DESIGN.md §1). Below services only."""
