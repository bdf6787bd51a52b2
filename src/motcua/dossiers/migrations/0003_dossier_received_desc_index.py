from django.db import migrations

# Staff lists page "latest received first" with ORDER BY received_at DESC NULLS LAST, id
# DESC (dossiers not yet received last). Without a matching index PostgreSQL sorts every
# visible dossier for each page: 7 s at 1 million dossiers, 0.3 s at 100,000 (docs/performance.md).
# SQLite puts NULLs last in a descending index anyway and has no NULLS LAST in CREATE INDEX.
INDEX = "dossier_received_desc_idx"


def create(apps, schema_editor):
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON dossiers_dossier (received_at DESC{nulls}, id DESC)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0002_steps_consultations_notices")]

    operations = [migrations.RunPython(create, drop)]
