"""Ends the session of a member who may no longer sign in (kith.members.sign_in: a suspension)."""

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from kith.members import sign_in


class SignInGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            message = sign_in.refusal(user)
            if message:
                logout(request)
                if request.path_info.startswith("/api/"):
                    body = {"error": {"code": "suspended", "message": message, "field": None}}
                    return JsonResponse(body, status=401)
                return render(request, "members/sign_in_refused.html", {"message": message}, status=403)
        return self.get_response(request)
