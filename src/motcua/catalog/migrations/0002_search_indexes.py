"""Search indexes over ``ProcedureVersion.search_text`` (folded: lower case, no marks, đ→d).

SQLite: an FTS5 table holding a copy of the folded text under the version's id, kept in
sync by triggers. SQLite drops a table's triggers when Django rebuilds that table (many
ALTERs do), so a later migration that alters ``catalog_procedureversion`` must run
``create_sqlite_index`` again; ``test_search_index.py`` fails until it does.

PostgreSQL: the pg_trgm and unaccent extensions, a GIN index for full text with the
'simple' configuration (the expression is the one Django's ``SearchVector`` writes, so
queries use it) and a GIN trigram index for typo-tolerant matching.

The SQL is written out here on purpose: migrations must not import application code.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_version_fts USING fts5("
    "search_text, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS catalog_version_fts_insert "
    "AFTER INSERT ON catalog_procedureversion BEGIN "
    "INSERT INTO catalog_version_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS catalog_version_fts_update "
    "AFTER UPDATE OF id, search_text ON catalog_procedureversion BEGIN "
    "DELETE FROM catalog_version_fts WHERE rowid = old.id; "
    "INSERT INTO catalog_version_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS catalog_version_fts_delete "
    "AFTER DELETE ON catalog_procedureversion BEGIN "
    "DELETE FROM catalog_version_fts WHERE rowid = old.id; END",
    # Rebuild from the table, so rows written while triggers were missing are indexed.
    "DELETE FROM catalog_version_fts",
    "INSERT INTO catalog_version_fts(rowid, search_text) "
    "SELECT id, search_text FROM catalog_procedureversion",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalog_version_fts_insert",
    "DROP TRIGGER IF EXISTS catalog_version_fts_update",
    "DROP TRIGGER IF EXISTS catalog_version_fts_delete",
    "DROP TABLE IF EXISTS catalog_version_fts",
]
POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS catalog_version_search_fts ON catalog_procedureversion "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))",
    "CREATE INDEX IF NOT EXISTS catalog_version_search_trgm ON catalog_procedureversion "
    "USING gin (search_text gin_trgm_ops)",
]
# The extensions stay: other apps may use them, and dropping needs more rights.
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS catalog_version_search_fts",
    "DROP INDEX IF EXISTS catalog_version_search_trgm",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


create_sqlite_index = _run({"sqlite": SQLITE_FORWARD})

forward = _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD})
backward = _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_catalogue"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
