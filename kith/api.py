"""The REST API at /api/v1: one NinjaAPI, one router an app, one error shape."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from kith.core.errors import KithError
from kith.core.schemas import ErrorOut
from kith.members.auth import api_auth

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
FRAMEWORK_ERRORS = {
    400: "The body is not valid JSON",
    401: "Not signed in: no valid token or session",
    413: "The request is over a size limit (body size, number of fields)",
    422: "Input that does not parse or breaks a declared constraint",
}


class KithAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs) -> OpenAPISchema:
        """The schema, plus the errors the framework gives whatever the route: 401 for routes that
        need a token, 413 for any request over the size limits, 422 for routes that take input,
        400 for routes that take a body (not JSON)."""
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error_schema.pop("$defs", {}))
        components.setdefault("ErrorOut", error_schema)
        for operations in schema["paths"].values():
            for operation in operations.values():
                gives = {413}
                if operation.get("security"):
                    gives.add(401)
                if operation.get("parameters") or operation.get("requestBody"):
                    gives.add(422)
                if operation.get("requestBody"):
                    gives.add(400)
                for status in sorted(gives):
                    operation["responses"].setdefault(
                        status,
                        {"description": FRAMEWORK_ERRORS[status], "content": {"application/json": {"schema": ERROR_REF}}},
                    )
        return schema


api = KithAPI(
    title="Kith API",
    version="1",
    urls_namespace="api",
    auth=api_auth,
    docs_url="/docs",
)


def error_response(request: HttpRequest, status: int, code: str, message: str, field: str | None = None, **extra) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "field": field, **extra}}
    return api.create_response(request, body, status=status)


@api.exception_handler(KithError)
def kith_error(request: HttpRequest, exc: KithError) -> HttpResponse:
    response = api.create_response(request, exc.as_dict(), status=exc.status)
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def error_field(loc) -> str | None:
    """The input a validation error names, as a client wrote it: ``positions.0.title``, ``offset``.

    ninja's ``loc`` is (source, parameter, *path): a body's parameter name (``data``, ``payload``)
    is the handler's business, not the client's; a query or path parameter is the field itself.
    """
    source, *rest = [str(part) for part in loc] or [""]
    if source == "body" or len(rest) > 1:
        rest = rest[1:]
    return ".".join(rest) or None


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    field = error_field(first.get("loc", ()))
    message = _validation_message(first)
    if field:
        message = f"{field}: {message}"
    return error_response(request, 422, "validation_error", message, field)


def _validation_message(error: dict) -> str:
    """pydantic's message, said plainly for the errors a client meets most (limits, choices)."""
    kind, ctx = error.get("type"), error.get("ctx") or {}
    if kind == "string_too_long":
        return f"at most {ctx['max_length']:,} characters."
    if kind == "too_long":
        return f"at most {ctx['max_length']:,} items."
    if kind == "literal_error":
        return f"choose one of {ctx['expected']}."
    if kind == "extra_forbidden":
        return "not a field here."
    if kind == "missing":
        return "this field is required."
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "expected a JSON object."
    return error.get("msg", "Invalid input.")


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", "Sign in, or send a valid 'Authorization: Bearer <token>'.")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if exc.status_code == 403 and "CSRF" in message:
        return error_response(request, 403, "csrf_failed", "CSRF check failed: send the X-CSRFToken header.")
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        return error_response(request, 400, "invalid_json", "The body is not valid JSON.")
    return error_response(request, exc.status_code, "http_error", message)


def _register_routers() -> None:
    from kith.members.api import router as members_router

    api.add_router("/", members_router)

    from kith.search.api import router as search_router

    api.add_router("/", search_router)

    from kith.messaging.api import router as messaging_router

    api.add_router("/", messaging_router)

    from kith.network.api import router as network_router
    from kith.notifications.api import router as notifications_router

    api.add_router("/", network_router)
    api.add_router("/", notifications_router)

    from kith.moderation.api import router as moderation_router

    api.add_router("/", moderation_router)

    from kith.insights.api import router as insights_router

    api.add_router("/", insights_router)

    from kith.groups.api import router as groups_router

    api.add_router("/", groups_router)
    from kith.posts.api import router as posts_router

    api.add_router("/", posts_router)

    from kith.introductions.api import router as introductions_router

    api.add_router("/", introductions_router)

    from kith.portability.api import router as portability_router

    api.add_router("/", portability_router)


_register_routers()
