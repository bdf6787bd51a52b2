"""Indexes that let a search read one page of versions instead of every hit.

- ``catalog_version_name``: search counts hits per distinct name, ranks the names, then
  fetches only the versions of the page's names (``search._page_of_groups``); this btree
  index finds them without matching the words against the whole catalogue again.
- ``catalog_procedure_code_trgm`` (PostgreSQL): a code search is ``UPPER(code) LIKE
  '%…%'``, which no btree serves; a trigram GIN index over the same expression does, so
  "1.001193" no longer reads all 50,000 procedures of a national catalogue.

SQLite keeps its plain scan of codes (a few milliseconds at that size). As in 0002, the
SQL is written out: migrations must not import application code.
"""

from django.db import migrations

FORWARD = {
    "sqlite": [
        "CREATE INDEX IF NOT EXISTS catalog_version_name ON catalog_procedureversion (name)",
    ],
    "postgresql": [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE INDEX IF NOT EXISTS catalog_version_name ON catalog_procedureversion (name)",
        "CREATE INDEX IF NOT EXISTS catalog_procedure_code_trgm ON catalog_procedure "
        "USING gin (UPPER(code::text) gin_trgm_ops)",
    ],
}
BACKWARD = {
    "sqlite": ["DROP INDEX IF EXISTS catalog_version_name"],
    "postgresql": [
        "DROP INDEX IF EXISTS catalog_version_name",
        "DROP INDEX IF EXISTS catalog_procedure_code_trgm",
    ],
}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_document_type_and_retention"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
