#!/usr/bin/env bash
# Install the system packages govstats needs, when they are missing:
#   fonts-noto-cjk  a CJK font, so chart labels in Chinese never render as empty boxes
#   libreoffice-writer  converts Word 97-2003 (.doc) and WPS (.wps) files for reading (ingest)
#   chromium        (with --test) headless browser the report tests open the briefing in
#   libreoffice-calc, poppler-utils  (with --test) the tests print the Word notice and the
#                   Excel workbook to PDF as an office would, and read their pages back
#                   (pdfinfo, pdftotext)
#   a Java runtime  (with --bench) for Spark in benchmarks/spark_check.py (the tests need none)
# Uses apt-get (Debian/Ubuntu) as root or through sudo; elsewhere it says what to install.
set -euo pipefail

want=()
# (not `fc-list | grep -q`: under pipefail grep's early exit fails fc-list, and the font was
# installed again on every run)
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || want+=(fonts-noto-cjk fontconfig)
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || want+=(libreoffice-writer)
if [ "${1:-}" = "--test" ]; then
  command -v chromium >/dev/null 2>&1 || want+=(chromium)
  # calc is a package of its own: a machine with writer alone prints no workbook
  if command -v dpkg-query >/dev/null 2>&1; then
    case "$(dpkg-query -W -f='${Status}' libreoffice-calc 2>/dev/null)" in
      *"ok installed"*) ;;
      *) want+=(libreoffice-calc) ;;
    esac
  fi
  command -v pdftotext >/dev/null 2>&1 || want+=(poppler-utils)
fi
if [ "${1:-}" = "--bench" ]; then
  command -v java >/dev/null 2>&1 || want+=(openjdk-17-jre-headless)
fi
[ ${#want[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "govstats: 请安装：${want[*]}（中文字体如 Noto Sans CJK；读取.doc/.wps需要LibreOffice；测试需要 Chromium；Spark 基准需要 Java 17）" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "govstats: 不是 root 用户，也没有 sudo：请安装 ${want[*]}" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
echo "govstats: 已安装 ${want[*]}" >&2
