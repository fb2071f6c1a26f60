#!/usr/bin/env bash
# Commit notebooks without their outputs: .gitattributes sends every *.ipynb through the
# "nbstripout" filter when it is staged, and this script defines that filter in the
# clone's git config (`make setup` runs it). The notebook on disk keeps what JupyterLab
# saved into it; only what git stores is stripped, so `git status` stays clean after a run.
# The command is relative to the working tree (git runs filters from its top), so every
# clone and worktree uses its own .venv; without nbstripout installed the file passes
# unchanged and tests/test_notebooks.py fails on committed outputs.
set -euo pipefail
cd "$(dirname "$0")/.."
git rev-parse --git-dir >/dev/null 2>&1 || exit 0  # not a git checkout: nothing to configure
strip='if [ -x .venv/bin/nbstripout ]; then .venv/bin/nbstripout; else cat; fi'
git config filter.nbstripout.clean "$strip"
git config filter.nbstripout.smudge cat
git config diff.ipynb.textconv 'if [ -x .venv/bin/nbstripout ]; then .venv/bin/nbstripout -t "$1"; else cat "$1"; fi; :'
