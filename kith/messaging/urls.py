from django.urls import path

from kith.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("requests/", views.inbox, {"box": "requests"}, name="requests"),
    path("archived/", views.inbox, {"box": "archived"}, name="archived"),
    path("new/", views.new_conversation, name="new"),
    path("new/recipients/", views.recipients, name="recipients"),
    path("settings/", views.preferences, name="settings"),
    path("unread/", views.unread_badge, name="unread_badge"),
    path("<id:conversation_id>/", views.conversation, name="conversation"),
    path("<id:conversation_id>/new/", views.new_messages, name="new_messages"),
    path(
        "<id:conversation_id>/messages/<id:message_id>/delete/", views.delete_message, name="delete_message"
    ),
    path("<id:conversation_id>/archive/", views.archive, name="archive"),
    path("<id:conversation_id>/unarchive/", views.unarchive, name="unarchive"),
    path("<id:conversation_id>/block/", views.block, name="block"),
    path("<id:conversation_id>/report/", views.report, name="report"),
    path("requests/<id:request_id>/accept/", views.accept_request, name="accept_request"),
    path("requests/<id:request_id>/decline/", views.decline_request, name="decline_request"),
    path("requests/<id:request_id>/block/", views.block_request, name="block_request"),
]
