"""What the commands share: the exit codes, an error line, the input options and the
loading of inputs, and the checks that an output can be written before any input is read."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from govstats.errors import OutputError, UsageError
from govstats.progress import say

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_CODES = """退出码：
  0    成功：所有输入均已读取（validate：没有错误级的发现）
  1    数据问题：有输入无法读取（已在 stderr 指明，其余照常写出）；
       validate 发现错误；report 的简报笔记本执行失败
  2    用法错误：缺少输入，参数不对，城市或统计期没有数据，有多个城市而未给 --publisher，
       模板不是 .docx，输出位置无法写入（是文件或输入文件夹、只读、磁盘已满）
  3    govstats 内部错误（请附 GOVSTATS_DEBUG=1 的输出报告）
  130  被 Ctrl-C 中断，不留下写了一半的文件
"""


def say_error(message: object) -> None:
    """An error: one line on stderr, shown under ``-q`` too."""
    say(message, error=True)


def add_load_options(p: argparse.ArgumentParser) -> None:
    """The inputs and ``--period``, ``--publisher``, ``--headers``, ``--deadline`` of ``ingest``
    and ``validate``."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="输入文件或文件夹（文件夹逐层读取）")
    p.add_argument("--period", metavar="PERIOD", help="所有输入的统计期，覆盖输入所载（如 2022Q1、2022-08）")
    p.add_argument(
        "--publisher",
        metavar="CITY",
        help="标题、元数据、文件名和文件夹名均未载明发布单位的输入所属的城市（如 鹰潭市）；已载明的输入不受影响",
    )
    p.add_argument(
        "--headers",
        metavar="CSV",
        help="把 govstats 不认识的表头对应到字段：header,field 两列的 CSV（如 成功应答,received）",
    )
    deadline_option(p)


def deadline_option(p: argparse.ArgumentParser) -> None:
    """``--deadline``: how message logs among the inputs are counted, for every command that
    loads inputs (``ingest``, ``validate``, ``panel``, ``report``, ``draft``)."""
    p.add_argument(
        "--deadline",
        metavar="RULE",
        help="留言日志的办理期限（收到后第N个工作日）：如 5，或 部门信箱=5,依申请公开=20+20（加号后为延期可再加的"
        "工作日数），或写有这样各行的文件；默认依申请公开20（延期加20），其余5",
    )


def load(args: argparse.Namespace):
    """The Dataset of ``ingest``'s or ``validate``'s inputs; each unreadable one said on stderr."""
    from govstats.dataset import load

    ds = load(
        args.paths, period=args.period, publisher=args.publisher, headers=args.headers, deadline=args.deadline
    )
    for status in ds.unreadable:
        say_error(status.error.zh)
    return ds


def check_output_folder(output: str, inputs: Sequence[str]) -> Path:
    """``output`` as a folder the tables can go to, before any input is read; a
    :class:`~govstats.errors.OutputError` (exit 2) saying why not."""
    from govstats.outputs import check_target, unwritable

    if not output.strip():
        raise OutputError("-o 不能为空：请给出写入表格的文件夹")
    out = Path(output)
    try:
        if out.exists() and not out.is_dir():
            raise OutputError(f"-o {output} 是已有的文件，不是文件夹")
        check_target(out, output)
    except OSError as exc:  # a folder above it cannot be entered
        raise unwritable(out, exc) from None
    resolved = out.resolve()
    for raw in inputs:
        src = Path(raw).resolve()
        if _is_dir(src) and (resolved == src or resolved in src.parents):
            raise OutputError(f"-o {output} 是输入文件夹 {raw} 本身或其上级：表格会混进输入，请另选文件夹")
    return out


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # under a folder that cannot be entered: reading it says so, as unreadable
        return False


def load_inputs(
    inputs: list[str], period: str | None = None, publisher: str | None = None, deadline: str | None = None
):
    """The Dataset of ``inputs``; ``period`` names the period when no input states one
    (11月份 with no year), ``publisher`` is the city of the inputs that name none (as
    ``ingest`` takes it; inputs that name one keep theirs), ``deadline`` the rule message
    logs are counted by (``--deadline``, as ``ingest`` takes it)."""
    from govstats.dataset import load

    ds = load(inputs, publisher=publisher, deadline=deadline, period_if_none=period)
    for status in ds.unreadable:
        say_error(status.error.zh)
    given = {
        f
        for t in (ds.handling, ds.problems, ds.headline)
        for f in t.loc[t["publisher_source"] == "given", "source"]
    }
    if given:
        say(f"{len(given)}行的输入未载明发布单位，按 --publisher 作{publisher}")
    return ds


DEFAULT_INPUT = "data/raw"


def selection_options(p: argparse.ArgumentParser) -> None:
    """The inputs (positional as ``ingest`` takes them, or ``-i``), ``--demo``, ``--period``,
    ``--publisher`` and ``--deadline`` of the commands that present one period."""
    p.add_argument("paths", nargs="*", metavar="PATH", help=f"输入文件或文件夹（默认 {DEFAULT_INPUT}）")
    p.add_argument("-i", "--input", nargs="+", default=[], metavar="PATH", help="同 PATH（两者可同时给出）")
    p.add_argument(
        "--demo", action="store_true", help="用随附的鹰潭市通报（2021年第四季度、2022年第一季度）试运行"
    )
    p.add_argument("--period", metavar="PERIOD", help="统计期，如 2022Q1（默认为输入中最近的一期）")
    p.add_argument(
        "--publisher",
        metavar="CITY",
        help="要呈现的城市（默认为该期唯一的一个）；也是未载明发布单位的输入所属的城市，"
        "与 ingest 相同（已载明的输入不受影响）",
    )
    deadline_option(p)


def inputs_of(args: argparse.Namespace) -> list[str]:
    """The inputs the user named (positional and ``-i``), the shipped Yingtan notices under
    ``--demo``, else ``data/raw`` when the folder the command runs in has one; a
    :class:`~govstats.errors.UsageError` saying what to do when there is nothing to read."""
    given = [*args.paths, *args.input]
    if args.demo:
        if given:
            raise UsageError("--demo 用随附的示例数据，不能同时给出输入文件")
        return [str(demo_folder())]
    if given:
        return given
    if Path(DEFAULT_INPUT).is_dir():
        return [DEFAULT_INPUT]
    raise UsageError(
        f"没有给出输入，当前文件夹下也没有 {DEFAULT_INPUT}：请在命令后写上通报文件或所在文件夹"
        f"（如 govstats {args.command} 通报文件夹），或先用 govstats {args.command} --demo 以随附的鹰潭市通报试运行"
    )


def demo_folder() -> Path:
    """The Yingtan notices shipped in the package (``govstats/resources/demo``)."""
    from importlib import resources

    return Path(str(resources.files("govstats.resources").joinpath("demo")))


def check_periods(**periods: str | None) -> None:
    """Each period option given (``period="2022Q9"``) as one govstats reads, before any
    input is: a :class:`~govstats.errors.UsageError` (exit 2) otherwise."""
    from govstats.errors import PeriodError
    from govstats.periods import parse_period

    for name, value in periods.items():
        if value is None:
            continue
        try:
            parse_period(value)
        except (PeriodError, ValueError) as exc:
            raise UsageError(f"参数 {name}：{getattr(exc, 'zh', exc)}") from None


def output_file(out: Path, what: str = "简报文件", example: str = "briefing.html") -> Path:
    """``out`` as a file ``what`` can be written to, checked before any input is read."""
    if not str(out).strip():
        raise OutputError(f"-o 不能为空：请给出{what}的路径")
    from govstats.outputs import check_target, unwritable

    try:
        if out.is_dir():
            raise OutputError(f"-o {out} 是文件夹：请给出{what}的路径（如 {out / example}）")
        check_target(out, str(out))
    except OSError as exc:  # a folder above it cannot be entered
        raise unwritable(out, exc) from None
    return out
