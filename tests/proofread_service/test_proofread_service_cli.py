"""``govwatch proofread FILE|URL|-``: text on stdin, a .docx returned with Word comments, a URL fetched
from a live server, and bad inputs (exit 2 with a Chinese message, never a traceback)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import docx
import pytest
from proofkit import BAD, CLEAN, HOST
from pypdf import PdfWriter

from govwatch.cli.main import main
from govwatch.proofread.docx_comments import read_comments
from govwatch.sample.server import ServerThread

pytestmark = pytest.mark.django_db


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))


def test_text_on_stdin_lists_issues_in_chinese(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    _stdin(monkeypatch, "第一行没有问题。\n" + BAD)
    html = tmp_path / "out.html"
    assert main(["proofread", "-", "--no-typo", "--html", str(html)]) == 1
    out = capsys.readouterr().out
    assert "第 2 行第 1 字「国务院总理」 →「全国人大常委会委员长」　严重表述错误" in out
    assert "「国家工商行政管理总局」 →「国家市场监督管理总局」　过时机构名称　置信度 0.90　规则 kb.institutions" in out
    assert "1101**********002X" in out and "11010519491231002X" not in out.split("上下文")[0]
    assert "共发现 3 处问题" in out and "本次按要求未检查错别字" in out and "错别字模型不可用" not in out
    page = html.read_text(encoding="utf-8")
    assert page.count("<mark") == 3 and 'class="serious_error"' in page


def test_clean_text_exits_0_and_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _stdin(monkeypatch, CLEAN)
    assert main(["proofread", "-", "--no-typo"]) == 0
    assert "未发现问题" in capsys.readouterr().out
    _stdin(monkeypatch, BAD)
    assert main(["proofread", "-", "--no-typo", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"content.serious_error": 1, "content.outdated_name": 1, "privacy.pii": 1}
    first = data["issues"][0]
    assert (first["offset"], first["original"], first["suggestion"]) == (0, "国务院总理", "全国人大常委会委员长")
    assert data["kb_version"].startswith("leaders@")


def test_docx_comes_back_with_comments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "通知.docx"
    document = docx.Document()
    document.add_paragraph("关于做好有关工作的通知")
    para = document.add_paragraph("会议指出，")
    para.add_run("原国家工商行政管理总局").bold = True
    para.add_run("的职能已划入新机构。")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "联系人身份证号：11010519491231002X"
    document.save(str(source))
    out = tmp_path / "通知-批注.docx"
    assert main(["proofread", str(source), "--no-typo", "--docx", str(out)]) == 1
    assert "批注文档" in capsys.readouterr().out
    comments = read_comments(out.read_bytes())
    assert ("国家工商行政管理总局", next(c for t, c in comments if t == "国家工商行政管理总局")) in comments
    by_text = dict(comments)
    assert "国家市场监督管理总局" in by_text["国家工商行政管理总局"] and "过时机构名称" in by_text["国家工商行政管理总局"]
    assert "个人信息" in by_text["11010519491231002X"]
    back = docx.Document(str(out))
    assert back.paragraphs[1].text == "会议指出，原国家工商行政管理总局的职能已划入新机构。"  # text untouched
    assert any(r.bold and r.text == "国家工商行政管理总局" for r in back.paragraphs[1].runs)  # formatting kept


def test_url_main_text_through_resolve(gov_server: ServerThread, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://{HOST}:{gov_server.port}/art/1.html"
    code = main(["proofread", url, "--no-typo", "--resolve", f"{HOST}:{gov_server.port}:127.0.0.1", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["kind"] == "url" and data["name"] == url
    assert {i["original"] for i in data["issues"]} >= {"国务院总理", "国家工商行政管理总局"}
    assert not any("首页" in i["context"] or "主办单位" in i["context"] for i in data["issues"])  # main text only
    assert main(["proofread", f"http://{HOST}:{gov_server.port}/art/2.html", "--no-typo",
                 "--resolve", f"{HOST}:{gov_server.port}:127.0.0.1"]) == 0


def _encrypted_pdf(path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    with path.open("wb") as fh:
        writer.write(fh)


def test_bad_inputs_exit_2_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"this is not a zip archive")
    _encrypted_pdf(tmp_path / "加密.pdf")
    huge = tmp_path / "大文件.txt"
    with huge.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: over the 20 MB limit without writing it
    (tmp_path / "旧格式.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "a.txt").write_text("正文", encoding="utf-8")
    cases = {
        str(broken): "不是有效的 docx",
        str(tmp_path / "加密.pdf"): "加密的 PDF",
        str(huge): "超过 20 MB",
        str(tmp_path / "旧格式.doc"): "不支持的文件类型",
        str(tmp_path / "不存在.txt"): "找不到文件",
    }
    for source, message in cases.items():
        assert main(["proofread", source, "--no-typo"]) == 2, source
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, (source, err)
    assert main(["proofread", str(tmp_path / "a.txt"), "--docx", str(tmp_path / "x.docx")]) == 2
    assert "只适用于 .docx" in capsys.readouterr().err
    _stdin(monkeypatch, "  \n")
    assert main(["proofread", "-"]) == 2 and "输入为空" in capsys.readouterr().err


def test_dead_urls_exit_2(gov_server: ServerThread, capsys: pytest.CaptureFixture[str]) -> None:
    with ServerThread() as srv:
        assert main(["proofread", f"{srv.url}/status/404"]) == 2
        assert "返回 HTTP 404" in capsys.readouterr().err
        assert main(["proofread", f"{srv.url}/slow?s=5", "--timeout", "0.5"]) == 2
        assert "0.5 秒内没有响应" in capsys.readouterr().err
        dead = srv.port
    assert main(["proofread", f"http://127.0.0.1:{dead}/"]) == 2
    err = capsys.readouterr().err
    assert "无法打开网址" in err and "Traceback" not in err
    assert main(["proofread", "http://x/", "--resolve", "bad"]) == 2
    assert "--resolve 格式" in capsys.readouterr().err
