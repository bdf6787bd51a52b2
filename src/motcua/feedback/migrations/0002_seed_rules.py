"""Seed the feedback rules, rating scale, criteria and ticket categories.

These are starting values an administrator edits in the admin; the basis of each is in
docs/feedback.md. Rows that already exist (same code or date) are left alone.
"""

import datetime as dt

from django.db import migrations

RULE = {
    "valid_from": dt.date(2022, 8, 1),  # the 766 index is computed from 01/8/2022
    # Not found in a legal text; a province sets its own. [R]
    "rating_change_days": 7,
    # Ninh Bình QĐ 163 Đ19 answers feedback on TTHC handling in 10 working days. [R]
    "ticket_due_working_days": 10,
    "legal_basis": "Giá trị khởi tạo: 10 ngày làm việc (theo quy chế một cửa cấp tỉnh); "
    "thời hạn sửa đánh giá do tỉnh quy định.",
}
LEVELS = [
    ("rat-hai-long", "Rất hài lòng", 1, True),
    ("hai-long", "Hài lòng", 2, True),
    ("khong-hai-long", "Không hài lòng", 3, False),
]
CRITERIA = [
    ("thoi-gian", "Thời gian giải quyết so với giấy hẹn", 1),
    ("thai-do", "Thái độ, tinh thần phục vụ của cán bộ", 2),
    ("thuan-tien", "Mức độ thuận tiện khi thực hiện thủ tục", 3),
]
CATEGORIES = [
    ("quy-dinh", "Quy định hành chính", "regulation", 1),
    ("giai-quyet-tthc", "Việc giải quyết thủ tục hành chính", "procedure", 2),
    ("hanh-vi-can-bo", "Hành vi, thái độ của cán bộ, công chức", "conduct", 3),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("feedback", "FeedbackRule")
    Level = apps.get_model("feedback", "RatingLevel")
    Criterion = apps.get_model("feedback", "RatingCriterion")
    Category = apps.get_model("feedback", "TicketCategory")
    Rule.objects.get_or_create(valid_from=RULE["valid_from"], defaults=RULE)
    for code, name, position, satisfied in LEVELS:
        Level.objects.get_or_create(
            code=code,
            defaults={"name": name, "position": position, "counts_as_satisfied": satisfied},
        )
    for code, name, position in CRITERIA:
        Criterion.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    for code, name, kind, position in CATEGORIES:
        Category.objects.get_or_create(
            code=code, defaults={"name": name, "subject_kind": kind, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
