"""Generate a synthetic Chinese government website for the crawl benchmark.

The site has the shape of a city portal (门户网站): a homepage, column list pages (栏目) with dated rows
``YYYY-MM-DD`` paginated 20 to a page (``index.html``, ``index_1.html`` …), article pages
(``/art/YYYY/M/D/art_COLUMN_ID.html``), a site map and two fixed pages. Every HTML page carries about 60
links (navigation, breadcrumbs, 相关阅读, 热点信息, footer, 友情链接), a few images, CSS and JS files,
attachments on policy articles, and the footer identity (网站标识码, ICP备案, 公网安备, 党政机关标识).
Some links are dead on purpose (missing articles, images and attachments). Output is deterministic for a
given ``pages``, ``seed`` and ``today``.

Usage as a script: ``python benchmarks/sitegen.py DIR [--pages 5000]``.
"""

from __future__ import annotations

import argparse
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import sitetext as txt

ROWS_PER_LIST = 20
SITE_NAME = "云溪市人民政府"
SITE_ID_CODE = "3609990001"
ICP = "赣ICP备05009999号-1"
POLICE = "赣公网安备 36099902000001号"
STATIC = {"/wzdt.html": "网站地图", "/lxwm.html": "联系我们", "/wzsm.html": "网站声明",
          "/zt/zt1/index.html": "优化营商环境", "/zt/zt2/index.html": "乡村振兴"}
CSS = ("/css/common.css", "/css/article.css")
JS = ("/js/jquery.min.js", "/js/common.js")
IMAGES = tuple(f"/uploads/images/p{k:03d}.jpg" for k in range(40))
FILES = tuple(f"/uploads/files/f{k:03d}.{ext}" for k, ext in
              zip(range(30), ("pdf", "doc", "xls") * 10, strict=True))
# Inline style and script blocks as content-management systems put on every page (bytes to parse, no links).
_STYLE = "<style>" + "".join(f".m{k}{{margin:{k}px;padding:{k % 7}px;color:#{k * 4099 % 0xFFFFFF:06x}}}\n"
                             for k in range(90)) + "</style>"
_SCRIPT = ("<script>\nvar _hmt = _hmt || [];\n" + "".join(
    f"function tab{k}(n){{var b=document.getElementById('tab{k}_'+n);if(b){{b.className='on';}}return false;}}\n"
    for k in range(40)) + "</script>")
EXTERNAL = (("中国政府网", "https://www.gov.cn/"), ("江西省人民政府", "https://www.jiangxi.gov.cn/"),
            ("国家政务服务平台", "https://gjzwfw.www.gov.cn/"), ("江西政务服务网", "http://www.jxzwfww.gov.cn/"),
            ("国务院客户端", "https://app.www.gov.cn/"), ("人民网", "http://www.people.com.cn/"),
            ("新华网", "http://www.xinhuanet.com/"), ("我为政府网站找错",
                                                   f"https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={SITE_ID_CODE}"))


@dataclass(frozen=True)
class ColumnDef:
    """A column of the generated site: id in its URL, Chinese name, share of the articles, days
    between two items (its update rhythm), and days since its newest item."""

    cid: int
    name: str
    weight: int
    gap_days: float
    newest_days: int = 0

    def list_path(self, page: int) -> str:
        """URL path of list page ``page`` (0-based) of this column."""
        return f"/col/col{self.cid}/index.html" if page == 0 else f"/col/col{self.cid}/index_{page}.html"


COLUMNS = (
    ColumnDef(1001, "要闻动态", 30, 0.6), ColumnDef(1002, "通知公告", 14, 2.0, 1),
    ColumnDef(1003, "政策文件", 12, 4.0, 3), ColumnDef(1004, "政策解读", 8, 5.0, 5),
    ColumnDef(1005, "人事信息", 6, 9.0, 12), ColumnDef(1006, "规划计划", 4, 30.0, 420),
    ColumnDef(1007, "统计数据", 8, 7.0, 20), ColumnDef(1008, "机构概况", 2, 60.0, 200),
    ColumnDef(1009, "互动交流", 9, 1.5, 2), ColumnDef(1010, "办事服务", 7, 6.0, 9),
)
MIN_PAGES = 1 + len(STATIC) + 2 * len(COLUMNS)  # homepage, fixed pages, one list page + one article a column


@dataclass
class _Article:
    col: ColumnDef
    index: int  # position in its column, 0 = newest
    aid: int
    day: date
    title: str

    @property
    def path(self) -> str:
        return f"/art/{self.day.year}/{self.day.month}/{self.day.day}/art_{self.col.cid}_{self.aid}.html"

    @property
    def list_path(self) -> str:
        return self.col.list_path(self.index // ROWS_PER_LIST)


@dataclass(frozen=True)
class SiteInfo:
    """What was generated: ``root`` folder; ``pages`` URL paths of every HTML page ('/' is the homepage);
    ``dead`` URL paths referenced but absent; ``assets`` images, CSS, JS and attachments present;
    ``references`` links of every kind on all pages together; ``max_depth`` clicks from the homepage to
    the farthest page; ``bytes`` total size of the HTML files."""

    root: Path
    pages: frozenset[str]
    dead: frozenset[str]
    assets: frozenset[str]
    references: int
    max_depth: int
    bytes: int

    @property
    def links_per_page(self) -> float:
        """Mean number of references (a, img, link, script) on one page."""
        return self.references / max(1, len(self.pages))


@dataclass
class _Refs:
    """Collects the references one page makes while it is rendered."""

    pages: list[str] = field(default_factory=list)
    count: int = 0

    def a(self, href: str, text: str, title: bool = False) -> str:
        self.count += 1
        if href.startswith("/"):
            self.pages.append(href)
        extra = f' title="{text}"' if title else ""
        return f'<a href="{href}"{extra}>{text}</a>'

    def img(self, src: str, alt: str) -> str:
        self.count += 1
        return f'<img src="{src}" alt="{alt}">'


def _allocate(pages: int) -> list[int]:
    """Articles per column so that homepage + static pages + list pages + articles == pages."""
    if pages < MIN_PAGES:
        raise ValueError(f"pages must be at least {MIN_PAGES}")
    budget = pages - 1 - len(STATIC)
    total_w = sum(c.weight for c in COLUMNS)
    for n in range(budget, 0, -1):
        counts = [max(1, n * c.weight // total_w) for c in COLUMNS]
        counts[0] += n - sum(counts)
        gap = budget - n - sum(-(-k // ROWS_PER_LIST) for k in counts)
        for i, k in enumerate(counts):  # fill the last list page of a column: one article = one page
            add = min(gap, -k % ROWS_PER_LIST) if gap >= 0 else 0
            counts[i] += add
            gap -= add
        if gap == 0:
            return counts
    raise ValueError(f"cannot lay out a site of {pages} pages")


def _articles(pages: int, rng: random.Random, today: date) -> list[_Article]:
    out: list[_Article] = []
    aid = 100000
    for col, count in zip(COLUMNS, _allocate(pages), strict=True):
        for i in range(count):
            aid += rng.randint(1, 7)
            day = today - timedelta(days=min(5400, col.newest_days + int(i * col.gap_days)))
            out.append(_Article(col, i, aid, day, txt.title(rng, col.name)))
    return out


def _footer(r: _Refs) -> str:
    friends = " ".join(r.a(url, name) for name, url in EXTERNAL)
    return (f'<div class="yqlj">友情链接：{friends}</div><div class="footer">'
            f'{r.a("/wzdt.html", "网站地图")} | {r.a("/lxwm.html", "联系我们")} | {r.a("/wzsm.html", "网站声明")}'
            f'<p>主办单位：{SITE_NAME}办公室　承办：云溪市大数据中心　地址：云溪市政务大道1号　电话：0795-1234567</p>'
            f'<p>网站标识码：{SITE_ID_CODE}　{r.a("https://beian.miit.gov.cn/", ICP)}　'
            f'{r.a("http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=36099902000001", POLICE)}</p>'
            f'<a href="https://bszs.conac.cn/sitename?method=show&amp;id=0A1B2C3D">'
            f'{r.img("/images/red.png", "党政机关")}</a></div>{_SCRIPT}')


def _header(r: _Refs, title: str, extra_head: str = "") -> str:
    nav = "".join(f"<li>{r.a(c.list_path(0), c.name)}</li>" for c in COLUMNS)
    r.count += len(CSS) + len(JS)
    styles = "".join(f'<link rel="stylesheet" href="{h}">' for h in CSS)
    scripts = "".join(f'<script src="{h}"></script>' for h in JS)
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="SiteName" content="{SITE_NAME}"><meta name="SiteDomain" content="www.yunxi.gov.cn">'
            f'<meta name="SiteIDCode" content="{SITE_ID_CODE}">{extra_head}{styles}{scripts}{_STYLE}</head><body>'
            f'<div class="top">{r.a("/", r.img("/images/logo.png", SITE_NAME))}'
            f'<span>{r.a("http://www.jxzwfww.gov.cn/", "政务服务")} {r.a("/wzdt.html", "网站地图")}</span></div>'
            f'<ul class="nav"><li>{r.a("/", "首页")}</li>{nav}</ul>')


def _rows(r: _Refs, items: list[_Article]) -> str:
    return "".join(f'<li>{r.a(a.path, a.title, title=True)}<span class="date">{a.day.isoformat()}</span></li>'
                   for a in items)


def _home(r: _Refs, by_col: dict[int, list[_Article]], rng: random.Random) -> str:
    blocks = []
    for col, n in zip(COLUMNS, (10, 8, 8, 6, 5, 3, 5, 2, 6, 8), strict=True):
        blocks.append(f'<div class="block"><h2>{r.a(col.list_path(0), col.name)}</h2>'
                      f'<ul>{_rows(r, by_col[col.cid][:n])}</ul>{r.a(col.list_path(0), "更多>>")}</div>')
    banner = "".join(r.a(a.path, r.img(rng.choice(IMAGES), a.title)) for a in by_col[COLUMNS[0].cid][:4])
    topics = " ".join(r.a(f"/zt/zt{k}/index.html", name) for k, name in
                      enumerate(("优化营商环境", "乡村振兴", "安全生产月"), start=1))
    return (_header(r, SITE_NAME) + f'<div class="banner">{banner}</div>{"".join(blocks)}'
            f'<div class="zt">专题专栏：{topics}</div>' + _footer(r) + "</body></html>")


def _list_page(r: _Refs, col: ColumnDef, page: int, last: int, items: list[_Article]) -> str:
    pager = [r.a(col.list_path(0), "首页")]
    if page > 0:
        pager.append(r.a(col.list_path(page - 1), "上一页"))
    pager += [r.a(col.list_path(k), str(k + 1)) for k in range(max(0, page - 3), min(last, page + 3) + 1)]
    if page < last:
        pager.append(r.a(col.list_path(page + 1), "下一页"))
    pager.append(r.a(col.list_path(last), "尾页"))
    side = "".join(f"<li>{r.a(c.list_path(0), c.name)}</li>" for c in COLUMNS)
    return (_header(r, f"{col.name}_{SITE_NAME}", f'<meta name="ColumnName" content="{col.name}">')
            + f'<div class="crumb">当前位置：{r.a("/", "首页")} &gt; {r.a(col.list_path(0), col.name)}</div>'
            f'<div class="side"><ul>{side}</ul></div><div class="list"><h1>{col.name}</h1>'
            f'<ul>{_rows(r, items)}</ul><div class="pager">{" ".join(pager)} 共{last + 1}页</div></div>'
            + _footer(r) + "</body></html>")


def _body(r: _Refs, art: _Article, rng: random.Random, pool: list[_Article], dead: set[str]) -> str:
    paras = [f"<p>{txt.paragraph(rng)}</p>" for _ in range(rng.randint(5, 12))]
    for _ in range(rng.randint(0, 2)):
        paras.insert(rng.randrange(len(paras)), f'<p style="text-align:center">{r.img(rng.choice(IMAGES), "")}</p>')
    for _ in range(rng.randint(0, 3)):
        target = rng.choice(pool)
        paras.insert(rng.randrange(len(paras)), f"<p>详见：{r.a(target.path, target.title)}</p>")
    if rng.random() < 0.03:  # a dead link in the text: an article that was withdrawn
        gone = f"/art/2019/3/{rng.randint(1, 28)}/art_{art.col.cid}_{rng.randint(90000, 90039)}.html"
        dead.add(gone)
        paras.append(f"<p>原文：{r.a(gone, '相关文件')}</p>")
    if rng.random() < 0.01:
        gone = f"/uploads/images/missing_{rng.randint(0, 9)}.jpg"
        dead.add(gone)
        paras.append(f"<p>{r.img(gone, '')}</p>")
    if art.col.cid in (1003, 1006, 1007):  # policy, plan, statistics carry attachments
        files = rng.sample(FILES, rng.randint(1, 2))
        if rng.random() < 0.05:
            files.append(f"/uploads/files/old_{rng.randint(0, 9)}.pdf")
            dead.add(files[-1])
        paras.append("<p>附件：" + " ".join(r.a(f, f"附件{k + 1}") for k, f in enumerate(files)) + "</p>")
    return "".join(paras)


def _article_page(r: _Refs, art: _Article, siblings: list[_Article], pool: list[_Article],
                  rng: random.Random, dead: set[str]) -> str:
    col = art.col
    related = rng.sample(siblings, min(12, len(siblings)))
    hot = rng.sample(pool, 10)
    neighbours = []
    if art.index > 0:
        neighbours.append("上一篇：" + r.a(siblings[art.index - 1].path, siblings[art.index - 1].title))
    if art.index + 1 < len(siblings):
        neighbours.append("下一篇：" + r.a(siblings[art.index + 1].path, siblings[art.index + 1].title))
    stamp = f"{art.day.isoformat()} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"
    head = (f'<meta name="ArticleTitle" content="{art.title}"><meta name="PubDate" content="{stamp}">'
            f'<meta name="ColumnName" content="{col.name}"><meta name="ContentSource" content="{SITE_NAME}办公室">')
    return (_header(r, f"{art.title}_{SITE_NAME}", head)
            + f'<div class="crumb">当前位置：{r.a("/", "首页")} &gt; {r.a(col.list_path(0), col.name)}</div>'
            f'<div class="article"><h1>{art.title}</h1><div class="info">发布时间：{stamp}　'
            f'来源：{SITE_NAME}办公室　{r.a(art.list_path, "返回列表")}</div>'
            f'<div class="content">{_body(r, art, rng, pool, dead)}</div>'
            f'<div class="near">{"<br>".join(neighbours)}</div>'
            f'<div class="related"><h3>相关阅读</h3><ul>{_rows(r, related)}</ul></div></div>'
            f'<div class="hot"><h3>热点信息</h3><ul>{"".join(f"<li>{r.a(a.path, a.title)}</li>" for a in hot)}'
            "</ul></div>" + _footer(r) + "</body></html>")


def _static_page(r: _Refs, path: str) -> str:
    title = STATIC[path]
    if path == "/wzdt.html":
        body = "".join(f"<li>{r.a(c.list_path(0), c.name)}</li>" for c in COLUMNS)
    else:
        body = "".join(f"<p>{txt.paragraph(random.Random(path))}</p>" for _ in range(3))
    return (_header(r, f"{title}_{SITE_NAME}") + f"<h1>{title}</h1><ul>{body}</ul>" + _footer(r)
            + "</body></html>")


def _write_assets(root: Path) -> None:
    for path in CSS:
        _write(root, path, b"body{font-family:'Microsoft YaHei',sans-serif}.nav li{float:left}\n" * 40)
    for path in JS:
        _write(root, path, b"function setTab(n){return n}\n" * 60)
    for path in (*IMAGES, "/images/logo.png", "/images/red.png"):
        _write(root, path, b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8)
    for path in FILES:
        _write(root, path, b"%PDF-1.4\n" + b"0" * 4000)
    _write(root, "/robots.txt", b"User-agent: *\nDisallow: /admin/\n")


def _write(root: Path, url_path: str, data: bytes) -> int:
    target = root / (url_path.lstrip("/") or "index.html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return len(data)


def _depth(graph: dict[str, list[str]]) -> int:
    """Longest shortest path (in clicks) from '/' to any page of ``graph``; -1 if one is unreachable."""
    seen = {"/": 0}
    queue = deque(["/"])
    while queue:
        here = queue.popleft()
        for there in graph.get(here, ()):
            if there in graph and there not in seen:
                seen[there] = seen[here] + 1
                queue.append(there)
    return max(seen.values()) if len(seen) == len(graph) else -1


def generate_site(root: Path, pages: int = 5000, seed: int = 2019, today: date | None = None) -> SiteInfo:
    """Write a site of exactly ``pages`` HTML pages under ``root`` (created if needed).

    Raises ValueError when ``pages`` is below MIN_PAGES (26), too few for the site's shape."""
    rng = random.Random(seed)
    arts = _articles(pages, rng, today or date.today())
    by_col: dict[int, list[_Article]] = {c.cid: [] for c in COLUMNS}
    for art in arts:
        by_col[art.col.cid].append(art)
    graph: dict[str, list[str]] = {}
    dead: set[str] = {"/zt/zt3/index.html"}
    refs = size = 0

    def emit(path: str, render: Callable[[_Refs], str]) -> None:
        nonlocal refs, size
        r = _Refs()
        size += _write(root, path, render(r).encode("utf-8"))
        graph[path] = r.pages
        refs += r.count

    emit("/", lambda r: _home(r, by_col, rng))
    for path in STATIC:
        emit(path, partial(_static_page, path=path))
    for col in COLUMNS:
        items = by_col[col.cid]
        last = (len(items) - 1) // ROWS_PER_LIST
        for page in range(last + 1):
            rows = items[page * ROWS_PER_LIST:(page + 1) * ROWS_PER_LIST]
            emit(col.list_path(page), partial(_list_page, col=col, page=page, last=last, items=rows))
    for art in arts:
        emit(art.path, partial(_article_page, art=art, siblings=by_col[art.col.cid], pool=arts, rng=rng, dead=dead))
    _write_assets(root)
    assets = frozenset((*CSS, *JS, *IMAGES, *FILES, "/images/logo.png", "/images/red.png"))
    return SiteInfo(root, frozenset(graph), frozenset(dead), assets, refs, _depth(graph), size)


def main() -> None:
    """Command line: generate the site into a folder and print what was made."""
    parser = argparse.ArgumentParser(description="生成基准测试用的政府网站")
    parser.add_argument("root", type=Path)
    parser.add_argument("--pages", type=int, default=5000)
    args = parser.parse_args()
    info = generate_site(args.root, args.pages)
    print(f"{len(info.pages)} pages, {info.links_per_page:.1f} links/page, {len(info.dead)} dead URLs, "
          f"max depth {info.max_depth}, {info.bytes / 1e6:.1f} MB HTML in {info.root}")


if __name__ == "__main__":
    main()
