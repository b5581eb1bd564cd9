"""A realistic registry workbook, built with openpyxl the way a city's office would fill it in.

A city portal, 3 county portals, 10 department sites (city and county bureaus; parents given by URL in
several spellings or by name) and 5 WeChat/Weibo accounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
CITY = "http://www.yunling.gov.cn/"

SITE_HEADER = ["网站名称", "首页网址", "网站标识码", "主办单位", "级别", "类型", "上级门户"]
ACCOUNT_HEADER = ["平台", "账号名称", "账号ID/主页", "主办单位", "级别", "订阅地址"]

SITES: list[list[object]] = [
    ["云岭市人民政府", "http://www.yunling.gov.cn/", "5301000001", "云岭市人民政府办公室", "市", "门户", ""],
    ["东川县人民政府", "http://www.dongchuan.gov.cn/", "5301130001", "东川县人民政府办公室", "县", "门户", "云岭市人民政府"],
    ["西山区人民政府", "https://www.xishan.gov.cn", "5301120001", "西山区人民政府办公室", "县", "门户", "http://www.yunling.gov.cn"],
    ["南屏县人民政府", "http://www.nanping-x.gov.cn/index.html", 5301240001, "南屏县人民政府办公室", "县级", "门户", CITY],
    ["云岭市教育局", "http://jyj.yunling.gov.cn/", "5301000012", "云岭市教育局", "市", "部门", CITY],
    ["云岭市卫生健康委员会", "http://wjw.yunling.gov.cn/", "5301000013", "云岭市卫生健康委员会", "市", "部门", "云岭市人民政府"],
    ["云岭市公安局", "http://gaj.yunling.gov.cn/", "5301000014", "云岭市公安局", "市", "部门", CITY],
    ["云岭市财政局", "http://czj.yunling.gov.cn/", "5301000015", "云岭市财政局", "市", "部门", CITY],
    ["云岭市人力资源和社会保障局", "http://rsj.yunling.gov.cn/", "5301000016", "云岭市人力资源和社会保障局", "市", "部门", CITY],
    ["云岭市生态环境局", "HTTP://STHJJ.YUNLING.GOV.CN:80/", "5301000017", "云岭市生态环境局", "市", "部门", CITY],
    ["云岭市市场监督管理局", "http://scjgj.yunling.gov.cn/", "5301000018", "云岭市市场监督管理局", "市", "部门", CITY],
    ["东川县教育体育局", "http://jtj.dongchuan.gov.cn/", "", "东川县教育体育局", "县", "部门", "东川县人民政府"],
    ["西山区卫生健康局", "https://wjj.xishan.gov.cn/", "530112WJ01", "西山区卫生健康局", "县", "部门", "https://www.xishan.gov.cn/"],
    ["南屏县农业农村局", "http://nyj.nanping-x.gov.cn/", "5301240015", "南屏县农业农村局", "县", "部门", "南屏县人民政府"],
]

ACCOUNTS: list[list[object]] = [
    ["微信", "云岭发布", "yunlingfabu", "中共云岭市委宣传部", "市"],
    ["微博", "云岭发布", "https://weibo.com/u/5301000001", "中共云岭市委宣传部", "市"],
    ["微信", "云岭教育", "yljyfb", "云岭市教育局", "市"],
    ["微信", "东川发布", "dongchuanfabu", "东川县人民政府办公室", "县"],
    ["微博", "健康西山", "https://weibo.com/jkxishan", "西山区卫生健康局", "县"],
]


def write_workbook(path: Path, sites: Sequence[Sequence[object]] | None = None,
                   accounts: Sequence[Sequence[object]] | None = None,
                   site_header: Sequence[str] = SITE_HEADER, account_header: Sequence[str] = ACCOUNT_HEADER,
                   title: str | None = None) -> Path:
    """An xlsx at ``path`` with sheets 网站 and 新媒体账号 (None: the sheet is left out); ``title`` puts a
    title row above the site header."""
    book = Workbook()
    book.remove(book.active)
    if sites is not None:
        ws = book.create_sheet("网站")
        if title:
            ws.append([title])
        ws.append(list(site_header))
        for row in sites:
            ws.append(list(row))
    if accounts is not None:
        ws = book.create_sheet("新媒体账号")
        ws.append(list(account_header))
        for row in accounts:
            ws.append(list(row))
    book.save(path)
    return path
