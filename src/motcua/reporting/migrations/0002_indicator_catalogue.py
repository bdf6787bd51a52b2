"""The indicator catalogue as shipped: Biểu 06/VPCP/KSTT counts and the 766 index.

Data frozen here on purpose; administrators edit or add versions in the admin. Where the
reference notes could not establish the official formula ([R]), ``official`` is False
and the pages say the formula is motcua's own.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

START = dt.date(2022, 8, 1)  # the 766 index is published on the national portal from then
B06 = "Biểu 06/VPCP/KSTT (TT 01/2020/TT-VPCP)"
OBS = "QĐ 766/QĐ-TTg; formula as observed on the national portal's evaluation API"
OWN = "QĐ 766/QĐ-TTg; official formula not known, motcua's reconstruction"

# code, name, unit, kind, formula, group, weight, target, full when empty, official, source
CATALOGUE = [
    ("B06.TN", "Tổng số hồ sơ tiếp nhận", "hồ sơ", "window", "received_total", "", None, None, False, True, B06),
    ("B06.TN.KT", "Số hồ sơ từ kỳ trước chuyển sang", "hồ sơ", "snapshot", "carried_over", "", None, None, False, True, B06),
    ("B06.TN.M", "Số hồ sơ mới tiếp nhận trong kỳ", "hồ sơ", "window", "received_new", "", None, None, False, True, B06),
    ("B06.TN.TT", "Trong đó: trực tuyến", "hồ sơ", "window", "received_online", "", None, None, False, True, B06),
    ("B06.TN.TR", "Trong đó: trực tiếp", "hồ sơ", "window", "received_counter", "", None, None, False, True, B06),
    ("B06.TN.BC", "Trong đó: qua dịch vụ bưu chính công ích", "hồ sơ", "window", "received_post", "", None, None, False, True, B06),
    ("B06.GQ", "Số hồ sơ đã giải quyết", "hồ sơ", "window", "resolved", "", None, None, False, True, B06),
    ("B06.GQ.TH", "Trong đó: trước hạn", "hồ sơ", "window", "resolved_early", "", None, None, False, True, B06),
    ("B06.GQ.DH", "Trong đó: đúng hạn", "hồ sơ", "window", "resolved_on_time", "", None, None, False, True, B06),
    ("B06.GQ.QH", "Trong đó: quá hạn", "hồ sơ", "window", "resolved_late", "", None, None, False, True, B06),
    ("B06.DG", "Số hồ sơ đang giải quyết", "hồ sơ", "snapshot", "in_progress", "", None, None, False, True, B06),
    ("B06.DG.TH", "Trong đó: trong hạn", "hồ sơ", "snapshot", "in_progress_within", "", None, None, False, True, B06),
    ("B06.DG.QH", "Trong đó: quá hạn", "hồ sơ", "snapshot", "in_progress_overdue", "", None, None, False, True, B06),
    ("B06.TD", "Số hồ sơ đang tạm dừng (chờ bổ sung, chờ nộp phí)", "hồ sơ", "snapshot", "paused", "", None, None, False, False, B06),
    ("B06.RUT", "Số hồ sơ rút yêu cầu", "hồ sơ", "window", "withdrawn", "", None, None, False, False, B06),
    ("B06.DUNG", "Số hồ sơ dừng xử lý", "hồ sơ", "window", "stopped", "", None, None, False, False, B06),
    ("B06.TRA", "Số hồ sơ đã trả kết quả", "hồ sơ", "window", "returned", "", None, None, False, False, B06),
    ("B06.XL", "Số văn bản xin lỗi do trễ hạn", "văn bản", "window", "apologised", "", None, None, False, True, B06),
    ("TL.DH", "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn", "%", "window", "(resolved_early + resolved_on_time) / resolved", "", None, None, False, True, B06),
    ("TL.TT", "Tỷ lệ hồ sơ tiếp nhận trực tuyến", "%", "window", "received_online / received_new", "", None, None, False, True, B06),
    ("TL.DH.LK", "Tỷ lệ hồ sơ giải quyết đúng hạn, lũy kế từ đầu năm", "%", "cumulative", "(resolved_early + resolved_on_time) / resolved", "", None, None, False, True, B06),
    # 766: Công khai, minh bạch (18)
    ("766.CKMB.1", "Tỷ lệ TTHC công bố đúng hạn", "%", "window", "procedures_published_on_time / procedures_published", "publicity", "6", None, False, True, OBS),
    ("766.CKMB.2", "Tỷ lệ TTHC cập nhật, công khai đúng hạn", "%", "window", "procedures_updated_on_time / procedures_published", "publicity", "4", None, False, True, OBS),
    ("766.CKMB.3", "Tỷ lệ TTHC công khai đầy đủ nội dung", "%", "window", "procedures_complete / procedures_published", "publicity", "2", None, False, True, OBS),
    ("766.CKMB.4", "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG", "%", "window", "synced / received_new", "publicity", "6", None, False, True, OBS),
    # Tiến độ giải quyết (20)
    ("766.TDGQ", "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn", "%", "window", "(resolved_early + resolved_on_time) / resolved", "progress", "20", None, False, True, OBS),
    # Dịch vụ công trực tuyến (12)
    ("766.ONLINE", "Tỷ lệ hồ sơ trực tuyến", "%", "window", "received_online / received_new", "online", "12", None, False, False, OWN),
    # Thanh toán trực tuyến (10)
    ("766.TTTT", "Tỷ lệ hồ sơ thanh toán trực tuyến", "%", "window", "paid_online / fee_required", "payment", "10", None, False, False, OWN),
    # Mức độ hài lòng (18)
    ("766.MDHL.1", "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC", "%", "window", "satisfied / rated", "satisfaction", "6", None, True, True, OBS),
    ("766.MDHL.2", "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn", "%", "window", "feedback_on_time / feedback_due", "satisfaction", "6", None, True, True, OBS),
    ("766.MDHL.3", "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị", "%", "window", "feedback_satisfied / feedback_rated", "satisfaction", "6", None, True, True, OBS),
    # Số hóa hồ sơ (22)
    ("766.MDSH.1", "Tỷ lệ hồ sơ có cấp kết quả điện tử", "%", "window", "e_result / resolved", "digitisation", "6", None, False, True, OBS),
    ("766.MDSH.2", "Tỷ lệ hồ sơ thực hiện số hóa hồ sơ", "%", "window", "digitised / received_new", "digitisation", "4", None, False, True, OBS),
    ("766.MDSH.3", "Tỷ lệ hồ sơ khai thác, sử dụng lại dữ liệu số hóa", "%", "window", "reused / received_new", "digitisation", "2", "0.8", False, True, OBS),
    ("766.MDSH.4", "Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ dữ liệu với Kho DVCQG", "%", "window", "digitised_shared / digitised", "digitisation", "4", None, False, True, OBS),
    ("766.MDSH.5", "Tỷ lệ hồ sơ có sử dụng dữ liệu dân cư", "%", "window", "population_data_used / received_new", "digitisation", "2", None, False, True, OBS),
    ("766.MDSH.6", "Tỷ lệ TTHC triển khai kết nối dữ liệu dân cư", "%", "window", "procedures_population_connected / procedures_published", "digitisation", "2", None, False, True, OBS),
    ("766.MDSH.7", "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính", "%", "window", "procedures_e_certified_copy / procedures_e_certified_copy", "digitisation", "2", None, False, False, OWN),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("reporting", "Indicator")
    for position, row in enumerate(CATALOGUE, start=1):
        code, name, unit, kind, formula, group, weight, target, empty, official, source = row
        Indicator.objects.get_or_create(
            code=code,
            version=1,
            defaults={
                "effective_from": START,
                "name": name,
                "unit": unit,
                "kind": kind,
                "formula": formula,
                "position": position * 10,
                "group": group,
                "weight": Decimal(weight) if weight else None,
                "target": Decimal(target) if target else None,
                "full_points_when_empty": empty,
                "official": official,
                "source_note": source,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("reporting", "Indicator").objects.filter(
        code__in=[row[0] for row in CATALOGUE], version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_indicators_rollups")]

    operations = [migrations.RunPython(load, unload)]
