from types import SimpleNamespace
from urllib.parse import urlparse

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse

from kith.core.email import frame_context, site_url
from kith.core.errors import LimitReached
from kith.core.htmx import limit_page
from kith.members import actions, sign_in


def client_address(request: HttpRequest) -> str:
    """The client's IP address: REMOTE_ADDR, which kith.core.proxy.TrustedProxyMiddleware has set
    from X-Forwarded-For when (and only when) the request came through a trusted proxy."""
    return get_adapter(request).get_client_ip(request)


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up creates the profile through the same action operators use; password sign-ins
    are counted by Kith's limiter (atomic and shared by every process, unlike allauth's
    per-process cache), and a spent budget answers 429 with a page saying when it lifts.
    Emails speak for the community (KITH_SITE_NAME), not the request's host."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            actions.create_profile(user, name=form.cleaned_data["name"])
        return user

    def get_client_ip(self, request: HttpRequest) -> str:
        # One answer for allauth's own limits and Kith's: the proxy middleware's (allauth's
        # ALLAUTH_TRUSTED_PROXY_COUNT would walk X-Forwarded-For a second time).
        return request.META.get("REMOTE_ADDR") or "0.0.0.0"

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

    def pre_login(self, request, user, **kwargs):
        """A suspended member is turned away with the reason and the end (kith.members.sign_in)."""
        message = sign_in.refusal(user)
        if message:
            return render(request, "members/sign_in_refused.html", {"message": message}, status=403)
        return super().pre_login(request, user, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth names the site after the request's host ("Hello from 127.0.0.1:8311!"): use
        # KITH_SITE_NAME and KITH_SITE_URL instead, and greet the member by name when there is one.
        user = context.get("user")
        profile = getattr(user, "profile", None) if user is not None else None
        site = SimpleNamespace(name=settings.SITE_NAME, domain=urlparse(site_url()).netloc or settings.SITE_NAME)
        super().send_mail(
            template_prefix, email, {**context, **frame_context(getattr(profile, "name", None)), "current_site": site}
        )
