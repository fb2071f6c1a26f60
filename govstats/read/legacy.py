"""Word 97-2003 binaries (.doc, and WPS Writer's .wps, which holds the same) → the Word
document LibreOffice converts them to, read by the reader of that format.

A Word binary's tables and merges live in a record format only a word processor lays out
faithfully, so LibreOffice (headless) does it: in a throwaway profile of its own (no
other LibreOffice's settings, locks or recent files), macros switched off and links never
updated, no proxy it could reach, within :data:`MAX_SECONDS`. Without LibreOffice the
message says how to get it, or to save the file as .docx from Word or WPS. (WPS
Spreadsheets' .et files hold an Excel workbook stream and are read as .xls.)"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from govstats.errors import CorruptFileError, InputTooLargeError, UnsupportedFormatError
from govstats.read.grid import Document
from govstats.source import Source

MAX_SECONDS = 120
"""The time LibreOffice may take to convert one file (it starts in a few seconds)."""
_KIND = "Word 97-2003文档（.doc/.wps）"
_NO_SOFFICE = (
    "读取{kind}需要LibreOffice（免费）：Debian/Ubuntu上运行 make setup（或 sudo apt-get install "
    "libreoffice-writer），Windows上从 https://zh-cn.libreoffice.org 下载安装；"
    "或在Word、WPS中把文件另存为{ext}后再导入"
)
# A fresh profile's settings, written before LibreOffice starts: no macro runs (security
# "very high", and macro execution disabled outright), no link is updated on load.
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    """LibreOffice's program, when installed: ``soffice`` on ``PATH`` (Debian also names it
    ``libreoffice``), or where its Windows installer puts it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.name == "nt":
        for root in filter(None, (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)"))):
            exe = Path(root) / "LibreOffice" / "program" / "soffice.exe"
            if exe.is_file():
                return str(exe)
    return found


def read(data: bytes, name: str, path: Path | None = None) -> Document:
    """A Word 97-2003 binary (or a .wps) as the .docx LibreOffice converts it to reads."""
    from govstats.read import registry

    doc = registry.read(convert(data, name), name, None)
    doc.format = "doc"
    return doc


def convert(data: bytes, name: str) -> bytes:
    """``data`` (an Office compound file holding a WordDocument stream) as LibreOffice
    converts it: the bytes of the .docx it becomes."""
    exe = soffice()
    if exe is None:
        raise UnsupportedFormatError(_NO_SOFFICE.format(kind=_KIND, ext=".docx"), Source(name))
    with tempfile.TemporaryDirectory(prefix="govstats-soffice-") as tmp:
        folder = Path(tmp)
        (folder / "profile" / "user").mkdir(parents=True)
        (folder / "profile" / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        source = folder / "in" / "document.doc"  # a name of our own: the user's may hold anything
        source.parent.mkdir()
        source.write_bytes(data)
        out = folder / "out"
        _convert(exe, folder / "profile", source, "docx:MS Word 2007 XML", out, name, _KIND)
        converted = out / "document.docx"
        if not converted.is_file():
            raise CorruptFileError(f"LibreOffice未能打开这份{_KIND}（文件可能已损坏或加密）", Source(name))
        return converted.read_bytes()


def _convert(exe: str, profile: Path, source: Path, to: str, out: Path, name: str, kind: str) -> None:
    cmd = [
        exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
        "--nolockcheck", "--nodefault", "--nologo", "--convert-to", to, "--outdir", str(out), str(source),
    ]  # fmt: skip
    dead = "http://127.0.0.1:9"  # the discard port: a fetch a document asks for fails at once
    env = {**os.environ, "http_proxy": dead, "https_proxy": dead, "HTTP_PROXY": dead, "HTTPS_PROXY": dead}
    env.pop("no_proxy", None)
    env.pop("NO_PROXY", None)
    proc = subprocess.Popen(  # its own session: on a timeout the whole group it started is stopped
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        start_new_session=True,
    )  # fmt: skip
    try:
        proc.communicate(timeout=MAX_SECONDS)
    except subprocess.TimeoutExpired:
        _stop(proc)
        raise InputTooLargeError(
            f"LibreOffice转换这份{kind}超过{MAX_SECONDS}秒的时限，已停止", Source(name)
        ) from None
    finally:
        if proc.poll() is None:
            _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()
    proc.wait()
