"""Admin helpers. Rows that actions own are shown in the admin, never edited there."""

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and shows rows without add, change or delete.

    For models whose writes go through actions (they lock, write events, notify and
    keep caches such as the graph engine in step): an edit in the admin would skip
    all of that.
    """

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
