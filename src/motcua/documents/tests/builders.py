"""Small real files and a small dossier world for the documents tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from pypdf import PdfWriter

from motcua.agencies.constants import AgencyKind, UnitKind
from motcua.agencies.models import AdministrativeUnit, Agency
from motcua.catalog.constants import CopyType, GovernmentLevel, OnlineLevel
from motcua.catalog.models import (
    Component,
    Field,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    Sector,
)
from motcua.dossiers.constants import ApplicantKind, Channel
from motcua.dossiers.models import Dossier, DossierComponent, DossierResult
from motcua.workcalendar.constants import DeadlineUnit

# --- Files ------------------------------------------------------------------------------


def pdf_bytes(pages: int = 1, *, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)  # A4
    if password is not None:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff" * width for _ in range(height))  # grey, no filter
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# A 2×3 grey baseline JPEG as Pillow writes it (kept as bytes: Pillow is not a dependency).
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a1816"
    "16183123251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c6567"
    "63ffc0000b080003000201011100ffc4001f0000010501010101010100000000000000000102030405060708"
    "090a0bffc400b5100002010303020403050504040000017d0102030004110512213141061351610722711432"
    "8191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a43444546474849"
    "4a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3"
    "a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9ea"
    "f1f2f3f4f5f6f7f8f9faffda0008010100003f00e92bffd9"
)

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def ooxml_bytes(main_part: str = "word/document.xml", main_type: str = WORD_MAIN) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr(main_part, '<?xml version="1.0"?><document/>')
    return out.getvalue()


def docx_bytes() -> bytes:
    return ooxml_bytes()


def xlsx_bytes() -> bytes:
    return ooxml_bytes("xl/workbook.xml", EXCEL_MAIN)


def plain_zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("readme.txt", "không phải tài liệu Office")
    return out.getvalue()


XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    "<HoSo><MaHoSo>H61.17-261122-0001</MaHoSo><TenThuTuc>Đăng ký khai sinh</TenThuTuc></HoSo>"
).encode()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- A dossier --------------------------------------------------------------------------


def agency(code: str, name: str, unit: AdministrativeUnit, parent: Agency | None = None) -> Agency:
    return Agency.objects.create(
        code=code,
        name=name,
        kind=AgencyKind.COMMUNE_COMMITTEE,
        administrative_unit=unit,
        parent=parent,
    )


def province() -> AdministrativeUnit:
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code="86", defaults={"name": "Tỉnh Vĩnh Long", "kind": UnitKind.PROVINCE}
    )
    return unit


def procedure_case(at: Agency) -> ProcedureCase:
    """A draft version of "Đăng ký khai sinh" with three components, one of each kind."""
    sector, _ = Sector.objects.get_or_create(code="TP", defaults={"name": "Tư pháp"})
    field, _ = Field.objects.get_or_create(
        code="H61-HT", defaults={"name": "Hộ tịch", "sector": sector}
    )
    procedure, _ = Procedure.objects.get_or_create(
        code="1.001193", defaults={"field": field, "owner_agency": at}
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=ProcedureVersion.objects.count() + 1,
        name="Đăng ký khai sinh",
        level=GovernmentLevel.COMMUNE,
    )
    case = ProcedureCase.objects.create(
        version=version,
        name="Đăng ký khai sinh",
        processing_amount=Decimal("1"),
        processing_unit=DeadlineUnit.WORKING_DAYS,
        online_level=OnlineLevel.FULL,
        result_name="Giấy khai sinh",
    )
    Component.objects.create(
        case=case, position=1, name="Tờ khai đăng ký khai sinh", copy_type=CopyType.ORIGINAL
    )
    Component.objects.create(
        case=case,
        position=2,
        name="Giấy tờ tùy thân của người đi đăng ký",
        copy_type=CopyType.SHOWN,
    )
    Component.objects.create(
        case=case,
        position=3,
        name="Văn bản ủy quyền",
        copy_type=CopyType.COPY,
        must_digitise=False,
    )
    return case


def dossier(*, at: Agency, owner=None) -> Dossier:
    case = procedure_case(at)
    created = Dossier.objects.create(
        procedure_version=case.version,
        case=case,
        channel=Channel.COUNTER,
        receiving_agency=at,
        competent_agency=at,
        current_agency=at,
        owner=owner,
        applicant_kind=ApplicantKind.PERSON,
        applicant_name="Trần Thị Bình",
        applicant_id_number="086185012345",
        supplement_clock=case.version.supplement_clock,
    )
    for component in case.components.all():
        DossierComponent.objects.create(dossier=created, component=component)
    return created


def component(dossier: Dossier, position: int = 1) -> DossierComponent:
    return dossier.components.get(component__position=position)


def result(dossier: Dossier) -> DossierResult:
    return DossierResult.objects.create(dossier=dossier, name="Giấy khai sinh", number="123/TLKS")
