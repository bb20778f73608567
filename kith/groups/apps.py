from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "kith.groups"
    label = "groups"
    verbose_name = "Groups"

    def ready(self) -> None:
        from kith.groups import notification_kinds
        from kith.groups.audience import GroupAudience
        from kith.groups.contexts import GroupContexts
        from kith.members import contexts
        from kith.posts import audiences

        notification_kinds.register()
        contexts.register("group", GroupContexts())
        audiences.register("group", GroupAudience())
