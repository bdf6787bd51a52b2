#!/usr/bin/env bash
# `make run`: install, migrate, load the demo province once, then serve the web app and
# the background worker until Ctrl-C. A second run reuses the database and starts fast.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian packages the running system uses: Pango/HarfBuzz and Liberation fonts for the
# official forms (WeasyPrint), LibreOffice for the PDF of CCHC reports. Without root we
# only warn: everything else works, those PDFs do not.
need=()
for pkg in fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
  libreoffice-writer-nogui; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages: ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Warning: missing Debian packages ${need[*]}; official PDFs need them." >&2
  fi
fi
scripts/bootstrap.sh runtime

export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-motcua.conf.dev}
PORT=${PORT:-8000}
# Demo payments (docs/payments.md): unless PAYGOV_URL is set, a local PayGov simulator
# answers and calls back; a demo bank account makes the VietQR transfer visible.
if [ -z "${PAYGOV_URL:-}" ]; then
  PAYGOV_SIMULATOR_PORT=${PAYGOV_SIMULATOR_PORT:-8765}
  export PAYGOV_URL="http://127.0.0.1:$PAYGOV_SIMULATOR_PORT/"
  export PAYGOV_SECRET=${PAYGOV_SECRET:-demo-paygov-secret}
  export PAYGOV_PARTNER_CODE=${PAYGOV_PARTNER_CODE:-MOTCUA}
fi
export VIETQR_ACCOUNT=${VIETQR_ACCOUNT:-0071000123456}
export VIETQR_ACCOUNT_NAME=${VIETQR_ACCOUNT_NAME:-TRUNG TAM PHUC VU HANH CHINH CONG DEMO}
manage() { .venv/bin/python manage.py "$@"; }

manage migrate --noinput -v 0
manage demo_setup
manage collectstatic --noinput -v 0

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

# The worker runs the Django tasks queue (django-tasks-db) from the same database.
manage db_worker --no-reload --interval 1 &
pids+=($!)
.venv/bin/gunicorn motcua.wsgi:application \
  --bind "127.0.0.1:$PORT" --workers 2 --threads 4 --timeout 60 \
  --error-logfile - &
pids+=($!)

if [ -n "${PAYGOV_SIMULATOR_PORT:-}" ]; then
  .venv/bin/python -m motcua.integrations.paygov.simulator --port "$PAYGOV_SIMULATOR_PORT" \
    --partner "$PAYGOV_PARTNER_CODE" --secret "$PAYGOV_SECRET" \
    --callback-url "http://127.0.0.1:$PORT/thanh-toan/paygov/callback/" &
  pids+=($!)
fi
# The periodic jobs a timer or cron runs in production (docs/deployment.md): settle online
# payments left without an answer, remind officers of due dossiers and feedback, and sweep
# abandoned drafts and unfinished uploads once a day.
(
  tick=0
  while sleep 300; do
    tick=$((tick + 1))
    manage payments_resolve_pending >/dev/null || true
    if [ $((tick % 3)) = 0 ]; then
      manage dossier_deadline_reminders >/dev/null || true
      manage feedback_reminders >/dev/null || true
    fi
    if [ $((tick % 288)) = 0 ]; then manage portal_sweep >/dev/null || true; fi
  done
) &
pids+=($!)

manage print_demo_logins
echo
echo "motcua is running at http://127.0.0.1:$PORT  (admin: /admin/, API: /api/v1/docs)"
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
