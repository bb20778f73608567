from django.urls import path

from kith.moderation import views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("moderation/audit/", views.audit, name="audit"),
    path("moderation/<id:item_id>/", views.item, name="item"),
    path("settings/standing/", views.standing, name="standing"),
    path("settings/standing/warnings/<id:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
