from django.urls import path

from kith.portability import views

app_name = "portability"

urlpatterns = [
    path("settings/import/", views.import_linkedin, name="import"),
    path("settings/import/<int:import_id>/", views.preview_import, name="preview"),
    path("settings/import/<int:import_id>/done/", views.import_done, name="done"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/invite-all/", views.invite_all, name="invite_all"),
    path("contacts/match/", views.match_again, name="match"),
    path("contacts/<int:contact_id>/invite/", views.invite_contact, name="invite"),
    path("contacts/<int:contact_id>/confirm/", views.confirm_contact, name="confirm"),
    path("contacts/<int:contact_id>/reject/", views.reject_contact, name="reject"),
]
