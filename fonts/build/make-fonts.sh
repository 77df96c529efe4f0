#!/bin/sh
# Regenerate the embedded faces into fonts/ (one face after another: each takes ~25 s of one
# core). Needs Debian's python3-fonttools, fonts-noto-cjk, fonts-noto-cjk-extra and
# fonts-lxgw-wenkai; uses /usr/bin/python3 so that a pyenv python without fontTools is skipped.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 "$here/make-fonts.py" "$here/.." "$@"
