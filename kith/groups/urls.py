from django.urls import path

from kith.groups import views

app_name = "groups"

urlpatterns = [
    path("groups/", views.directory, name="directory"),
    path("groups/new/", views.create, name="create"),
    path("groups/<slug:slug>/", views.detail, name="detail"),
    path("groups/<slug:slug>/join/", views.join, name="join"),
    path("groups/<slug:slug>/leave/", views.leave, name="leave"),
    path("groups/<slug:slug>/request/withdraw/", views.withdraw_request, name="withdraw_request"),
    path("groups/<slug:slug>/invitation/decline/", views.decline_invitation, name="decline_invitation"),
    path("groups/<slug:slug>/members/", views.members, name="members"),
    path("groups/<slug:slug>/members/<slug:handle>/", views.manage_member, name="manage_member"),
    path("groups/<slug:slug>/requests/", views.requests, name="requests"),
    path("groups/<slug:slug>/invite/", views.invite, name="invite"),
    path("groups/<slug:slug>/settings/", views.settings_page, name="settings"),
    path("groups/<slug:slug>/bans/<slug:handle>/lift/", views.unban, name="unban"),
    path("groups/<slug:slug>/log/", views.log, name="log"),
    path("groups/<slug:slug>/report/", views.report, name="report"),
    path("groups/<slug:slug>/post/", views.post, name="post"),
    path("groups/<slug:slug>/pending/", views.pending, name="pending"),
    path("groups/<slug:slug>/posts/<id:post_id>/<str:answer>/", views.moderate_post, name="moderate_post"),
]
