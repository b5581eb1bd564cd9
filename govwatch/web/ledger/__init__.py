"""Web views of the ``ledger`` area; routes in ``urls.py``, included by govwatch.web.urls."""
