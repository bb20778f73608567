"""``{% url %}`` with its answers kept for the life of the process (a template builtin, so every
template gets it without ``{% load %}``).

Django's ``reverse()`` resolves the namespace, walks the view's candidate patterns, checks every
argument against them and quotes the result: a few dozen microseconds a call, and a home page of
ten posts makes ~180 calls, half of them repeats (a post's reaction URL is both its form's
``action`` and its ``hx-post``; its author's profile link appears twice). Which path a view name
and arguments give cannot change while the process runs, so answers are kept in a bounded LRU,
keyed on everything ``reverse()`` depends on: the view name, the arguments, the current app, the
urlconf and the script prefix. Only arguments that are ``int`` or ``str`` (a template's quoted
literal is a ``SafeString``) are cached; any other value (a model instance, a lazy string) is
reversed each time, as Django does.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

PLAIN = (int, str)


@lru_cache(maxsize=8192)
def _reverse(view_name: str, args: tuple, kwargs: tuple, current_app: str | None, urlconf: str, prefix: str) -> str:
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def cached_reverse(view_name, args=(), kwargs=None, current_app=None) -> str:
    """``reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)``, from the LRU
    when every argument is a plain int or str."""
    kwargs = kwargs or {}
    if isinstance(view_name, str) and all(isinstance(a, PLAIN) for a in args) and all(isinstance(v, PLAIN) for v in kwargs.values()):
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        return _reverse(view_name, tuple(args), tuple(sorted(kwargs.items())), current_app, urlconf, get_script_prefix())
    return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)


class CachedURLNode(URLNode):
    def render(self, context):
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        try:
            path = cached_reverse(self.view_name.resolve(context), args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
            path = ""
        if self.asvar:
            context[self.asvar] = path
            return ""
        return conditional_escape(path) if context.autoescape else path


@register.tag
def url(parser, token):
    """Django's ``{% url %}`` (same syntax, same errors), its answers kept (module docstring)."""
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
