"""Evidence JSON made readable for the site page (services.dashboard.evidence): URLs as links, ISO times in
Beijing time, long lists cut with a count, tracebacks left out."""

from __future__ import annotations

from govwatch.services.dashboard.evidence import MAX_ITEMS, Part, readable


def test_urls_become_links_and_known_keys_get_chinese_labels() -> None:
    lines = readable({"url": "http://www.a.gov.cn/x.html", "status": 404, "text": "失效链接"})
    assert [(line.label, line.parts) for line in lines] == [
        ("网址", (Part("http://www.a.gov.cn/x.html", "http://www.a.gov.cn/x.html"),)),
        ("HTTP 状态码", (Part("404"),)), ("文字", (Part("失效链接"),))]


def test_times_lists_nested_dicts_and_tracebacks() -> None:
    lines = readable({"seen_at": "2026-11-20T02:00:00+00:00", "pages": [f"http://a.gov.cn/{i}" for i in range(30)],
                      "probe": {"ok": False, "seconds": 15.0123, "url": "http://a.gov.cn/"},
                      "traceback": "Traceback …", "empty": []})
    by_label = {line.label: line.parts for line in lines}
    assert by_label["发现时间"] == (Part("2026-11-20 10:00"),)
    pages = by_label["页面"]
    assert len(pages) == MAX_ITEMS + 1 and pages[0].href == "http://a.gov.cn/0" and pages[-1].text == "……共 30 项"
    assert by_label["probe"] == (Part("正常：否"), Part("耗时（秒）：15.01"), Part("http://a.gov.cn/", "http://a.gov.cn/"))
    assert "traceback" not in by_label and "empty" not in by_label


def test_long_text_is_cut_and_javascript_urls_are_not_links() -> None:
    lines = readable({"snippet": "字" * 500, "link": "javascript:alert(1)"})
    assert lines[0].parts[0].text.endswith("……") and len(lines[0].parts[0].text) == 302
    assert lines[1].parts == (Part("javascript:alert(1)"),)


def test_coded_values_are_chinese_and_unknown_keys_still_show() -> None:
    lines = readable({"column": "通知公告", "type": "notice", "type_name": "通知公告", "source": "discovered",
                      "verdict": "dead", "certainty": "suspected", "kind": "department",
                      "ref": {"verdict": "blocked"}, "brand_new_key": "值"})
    by_label = {line.label: tuple(p.text for p in line.parts) for line in lines}
    assert by_label["栏目类型"] == ("通知公告",) and "类型" in by_label and by_label["类型"] == ("部门网站",)
    assert by_label["来源"] == ("自动发现",) and by_label["结论"] == ("死链",)
    assert by_label["确定程度"] == ("疑似不可用",) and by_label["ref"] == ("结论：访问受限",)
    assert by_label["brand_new_key"] == ("值",)
