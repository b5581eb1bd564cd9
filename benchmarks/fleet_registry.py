"""A real-shaped registry workbook (网站 sheet) for the fleet benchmark, imported by ``govwatch sites import``.

Shape of a city's fleet: one city portal (市), a county portal (县) for every 40 sites, a town portal
(乡镇) for every 10th of the rest, and department sites (部门) under the city portal or a county portal,
each with its own 主办单位 and a 10-digit 网站标识码. Homepages are the fixture server's loopback
addresses (``fleet_server.address``).
"""

from __future__ import annotations

from pathlib import Path

from fleet_server import address
from openpyxl import Workbook

HEADERS = ("网站名称", "首页网址", "网站标识码", "主办单位", "级别", "类型", "上级门户")
DEPARTMENTS = ("发展和改革委员会", "教育局", "公安局", "民政局", "财政局", "人力资源和社会保障局", "自然资源局",
               "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局",
               "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局")
COUNTY_EVERY = 40


def _row(i: int, port: int, portals: list[tuple[str, str, str]]) -> tuple[tuple[str, ...], tuple[str, str, str] | None]:
    """Row of site ``i``; the second value is (name, url, level) when the row is a portal."""
    url = f"http://{address(i)}:{port}/"
    code = f"{3_100_000_000 + i:010d}"
    if i == 0:
        return ("示例市人民政府门户网站", url, code, "示例市人民政府办公室", "市", "门户", ""), ("示例市", url, "市")
    if i % COUNTY_EVERY == 0:
        place = f"示例市第{i // COUNTY_EVERY}区"
        return (f"{place}人民政府门户网站", url, code, f"{place}人民政府办公室", "县", "门户", ""), (place, url, "县")
    parent_name, parent_url, level = portals[i % len(portals)] if i % 3 else portals[0]
    if i % 10 == 5:
        town = f"{parent_name}第{i}镇"
        return (f"{town}人民政府网站", url, code, f"{town}人民政府", "乡镇", "门户", ""), None
    dept = DEPARTMENTS[i % len(DEPARTMENTS)]
    unit = f"{parent_name}{dept}（{i}）"
    return (f"{unit}网站", url, code, unit, level, "部门", parent_url), None


def write_registry(path: Path, sites: int, port: int) -> Path:
    """Write ``sites`` rows to the 网站 sheet of a new workbook at ``path``; returns ``path``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "网站"
    sheet.append(HEADERS)
    portals: list[tuple[str, str, str]] = []
    for i in range(sites):
        row, portal = _row(i, port, portals)
        sheet.append(row)
        if portal is not None:
            portals.append(portal)
    book.save(path)
    return path
