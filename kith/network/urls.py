from django.urls import path

from kith.network import views

app_name = "network"

urlpatterns = [
    path("network/", views.index, name="index"),
    path("network/invitations/", views.invitations, name="invitations"),
    path(
        "network/invitations/<id:invitation_id>/<str:answer>/",
        views.answer_invitation,
        name="answer",
    ),
    path("network/blocked/", views.blocked, name="blocked"),
    path("network/suggestions/", views.suggestions, name="suggestions"),
    path("network/suggestions/<slug:handle>/dismiss/", views.dismiss_suggestion, name="dismiss_suggestion"),
    path("network/invite/<slug:handle>/", views.invite, name="invite"),
    path("network/follow/<slug:handle>/", views.follow, name="follow"),
    path("network/unfollow/<slug:handle>/", views.unfollow, name="unfollow"),
    path("network/disconnect/<slug:handle>/", views.disconnect, name="disconnect"),
    path("network/block/<slug:handle>/", views.block, name="block"),
    path("network/unblock/<slug:handle>/", views.unblock, name="unblock"),
    path("network/report/<slug:handle>/", views.report, name="report"),
]
