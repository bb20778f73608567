import pytest


@pytest.fixture
def api_as(api_client):
    def sign_in(member):
        api_client.logout()
        api_client.force_login(member)
        return api_client

    return sign_in
