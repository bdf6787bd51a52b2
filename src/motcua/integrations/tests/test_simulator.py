"""The PayGov simulator as the standalone command that `make run` starts."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request


def test_simulator_runs_as_a_command_without_django():
    process = subprocess.Popen(
        [sys.executable, "-m", "motcua.integrations.paygov.simulator", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("PayGov simulator on http://127.0.0.1:")
        base = line.split(" on ")[1].strip()
        with urllib.request.urlopen(base + "healthz", timeout=5) as response:
            assert json.loads(response.read()) == {"ok": True}
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_simulator_module_does_not_import_django():
    code = (
        "import sys, motcua.integrations.paygov.simulator; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)
