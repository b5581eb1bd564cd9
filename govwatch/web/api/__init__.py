"""Web views of the ``api`` area; routes in ``urls.py``, included by govwatch.web.urls."""
