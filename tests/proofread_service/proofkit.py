"""Shared by the proofreading-service tests: texts with and without problems, an article page, the host."""

from __future__ import annotations

HOST = "www.jiaodui.gov.cn"
BAD = ("国务院总理赵乐际出席会议并讲话。原国家工商行政管理总局的职能已划入新机构。"
       "申请人身份证号：11010519491231002X。")
CLEAN = "国务院总理李强出席会议并讲话。国家市场监督管理总局负责市场综合监督管理。会议要求加强与人民银行的沟通协调。"
FILLER = "各地区各部门要认真贯彻落实本通知精神，结合实际抓好组织实施。" * 3


def article(title: str, paragraph: str) -> str:
    """An article page: navigation, the article (title, ``paragraph``, filler) and a footer."""
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            "<div class='nav'><a href='/'>首页</a> <a href='/art/1.html'>通知公告</a></div>"
            f"<div class='article'><h1>{title}</h1><p>{paragraph}</p><p>{FILLER}</p></div>"
            "<div class='footer'>主办单位：校对测试市人民政府办公室</div></body></html>")
