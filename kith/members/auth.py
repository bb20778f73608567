"""API authentication: personal access tokens (Bearer) or the browser session (with CSRF)."""

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from kith.members.actions import authenticate_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


api_auth = [TokenAuth(), SessionAuth(csrf=True)]
