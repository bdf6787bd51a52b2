"""What an uploaded file really is, decided from its bytes; no database, no storage.

Extensions and the browser's Content-Type are whatever the sender typed, so the type is
sniffed from the content and then the file is checked as that type: a PDF must open and
not be encrypted, an Office document must be a real OOXML package without macros, an XML
file must be well-formed and declare no entities. Every refusal is a ``ValidationError``
with a stable code (``constants.UploadError``) and a message for the citizen or officer.
"""

from __future__ import annotations

import struct
import unicodedata
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import BinaryIO
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .constants import EXTENSIONS, FileType, UploadError

HEAD_BYTES = 8192
MAX_NAME_LENGTH = 200
# A real [Content_Types].xml is a few kilobytes; anything bigger is not an Office file.
MAX_CONTENT_TYPES_BYTES = 1_000_000
# Guard against zip bombs: the unpacked parts may be at most this many times the file.
MAX_OOXML_EXPANSION = 100
CHUNK = 64 * 1024

_ZIP = "zip"  # sniffed container, resolved to DOCX or XLSX by its content types

OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        FileType.DOCX
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": FileType.XLSX,
}
OOXML_MACRO_TYPES = frozenset(
    {
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.ms-office.vbaProject",
    }
)
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

# JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic): they carry
# the image size. C4, C8 and CC share the range but are tables, not frames.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_SOS = 0xDA


@dataclass(frozen=True)
class Inspection:
    file_type: FileType
    pages: int | None  # PDF pages; 1 for an image; unknown for Office and XML
    name: str  # the cleaned original name, with the right extension


def refuse(code: UploadError, message: str, **params) -> ValidationError:
    return ValidationError(message, code=str(code), params=params or None)


def clean_original_name(raw: str | None) -> str:
    """The user's file name reduced to a harmless display name.

    Only the last path component survives (browsers on Windows send ``C:\\...``), control
    and bidi-override characters are dropped (``invoice\u202efdp.exe``), and leading dots go so
    nothing looks hidden or relative. The name is never used as a storage path anyway.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_NAME_LENGTH - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_NAME_LENGTH]
    return name or "file"


def sniff(head: bytes) -> str | None:
    """The type the first bytes announce, or None. ZIP is resolved later."""
    if head.startswith(b"%PDF-"):
        return FileType.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if head.startswith(b"PK\x03\x04"):
        return _ZIP
    if head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"<?xml"):
        return FileType.XML
    return None


def _type_label(types: Collection[str]) -> str:
    return ", ".join(FileType(t).label for t in FileType if t in types)


def inspect_file(
    fileobj: BinaryIO, *, size: int, name: str | None, allowed: Collection[str]
) -> Inspection:
    """Detect and check the file; raise ``ValidationError`` when it is refused.

    ``fileobj`` must be seekable (Django's uploads are, in memory or in a temporary file);
    it is read in pieces and left at position 0.
    """
    if size <= 0:
        raise refuse(UploadError.EMPTY, _("The file is empty."))
    clean_name = clean_original_name(name)
    stem, dot, ext = clean_name.rpartition(".")
    ext = ext.lower() if dot and stem else ""
    fileobj.seek(0)
    sniffed = sniff(fileobj.read(HEAD_BYTES))
    fileobj.seek(0)
    try:
        if sniffed == _ZIP:
            file_type = _ooxml_type(fileobj, size=size, ext=ext)
        elif sniffed is None:
            raise refuse(
                UploadError.UNKNOWN_TYPE,
                _("The content of this file is not of an accepted type (%(allowed)s)."),
                allowed=_type_label(allowed),
            )
        else:
            file_type = FileType(sniffed)
        if file_type not in allowed:
            raise refuse(
                UploadError.TYPE_NOT_ALLOWED,
                _("%(type)s files are not accepted here; accepted types: %(allowed)s."),
                type=file_type.label,
                allowed=_type_label(allowed),
            )
        if ext and ext not in EXTENSIONS[file_type] and _known_extension(ext):
            # A scan saved as .pdf that is really a PNG, or the other way round: the sender
            # should see the mistake instead of the system quietly guessing.
            raise refuse(
                UploadError.EXTENSION_MISMATCH,
                _("The file is named .%(ext)s but its content is %(type)s."),
                ext=ext,
                type=file_type.label,
            )
        if ext not in EXTENSIONS[file_type]:
            clean_name = f"{clean_name}.{EXTENSIONS[file_type][0]}"
        pages = _CHECKS[file_type](fileobj, size)
    finally:
        fileobj.seek(0)
    return Inspection(file_type=file_type, pages=pages, name=clean_name)


def _known_extension(ext: str) -> bool:
    return any(ext in extensions for extensions in EXTENSIONS.values())


# --- PDF --------------------------------------------------------------------------------


def _check_pdf(fileobj: BinaryIO, size: int) -> int:
    malformed = refuse(
        UploadError.PDF_MALFORMED, _("The PDF file is damaged or incomplete and cannot be read.")
    )
    # A PDF ends with %%EOF (readers allow it within the last kilobyte); a transfer cut
    # short loses it, and pypdf would otherwise quietly rebuild what it can.
    fileobj.seek(max(0, size - 1024))
    if b"%%EOF" not in fileobj.read():
        raise malformed
    fileobj.seek(0)

    from pypdf import PdfReader  # heavy import, only when a PDF arrives

    try:
        reader = PdfReader(fileobj, strict=False)
        encrypted = reader.is_encrypted
        if not encrypted:
            # Resolve every page object, not only the count: a page tree pointing at
            # missing objects is damage that a bare count would not notice.
            pages = sum(1 for page in reader.pages if page.mediabox is not None)
    except Exception as exc:  # pypdf raises many kinds on garbage; each means "unreadable"
        raise malformed from exc
    if encrypted:
        raise refuse(
            UploadError.PDF_ENCRYPTED,
            _(
                "The PDF file is encrypted or protected by a password; please send an unprotected copy."
            ),
        )
    if pages < 1:
        raise malformed
    return pages


# --- Images -----------------------------------------------------------------------------


def _check_png(fileobj: BinaryIO, size: int) -> int:
    head = fileobj.read(33)
    # Signature, then the IHDR chunk (length 13) with a non-zero width and height.
    ok = len(head) == 33 and head[8:16] == b"\x00\x00\x00\x0dIHDR"
    if ok:
        width, height = struct.unpack(">II", head[16:24])
        ok = width > 0 and height > 0
    if ok:
        # A complete PNG ends with the IEND chunk; a cut transfer or an appended payload does not.
        fileobj.seek(size - 12)
        ok = fileobj.read(12) == b"\x00\x00\x00\x00IEND\xae\x42\x60\x82"
    if not ok:
        raise refuse(UploadError.IMAGE_MALFORMED, _("The image is damaged or incomplete."))
    return 1


def _check_jpeg(fileobj: BinaryIO, size: int) -> int:
    # Walk the marker segments until the frame header that gives the image size. Camera
    # makers append data after the image, so the end of the file is not checked.
    position = 2
    while position + 4 <= size:
        fileobj.seek(position)
        marker = fileobj.read(4)
        if marker[0] != 0xFF:
            break
        kind = marker[1]
        if kind == 0xFF:  # fill byte
            position += 1
            continue
        (length,) = struct.unpack(">H", marker[2:4])
        if kind in _JPEG_SOF:
            frame = fileobj.read(5)
            if len(frame) == 5:
                height, width = struct.unpack(">HH", frame[1:5])
                if width > 0 and height > 0:
                    return 1
            break
        if kind == _JPEG_SOS or length < 2:
            break
        position += 2 + length
    raise refuse(UploadError.IMAGE_MALFORMED, _("The image is damaged or incomplete."))


# --- Office (OOXML) ---------------------------------------------------------------------


def _ooxml_type(fileobj: BinaryIO, *, size: int, ext: str) -> FileType:
    """DOCX or XLSX, decided by the package's own declaration of its main part."""
    if ext in EXTENSIONS[FileType.DOCX] + EXTENSIONS[FileType.XLSX]:
        malformed = refuse(
            UploadError.OFFICE_MALFORMED,
            _("The file is not a valid Word (DOCX) or Excel (XLSX) document."),
        )
    else:
        malformed = refuse(
            UploadError.UNKNOWN_TYPE,
            _("The content of this file is not of an accepted type (%(allowed)s)."),
            allowed=_type_label(FileType.values),
        )
    try:
        with zipfile.ZipFile(fileobj) as package:
            infos = package.infolist()
            if sum(info.file_size for info in infos) > max(size, CHUNK) * MAX_OOXML_EXPANSION:
                raise malformed
            names = {info.filename for info in infos}
            declaration = package.getinfo("[Content_Types].xml")
            if declaration.file_size > MAX_CONTENT_TYPES_BYTES:
                raise malformed
            overrides, defaults = _content_types(package.read(declaration))
    except (
        zipfile.BadZipFile,
        KeyError,
        OSError,
        EOFError,
        ValueError,
        expat.ExpatError,
        _DoctypeFound,
    ) as exc:
        raise malformed from exc
    declared = set(overrides.values()) | set(defaults.values())
    if declared & OOXML_MACRO_TYPES or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise refuse(
            UploadError.OFFICE_MACROS, _("Office documents containing macros are not accepted.")
        )
    for part, content_type in overrides.items():
        file_type = OOXML_MAIN_TYPES.get(content_type)
        if file_type is not None and part.lstrip("/") in names:
            return file_type
    raise malformed


def _content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == f"{CONTENT_TYPES_NS} Override":
            overrides[attrs.get("PartName", "")] = attrs.get("ContentType", "")
        elif tag == f"{CONTENT_TYPES_NS} Default":
            defaults[attrs.get("Extension", "")] = attrs.get("ContentType", "")

    _parse_xml(iter([data]), start=start)
    return overrides, defaults


# --- XML --------------------------------------------------------------------------------


class _DoctypeFound(Exception):
    pass


def _parse_xml(chunks: Iterator[bytes], *, start=None) -> None:
    """Parse with expat, refusing any DOCTYPE: no entities, so no entity-expansion attacks."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(*args) -> None:
        raise _DoctypeFound

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    if start is not None:
        parser.StartElementHandler = start
    for chunk in chunks:
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _check_xml(fileobj: BinaryIO, size: int) -> None:
    try:
        _parse_xml(iter(lambda: fileobj.read(CHUNK), b""))
    except _DoctypeFound as exc:
        raise refuse(
            UploadError.XML_DOCTYPE,
            _("XML files with a document type declaration (DOCTYPE) are not accepted."),
        ) from exc
    except expat.ExpatError as exc:
        raise refuse(UploadError.XML_MALFORMED, _("The XML file is not well-formed.")) from exc
    return None


def _check_office(fileobj: BinaryIO, size: int) -> None:
    return None  # already opened and checked while telling DOCX from XLSX


_CHECKS = {
    FileType.PDF: _check_pdf,
    FileType.PNG: _check_png,
    FileType.JPEG: _check_jpeg,
    FileType.DOCX: _check_office,
    FileType.XLSX: _check_office,
    FileType.XML: _check_xml,
}
