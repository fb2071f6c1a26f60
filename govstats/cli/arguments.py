"""argparse in Chinese for the ``govstats`` command line: :class:`Parser` titles its
sections, words its usage line and its ``-h``, wraps help by the width a terminal gives
Chinese text, and says argparse's own errors in Chinese from :data:`ARGPARSE`.

Nothing global is changed: a program that uses argparse beside govstats keeps its English."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from govstats.terminal import width, wrap

ARGPARSE = {
    "the following arguments are required: %s": "缺少必需的参数：{0}",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值 {value}（可选：{choices}）",
    "unrecognized arguments: %s": "无法识别的参数：{0}",
    "expected one argument": "需要一个值",
    "expected at least one argument": "需要至少一个值",
    "expected at most one argument": "至多接受一个值",
    "expected %s arguments": "需要{0}个值",
    "expected %s argument": "需要{0}个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 {option} 有歧义，可能是：{matches}",
    "invalid %(type)s value: %(value)r": "无效的取值 {value}（应为 {type}）",
    "not allowed with argument %s": "不能与参数 {0} 同时使用",
    "one of the arguments %s is required": "参数 {0} 须给出其中之一",
    "ignored explicit argument %r": "此选项不接受取值 {0}",
    "can't open '%(filename)s': %(error)s": "无法打开“{filename}”：{error}",
    "argument %(argument_name)s: %(message)s": "参数 {argument_name}：{message}",
}
"""argparse's error templates (as its source words them) and what the user reads instead."""

HELP = "显示此帮助并退出"
USAGE = "用法："
POSITIONALS = "位置参数"
OPTIONS = "选项"


def _pattern(template: str) -> re.Pattern:
    """The regular expression of an argparse template: each ``%(name)s``/``%s`` a group."""
    out, n = "", 0
    for part in re.split(r"(%\(\w+\)[sr]|%[sr])", template):
        if m := re.fullmatch(r"%\((\w+)\)[sr]", part):
            out += f"(?P<{m[1]}>.+?)"
        elif re.fullmatch(r"%[sr]", part):
            out += f"(?P<_{n}>.+?)"
            n += 1
        else:
            out += re.escape(part)
    return re.compile(f"^{out}$", re.S)


_TABLE = [(_pattern(en), zh) for en, zh in ARGPARSE.items()]


def translate(message: str) -> str:
    """argparse's ``message`` in Chinese (an inner message too: ``argument -o: expected one
    argument``); one it has no entry for is returned as it is."""
    for pattern, zh in _TABLE:
        if m := pattern.match(message):
            named = {k: v for k, v in m.groupdict().items() if not k.startswith("_")}
            if "message" in named:
                named["message"] = translate(named["message"])
            positional = [v for k, v in m.groupdict().items() if k.startswith("_")]
            return zh.format(*positional, **named)
    return message


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Chinese usage prefix; help wrapped by terminal columns, not characters."""

    def _format_usage(self, usage, actions, groups, prefix) -> str:
        text = super()._format_usage(usage, actions, groups, USAGE if prefix is None else prefix)
        # argparse indents the usage's wrapped lines by len(prefix); 用法： takes more columns
        extra = " " * (width(USAGE) - len(USAGE)) if prefix is None else ""
        return "\n".join(
            ln if i == 0 or not ln.strip() else extra + ln for i, ln in enumerate(text.split("\n"))
        )

    def _split_lines(self, text: str, columns: int) -> list[str]:
        return wrap(text, columns)

    def format_help(self) -> str:
        # argparse ends each section title with an ASCII colon; a Chinese title takes ：
        return re.sub(r"(?m)^(\s*\S*[\u4e00-\u9fff]):$", r"\1：", super().format_help())


class Parser(argparse.ArgumentParser):
    """An ArgumentParser speaking Chinese; sub-command parsers made from it are one too."""

    def __init__(self, *args, add_help: bool = True, formatter_class=Formatter, **kwargs) -> None:
        super().__init__(*args, add_help=False, formatter_class=formatter_class, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONS
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {translate(message)}\n")


__all__ = ["ARGPARSE", "Formatter", "Parser", "translate"]
