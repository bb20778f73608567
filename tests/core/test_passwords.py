"""Members' passwords are hashed with Argon2id; older hashes still sign in and are upgraded."""

from django.contrib.auth.hashers import (
    PBKDF2PasswordHasher,
    check_password,
    identify_hasher,
    make_password,
)

from tests.factories import PASSWORD, make_member


def test_new_passwords_are_argon2id_with_kiths_parameters(settings, db):
    settings.PASSWORD_HASHERS = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]
    encoded = make_password("correct horse battery staple")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("correct horse battery staple", encoded)
    assert not check_password("wrong", encoded)


def test_a_pbkdf2_password_signs_in_and_is_rehashed_with_argon2(client, settings, db):
    settings.PASSWORD_HASHERS = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]
    ada = make_member("Ada Lovelace", email="ada@example.com")
    ada.password = PBKDF2PasswordHasher().encode(PASSWORD, "somesalt", iterations=1000)
    ada.save(update_fields=["password"])
    response = client.post("/accounts/login/", {"login": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 302
    ada.refresh_from_db()
    assert identify_hasher(ada.password).algorithm == "argon2"
