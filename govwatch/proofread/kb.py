"""Knowledge base (知识库) of the proofreading engine: versioned YAML data, validated with pydantic.

Files in ``data/`` (or any folder with the same names): ``leaders.yaml`` (names, titles, listing order),
``institutions.yaml`` (outdated → current names after the 2018 and 2023 reforms), ``expressions.yaml``
(wrong political wording, canonical expressions, quoted forms), ``sensitive.yaml`` (spam word
categories), ``whitelist.yaml`` (global and per-site terms never flagged). Each has a ``version``; the
knowledge base's :attr:`KnowledgeBase.version` joins them so a result records what it was checked against.
``confirmed: false`` marks an entry an editor must verify before it is relied upon.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from govwatch.core.errors import GovwatchError
from govwatch.rules.yamlfile import read_mapping

DATA_DIR = Path(__file__).resolve().parent / "data"


class KnowledgeBaseError(GovwatchError, ValueError):
    """A knowledge-base file is missing, not YAML, or fails validation (message in Chinese)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Leader(_Model):
    """A leader: ``titles`` current full titles, ``short`` forms written after the name (总理), ``former``
    titles legitimately held before (never flagged)."""

    name: str
    titles: tuple[str, ...]
    short: tuple[str, ...] = ()
    former: tuple[str, ...] = ()
    confirmed: bool = True

    @property
    def all_titles(self) -> frozenset[str]:
        """Every title that is right for this person (current, short, former)."""
        return frozenset(self.titles + self.short + self.former)


class LeaderGroup(_Model):
    """A group listed in a fixed order (政治局常委): ``members`` in that order."""

    id: str
    title: str
    members: tuple[str, ...]
    confirmed: bool = True


class Leaders(_Model):
    version: str
    groups: tuple[LeaderGroup, ...] = ()
    leaders: tuple[Leader, ...]


class Institution(_Model):
    """Outdated names ``old`` → the current name ``new``; ``exclude`` longer strings that are not it."""

    old: tuple[str, ...]
    new: str
    since: str = ""
    scope: str = "national"
    confirmed: bool = True
    exclude: tuple[str, ...] = ()


class Institutions(_Model):
    version: str
    current: tuple[str, ...] = ()
    entries: tuple[Institution, ...]


class WrongForm(_Model):
    """A wrong expression and the right one; ``severity`` serious (严重表述错误) or norm (不规范)."""

    wrong: str
    right: str
    severity: str = "serious"
    confirmed: bool = True


class Quoted(_Model):
    """A term official text puts in quotation marks; ``pattern`` a regex for its family (十X五)."""

    term: str
    pattern: str = ""
    confirmed: bool = True


class Expressions(_Model):
    version: str
    wrong: tuple[WrongForm, ...] = ()
    canonical: tuple[str, ...] = ()
    quoted: tuple[Quoted, ...] = ()


class SensitiveCategory(_Model):
    name: str
    severity: str = "medium"
    words: tuple[str, ...]


class Sensitive(_Model):
    version: str
    categories: tuple[SensitiveCategory, ...]


class Whitelist(_Model):
    version: str
    global_: tuple[str, ...] = Field(default=(), alias="global")
    sites: dict[str, tuple[str, ...]] = Field(default_factory=dict)


class KnowledgeBase(_Model):
    """The whole knowledge base; build with :func:`load_kb`."""

    leaders: Leaders
    institutions: Institutions
    expressions: Expressions
    sensitive: Sensitive
    whitelist: Whitelist

    @property
    def version(self) -> str:
        """'leaders@v;institutions@v;…' — recorded with every proofreading result."""
        parts = {"leaders": self.leaders.version, "institutions": self.institutions.version,
                 "expressions": self.expressions.version, "sensitive": self.sensitive.version,
                 "whitelist": self.whitelist.version}
        return ";".join(f"{k}@{v}" for k, v in parts.items())

    def whitelist_for(self, site: str = "") -> tuple[str, ...]:
        """Global whitelist terms plus those of ``site`` (a host name; '' for none)."""
        return self.whitelist.global_ + tuple(self.whitelist.sites.get(site.lower(), ()))


def _read(path: Path) -> dict[str, Any]:
    return read_mapping(path, "知识库文件", KnowledgeBaseError, "version …")


def load_kb(folder: Path | str = DATA_DIR) -> KnowledgeBase:
    """Load and validate the five knowledge-base files from ``folder``.

    Raises KnowledgeBaseError naming the file and the offending field.
    """
    folder = Path(folder)
    data = {}
    for name in ("leaders", "institutions", "expressions", "sensitive", "whitelist"):
        data[name] = _read(folder / f"{name}.yaml")
    try:
        return KnowledgeBase.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeBaseError(f"知识库 {folder} 校验失败：{exc}") from exc


@cache
def default_kb() -> KnowledgeBase:
    """The bundled knowledge base, loaded once."""
    return load_kb(DATA_DIR)
