from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "kith.groups"
    label = "groups"
    verbose_name = "Groups"

    def ready(self) -> None:
        from kith.groups import notification_kinds
        from kith.groups.contexts import GroupContexts
        from kith.members import contexts

        notification_kinds.register()
        contexts.register("group", GroupContexts())
