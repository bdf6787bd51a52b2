#!/usr/bin/env bash
# Create .venv and install motcua with pinned versions; skip when nothing changed.
#   scripts/bootstrap.sh runtime   what `make run` needs
#   scripts/bootstrap.sh dev       plus test and lint tools
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-runtime}
PYTHON=${PYTHON:-python3}

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "motcua needs Python 3.11 or newer (found: $("$PYTHON" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    # Debian ships venv separately from the interpreter.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      "$PYTHON" -m venv .venv
    else
      echo "Cannot create a virtual environment: install python3-venv." >&2
      exit 1
    fi
  fi
fi

extras=""
[ "$profile" = dev ] && extras="[dev]"
stamp=".venv/.installed-$profile"
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "Installing motcua ($profile) into .venv ..." >&2
.venv/bin/python -m pip install -q --disable-pip-version-check -U "pip>=24"
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".$extras"
echo "$want" > "$stamp"
