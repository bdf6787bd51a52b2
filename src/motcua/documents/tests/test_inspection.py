"""Content sniffing and file checks, without database or storage."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from motcua.documents.constants import FileType, UploadError
from motcua.documents.inspection import clean_original_name, inspect_file

from . import builders

ALL = set(FileType.values)


def inspect(name: str, content: bytes, allowed=ALL):
    return inspect_file(io.BytesIO(content), size=len(content), name=name, allowed=allowed)


def refusal(name: str, content: bytes, allowed=ALL) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        inspect(name, content, allowed)
    return caught.value


@pytest.mark.parametrize(
    ("name", "content", "file_type", "pages"),
    [
        ("to-khai.pdf", builders.pdf_bytes(3), FileType.PDF, 3),
        ("anh-chup.png", builders.png_bytes(), FileType.PNG, 1),
        ("anh-chup.jpg", builders.JPEG, FileType.JPEG, 1),
        ("anh-chup.JPEG", builders.JPEG, FileType.JPEG, 1),
        ("don.docx", builders.docx_bytes(), FileType.DOCX, None),
        ("bang-ke.xlsx", builders.xlsx_bytes(), FileType.XLSX, None),
        ("ho-so.xml", builders.XML, FileType.XML, None),
    ],
)
def test_accepted_types_are_detected_from_content(name, content, file_type, pages):
    found = inspect(name, content)
    assert (found.file_type, found.pages, found.name) == (file_type, pages, name)


def test_a_name_without_extension_gets_the_detected_one():
    assert inspect("ban-scan", builders.pdf_bytes()).name == "ban-scan.pdf"
    assert inspect("giay-to.heic", builders.png_bytes()).name == "giay-to.heic.png"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        # Type spoofing: the name says one thing, the bytes another.
        ("giay-khai-sinh.pdf", builders.png_bytes(), UploadError.EXTENSION_MISMATCH),
        ("anh.png", builders.pdf_bytes(), UploadError.EXTENSION_MISMATCH),
        ("don.xlsx", builders.docx_bytes(), UploadError.EXTENSION_MISMATCH),
        ("don.docx", b"Day khong phai tai lieu Word", UploadError.UNKNOWN_TYPE),
        ("don.docx", builders.plain_zip_bytes(), UploadError.OFFICE_MALFORMED),
        ("don.docx", b"PK\x03\x04 truncated", UploadError.OFFICE_MALFORMED),
        ("tai-lieu.zip", builders.plain_zip_bytes(), UploadError.UNKNOWN_TYPE),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n", UploadError.UNKNOWN_TYPE),
        ("page.xml", b"<html><body>hi</body></html>", UploadError.UNKNOWN_TYPE),
        # Damaged or locked content.
        ("khoa.pdf", builders.pdf_bytes(2, password="bi-mat"), UploadError.PDF_ENCRYPTED),
        ("cut.pdf", builders.pdf_bytes(2)[:-200], UploadError.PDF_MALFORMED),
        ("junk.pdf", b"%PDF-1.7\nnot really a pdf\n%%EOF\n", UploadError.PDF_MALFORMED),
        ("cut.png", builders.png_bytes()[:-12], UploadError.IMAGE_MALFORMED),
        ("cut.jpg", builders.JPEG[:40], UploadError.IMAGE_MALFORMED),
        (
            "macro.docx",
            builders.ooxml_bytes(main_type=builders.WORD_MACRO_MAIN),
            UploadError.OFFICE_MACROS,
        ),
        ("bad.xml", b'<?xml version="1.0"?><HoSo><Ma>1</HoSo>', UploadError.XML_MALFORMED),
        (
            "laughs.xml",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;&a;</x>',
            UploadError.XML_DOCTYPE,
        ),
        ("empty.pdf", b"", UploadError.EMPTY),
    ],
)
def test_refused_content(name, content, code):
    assert refusal(name, content).code == code


def test_type_outside_the_allow_list_is_refused():
    error = refusal("don.docx", builders.docx_bytes(), allowed={FileType.PDF, FileType.PNG})
    assert error.code == UploadError.TYPE_NOT_ALLOWED
    assert "PDF, PNG" in error.messages[0]


def test_refusals_speak_vietnamese():
    with translation.override("vi"):
        encrypted = refusal("khoa.pdf", builders.pdf_bytes(password="x")).messages[0]
        spoofed = refusal("giay.pdf", builders.png_bytes()).messages[0]
    assert "mật khẩu" in encrypted
    assert spoofed == "Tệp có đuôi .pdf nhưng nội dung là PNG."


def test_the_file_is_left_at_its_start():
    stream = io.BytesIO(builders.pdf_bytes(2))
    inspect_file(stream, size=len(stream.getvalue()), name="a.pdf", allowed=ALL)
    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\An\\Desktop\\scan.pdf", "scan.pdf"),
        ("/var/lib/motcua/documents/x.pdf", "x.pdf"),
        (".htaccess", "htaccess"),
        ("..", "file"),
        ("", "file"),
        (None, "file"),
        ("hoa-don\u202efdp.exe", "hoa-donfdp.exe"),  # right-to-left override trick
        ("giay\x00.pdf", "giay.pdf"),
        ("Gia\u0301y khai sinh.pdf", "Giáy khai sinh.pdf"),  # decomposed → composed
    ],
)
def test_original_names_lose_paths_and_tricks(raw, clean):
    assert clean_original_name(raw) == clean


def test_long_names_keep_their_extension():
    name = clean_original_name("a" * 500 + ".pdf")
    assert len(name) == 200
    assert name.endswith(".pdf")
