"""What the groups tests share: a signed-in client, and the API called through it."""

from __future__ import annotations

import json

from django.test import Client


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(client: Client, method: str, path: str, body: dict | None = None):
    return client.generic(method, f"/api/v1{path}", "" if body is None else json.dumps(body), content_type="application/json")
