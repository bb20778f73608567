from django.urls import path

from kith.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.people, name="people"),
    path("search/typeahead/", views.typeahead, name="typeahead"),
]
