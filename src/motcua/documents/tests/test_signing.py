"""PAdES signing with a visible Vietnamese stamp, and verification against trust roots."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from fontTools.ttLib import TTFont
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from motcua.documents import signing, testpki

from . import builders


@pytest.fixture(autouse=True)
def _today():
    """Real time here: certificates are valid from the moment the session created them."""


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("pki")
    root = testpki.make_root()
    leaf = testpki.make_leaf(
        root, common_name="Nguyễn Văn Ký", title="Chủ tịch", organisation="UBND xã Cái Nhum"
    )
    stranger = testpki.make_root("Untrusted Root")
    return {
        "root": testpki.write_cert(root.cert, directory / "root.pem"),
        "key": testpki.write_key(leaf.key, directory / "ky-key.pem"),
        "cert": testpki.write_cert(leaf.cert, directory / "ky.pem"),
        "other_root": testpki.write_cert(stranger.cert, directory / "other-root.pem"),
        "p12": _pkcs12(leaf, root, directory / "ky.p12"),
    }


def _pkcs12(leaf: testpki.Issued, root: testpki.Issued, path: Path) -> Path:
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"ky", leaf.key, leaf.cert, [root.cert], BestAvailableEncryption(b"mat-khau")
        )
    )
    return path


@pytest.fixture(scope="session")
def font_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def signing_settings(settings, pki, font_cache):
    settings.DOCUMENTS_CACHE_DIR = font_cache
    settings.SIGNING_KEY_FILE = str(pki["key"])
    settings.SIGNING_CERT_FILE = str(pki["cert"])
    settings.SIGNING_CHAIN_FILES = [str(pki["root"])]
    settings.SIGNING_PKCS12_FILE = ""
    settings.SIGNING_KEY_PASSPHRASE = ""
    settings.SIGNING_TRUST_ROOTS = [str(pki["root"])]


@pytest.fixture
def signed() -> bytes:
    return signing.pdf_sign(
        builders.pdf_bytes(2),
        title="Chủ tịch",
        reason="Cấp giấy khai sinh",
        location="xã Cái Nhum, tỉnh Vĩnh Long",
    )


def test_a_signed_pdf_verifies(signed):
    check = signing.pdf_verify(signed)
    assert (check.valid, check.intact, check.trusted, check.covers_whole_file) == (
        True,
        True,
        True,
        True,
    )
    assert check.signer_name == "Nguyễn Văn Ký"
    assert abs(check.signed_at - timezone.now()) < dt.timedelta(minutes=1)
    assert str(check.signed_at.tzinfo) == "Asia/Ho_Chi_Minh"
    assert check.detail == "INTACT:TRUSTED,UNTOUCHED"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_stamp_is_visible_and_vietnamese(signed, tmp_path):
    (tmp_path / "signed.pdf").write_bytes(signed)
    text = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(tmp_path / "signed.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Letters come out whole only with the rescaled font (toolchain note: stamp-font bug).
    assert "Người ký: Nguyễn Văn Ký" in text
    assert "Chức vụ: Chủ tịch" in text
    assert f"Thời gian: {timezone.localdate():%d/%m/%Y}" in text


def test_a_flipped_byte_breaks_the_signature(signed):
    tampered = bytearray(signed)
    at = signed.index(b"/Location") + 12  # inside the signed revision
    tampered[at] ^= 0x01
    check = signing.pdf_verify(bytes(tampered))
    assert not check.valid
    assert not check.intact


def test_a_broken_byte_range_is_invalid_not_an_error(signed):
    tampered = signed.replace(b"/ByteRange [", b"/ByteRange [9", 1)
    check = signing.pdf_verify(tampered)
    assert not check.valid


def test_changes_appended_after_signing_are_reported(signed):
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    check = signing.pdf_verify(out.getvalue())
    assert check.intact
    assert not check.covers_whole_file
    assert not check.valid


def test_an_unknown_root_is_not_trusted(signed, pki):
    check = signing.pdf_verify(signed, trust_roots=signing.load_trust_roots([pki["other_root"]]))
    assert check.intact
    assert not check.trusted
    assert not check.valid


@pytest.mark.parametrize(
    "content",
    [builders.pdf_bytes(1), b"%PDF-1.7 not a pdf", b""],
    ids=["unsigned", "junk", "empty"],
)
def test_unsigned_or_unreadable_files_are_invalid(content):
    check = signing.pdf_verify(content)
    assert not check.valid
    assert check.signer_name == ""


def test_a_pkcs12_file_can_be_the_signer(settings, pki):
    settings.SIGNING_KEY_FILE = settings.SIGNING_CERT_FILE = ""
    settings.SIGNING_PKCS12_FILE = str(pki["p12"])
    settings.SIGNING_KEY_PASSPHRASE = "mat-khau"
    settings.SIGNING_CHAIN_FILES = []
    assert signing.pdf_verify(signing.pdf_sign(builders.pdf_bytes(1))).valid


def test_signing_without_a_configured_signer_says_what_to_set(settings):
    settings.SIGNING_KEY_FILE = settings.SIGNING_CERT_FILE = ""
    with pytest.raises(ImproperlyConfigured, match="SIGNING_KEY_FILE"):
        signing.pdf_sign(builders.pdf_bytes(1))


def test_the_stamp_font_is_rescaled_once_into_the_cache(font_cache):
    path = signing.stamp_font_path()
    assert path.parent == font_cache / "fonts"
    assert TTFont(str(path))["head"].unitsPerEm == 1000
    assert signing.stamp_font_path() == path


def test_make_test_pki_writes_a_root_once_and_signers(tmp_path, capsys):
    call_command("make_test_pki", str(tmp_path), "--signer", "Trần Thị Đào;Phó Chủ tịch")
    root = (tmp_path / "root.pem").read_bytes()
    call_command("make_test_pki", str(tmp_path), "--signer", "Lê Văn Cường")
    assert (tmp_path / "root.pem").read_bytes() == root  # the second run reuses the root
    assert {p.name for p in tmp_path.iterdir()} == {
        "root.pem",
        "root-key.pem",
        "tran-thi-dao.pem",
        "tran-thi-dao-key.pem",
        "le-van-cuong.pem",
        "le-van-cuong-key.pem",
    }
    assert f"SIGNING_TRUST_ROOTS={tmp_path / 'root.pem'}" in capsys.readouterr().out


def test_signing_and_verifying_work_when_the_thread_runs_an_event_loop(monkeypatch):
    # In an ASGI worker (or beside Playwright in this suite) the calling thread already runs
    # a loop, where pyHanko's own sync wrappers fail ("asyncio.run() cannot be called").
    monkeypatch.setattr(signing, "_event_loop_running", lambda: True)
    signed = signing.pdf_sign(
        builders.pdf_bytes(1), title="Chủ tịch", reason="Thử", location="Vĩnh Long"
    )
    check = signing.pdf_verify(signed)
    assert check.valid and check.intact and check.trusted
