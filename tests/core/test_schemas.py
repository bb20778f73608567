"""The one error shape, as the API answers it and as the OpenAPI declares it."""

import pytest
from ninja import Router

from kith.api import api
from kith.core.schemas import ErrorOut, errors


@pytest.fixture(scope="module")
def openapi():
    return api.get_openapi_schema(path_prefix="/api/v1/")


def test_errors_declares_each_status_with_the_error_shape():
    assert errors(404, 422) == {404: ErrorOut, 422: ErrorOut}
    with pytest.raises(ValueError):
        errors(500)


def test_a_route_lists_the_errors_it_declares():
    router = Router()

    @router.get("/thing", response={200: dict, **errors(404, 409)})
    def thing(request):
        return {}

    operation = router.path_operations["/thing"].operations[0]
    assert operation.response_models[404] is not None and set(operation.response_models) == {200, 404, 409}


def test_every_operation_declares_the_framework_errors(openapi):
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if operation.get("security"):
                assert responses[401]["content"]["application/json"]["schema"] == ref, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert 422 in responses, (method, path)
            if operation.get("requestBody"):
                assert 400 in responses, (method, path)
            assert 413 in responses, (method, path)
    assert openapi["components"]["schemas"]["ErrorOut"]["required"] == ["error"]


def test_error_bodies_match_the_declared_shape(api_client, ada):
    api_client.force_login(ada)
    for response in (
        api_client.get("/api/v1/conversations/12345"),  # KithError: not found
        api_client.get("/api/v1/conversations/abc"),  # validation error
        api_client.get("/api/v1/suggestions?limit=1000"),  # KithError with a field
    ):
        assert 400 <= response.status_code < 500
        ErrorOut.model_validate(response.json())
    api_client.logout()
    response = api_client.get("/api/v1/me")
    assert response.status_code == 401
    ErrorOut.model_validate(response.json())
