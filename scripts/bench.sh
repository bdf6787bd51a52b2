#!/usr/bin/env bash
# `make bench [QUICK=1] [DOSSIERS=n] [SMALL_DOSSIERS=n]`: benchmarks on a throwaway PostgreSQL
# with a generated dataset, first at SMALL_DOSSIERS (10,000; 1,000 with QUICK=1), then grown to
# DOSSIERS (200,000; 5,000 with QUICK=1). Other knobs: BENCH_REPEATS, BENCH_SECONDS,
# MEMORY_REQUESTS, MEMORY_MAX_SECONDS. See bench/run.py and docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
export QUICK=${QUICK:-0}
export DOSSIERS=${DOSSIERS:-}
export SMALL_DOSSIERS=${SMALL_DOSSIERS:-}
export MOTCUA_VAR_DIR=${MOTCUA_VAR_DIR:-$PWD/var/bench}
scripts/with-pg.sh .venv/bin/python bench/run.py
