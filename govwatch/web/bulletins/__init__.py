"""Web views of the ``bulletins`` area; routes in ``urls.py``, included by govwatch.web.urls."""
