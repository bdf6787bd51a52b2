#!/usr/bin/env bash
# `make bench [QUICK=1]`: benchmarks on a throwaway PostgreSQL (see bench/run.py).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
export QUICK=${QUICK:-0}
export MOTCUA_VAR_DIR=${MOTCUA_VAR_DIR:-$PWD/var/bench}
scripts/with-pg.sh .venv/bin/python bench/run.py
