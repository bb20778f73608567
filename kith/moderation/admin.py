"""Moderators work in the admin: reports, with the reported member's recent invitations."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from kith.moderation.models import Report
from kith.network.models import Invitation

RECENT_INVITATIONS = 25


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "reported_member", "reason", "status", "reporter", "invitation_id")
    list_filter = ("status", "reason")
    search_fields = ("reported__email", "reported__profile__handle", "reported__profile__name", "text")
    list_select_related = ("reported__profile", "reporter")
    raw_id_fields = ("reporter", "reported", "invitation")
    readonly_fields = ("created_at", "invitation_note", "recent_invitations")
    actions = ["resolve"]
    date_hierarchy = "created_at"

    @admin.display(description="Reported member", ordering="reported__profile__name")
    def reported_member(self, report: Report) -> str:
        return f"{report.reported.profile.name} (@{report.reported.profile.handle})"

    @admin.display(description="Invitation note")
    def invitation_note(self, report: Report) -> str:
        return report.invitation.note if report.invitation_id else "—"

    @admin.display(description="Their recent invitations, and how they were answered")
    def recent_invitations(self, report: Report) -> str:
        rows = (
            Invitation.objects.filter(sender=report.reported)
            .select_related("recipient__profile")
            .order_by("-created_at")[:RECENT_INVITATIONS]
        )
        if not rows:
            return "No invitations sent."
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (i.created_at.strftime("%Y-%m-%d %H:%M"), i.recipient.profile.name, i.get_status_display(), i.note or "—")
                for i in rows
            ),
        )
        return format_html("<table><thead><tr><th>Sent</th><th>To</th><th>Answer</th><th>Note</th></tr></thead><tbody>{}</tbody></table>", body)

    @admin.action(description="Mark selected reports resolved")
    def resolve(self, request, queryset) -> None:
        queryset.update(status=Report.Status.RESOLVED)
