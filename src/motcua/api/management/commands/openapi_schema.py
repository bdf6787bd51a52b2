"""Write the REST API's OpenAPI document to docs/api/openapi.json (--check: fail if stale).

The file is committed so that integrators and reviewers see API changes in diffs.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"


def render() -> str:
    from motcua.api.root import api

    # Descriptions come from gettext: pin the language so the file does not depend on it.
    with translation.override("en"):
        schema = api.get_openapi_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write docs/api/openapi.json from the API code."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check: bool = False, **options):
        text = render()
        if check:
            if not SCHEMA_PATH.exists() or SCHEMA_PATH.read_text(encoding="utf-8") != text:
                raise CommandError(
                    "docs/api/openapi.json is stale: run `manage.py openapi_schema`."
                )
            return
        SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {SCHEMA_PATH}")
