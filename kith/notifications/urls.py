from django.urls import path

from kith.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read/", views.mark_read, name="read"),
    path("notifications/preferences/", views.preferences, name="preferences"),
]
