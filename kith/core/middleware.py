import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from kith.core.errors import KithError
from kith.core.inputs import find_unstorable, unstorable

# htmx is served from our own static files; no inline scripts anywhere.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(("/api/v1/docs", "/admin/")):
            response.setdefault("Content-Security-Policy", CSP)
        return response




API_PREFIX = "/api/"


class RefuseBadInputMiddleware:
    """Refuse, before any view sees it, input no database can store and bodies over the limits.

    A NUL character or an unpaired surrogate (see ``kith.core.inputs.unstorable``) in the path,
    the query string, a form or a JSON body is a 422 naming the field in the API, a 400 on a page:
    PostgreSQL raises on a NUL and SQLite stores it, so without this one door every text input
    would need its own check. A body over DATA_UPLOAD_MAX_MEMORY_SIZE, or more fields than
    DATA_UPLOAD_MAX_NUMBER_FIELDS, is a 413 in the API's error shape (pages keep Django's 400).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path_info.startswith(API_PREFIX)
        try:
            found = _find_unstorable_input(request, api=api)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
            if not api:
                raise
            return _api_error(_too_large_message(exc), "too_large", None, status=413)
        if found is None:
            return self.get_response(request)
        field, reason = found
        message = f"{field or 'The address'}: contains {reason}, which can't be stored."
        if api:
            return _api_error(message, "invalid_text", field, status=422)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _find_unstorable_input(request: HttpRequest, *, api: bool) -> tuple[str | None, str] | None:
    if reason := unstorable(request.path_info):
        return None, reason
    forms = [request.GET]
    # A form (a page, or an API upload) is read as a form: reading it whole as the body would
    # hold a file upload in memory, and parsing it after that is no longer possible.
    is_form = request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded")
    if request.method == "POST" and (not api or is_form):
        forms.append(request.POST)
    for form in forms:
        for key, values in form.lists():
            if found := find_unstorable({key: values}):
                return found[0].split(".")[0], found[1]
    if api and not is_form and request.body:
        try:
            data = json.loads(request.body)
        except ValueError:
            return None  # not JSON: the API answers that itself
        return find_unstorable(data)
    return None


def _too_large_message(exc: Exception) -> str:
    if isinstance(exc, RequestDataTooBig):
        return f"The request body is too large: at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes."
    return f"Too many fields in the request: at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}."


def _api_error(message: str, code: str, field: str | None, *, status: int) -> JsonResponse:
    return JsonResponse(KithError(message, code, field).as_dict(), status=status)
