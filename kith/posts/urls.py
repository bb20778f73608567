from django.urls import path

from kith.posts import views

app_name = "posts"

urlpatterns = [
    path("feed/", views.feed, name="feed"),
    path("feed/new/", views.new_posts, name="new_posts"),
    path("in/<slug:handle>/activity/", views.activity, name="activity"),
    path("posts/new/", views.create, name="create"),
    path("posts/<id:post_id>/", views.post_page, name="post"),
    path("posts/<id:post_id>/edit/", views.edit, name="edit"),
    path("posts/<id:post_id>/delete/", views.delete, name="delete"),
    path("posts/<id:post_id>/comments/", views.comment, name="comment"),
    path("posts/<id:post_id>/react/", views.react, name="react"),
    path("posts/<id:post_id>/reactions/", views.reactions, name="reactions"),
    path("posts/<id:post_id>/hide/", views.hide, name="hide"),
    path("posts/<id:post_id>/unfollow/", views.unfollow, name="unfollow"),
    path("posts/<id:post_id>/report/", views.report, name="report"),
    path("comments/<id:comment_id>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<id:comment_id>/delete/", views.delete_comment, name="delete_comment"),
    path("comments/<id:comment_id>/react/", views.react_comment, name="react_comment"),
    path("comments/<id:comment_id>/report/", views.report_comment, name="report_comment"),
]
