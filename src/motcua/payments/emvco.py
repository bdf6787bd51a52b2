"""EMVCo merchant-presented QR payloads as VietQR (NAPAS) uses them, with the CRC.

A payload is a run of ID-length-value fields (two-digit id, two-digit length, value);
the last field is the CRC (id 63), a CRC-16/CCITT-FALSE (polynomial 0x1021, initial value
0xFFFF) over the whole payload up to and including "6304". Pure functions, no Django.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

# NAPAS application identifier and the service "transfer to account by QR".
NAPAS_GUID = "A000000727"
TRANSFER_TO_ACCOUNT = "QRIBFTTA"
VND = "704"
MAX_NOTE = 50


def crc16_ccitt(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"EMVCo field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def with_crc(payload: str) -> str:
    """Append the CRC field to ``payload`` (which must not contain it yet)."""
    body = payload + "6304"
    return body + f"{crc16_ccitt(body.encode('utf-8')):04X}"


def crc_valid(payload: str) -> bool:
    return len(payload) > 8 and with_crc(payload[:-8]) == payload


def ascii_note(text: str) -> str:
    """Bank apps reject diacritics in the note: fold Vietnamese to ASCII (đ too)."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if unicodedata.category(c) != "Mn")
    return "".join(c for c in plain if c.isascii() and (c.isalnum() or c in " -.")).strip()[
        :MAX_NOTE
    ]


def vietqr_payload(*, bin_code: str, account: str, amount: Decimal | int, note: str) -> str:
    """A dynamic (single-use) VietQR transfer payload for ``amount`` VND with ``note``."""
    if not (bin_code.isdigit() and len(bin_code) == 6):
        raise ValueError("bank BIN must be six digits")
    if not account or len(account) > 19:
        raise ValueError("account number must have 1 to 19 characters")
    beneficiary = field("00", bin_code) + field("01", account)
    merchant = field("00", NAPAS_GUID) + field("01", beneficiary) + field("02", TRANSFER_TO_ACCOUNT)
    payload = (
        field("00", "01")
        + field("01", "12")  # 12: dynamic, the amount is fixed
        + field("38", merchant)
        + field("53", VND)
        + field("54", str(int(amount)))
        + field("58", "VN")
        + field("62", field("08", ascii_note(note)))
    )
    return with_crc(payload)


def parse(payload: str) -> dict[str, str]:
    """Top-level fields of a payload (for tests and for reading a scanned code back)."""
    found: dict[str, str] = {}
    i = 0
    while i < len(payload):
        tag, length = payload[i : i + 2], int(payload[i + 2 : i + 4])
        found[tag] = payload[i + 4 : i + 4 + length]
        i += 4 + length
    return found
