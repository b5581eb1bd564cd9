"""Web views of the ``pages`` area; routes in ``urls.py``, included by govwatch.web.urls."""
