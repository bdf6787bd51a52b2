"""VietQR payloads: the CRC against published examples, and the fields we put in."""

from decimal import Decimal

import pytest

from motcua.payments.emvco import ascii_note, crc16_ccitt, crc_valid, parse, vietqr_payload

# The merchant-presented example of the EMVCo QR specification (v1.0, appendix), whose
# published CRC is A13A; it also checks that the CRC runs over UTF-8 bytes.
EMVCO_EXAMPLE = (
    "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678"
    "520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京"
    "540523.7253031565502016233030412340603***0708A60086670902ME9132001"
    "6A0112233449988770708123456786304A13A"
)
# A VietQR transfer string as a Vietnamese payment service published it (Vietcombank BIN
# 970436, account 1023456789, 1,943,000 VND, note TT000069).
VIETQR_EXAMPLE = (
    "00020101021238540010A00000072701240006970436011010234567890208QRIBFTTA5303704"
    "540719430005802VN62120808TT0000696304A8E5"
)


def test_crc16_ccitt_false_check_value():
    # The standard check value of CRC-16/CCITT-FALSE.
    assert crc16_ccitt(b"123456789") == 0x29B1


@pytest.mark.parametrize("payload", [EMVCO_EXAMPLE, VIETQR_EXAMPLE])
def test_published_examples_have_a_valid_crc(payload):
    assert crc_valid(payload)


def test_a_changed_character_breaks_the_crc():
    assert not crc_valid(VIETQR_EXAMPLE.replace("1943000", "1943001"))


def test_our_payload_reproduces_the_published_vietqr_string():
    assert (
        vietqr_payload(
            bin_code="970436", account="1023456789", amount=Decimal(1943000), note="TT000069"
        )
        == VIETQR_EXAMPLE
    )


def test_payload_fields():
    payload = vietqr_payload(
        bin_code="970436", account="0071000123456", amount=200000, note="MC0123456789AB NOP PHI"
    )
    fields = parse(payload)
    assert fields["00"] == "01"
    assert fields["01"] == "12"  # dynamic: the amount cannot be changed by the payer
    assert fields["53"] == "704" and fields["58"] == "VN" and fields["54"] == "200000"
    merchant = parse(fields["38"])
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert parse(merchant["01"]) == {"00": "970436", "01": "0071000123456"}
    assert parse(fields["62"]) == {"08": "MC0123456789AB NOP PHI"}
    assert crc_valid(payload)


def test_note_is_folded_to_ascii():
    assert ascii_note("Nộp lệ phí hồ sơ Đăng ký") == "Nop le phi ho so Dang ky"


@pytest.mark.parametrize(
    "changes", [{"bin_code": "97043"}, {"bin_code": "ABCDEF"}, {"account": ""}]
)
def test_bad_bank_details_are_refused(changes):
    values = {"bin_code": "970436", "account": "1", "amount": 1, "note": "x"} | changes
    with pytest.raises(ValueError):
        vietqr_payload(**values)
