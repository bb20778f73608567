from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "kith.search"
    label = "search"
    verbose_name = "People search"

    def ready(self) -> None:
        from kith.members.signals import profile_changed
        from kith.search.actions import index_profile_on_commit

        def reindex(sender, *, profile_id: int, **kwargs) -> None:
            index_profile_on_commit(profile_id)

        profile_changed.connect(reindex, dispatch_uid="kith-search-reindex")
