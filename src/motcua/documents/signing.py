"""PAdES signatures on result PDFs (pyHanko): sign with a visible stamp, and verify.

The signer is any ``pyhanko.sign.signers.Signer``: ``configured_signer()`` loads the key
and certificate named by the SIGNING_* settings (PEM/DER files or a PKCS#12 file); a
remote signing service (SIM-based or HSM signing from a provider) plugs in later as
another ``Signer`` without changing the callers.

Heavy imports (pyHanko, fontTools) happen inside the functions, so web processes that
never sign do not pay for them at start-up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import structlog

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.signers import Signer

logger = structlog.get_logger(__name__)

STAMP_FONT_SIZE = 10
STAMP_WIDTH, STAMP_HEIGHT = 220, 64
STAMP_MARGIN = 36


@dataclass(frozen=True)
class SignatureCheck:
    """What verifying a PDF found. ``valid`` is the verdict; the rest explains it."""

    valid: bool  # every signature intact, trusted and allowed by its modification policy
    intact: bool  # the signed bytes are unchanged
    trusted: bool  # the signer's certificate chains to a configured trust root
    covers_whole_file: bool  # nothing was appended after the last signature
    signer_name: str
    signed_at: dt.datetime | None
    summary: str  # a sentence for people
    detail: str = ""  # pyHanko's own summary, for support staff


# --- Signer and font --------------------------------------------------------------------


def configured_signer() -> Signer:
    """The signer named by the SIGNING_* settings; ``ImproperlyConfigured`` if there is none."""
    from pyhanko.sign import signers

    passphrase = settings.SIGNING_KEY_PASSPHRASE.encode() or None
    chain = [f for f in settings.SIGNING_CHAIN_FILES if f]
    if settings.SIGNING_PKCS12_FILE:
        signer = signers.SimpleSigner.load_pkcs12(
            settings.SIGNING_PKCS12_FILE, ca_chain_files=chain, passphrase=passphrase
        )
    elif settings.SIGNING_KEY_FILE and settings.SIGNING_CERT_FILE:
        signer = signers.SimpleSigner.load(
            settings.SIGNING_KEY_FILE,
            settings.SIGNING_CERT_FILE,
            ca_chain_files=chain,
            key_passphrase=passphrase,
        )
    else:
        raise ImproperlyConfigured(
            "Signing is not configured: set SIGNING_KEY_FILE and SIGNING_CERT_FILE "
            "(or SIGNING_PKCS12_FILE); see docs/documents.md."
        )
    if signer is None:  # pyHanko logs why and returns None
        raise ImproperlyConfigured("The signing key or certificate could not be loaded.")
    return signer


def stamp_font_path() -> Path:
    """The stamp font rescaled to 1000 units per em, built once into the cache directory."""
    return _rescaled_font(Path(settings.SIGNING_STAMP_FONT), Path(settings.DOCUMENTS_CACHE_DIR))


@functools.cache
def _rescaled_font(source: Path, cache_dir: Path) -> Path:
    # pyHanko 0.38's glyph accumulator writes glyph widths in the font's own units as if
    # they were thousandths of an em; Liberation and DejaVu use 2048, so the stamp text
    # came out spread twice as wide and ran off the box. A copy at 1000 units is exact.
    if not source.is_file():
        raise ImproperlyConfigured(f"SIGNING_STAMP_FONT {source} does not exist.")
    target = cache_dir / "fonts" / f"{source.stem}-upem1000.ttf"
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    target.parent.mkdir(parents=True, exist_ok=True)
    font = TTFont(str(source))
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    # Several workers may build it at once: each writes its own file, the rename is atomic.
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    font.save(str(partial))
    partial.replace(target)
    logger.info("stamp_font_built", path=str(target))
    return target


# --- Signing ------------------------------------------------------------------------------


def pdf_sign(
    pdf: bytes,
    *,
    signer: Signer | None = None,
    title: str = "",
    reason: str = "",
    location: str = "",
    page: int = -1,
    box: tuple[int, int, int, int] | None = None,
) -> bytes:
    """Sign ``pdf`` (PAdES baseline B) with a visible stamp and return the signed bytes.

    The stamp shows the signer's name (from the certificate), ``title`` and the time in
    Vietnam, in Vietnamese. ``page`` counts from 0, negative from the end; ``box`` is
    (x1, y1, x2, y2) in points, by default the bottom right corner of that page, where
    administrative documents (Nghị định 30/2020) put the signature block.
    """
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter, append_signature_field
    from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner
    from pyhanko.stamp import TextStampStyle

    signer = signer or configured_signer()
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    field_name = f"motcua_signature_{len(_existing_signatures(writer)) + 1}"
    box = box or _bottom_right(writer, page)
    append_signature_field(writer, SigFieldSpec(sig_field_name=field_name, on_page=page, box=box))
    with translation.override("vi"):
        stamp_text = "\n".join(
            [
                _("Signed by: %(signer)s"),
                *([_("Position: %(title)s")] if title else []),
                _("Time: %(at)s"),
            ]
        )
    font = GlyphAccumulatorFactory(str(stamp_font_path()), font_size=STAMP_FONT_SIZE)
    style = TextStampStyle(
        stamp_text=stamp_text,
        text_box_style=TextBoxStyle(font=font, font_size=STAMP_FONT_SIZE),
        border_width=1,
    )
    meta = PdfSignatureMetadata(
        field_name=field_name,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or None,
    )
    output = BytesIO()
    _run_to_completion(
        PdfSigner(meta, signer=signer, stamp_style=style).async_sign_pdf(
            writer,
            output=output,
            appearance_text_params={
                "title": title,
                "at": timezone.localtime().strftime("%d/%m/%Y %H:%M:%S"),
            },
        )
    )
    return output.getvalue()


def _run_to_completion(coroutine):
    """Run one of pyHanko's coroutines from synchronous code.

    pyHanko's synchronous wrappers call ``asyncio.run``, which refuses to start inside a
    thread whose event loop is already running (an ASGI worker; Playwright in the tests).
    A short-lived thread has no loop of its own, so the coroutine runs there instead.
    """
    if not _event_loop_running():
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _event_loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _existing_signatures(writer) -> list:
    return list(writer.prev.embedded_signatures)


def _bottom_right(writer, page: int) -> tuple[int, int, int, int]:
    page_ref = writer.find_page_for_modification(page)[0]
    x1, y1, x2, _y2 = (float(v) for v in page_ref.get_object()["/MediaBox"])
    right, bottom = int(x2) - STAMP_MARGIN, int(y1) + STAMP_MARGIN
    left = max(int(x1), right - STAMP_WIDTH)
    return (left, bottom, right, bottom + STAMP_HEIGHT)


# --- Verification ------------------------------------------------------------------------


def configured_trust_roots() -> list[asn1_x509.Certificate]:
    from pyhanko.keys import load_certs_from_pemder

    return list(load_certs_from_pemder([f for f in settings.SIGNING_TRUST_ROOTS if f]))


def load_trust_roots(paths: Sequence[str | Path]) -> list[asn1_x509.Certificate]:
    from pyhanko.keys import load_certs_from_pemder

    return list(load_certs_from_pemder([str(p) for p in paths]))


def pdf_verify(
    pdf: bytes | BinaryIO, *, trust_roots: Sequence[asn1_x509.Certificate] | None = None
) -> SignatureCheck:
    """Check every signature of ``pdf`` against ``trust_roots`` (default: SIGNING_TRUST_ROOTS).

    Nothing is fetched from the network. Anything that cannot be read or checked counts as
    invalid: a damaged file must never come out as authentic.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = list(trust_roots) if trust_roots is not None else configured_trust_roots()
    stream = BytesIO(pdf) if isinstance(pdf, bytes | bytearray) else pdf
    try:
        embedded = PdfFileReader(stream, strict=False).embedded_signatures
        if not embedded:
            return _invalid(_("The file has no digital signature."))
        statuses = [
            _run_to_completion(
                async_validate_pdf_signature(
                    signature, ValidationContext(trust_roots=roots, allow_fetching=False)
                )
            )
            for signature in embedded
        ]
    except Exception as exc:  # malformed structure, broken /ByteRange, bad CMS: all "invalid"
        logger.info("pdf_verify_failed", error=repr(exc))
        return _invalid(_("The signature cannot be read: the file is damaged or was altered."))

    from pyhanko.sign.validation.status import SignatureCoverageLevel

    last = statuses[-1]
    intact = all(s.intact for s in statuses)
    trusted = all(s.trusted for s in statuses)
    covers = last.coverage == SignatureCoverageLevel.ENTIRE_FILE
    valid = all(s.bottom_line for s in statuses) and covers
    signer_name = _common_name(last.signing_cert)
    signed_at = timezone.localtime(last.signer_reported_dt) if last.signer_reported_dt else None
    if not intact:
        summary = _("The file was changed after it was signed.")
    elif not trusted:
        summary = _("The signature is intact but its certificate is not from a trusted authority.")
    elif not valid:
        summary = _("The file was changed after it was signed.")
    else:
        summary = _("The signature is valid and the file is unchanged since it was signed.")
    return SignatureCheck(
        valid=valid,
        intact=intact,
        trusted=trusted,
        covers_whole_file=covers,
        signer_name=signer_name,
        signed_at=signed_at,
        summary=summary,
        detail="; ".join(s.summary() for s in statuses),
    )


def _invalid(summary: str) -> SignatureCheck:
    return SignatureCheck(
        valid=False,
        intact=False,
        trusted=False,
        covers_whole_file=False,
        signer_name="",
        signed_at=None,
        summary=summary,
    )


def certificate_name(cert) -> str:
    """The person a certificate names (its common name), for stamps and verdicts."""
    return _common_name(cert)


def _common_name(cert) -> str:
    if cert is None:
        return ""
    return cert.subject.native.get("common_name", "") or cert.subject.human_friendly
