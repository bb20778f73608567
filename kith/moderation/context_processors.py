from django.http import HttpRequest


def standing(request: HttpRequest) -> dict:
    """``moderation_notice``: a restricted or warned member's notice on every page; ``is_moderator``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from kith.moderation.actions import is_moderator
    from kith.moderation.selectors import notice_for

    return {"moderation_notice": notice_for(user), "is_moderator": is_moderator(user)}
