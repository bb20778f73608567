"""Members in the admin, for operators: look people up, and verify members as hiring.

Profiles are edited by their members; the admin shows them and runs the operator's own
actions (verify_hiring), never a raw edit.
"""

from django.contrib import admin, messages

from kith.core.admin import ReadOnlyAdmin
from kith.members import actions
from kith.members.models import Profile


@admin.register(Profile)
class ProfileAdmin(ReadOnlyAdmin):
    list_display = ("name", "handle", "headline", "visibility", "hiring_verified_at", "created_at")
    list_filter = ("visibility", ("hiring_verified_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "handle", "user__email")
    list_select_related = ("user",)
    actions = ["verify_hiring", "unverify_hiring"]

    def get_actions(self, request):
        return {name: self.get_action(name) for name in ("verify_hiring", "unverify_hiring")}

    @admin.action(description="Verify selected members as hiring (recruiters see job searches set to recruiters only)")
    def verify_hiring(self, request, queryset) -> None:
        for profile in queryset.select_related("user"):
            actions.verify_hiring(profile.user, by=request.user)
        messages.success(request, f"Verified {queryset.count()} as hiring.")

    @admin.action(description="Remove the hiring verification")
    def unverify_hiring(self, request, queryset) -> None:
        for profile in queryset.select_related("user"):
            actions.verify_hiring(profile.user, by=request.user, verified=False)
        messages.success(request, f"Removed the hiring verification from {queryset.count()}.")
