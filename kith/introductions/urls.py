from django.urls import path

from kith.introductions import views

app_name = "introductions"

urlpatterns = [
    path("introductions/", views.box, name="box"),
    path("introductions/ask/<slug:handle>/", views.ask, name="ask"),
    path("introductions/<id:introduction_id>/", views.detail, name="detail"),
    path("introductions/<id:introduction_id>/<slug:answer>/", views.answer, name="answer"),
    path("market/", views.market_page, name="market"),
    path("market/digest/", views.digest, name="digest"),
]
