"""The LinkedIn upload routes read their bodies under our limits, before anything else does.

Django streams a file upload to a temporary file and reads at most CONTENT_LENGTH bytes,
but it would still accept a 5 GB body onto the disk, and it answers too many files with
a bare 400. This middleware, for the upload routes only (the page and the API), refuses
a body over the size limit from its Content-Length without reading it, streams the rest
to temporary files, and parses it at once so that too many files or a broken body get
the same clean refusal as every other hostile upload: a 4xx naming the problem (JSON
for the API, the upload page with the message for the page), nothing written.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import NoReverseMatch, reverse

from kith.portability.archive import UploadRefused, size_text

SLACK = 1024 * 1024  # multipart boundaries and the other fields, on top of the files


def upload_paths() -> dict[str, bool]:
    """{path: is_api} of the routes that take an export."""
    paths = {}
    for name, is_api in (("portability:import", False), ("api:import_linkedin", True)):
        try:
            paths[reverse(name)] = is_api
        except NoReverseMatch:
            continue
    return paths


def _refusal(request: HttpRequest) -> UploadRefused | None:
    limit = settings.KITH_IMPORT_MAX_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit + SLACK:
        return UploadRefused(
            f"The upload is {size_text(length)}; the limit is {size_text(limit)}. Upload the zip as LinkedIn sent it, "
            "or only the CSV files you want imported.",
            "too_large",
            status=413,
        )
    request.upload_handlers = [TemporaryFileUploadHandler(request)]
    try:
        request.POST  # noqa: B018 - parse now, under our handlers, so a refusal is ours
    except TooManyFilesSent:
        return UploadRefused(
            f"More than {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files: the limit is {settings.KITH_IMPORT_MAX_FILES}.",
            "too_many_files",
        )
    except RequestDataTooBig:
        return UploadRefused("The form fields beside the files are too large.", "too_large", status=413)
    except MultiPartParserError:
        return UploadRefused("The upload could not be read (the request body is malformed).", "bad_upload")
    return None


class UploadLimitMiddleware:
    """Sits before every middleware that reads a body (kith.core's input checks, CSRF), so the
    upload is parsed under these handlers; a refusal answers from here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            is_api = upload_paths().get(request.path)
            if is_api is not None:
                refusal = _refusal(request)
                if refusal is not None:
                    if is_api:
                        return JsonResponse(refusal.as_dict(), status=refusal.status)
                    return _refusal_page(request, refusal)
        return self.get_response(request)


def _refusal_page(request: HttpRequest, refusal: UploadRefused) -> HttpResponse:
    """The upload page with the refusal. The middlewares below this one have not run: the
    member is loaded here as AuthenticationMiddleware would, and the page is rendered through
    CsrfViewMiddleware (its cookie read and kept, no check: nothing is written) so that the
    form it shows still posts."""
    from django.contrib.auth.middleware import get_user
    from django.middleware.csrf import CsrfViewMiddleware
    from django.utils.functional import SimpleLazyObject

    from kith.portability.views import upload_refused

    if not hasattr(request, "user"):
        request.user = SimpleLazyObject(lambda: get_user(request))
    return CsrfViewMiddleware(lambda req: upload_refused(req, refusal))(request)
