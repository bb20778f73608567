from django import forms

from kith.members.forms import KithForm
from kith.moderation.actions import REPORT_TEXT_MAX
from kith.moderation.models import Report
from kith.network.actions import NOTE_MAX


class InvitationForm(KithForm):
    note = forms.CharField(
        label="Add a note (optional)",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX}),
        help_text=f"Up to {NOTE_MAX} characters: say how you know each other or why you'd like to connect.",
    )
    email = forms.EmailField(
        label="Their email address",
        required=False,
        help_text="Needed when they accept invitations only from people who know their email address.",
    )


class ReportForm(KithForm):
    reason = forms.ChoiceField(label="What's wrong?", choices=Report.Reason.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label="Details for the moderators",
        required=False,
        max_length=REPORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": REPORT_TEXT_MAX}),
    )
