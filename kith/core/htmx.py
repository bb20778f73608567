"""Helpers so one view serves a full page and its htmx fragment."""

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kith.core.errors import KithError, LimitReached


def render_page(request: HttpRequest, template: str, context: dict, *, partial: str | None = None, status: int = 200) -> HttpResponse:
    """Render ``partial`` for an htmx request when given, else the whole ``template``."""
    name = partial if partial and getattr(request, "htmx", False) else template
    return render(request, name, context, status=status)


def add_error(form: Form, error: KithError) -> None:
    """Show an action's refusal on the form field it names (or the whole form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def flash_error(request: HttpRequest, error: KithError) -> None:
    messages.error(request, error.message)


def limit_page(request: HttpRequest, error: LimitReached, *, title: str, links: list[tuple[str, str]] = ()) -> HttpResponse:
    """A page for a limit a whole request ran into: 429, Retry-After, and the message saying
    which limit it is and when it lifts. ``links`` are (label, url) pairs for what to do meanwhile."""
    response = render(request, "core/limit_reached.html", {"title": title, "error": error, "links": links}, status=429)
    if error.retry_after is not None:
        response["Retry-After"] = str(error.retry_after)
    return response
