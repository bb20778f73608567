from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.http import HttpRequest
from django.urls import reverse

from kith.core.errors import LimitReached
from kith.core.htmx import limit_page
from kith.members import actions


def client_address(request: HttpRequest) -> str:
    """The client's IP address as allauth's ALLAUTH_TRUSTED_PROXY_COUNT / _CLIENT_IP_HEADER see it."""
    return get_adapter(request).get_client_ip(request)


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up creates the profile through the same action operators use; password sign-ins
    are counted by Kith's limiter (atomic and shared by every process, unlike allauth's
    per-process cache), and a spent budget answers 429 with a page saying when it lifts."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            actions.create_profile(user, name=form.cleaned_data["name"])
        return user

    def pre_authenticate(self, request, **credentials):
        """Nothing: ``authenticate`` counts the attempt (allauth's own login_failed limit is off)."""

    def authenticate(self, request, **credentials):
        try:
            usages = actions.count_sign_in_attempt(email=credentials.get("email") or "", address=client_address(request))
        except LimitReached as error:
            raise ImmediateHttpResponse(
                limit_page(
                    request,
                    error,
                    title="Too many sign-in attempts",
                    links=[("Reset your password", reverse("account_reset_password")), ("Back to sign in", reverse("account_login"))],
                )
            ) from error
        user = super().authenticate(request, **credentials)
        if user is not None:
            actions.forgive_sign_in_attempt(usages)
        return user
