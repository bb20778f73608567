from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "kith.groups"
    label = "groups"
    verbose_name = "Groups"

    def ready(self) -> None:
        from kith.groups import actions, notification_kinds, selectors
        from kith.groups.audience import GroupAudience
        from kith.groups.contexts import GroupContexts
        from kith.members import contexts
        from kith.moderation import content, history
        from kith.posts import audiences

        notification_kinds.register()
        contexts.register("group", GroupContexts())
        audiences.register("group", GroupAudience())
        # The site's moderators see the cross-group hold, and what group managers turned down.
        history.register("Cross-group hold (groups)", selectors.cross_group_hold_for_moderators)
        history.register("Their group posts rejected or removed by group managers", selectors.group_decisions_for_moderators)
        # A reported group is a queue item of its own, its content shown and removable.
        content.register("groups.group", kind="group", describe=selectors.group_for_moderators, remove=actions.remove_group_content_for_moderators)
