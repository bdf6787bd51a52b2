from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0005_component_reuse"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["resolved_at"], name="dossier_resolved_idx"),
        ),
    ]
