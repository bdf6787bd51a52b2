#!/usr/bin/env bash
# `make test`: install what the tests need, lint, then run the whole suite on SQLite and on
# a throwaway PostgreSQL 15 cluster. Exits non-zero if anything fails.
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Chromium for the browser tests, gettext for the translation checks,
# PostgreSQL 15 for the second run; Pango/HarfBuzz for WeasyPrint (official forms), poppler
# for the PDF checks, LibreOffice to prove our DOCX files open, zbar to decode QR codes.
need=()
for pkg in chromium fonts-liberation2 gettext postgresql-15 \
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils \
  libreoffice-writer-nogui zbar-tools; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: ${need[*]} (run as root or install them)" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || exit 1
fi

scripts/bootstrap.sh dev || exit 1

status=0
step() { echo; echo "== $*"; }

step "ruff"
.venv/bin/ruff check . || status=1
.venv/bin/ruff format --check . || status=1

step "migrations are complete"
DJANGO_SETTINGS_MODULE=motcua.conf.test .venv/bin/python manage.py makemigrations --check --dry-run -v 1 \
  || status=1

# Two workers on the 2-core machines; xdist gives each its own test database. Browser
# tests run in a process of their own: Playwright keeps an event loop running in its
# thread, which must not leak into unrelated tests.
PYTEST=(.venv/bin/pytest -p no:cacheprovider)
FAST=("${PYTEST[@]}" -n "${PYTEST_WORKERS:-2}" --dist loadgroup -m "not e2e" "$@")
BROWSER=("${PYTEST[@]}" -m e2e "$@")

# pytest exits 5 when a selection holds no test (e.g. `make test` narrowed to one app
# without browser tests): that is not a failure here.
run() { "$@"; local rc=$?; [ $rc -eq 0 ] || [ $rc -eq 5 ] || status=1; }

step "tests on SQLite"
run "${FAST[@]}"
run "${BROWSER[@]}"

step "tests on PostgreSQL 15"
run scripts/with-pg.sh "${FAST[@]}"
run scripts/with-pg.sh "${BROWSER[@]}"

echo
if [ $status -ne 0 ]; then echo "make test: FAILED"; else echo "make test: all green"; fi
exit $status
