"""The typed errors of govstats. Each names the file, and where known the sheet,
row and column, so that a user can open the input at the cell that went wrong."""

from __future__ import annotations

from govstats.source import Source


class GovstatsError(Exception):
    """Base of every error govstats raises on purpose."""

    def __init__(self, message: str, source: Source | str | None = None) -> None:
        if isinstance(source, str):
            source = Source(source)
        self.source = source
        self.reason = message
        super().__init__(f"{source}: {message}" if source else message)

    @property
    def file(self) -> str | None:
        return self.source.file if self.source else None

    @property
    def zh(self) -> str:
        """The message as a Chinese reader reads it, the place in Chinese:
        ``附件.xlsx 工作表“附件4”第13行C列：…`` (what the command line prints)."""
        return f"{self.source.zh}：{self.reason}" if self.source else self.reason


class UsageError(GovstatsError):
    """The call itself is wrong: a missing path, an unknown option value."""


class CountError(GovstatsError, ValueError):
    """A count in a table given to the API is no count: not finite, past
    :data:`~govstats.tidy.counts.MAX_COUNT` or not whole (never wrapped or rounded into one)."""


class UnreadableInputError(GovstatsError):
    """An input could not be read at all; the other inputs are still loaded.

    ``label`` says in Chinese what went wrong: it leads the ``unreadable-input``
    finding, whose readers (the briefing, the workbook's 数据核查 sheet) read Chinese.
    """

    label = "文件无法读取"

    @property
    def zh(self) -> str:
        """``无法读取 附件.xlsx（文件已损坏或不完整）：…``: the file, what kind of failure, why."""
        kind = "" if self.label == UnreadableInputError.label else f"（{self.label}）"
        return f"无法读取 {self.source.zh if self.source else ''}{kind}：{self.reason}"


class UnsupportedFormatError(UnreadableInputError):
    """The file's content is no format govstats reads (checked by content, not name; the
    formats read are :data:`govstats.read.registry.FORMATS`)."""

    label = "不是可读取的格式"


class EmptyInputError(UnreadableInputError):
    """The file is empty or holds no notice, narrative or table."""

    label = "文件为空，或其中未识别出通报和表格"


class CorruptFileError(UnreadableInputError):
    """The file is truncated or damaged (a broken zip, an invalid workbook)."""

    label = "文件已损坏或不完整"


class PasswordProtectedError(UnreadableInputError):
    """The file is encrypted; save it without a password and load it again."""

    label = "文件设有打开密码，请取消密码另存后再导入"

    def __init__(self, message: str = "已加密（设有打开密码）", source: Source | str | None = None) -> None:
        super().__init__(message, source)


class UnsafeInputError(UnreadableInputError):
    """The file tries something unsafe: XML entities, a decompression bomb."""

    label = "文件含不安全内容（XML实体声明或压缩炸弹），已拒绝读取"


class InputTooLargeError(UnreadableInputError):
    """The file, or the extent of its sheets and tables, is past what govstats reads:
    refused before the work is done, with the limit in the message."""

    label = "文件或其表格超出读取上限，已拒绝读取"


class ScannedDocumentError(UnreadableInputError):
    """The document holds no text layer (a scan or an image): its words are pictures
    until OCR reads them."""

    label = "扫描件或图片，没有文字层"

    def __init__(
        self,
        message: str = "文件中的文字是图像（扫描件），没有可读取的文字层：需要先用OCR（文字识别）"
        "转为可复制文字的PDF或Word文档，或取得原始的Word/Excel文件后再导入",
        source: Source | str | None = None,
    ) -> None:
        super().__init__(message, source)


class OutputError(UsageError):
    """The output target cannot be written (a file where a folder is wanted, read-only,
    disk full); nothing of the previous output is changed."""


class PeriodError(GovstatsError):
    """A period could not be understood (``--period`` or in the data)."""


class CalendarError(GovstatsError):
    """A date the working-day calendar does not know (a year the State Council's calendar
    in ``chinese-calendar`` has not published yet): its deadlines would be a guess."""


class MissingPublisherWarning(UserWarning):
    """Some rows name no publisher: each input file of theirs is kept apart (column ``input``)."""


__all__ = [
    "CalendarError",
    "CorruptFileError",
    "CountError",
    "EmptyInputError",
    "GovstatsError",
    "InputTooLargeError",
    "MissingPublisherWarning",
    "OutputError",
    "PasswordProtectedError",
    "PeriodError",
    "ScannedDocumentError",
    "UnreadableInputError",
    "UnsafeInputError",
    "UnsupportedFormatError",
    "UsageError",
]
