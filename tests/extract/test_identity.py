"""Footer identity: the real 万载 / 宜春 / 上海卫健委 pages, and the homepage → other page fallback."""

from __future__ import annotations

from pathlib import Path

import pytest
from crawlkit import crawl, doc, page

from govwatch.core import SiteSpec
from govwatch.extract.identity import read_identity, site_identity

WANZAI = ("wanzai-yichun/2015/万载县2015年国民经济和社会发展统计公报.html",
          "http://www.wanzai.gov.cn/wzxrmzf/tjgb/201705/9c059bf058ef4db8b3c8f920e22186fe.shtml")
YICHUN = ("wanzai-yichun/宜春市/2022/宜春市2022年国民经济和社会发展统计公报 _ 中国宜春.html",
          "https://www.yichun.gov.cn/ycsrmzf/tjgb/202305/36796cdc82d04268913f2884cf2fe579.shtml")


def real(corpus: Path, rel: str, url: str):  # type: ignore[no-untyped-def]
    return read_identity(page(url, (corpus / "sites" / rel).read_text(encoding="utf-8"), home=True))


@pytest.mark.corpus
def test_wanzai_footer(corpus: Path) -> None:
    facts = real(corpus, *WANZAI)
    assert facts.site_id_codes == ("3609220011",) and facts.meta_site_id == "3609220011"
    assert facts.icp == ("赣ICP备11002306号-1",)
    assert facts.police_filings == ("赣公网安备 36092202000105号",)
    assert facts.badge and facts.badge_url.startswith("https://bszs.conac.cn/sitename?method=show")
    assert facts.units == ("万载县人民政府",)
    assert "0795-8819792" in facts.contacts
    assert "网站标识码：3609220011" in facts.snippet


@pytest.mark.corpus
def test_yichun_footer(corpus: Path) -> None:
    facts = real(corpus, *YICHUN)
    assert facts.site_id_codes == ("3609000002",) and facts.meta_site_id == "3609000002"
    assert facts.icp == ("赣ICP备06000141号",)
    assert facts.police_filings == ("赣公网安备 36090202000004号",)
    assert facts.badge and "bszs.conac.cn" in facts.badge_url
    assert facts.units == ("宜春市人民政府",)
    assert facts.contacts and facts.contacts[0].startswith("联系我们：https://www.yichun.gov.cn/")


@pytest.mark.corpus
def test_shanghai_footer_is_written_by_javascript(corpus: Path) -> None:
    facts = real(corpus, "wsjkw.sh.gov.cn/yqtb/index.html", "https://wsjkw.sh.gov.cn/yqtb/index.html")
    assert facts.meta_site_id == "3100000010"
    assert (facts.site_id_codes, facts.icp, facts.police_filings, facts.units) == ((), (), (), ())
    assert not facts.badge


@pytest.mark.corpus
def test_ministry_style_codes_and_other_layouts(corpus: Path) -> None:
    gov = real(corpus, "articles/govcn-article.html", "https://www.gov.cn/a.htm")
    assert gov.site_id_codes == ("bm01000001",) and gov.icp == ("京ICP备05070218号",)
    assert gov.police_filings == ("京公网安备11010202000001号",) and gov.badge
    shanxi = real(corpus, "articles/shanxi-gov-article.html", "http://www.shanxi.gov.cn/a.shtml")
    assert shanxi.site_id_codes == ("1400000045",) and shanxi.police_filings == ("晋公网安备 14010502050691号",)


FOOT = ('<div id="bottom"><p>主办单位：某某县人民政府办公室 地址：某某县人民路8号 电话：(0791)86889999 0791-86889999</p>'
        '<p>网站标识码3601000001 赣ICP备 12345678号 赣公网安备36010002000123号</p>'
        '<a href="https://bszs.conac.cn/sitename?method=show&id=X"><img src="/img/red.png"></a></div>')


def test_synthetic_footer_variants() -> None:
    facts = read_identity(page("http://www.a.gov.cn/", doc("<p>正文</p>" + FOOT), home=True))
    assert facts.site_id_codes == ("3601000001",)
    assert facts.icp == ("赣ICP备12345678号",)  # inner spaces dropped
    assert facts.police_filings == ("赣公网安备36010002000123号",)
    assert facts.units == ("某某县人民政府办公室",)
    assert "0791-86889999" in facts.contacts and "某某县人民路8号" in facts.contacts
    assert facts.badge and facts.badge_url == "https://bszs.conac.cn/sitename?method=show&id=X"
    assert facts.meta_site_id == ""


def test_badge_without_conac_link_and_no_footer_element() -> None:
    html = doc('<p>正文很长的内容</p><p>网站标识码：3601000002</p><img alt="党政机关网站标识" src="/b.png">')
    facts = read_identity(page("http://www.a.gov.cn/", html, home=True))
    assert facts.site_id_codes == ("3601000002",)  # read from the tail of the body
    assert facts.badge and facts.badge_url == ""


def test_code_must_be_ten_characters() -> None:
    html = doc('<footer>网站标识码：36010000021 标识码:123456789</footer>')
    assert read_identity(page("http://www.a.gov.cn/", html, home=True)).site_id_codes == ()


def test_homepage_without_footer_falls_back_to_the_first_page_with_one() -> None:
    home = page("http://www.a.gov.cn/", doc("<p>首页</p>", '<meta name="SiteIDCode" content="3601000001">'), home=True)
    article = page("http://www.a.gov.cn/a.html", doc("<p>文章</p>" + FOOT))
    facts = site_identity(crawl(SiteSpec(home_url=home.url), home, article))
    assert facts.page_url == "http://www.a.gov.cn/a.html"
    assert facts.site_id_codes == ("3601000001",) and facts.meta_site_id == "3601000001"
    none = site_identity(crawl(SiteSpec(home_url=home.url), home))
    assert none.page_url == "http://www.a.gov.cn/" and none.meta_site_id == "3601000001" and not none.icp
    assert site_identity(crawl(SiteSpec(home_url=home.url))).page_url == ""
