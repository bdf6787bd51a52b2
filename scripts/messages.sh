#!/usr/bin/env bash
# Refresh every app's Vietnamese catalogue after changing user-visible strings, then
# compile it. Translate the new empty msgstr entries before committing:
# a test fails while any string lacks its Vietnamese text.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=motcua.conf.test PYTHONPATH="$PWD/src"
for locale in src/motcua/*/locale; do
  app=$(dirname "$locale")
  (cd "$app" && ../../../.venv/bin/django-admin makemessages -l vi --no-obsolete -v 0 \
     && ../../../.venv/bin/django-admin compilemessages -v 0)
  echo "updated $app"
done
