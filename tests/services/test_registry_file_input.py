"""Registry YAML files with bad input: a GBK file, bad URLs, unknown fields and values — Chinese
UsageErrors naming the field, never a traceback or pydantic's English."""

from pathlib import Path

import pytest

from govwatch.cli.main import main
from govwatch.core.errors import UsageError
from govwatch.services.registry_file import load_registry

GOOD = """sites:
  - name: 测试县人民政府
    home_url: http://www.cs.gov.cn/
    unit: 测试县人民政府办公室
    level: 县
    columns:
      - {name: 政务动态, url: /zwdt/, type: news}
"""


def test_a_gbk_registry_is_read(tmp_path: Path) -> None:
    path = tmp_path / "sites.yaml"
    path.write_bytes(GOOD.encode("gbk"))
    (site,) = load_registry(path)
    assert site.name == "测试县人民政府" and site.columns[0].name == "政务动态"


def test_undecodable_registry_asks_for_utf8(tmp_path: Path) -> None:
    path = tmp_path / "sites.yaml"
    path.write_bytes(b"name: \xff\xfe\xfa\x80\x81\nhome_url: http://www.cs.gov.cn/\n" + bytes(range(0x80, 0xa0)))
    with pytest.raises(UsageError, match="UTF-8"):
        load_registry(path)


@pytest.mark.parametrize("replace, words", [
    (("url: /zwdt/", 'url: "http://[bad"'), "columns[0].url：网址格式错误"),
    (("home_url: http://www.cs.gov.cn/", "home_url: ftp://www.cs.gov.cn/"), "home_url：应为 http:// 或 https://"),
    (("home_url: http://www.cs.gov.cn/", "home_url: http://www.cs.gov.cn:99999/"), "home_url：网址格式错误"),
    (("level: 县", "level: 省"), "level 只能是 市、县、乡镇 或留空"),
    (("level: 县", "levle: 县"), "levle：不认识的字段"),
    (("type: news", "type: blog"), "columns[0].type：取值无效（应为 'news'"),
    (("unit: 测试县人民政府办公室", "unit: [1, 2]"), "unit：应为文字"),
])
def test_bad_values_are_named_in_chinese(tmp_path: Path, replace: tuple[str, str], words: str) -> None:
    path = tmp_path / "sites.yaml"
    path.write_text(GOOD.replace(*replace), encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        load_registry(path)
    assert words in str(exc.value)
    assert "Input should" not in str(exc.value) and "Extra inputs" not in str(exc.value)


def test_cli_with_a_bad_registry_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sites.yaml"
    path.write_text(GOOD.replace("url: /zwdt/", 'url: "http://[bad"'), encoding="utf-8")
    assert main(["scan", "http://www.cs.gov.cn/", "--registry", str(path), "--out", str(tmp_path / "r")]) == 2
    assert "网址格式错误" in capsys.readouterr().err
