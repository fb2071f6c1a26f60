"""The faces of a party-and-government document (GB/T 9704-2012): the standard's face of
each role, always named in the document, and the face this machine stands in with when it
renders (written as the font table's ``w:altName``, said in the review note).

python-docx is imported inside the functions: ``import govstats`` stays light."""

from __future__ import annotations

from dataclasses import dataclass

from govstats.present.fonts import find_family

FACES: dict[str, tuple[tuple[str, ...], ...]] = {
    # role: faces in order of preference, each (name written in the document, names its
    # font file may report); the GB/T 9704 faces first, then what Windows, macOS and Linux
    # machines commonly have.
    "title": (
        ("方正小标宋简体", "FZXiaoBiaoSong-B05S"),
        ("方正小标宋_GBK", "FZXiaoBiaoSong-B05"),
        ("华文中宋", "STZhongsong"),
        ("宋体", "SimSun"),
        ("Noto Serif CJK SC",),
        ("Source Han Serif SC",),
        ("AR PL UMing CN",),
    ),
    "body": (
        ("仿宋_GB2312", "FangSong_GB2312"),
        ("仿宋", "FangSong"),
        ("华文仿宋", "STFangsong"),
        ("Noto Serif CJK SC",),
        ("Source Han Serif SC",),
        ("宋体", "SimSun"),
        ("AR PL UMing CN",),
    ),
    "heading1": (
        ("黑体", "SimHei"),
        ("华文黑体", "STHeiti"),
        ("Noto Sans CJK SC",),
        ("Source Han Sans SC",),
        ("WenQuanYi Zen Hei",),
        ("微软雅黑", "Microsoft YaHei"),
    ),
    "heading2": (
        ("楷体_GB2312", "KaiTi_GB2312"),
        ("楷体", "KaiTi"),
        ("华文楷体", "STKaiti"),
        ("AR PL UKai CN",),
        ("Noto Serif CJK SC",),
        ("Source Han Serif SC",),
    ),
    "number": (("宋体", "SimSun"), ("Noto Serif CJK SC",), ("Source Han Serif SC",), ("AR PL UMing CN",)),
}
"""The faces of each role: the first is GB/T 9704's, always written in the document; the
others stand in for it when this machine renders (a preview, a PDF).
"""
ROLE_NAMES = {
    "title": "标题",
    "body": "正文",
    "heading1": "一级标题",
    "heading2": "二级标题",
    "number": "页码",
}


@dataclass(frozen=True)
class Face:
    """The face a role is set in: ``name`` is always the GB/T 9704 face, written in the
    document for the office's PC; ``stand_in`` the face this machine draws it with (a
    preview or PDF made here), None when it has the standard face or no CJK face at all."""

    role: str
    name: str
    stand_in: str | None
    found: bool

    def describe(self) -> str:
        """``正文用仿宋_GB2312（本机无此字体：在本机预览或转PDF时以其他字体代替显示，建议代替字体Noto Serif CJK SC）``."""
        text = f"{ROLE_NAMES[self.role]}用{self.name}"
        if not self.found:
            return text + "（本机无中文字体，本机预览会缺字；文档按标准字体名写入）"
        if self.stand_in:
            return (
                text + f"（本机无此字体：在本机预览或转PDF时以其他字体代替显示，建议代替字体{self.stand_in}）"
            )
        return text


def choose_faces() -> dict[str, Face]:
    """For each role the standard's face (:data:`FACES`' first), and the first face of the
    rest this machine has (checked for glyphs) to stand in for it when rendering here."""
    out = {}
    for role, faces in FACES.items():
        probe = "鹰潭市人民政府办公室关于第一季度通报附件合计按时办结率"
        hit = find_family(tuple(n for face in faces for n in face), probe)
        standard = faces[0][0]
        if hit is None:
            out[role] = Face(role, standard, None, False)
            continue
        name = next(face[0] for face in faces if hit.family in face)
        out[role] = Face(role, standard, None if name == standard else name, True)
    return out


def stand_ins(doc, faces: dict[str, Face]) -> None:
    """The font table names each standard face with this machine's stand-in as its
    ``w:altName``: a renderer without the standard face draws the stand-in (no tofu), while
    Word or WPS on a PC that has the standard face uses it, since the runs name it."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    try:
        table = doc.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    from docx.oxml.parser import parse_xml

    root = parse_xml(table.blob)
    have = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for face in faces.values():
        if face.name in have:
            continue
        have.add(face.name)
        font = OxmlElement("w:font")
        font.set(qn("w:name"), face.name)
        if face.stand_in:
            alt = OxmlElement("w:altName")
            alt.set(qn("w:val"), face.stand_in)
            font.append(alt)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        font.append(charset)
        root.append(font)
    from lxml import etree

    table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
