"""Moderators work in the admin: reports, with what the apps know of the reported member.

Reports are resolved through ``moderation.actions.resolve_report``, never edited.
"""

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from kith.core.admin import ReadOnlyAdmin
from kith.moderation import actions, history
from kith.moderation.models import Report


def _table(rows: list[dict]) -> str:
    if not rows:
        return "—"
    head = format_html_join("", "<th>{}</th>", ((column,) for column in rows[0]))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((value,) for value in row.values())),) for row in rows)
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "reported_member", "reason", "status", "reporter", "subject_type", "subject_id")
    list_filter = ("status", "reason", "subject_type")
    search_fields = ("reported__email", "reported__profile__handle", "reported__profile__name", "text")
    list_select_related = ("reported__profile", "reporter", "subject_type")
    readonly_fields = ("subject_shown", "member_history")
    actions = ["resolve"]
    date_hierarchy = "created_at"

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    @admin.display(description="Reported member", ordering="reported__profile__name")
    def reported_member(self, report: Report) -> str:
        return f"{report.reported.profile.name} (@{report.reported.profile.handle})"

    @admin.display(description="Reported about")
    def subject_shown(self, report: Report) -> str:
        subject = report.subject
        if subject is None:
            return "the member" if report.subject_type_id is None else "(since removed)"
        note = getattr(subject, "note", "")
        return f"{report.subject_type.name} {report.subject_id}" + (f": “{note}”" if note else "")

    @admin.display(description="What the network knows of them")
    def member_history(self, report: Report) -> str:
        sections = history.sections_for(report.reported)
        return format_html_join("", "<h4>{}</h4>{}", ((s.title, _table(s.rows)) for s in sections)) or "—"

    @admin.action(description="Mark selected reports resolved")
    def resolve(self, request, queryset) -> None:
        done = [actions.resolve_report(report, by=request.user) for report in queryset]
        messages.success(request, f"Resolved {len(done)} report{'' if len(done) == 1 else 's'}.")

    def get_actions(self, request):
        # ReadOnlyAdmin hides actions without change permission; resolving is an action of its own.
        return {"resolve": self.get_action("resolve")}
