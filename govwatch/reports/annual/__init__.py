"""The 政府网站工作年度报表 (issue #8 §5): field list, the frozen form model and its docx/xlsx renderers.
Pure Python: the services layer fills an :class:`~govwatch.reports.annual.model.AnnualForm`."""
