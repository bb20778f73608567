from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "kith.posts"
    label = "posts"
    verbose_name = "Posts"

    def ready(self) -> None:
        from kith.moderation import history
        from kith.posts import notification_kinds, selectors

        notification_kinds.register()
        history.register("Their recent posts and comments", selectors.recent_for_moderators)
