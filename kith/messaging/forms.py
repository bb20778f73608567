from django import forms
from django.conf import settings

from kith.members.forms import KithForm
from kith.moderation.models import Report


class MessageForm(KithForm):
    # Length and emptiness are checked by actions.clean_text, which names the limit.
    text = forms.CharField(
        label="Write a message",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": settings.KITH_MESSAGE_MAX_CHARS}),
    )


class NewConversationForm(MessageForm):
    """New message: ``recipient`` (hidden, repeated) holds the members chosen so far;
    ``to`` is a name being typed (or a handle), resolved by the view."""

    to = forms.CharField(
        label="To",
        required=False,
        help_text="Type a name; for a group, add your connections one by one.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "Start typing a name"}),
    )

    def add_error(self, field, error):
        # Actions name the recipients "with" (as the API does); on this form it is "to".
        super().add_error("to" if field == "with" else field, error)


class ReportForm(KithForm):
    reason = forms.ChoiceField(choices=Report.Reason.choices, widget=forms.RadioSelect, initial="spam")
    text = forms.CharField(label="Anything moderators should know", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PreferenceForm(KithForm):
    email_unread = forms.BooleanField(
        label="Email me when a message waits unread for 10 minutes", required=False
    )
