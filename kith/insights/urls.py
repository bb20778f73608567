from django.urls import path

from kith.insights import views

app_name = "insights"

urlpatterns = [
    path("insights/<slug:handle>/card/", views.card, name="card"),
    path("insights/invitations/<id:invitation_id>/reply/", views.reply, name="reply"),
    path("insights/invitations/bulk/", views.bulk, name="bulk"),
]
