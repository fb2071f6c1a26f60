"""The catalogue of findings: each code defined once, with its usual severity, its Chinese
name (the briefing's and the workbook's 类别), the Chinese template its message is filled
from and a note on when it is raised. docs/findings.md's table is this catalogue printed
(``python -m govstats.findings``), and a test holds the two equal.

A template names the fields the producer gives (``{unit}``, ``{printed}``); a code whose
checks say several different things (as frictionless' ``{note}``) takes them whole in one
field (``{detail}``, ``{reason}``, ``{arithmetic}``)."""

from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    """One kind of finding."""

    severity: str  # "error": the data is wrong; "warning": read in a way worth checking
    name: str
    template: str
    note: str


CODES: dict[str, Code] = {
    "unreadable-input": Code(
        "error",
        "文件无法读取",
        "{label}：{reason}",
        "a file cannot be read at all (damaged, password-protected, unsafe, too large, empty, not a format govstats reads, not a regular file, a folder that cannot be listed, its reading crashed a worker); the other files are still loaded",
    ),
    "unreadable-sheet": Code(
        "error",
        "工作表无法读取",
        "工作表无法读取，其内容未导入：{why}",
        "one sheet of a workbook cannot be read (its part is missing or is no worksheet, its XML is damaged); the other sheets are loaded",
    ),
    "bad-bytes": Code(
        "warning",
        "字节无法解码",
        "第{lines}行有{count}处字节无法按{encoding}解码，已替换为“\ufffd”，其余内容照常读取",
        "bytes of a text, CSV or HTML file that neither UTF-8 nor GB18030 decodes (a damaged byte, a NUL); replaced by “�” and the rest read, at the first line named",
    ),
    "mixed-encoding": Code(
        "warning",
        "编码混用",
        "文件混用两种编码：第{lines}行共{count}行按{other}读取，其余按{main}读取",
        "some lines of a text file are in the other encoding (GBK lines in a UTF-8 page): each line is read in its own, the lines listed",
    ),
    "macros-not-run": Code(
        "warning",
        "宏未运行",
        "文档含宏（.docm）：只读取其文字和表格，宏未运行",
        "a Word document with macros (.docm): its text and tables are read as a .docx's, its macros never run",
    ),
    "unclosed-quote": Code(
        "warning",
        "引号未闭合",
        "此行的引号没有闭合，本行按原样读取（引号保留），其后各行照常读取",
        "a CSV quote opened and never closed; the line is read as printed (the quote kept), the lines after it as rows of their own",
    ),
    "scanned-page": Code(
        "warning",
        "扫描页未读取",
        "PDF第{page}页只有图像、没有文字层（扫描件），需要先做文字识别（OCR），此页未读取",
        "a page of a PDF holds only a picture (a scan), no text layer, while other pages hold text: the page needs OCR and is not read, the others are (a PDF with no text at all is `unreadable-input`)",
    ),
    "no-table": Code(
        "warning",
        "工作表无可识别表格",
        "本工作表未识别出办理情况表或问题名单，其内容未导入",
        "a sheet holds content but no handling table or problem list was recognised",
    ),
    "unknown-column": Code(
        "warning",
        "未识别的列",
        "未识别的列“{header}”：{where}存入 extras 表；可用 --headers 把它映射到字段",
        "a header whose words govstats cannot compose into a field; its values are kept in `extras` (map it with `--headers`)",
    ),
    "inferred-column": Code(
        "warning",
        "按表格内容推定的列",
        "{reason}",
        "a column's role read from the table itself: the column of distinct names beside the counts as the unit column (a header such as 市州 or none), or a count column equal on every row to the sum of the others as received",
    ),
    "text-after-table": Code(
        "warning",
        "表格之后的文字未导入",
        "表格之后的文字“{text}”不属于任何表格，未导入",
        "lines after a sheet's last table belong to no table",
    ),
    "not-a-count": Code(
        "error",
        "数字无法识别",
        "{where}“{text}”{why}，按空值导入",
        "a count cell holds text that is no number, a logical value (TRUE/FALSE), or digits split by a comma or space that is no thousands separator (`1,0`, `1 0`; `1,234` reads as 1234); loaded as empty",
    ),
    "count-too-large": Code(
        "error",
        "数字过大",
        "{where}“{text}”{why}，按空值导入",
        "a count cell holds more than 10^15 (1000万亿: no count of items, and past what sums of counts can hold); loaded as empty",
    ),
    "error-value": Code(
        "error",
        "单元格为错误值",
        "{where}“{text}”{why}，按空值导入",
        "a cell's cached value is an Excel error (`#DIV/0!`, `#REF!`, `#N/A` …); a count or a name loaded as empty",
    ),
    "negative-count": Code(
        "error",
        "负数",
        "{where}“{text}”{why}，按空值导入",
        "a count cell is negative; loaded as empty",
    ),
    "non-integer-count": Code(
        "error",
        "非整数",
        "{where}“{text}”{why}，按空值导入",
        "a count cell is not a whole number; loaded as empty",
    ),
    "formula-without-value": Code(
        "error",
        "公式无计算结果",
        "{where}“{text}”{why}，按空值导入",
        "a formula saved without its computed value (in a count cell or a name cell); loaded as empty",
    ),
    "missing-unit": Code(
        "error",
        "缺少单位名称",
        "数据行缺少单位名称，其数字已保留",
        "a data row has counts but no unit name; the row is kept",
    ),
    "row-arithmetic": Code(
        "error",
        "行内数字不平衡",
        "{unit}：{arithmetic}",
        "a row's parts do not add up: on time + late + pending ≠ received, more handled than received, 办结 ≠ on time + late, overdue > pending",
    ),
    "rate-mismatch": Code(
        "error",
        "印发比率与数字不符",
        "{unit}：{header}印为{printed}，按数字计算为{expected:.2%}",
        "a printed rate differs from the one its counts give, beyond the printed rounding",
    ),
    "total-mismatch": Code(
        "error",
        "合计行与明细不符",
        "{total}行{field}为{printed}，{count}个单位合计为{summed}",
        "a 合计 row differs from the sum of the table's unit rows, or a subtotal (小计, 市直单位小计, 区县合计, 一、市直单位 printed with figures) from the sum of its group's rows; total and subtotal rows are never units",
    ),
    "duplicate-unit": Code(
        "warning",
        "单位重复列出",
        "{unit}{detail}",
        "a unit is listed twice in one table, or in two handling tables of one city's period and channel (a draft or corrected sheet left beside the annex); both rows are kept, and would be summed",
    ),
    "duplicate-table": Code(
        "warning",
        "同一表格重复提供",
        "{detail}",
        "the same table is loaded twice (the notice's text and the attached workbook); it is kept once",
    ),
    "hidden-sheet": Code(
        "warning",
        "隐藏工作表未导入",
        "工作表“{sheet}”是隐藏工作表（Excel中不显示、不打印），其内容未导入；如需导入，请取消隐藏后再导入",
        "a workbook sheet is hidden or very hidden (Excel neither shows nor prints it: an earlier draft, a lookup list); it is not read, so its rows are never summed with the annex's (unhide it to import it)",
    ),
    "hidden-lines": Code(
        "warning",
        "隐藏行列未导入",
        "第{lines}是隐藏{kind}（Excel中不显示、不打印），其内容未导入；如需导入，请取消隐藏后再导入",
        "rows or columns of a shown sheet are hidden (not shown, not printed: old figures, helper columns); their cells are not read and the finding lists them",
    ),
    "footnote-mark": Code(
        "warning",
        "数字带脚注标记",
        "{where}“{text}”带脚注标记“{mark}”{explained}，按{figure}导入，标记未计入数字",
        "a count printed with a footnote mark after it (`26①`, `10¹`, `12*`, a page's `26<sup>1</sup>`, a workbook's rich text or a Word run with a raised 1), or a figure of the notice's text printed so (`共收到留言192¹条`, a page's `192<sup>1</sup>条`: the finding quotes the sentence and names its line); read as the figure before the mark (26), never as digits joined with the mark (261); the finding quotes the cell and the remark that explains the mark. Only 0-9 and their full-width forms are digits: ⑫ or ٣ alone is `not-a-count`",
    ),
    "merged-count": Code(
        "warning",
        "数字单元格跨行合并",
        "“{value}”是跨{rows}行{columns}列的合并单元格：{kept}{named}按空值导入（合并单元格的数字无法拆分）",
        "a cell merged over several units' rows (a rowspan, a merged range) or over several count columns: its value is read where it is printed (its top-left cell), every count it covers loads as empty (a value a file keeps under the merge is not printed and not read), and the finding names them (a shared figure cannot be split)",
    ),
    "subtotal-row": Code(
        "warning",
        "小计行未作为单位导入",
        "“{unit}”行按小计读入，未作为单位导入；本表找不到它所合计的单位行，未核对",
        "a subtotal row worded as offices word it (市直单位小计, 区（市）合计, 其中：市直单位) that names a group the table has no rows of, so it cannot be checked; it is not imported as a unit. Subtotals whose group is in the table are checked against it (`total-mismatch`)",
    ),
    "narrative-mismatch": Code(
        "error",
        "正文数字与附件合计不符",
        "通报正文为“{quote}”（{metric}{stated:g}），附件{count}个单位合计为{summed}（{annex}）",
        "a total the narrative states differs from the annex's sum (192 stated, 191 summed)",
    ),
    "no-period": Code(
        "warning",
        "未注明统计期",
        "{what}未注明统计期{detail}；可用 --period 指定",
        "a table states no period anywhere (title, remark, file name, its notice); it is loaded but belongs to no period. Also a notice that states something else instead (a week, a range of months, a month without its year)",
    ),
    "no-publisher": Code(
        "warning",
        "未注明发布单位",
        "{what}未注明发布单位（{where}），{alone}",
        "a table or notice names its city nowhere (title, metadata, its notice, file name, folder, `--publisher`); it is loaded and kept apart: no rate, total or trend combines it with another file's rows",
    ),
    "xml-illegal-character": Code(
        "warning",
        "含文档不能保存的字符",
        "“{text}”含有{what}不能保存的字符（{chars}），写入时已删去",
        "a text holds a character an XML document cannot (a pasted control character, U+FFFE, U+FFFF): the Word draft or the Excel workbook drops it and says so in its own findings (the CSV, Parquet and HTML keep the text as printed)",
    ),
    "log-counted": Code(
        "warning",
        "按规则由留言日志计算",
        "本表由{count}条留言按规则计算：{rule}",
        "a handling table was counted from a message log: the finding states the rule (N and where it came from, the calendar, the window and where it came from), so that no count is an unsaid inference",
    ),
    "log-no-channel": Code(
        "warning",
        "留言日志未判明渠道",
        "表题、工作表名、文件名和列名均未表明渠道（信箱、热线、依申请公开），渠道留空，期限按默认工作日数",
        "neither the log's title, its sheet, its file name nor its columns' words name a channel: `channel` is left empty and the default N applies",
    ),
    "log-row-unread": Code(
        "error",
        "留言行无法计入",
        "{reason}",
        "a log's row has no unit or a received date that is no date (the row is not counted); or an answered date that is no date (counted as not answered). A row with neither unit nor received date (共计160条, 制表人 under the log) is a warning: no message, its text quoted",
    ),
    "log-not-received": Code(
        "warning",
        "不予受理等不计入收到",
        "状态为“{status}”，不计入收到数",
        "a message whose status says 不予受理, 无效 or 重复 is not received; each named with its row",
    ),
    "log-answer-before-receipt": Code(
        "error",
        "答复早于收到",
        "答复时间{answered}早于收到时间{received}",
        "a message answered before it was received",
    ),
    "log-status-dates": Code(
        "warning",
        "状态与日期不符",
        "状态为“{status}”，{detail}",
        "a status saying done (已办结) without an answered date (counted pending), or saying open (办理中) with one (counted by the date)",
    ),
    "log-duplicate-id": Code(
        "error",
        "留言编号重复",
        "编号“{id}”与第{first}行重复，两行都已计入",
        "two rows of a log share an id; both are counted, the first row named",
    ),
    "log-outside-window": Code(
        "warning",
        "收到日期不在统计期内",
        "{count}条留言的收到日期不在统计期{period}内（{rows}），不计入本期",
        "messages received outside the window; not counted in it, their rows listed",
    ),
    "log-annex-mismatch": Code(
        "error",
        "附件与留言日志不符",
        "{detail}",
        "a published annex and its log (same publisher, period and channel) are both given: each cell that differs from the log's count, and each unit in one and not the other",
    ),
    "log-unit-spelling": Code(
        "warning",
        "单位名称与上期相近不同",
        "单位“{unit}”上期没有，与上期的“{known}”相近，请核对是否同一单位（{rows}）",
        "a unit of a log absent from the previous period's units of the same publisher and channel but close to one of them (县发改委 beside 县发改局)",
    ),
}


def table() -> str:
    """The catalogue as docs/findings.md prints it: one row per code."""
    head = "| code | severity | 名称 | message | raised when |\n| --- | --- | --- | --- | --- |\n"
    return head + "".join(
        f"| `{code}` | {c.severity} | {c.name} | {c.template} | {c.note} |\n" for code, c in CODES.items()
    )
