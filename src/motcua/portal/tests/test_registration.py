from motcua.accounts.constants import UserKind
from motcua.accounts.models import User

URL = "/dang-ky/"
GOOD = {
    "kind": "citizen",
    "identification_number": "086185012399",
    "full_name": "Nguyễn Thị Mai",
    "phone": "0912 000 111",
    "email": "mai@example.test",
    "password1": "dai-va-kho-doan-2026",
    "password2": "dai-va-kho-doan-2026",
}


def test_a_citizen_registers_and_is_signed_in(client, db):
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/ca-nhan/ho-so/"
    user = User.objects.get(identification_number="086185012399")
    assert (user.kind, user.username, user.full_name) == (
        UserKind.CITIZEN,
        "086185012399",
        "Nguyễn Thị Mai",
    )
    assert client.get("/ca-nhan/ho-so/").status_code == 200
    # And signs in later with the number.
    client.logout()
    response = client.post(
        "/accounts/login/", {"username": "086185012399", "password": GOOD["password1"]}
    )
    assert response.status_code == 302


def test_an_organisation_registers_with_its_tax_code(client, db):
    data = {**GOOD, "kind": "organisation", "identification_number": "0100109106"}
    assert client.post(URL, data).status_code == 302
    assert User.objects.get(username="0100109106").kind == UserKind.ORGANISATION


def _refused(client, data, message):
    response = client.post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_bad_identification_number(client, db):
    _refused(client, {**GOOD, "identification_number": "12345"}, "12")


def test_bad_tax_code(client, db):
    _refused(
        client,
        {**GOOD, "kind": "organisation", "identification_number": "0100109107"},
        "mã số thuế",
    )


def test_bad_phone_and_passwords(client, db):
    response = client.post(URL, {**GOOD, "phone": "abc", "password2": "khac-nhau-hoan-toan-1"})
    page = response.content.decode()
    assert "Nhập số điện thoại từ 8 đến 15 chữ số" in page
    assert "Hai mật khẩu không giống nhau" in page
    assert not User.objects.exists()


def test_weak_password_is_refused_in_vietnamese(client, db):
    _refused(client, {**GOOD, "password1": "123", "password2": "123"}, "Mật khẩu")


def test_a_number_registers_once(client, db):
    client.post(URL, GOOD)
    client.logout()
    response = client.post(URL, {**GOOD, "full_name": "Người khác"})
    assert "Số này đã có tài khoản" in response.content.decode()
    assert User.objects.count() == 1


def test_typed_values_are_kept_on_error(client, db):
    response = client.post(URL, {**GOOD, "phone": "x"})
    assert 'value="Nguyễn Thị Mai"' in response.content.decode()
