from django import forms

from kith.members.forms import KithForm
from kith.moderation.actions import ACTIONS, REPORT_TEXT_MAX
from kith.moderation.models import AuditEntry, QueueItem

# What the moderator chooses, in the imperative (the audit log says what was done: "Warned").
ACTION_CHOICES = {
    "dismiss": "Dismiss (no action)",
    "warn": "Warn",
    "remove_content": "Remove the content",
    "restrict_invitations": "Restrict invitations for N days",
    "restrict_posting": "Restrict posting for N days",
    "suspend": "Suspend",
    "lift": "Lift a restriction",
}


class ActionForm(KithForm):
    action = forms.ChoiceField(choices=[(a, ACTION_CHOICES.get(a, AuditEntry.Action(a).label)) for a in ACTIONS])
    days = forms.IntegerField(required=False, min_value=1, max_value=3650, help_text="For restrictions (and a suspension without a date).")
    until = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), help_text="For a suspension.")
    reason = forms.CharField(max_length=REPORT_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}), help_text="Recorded in the audit log and shown to the member.")


class QueueFilterForm(KithForm):
    kind = forms.ChoiceField(required=False, choices=[("", "Every kind"), *QueueItem.Kind.choices])
    status = forms.ChoiceField(required=False, choices=[("open", "Open"), ("resolved", "Resolved"), ("", "Either")])


class AuditFilterForm(KithForm):
    action = forms.ChoiceField(required=False, choices=[("", "Every action"), *AuditEntry.Action.choices])
    member = forms.CharField(required=False, max_length=60, label="Member (handle)")
    moderator = forms.CharField(required=False, max_length=60, label="Moderator (handle)")


class AppealForm(KithForm):
    action = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    text = forms.CharField(max_length=REPORT_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}), label="Why should the moderators reconsider?")
