"""Use cases of bulletins (通报) and stored-site reports (监测报告): ``build`` gathers a bulletin's data,
``site_report`` a site's, ``jobs`` queues, generates (periodic job), archives and serves the files."""
