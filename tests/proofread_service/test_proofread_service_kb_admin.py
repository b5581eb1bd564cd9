"""The knowledge base edited in the admin: each save is a new version validated with the engine's models
(a bad edit is refused with the Chinese error and stores nothing); the newest approved version is what
the service proofreads with; none approved → the bundled files."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from govwatch.proofread.engine import proofread
from govwatch.proofread.kb import KnowledgeBaseError, default_kb
from govwatch.services.proofreading.kb import current_kb
from govwatch.storage import proofread_queries as q
from govwatch.storage.models import KnowledgeBaseFile

pytestmark = pytest.mark.django_db
ADD = "/admin/storage/knowledgebasefile/add/"
NEW_WORD = "校对测试违禁词"


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("kbadmin", password="pw-kb-1"))
    return client


def _sensitive_with(word: str, version: str = "2026.2") -> str:
    text = q.bundled_text("sensitive").replace('version: "2026.1"', f'version: "{version}"')
    return text + f"  - name: 测试\n    severity: high\n    words: [{word}]\n"


def _post(client: Client, name: str, text: str, approved: bool = True) -> str:
    data = {"name": name, "text": text, "note": "测试修改"}
    if approved:
        data["approved"] = "on"
    return client.post(ADD, data, follow=True).content.decode()


def test_add_form_is_prefilled_with_the_current_text(admin_client: Client) -> None:
    page = admin_client.get(ADD + "?name=leaders").content.decode()
    assert "全国人大常委会委员长" in page  # the bundled leaders.yaml, ready to edit


@pytest.mark.parametrize(("name", "text", "message"), [
    ("leaders", "version: [unclosed", "不是合法的 YAML"),
    ("leaders", "- just\n- a list\n", "顶层应是一个映射"),
    ("leaders", 'version: "x"\n', "字段 leaders"),  # required field missing
    ("sensitive", 'version: "x"\ncategories:\n  - {name: a, words: [b], colour: red}\n', "字段 categories.0.colour"),
    ("expressions", 'version: "x"\nquoted:\n  - {term: 十四五, pattern: "十[五"}\n', "正则表达式无效"),
])
def test_a_bad_edit_is_refused_with_the_chinese_error(admin_client: Client, name: str, text: str,
                                                      message: str) -> None:
    page = _post(admin_client, name, text)
    assert message in page and "errornote" in page
    assert KnowledgeBaseFile.objects.count() == 0


def test_newest_approved_version_is_used(admin_client: Client) -> None:
    assert current_kb() is default_kb()  # nothing stored: the bundled files
    assert not [i for i in proofread(f"网站出现{NEW_WORD}。", current_kb(), typo=None).issues]
    page = _post(admin_client, "sensitive", _sensitive_with(NEW_WORD))
    assert "errornote" not in page
    row = KnowledgeBaseFile.objects.get()
    assert (row.name, row.version, row.approved, row.created_by.username) == ("sensitive", 1, True, "kbadmin")
    kb = current_kb()
    assert "sensitive@2026.2" in kb.version
    issues = proofread(f"网站出现{NEW_WORD}。", kb, typo=None).issues
    assert [(i.type, i.original) for i in issues] == [("content.sensitive", NEW_WORD)]
    assert current_kb() is kb  # cached while nothing changes

    _post(admin_client, "sensitive", _sensitive_with("另一个词", "2026.3"), approved=False)  # a draft
    assert KnowledgeBaseFile.objects.filter(name="sensitive").count() == 2
    assert "sensitive@2026.2" in current_kb().version  # drafts are not used
    assert q.next_kb_version("sensitive") == 3

    row.approved = False
    row.save()
    assert current_kb() is default_kb()  # no approved version left: bundled again


def test_saved_versions_keep_their_text(admin_client: Client) -> None:
    _post(admin_client, "sensitive", _sensitive_with(NEW_WORD))
    row = KnowledgeBaseFile.objects.get()
    page = admin_client.get(f"/admin/storage/knowledgebasefile/{row.pk}/change/").content.decode()
    assert 'name="text"' not in page  # read-only: a change is a new version
    admin_client.post(f"/admin/storage/knowledgebasefile/{row.pk}/change/",
                      {"text": "version: hacked", "approved": "on", "note": "x"})
    row.refresh_from_db()
    assert NEW_WORD in row.text


def test_parse_and_build_outside_the_admin() -> None:
    with pytest.raises(KnowledgeBaseError, match="未知的知识库文件"):
        q.parse_kb_text("colours", "version: 1")
    kb = q.build_kb({"sensitive": _sensitive_with(NEW_WORD)})
    assert kb.leaders == default_kb().leaders and "sensitive@2026.2" in kb.version
