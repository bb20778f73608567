"""Requests that come through a reverse proxy: the real client address and scheme, from trusted proxies only.

Behind nginx every request arrives from the proxy's address, so a per-address limit (failed
sign-ins, sign-ups) would count the whole community as one client, and Kith would not know the
member spoke https to the proxy. The proxy says both in ``X-Forwarded-For`` and
``X-Forwarded-Proto``; anyone can send those headers, so they are believed only from the
addresses in KITH_TRUSTED_PROXIES (addresses or networks, comma-separated) and removed from
every other request before anything reads them.

:class:`TrustedProxyMiddleware` (first in MIDDLEWARE) rewrites ``REMOTE_ADDR`` to the client's
address, so allauth, Kith's limits and the logs all see the same one; the proxy's own address is
kept in ``request.META["KITH_PROXY_ADDR"]``.
"""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse

__all__ = ["TrustedProxyMiddleware", "client_address", "is_trusted", "trusted_networks"]

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_REQUEST_ID")


@functools.cache
def _networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def trusted_networks() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return _networks(tuple(settings.KITH_TRUSTED_PROXIES))


def is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in net for net in trusted_networks())


def client_address(remote_addr: str, forwarded_for: str | None) -> str:
    """The client's address: ``remote_addr`` unless it is a trusted proxy, then the right-most
    address in ``X-Forwarded-For`` that is not itself a trusted proxy.

    Walking from the right matters: a client may put anything on the left of the header, and
    only what our own proxies appended is true. With 10.0.0.0/8 trusted,
    ``client_address("10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.1")`` is ``"203.0.113.9"``, and
    ``client_address("198.51.100.7", "1.2.3.4")`` is ``"198.51.100.7"``.
    """
    if not forwarded_for or not is_trusted(remote_addr):
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote_addr  # a proxy we trust wrote garbage: count the proxy, not a name
    return hops[0] if hops else remote_addr


class TrustedProxyMiddleware:
    """Believe forwarded headers from trusted proxies only; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        remote = meta.get("REMOTE_ADDR", "")
        if is_trusted(remote):
            meta["KITH_PROXY_ADDR"] = remote
            meta["REMOTE_ADDR"] = client_address(remote, meta.get("HTTP_X_FORWARDED_FOR"))
        else:
            for header in FORWARDED_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)
