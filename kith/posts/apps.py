from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "kith.posts"
    label = "posts"
    verbose_name = "Posts"

    def ready(self) -> None:
        from kith.moderation import content, history
        from kith.posts import actions, notification_kinds, selectors

        notification_kinds.register()
        history.register("Their recent posts and comments", selectors.recent_for_moderators)
        content.register("posts.post", kind="post", describe=selectors.post_for_moderators, remove=actions.remove_post_for_moderators)
        content.register(
            "posts.comment", kind="comment", describe=selectors.comment_for_moderators, remove=actions.remove_comment_for_moderators
        )
