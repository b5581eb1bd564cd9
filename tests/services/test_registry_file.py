import re
from pathlib import Path

import pytest

from govwatch.core.errors import UsageError
from govwatch.core.models import ColumnType
from govwatch.services.registry_file import load_registry, site_for_url


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_single_site_matches_any_port_and_rebases_columns(tmp_path: Path) -> None:
    path = write(tmp_path, """
name: 上海市卫生健康委员会
home_url: http://wsjkw.sh.gov.cn/
site_id_code: 3100000010
kind: department
columns:
  - {name: 疫情通报, url: /yqtb/index.html, type: news}
  - {name: 新闻发布, url: "http://wsjkw.sh.gov.cn/xwfb/index.html", type: news, window_days: 7}
""")
    site = site_for_url("http://wsjkw.sh.gov.cn:8123/yqtb/index.html", load_registry(path))
    assert site.site_id_code == "3100000010"
    assert site.kind == "department"
    assert [c.url for c in site.columns] == [
        "http://wsjkw.sh.gov.cn:8123/yqtb/index.html", "http://wsjkw.sh.gov.cn:8123/xwfb/index.html"]
    assert site.columns[0].type is ColumnType.NEWS
    assert [c.window_days for c in site.columns] == [None, 7]


def test_several_sites_matched_by_host(tmp_path: Path) -> None:
    path = write(tmp_path, """
sites:
  - {name: 甲, home_url: "http://a.example.gov.cn/"}
  - {name: 乙, home_url: "http://b.example.gov.cn/"}
""")
    entries = load_registry(path)
    assert site_for_url("http://b.example.gov.cn:99/", entries).name == "乙"
    with pytest.raises(UsageError, match="没有主机名为 c.example.gov.cn 的网站"):
        site_for_url("http://c.example.gov.cn/", entries)
    assert site_for_url("http://c.example.gov.cn/", []).name == ""


@pytest.mark.parametrize("text, words", [
    ("home_url: [unclosed", "不是合法的 YAML"),
    ("home_url: http://x.gov.cn/\nkind: county\n", "kind"),
    ("home_url: http://x.gov.cn/\ncolumns: [{name: 甲, url: /a, type: gossip}]\n", "columns[0].type：取值无效"),
    ("- 1\n- 2\n", "应包含一个网站"),
])
def test_bad_registry_is_a_usage_error_naming_the_field(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(UsageError, match=re.escape(words)):
        load_registry(write(tmp_path, text))


def test_missing_registry_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="无法读取登记文件"):
        load_registry(tmp_path / "nope.yaml")
