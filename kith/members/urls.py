from django.urls import path

from kith.members import views

app_name = "members"

urlpatterns = [
    path("in/<slug:handle>/", views.profile_page, name="profile"),
    path("me/", views.me, name="me"),
    path("me/edit/", views.edit, name="edit"),
    path("me/edit/photo/", views.photo, name="photo"),
    path("me/edit/photo/remove/", views.photo_remove, name="photo_remove"),
    path("me/edit/skills/", views.skills, name="skills"),
    path("me/edit/positions/", views.entry_list, {"kind": "positions"}, name="positions"),
    path("me/edit/positions/add/", views.entry_add, {"kind": "positions"}, name="position_add"),
    path("me/edit/positions/<id:pk>/", views.entry_edit, {"kind": "positions"}, name="position_edit"),
    path("me/edit/positions/<id:pk>/delete/", views.entry_delete, {"kind": "positions"}, name="position_delete"),
    path("me/edit/education/", views.entry_list, {"kind": "education"}, name="education"),
    path("me/edit/education/add/", views.entry_add, {"kind": "education"}, name="education_add"),
    path("me/edit/education/<id:pk>/", views.entry_edit, {"kind": "education"}, name="education_edit"),
    path("me/edit/education/<id:pk>/delete/", views.entry_delete, {"kind": "education"}, name="education_delete"),
    path("settings/", views.settings, name="settings"),
    path("settings/open-to/", views.open_to, name="open_to"),
    path("settings/target-market/", views.target_market, name="target_market"),
    path("settings/tokens/", views.tokens, name="tokens"),
    path("settings/tokens/<id:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
