"""An ArgumentParser whose own words (usage, headings, help flag, errors) are Chinese, like the rest."""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

_MESSAGES = (
    ("the following arguments are required:", "缺少必需的参数："),
    ("unrecognized arguments:", "无法识别的参数："),
    ("invalid choice:", "无效的取值："),
    ("(choose from", "（可选："),
    ("invalid int value:", "应为整数，收到："),
    ("invalid float value:", "应为数字，收到："),
    ("expected one argument", "需要一个取值"),
    ("argument ", "参数 "),
)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with Chinese headings; subcommand parsers inherit it. Errors exit 2 (bad usage)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "用法：", 1)

    def error(self, message: str) -> NoReturn:
        for english, chinese in _MESSAGES:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n（用 {self.prog} --help 查看用法）\n")
