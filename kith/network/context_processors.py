from django.http import HttpRequest


def pending_invitations(request: HttpRequest) -> dict:
    """``pending_invitations``: invitations waiting for the member's answer (the My network badge)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from kith.network.selectors import Box, invitations

    return {"pending_invitations": invitations(user, Box.RECEIVED).count()}
