from django.http import HttpRequest


def unread_messages(request: HttpRequest) -> dict:
    """``unread_messages``: how many of the member's conversations hold unread messages (nav badge)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from kith.messaging.selectors import unread_conversation_count

    return {"unread_messages": unread_conversation_count(user)}
