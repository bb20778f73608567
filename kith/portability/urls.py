from django.urls import path

from kith.portability import views

app_name = "portability"

urlpatterns = [
    path("settings/import/", views.import_linkedin, name="import"),
    path("settings/import/<int:import_id>/", views.preview_import, name="preview"),
    path("settings/import/<int:import_id>/done/", views.import_done, name="done"),
    path("settings/data/", views.data, name="data"),
    path("settings/data/exports/<int:export_id>/download/", views.download_export, name="download"),
    path("settings/delete/", views.delete_account, name="delete"),
    path("settings/delete/cancel/", views.cancel_deletion, name="cancel_deletion"),
    path("account-deleted/", views.deletion_scheduled, name="deletion_scheduled"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/invite-all/", views.invite_all, name="invite_all"),
    path("contacts/match/", views.match_again, name="match"),
    path("contacts/<int:contact_id>/invite/", views.invite_contact, name="invite"),
    path("contacts/<int:contact_id>/confirm/", views.confirm_contact, name="confirm"),
    path("contacts/<int:contact_id>/reject/", views.reject_contact, name="reject"),
]
