from django.http import HttpRequest


def unread(request: HttpRequest) -> dict:
    """The unread count for the bell in the nav (signed-in members only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from kith.notifications.selectors import unread_count

    return {"unread_notifications": unread_count(user)}
