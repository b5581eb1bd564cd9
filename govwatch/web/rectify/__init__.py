"""Web views of the ``rectify`` area; routes in ``urls.py``, included by govwatch.web.urls."""
