from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "kith.members"
    label = "members"

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_save

        from kith.graph import adapter
        from kith.members.models import Connection, ConnectionEvent, User

        adapter.use_tables(
            users=User._meta.db_table,
            connections=Connection._meta.db_table,
            events=ConnectionEvent._meta.db_table,
        )

        def event_written(sender, **kwargs) -> None:
            # Only clears a cache: once the change commits, this process's next
            # graph use in the same request reads the log again.
            transaction.on_commit(adapter.stale)

        post_save.connect(event_written, sender=ConnectionEvent, weak=False, dispatch_uid="kith-graph-stale")  # local: hold it strongly
