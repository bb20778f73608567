from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "kith.search"
    label = "search"
    verbose_name = "People search"

    def ready(self) -> None:
        from kith.members.signals import profile_changed
        from kith.search.actions import index_profile_with_write

        def reindex(sender, *, profile_id: int, **kwargs) -> None:
            index_profile_with_write(profile_id)

        profile_changed.connect(reindex, weak=False, dispatch_uid="kith-search-reindex")  # a local function: hold it strongly
