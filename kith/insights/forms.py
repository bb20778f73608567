from django import forms
from django.conf import settings

from kith.core.inputs import int_param
from kith.members.forms import KithForm

REPLY_PREFILL = "Thanks for reaching out — where might we have met?"


class ReplyForm(KithForm):
    text = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": settings.KITH_MESSAGE_MAX_CHARS}),
        strip=False,
    )


class BulkForm(KithForm):
    ANSWERS = [("accept", "Accept"), ("ignore", "Ignore"), ("report", "Report spam")]
    DONE = {"accept": "Accepted", "ignore": "Ignored", "report": "Reported as spam"}

    answer = forms.ChoiceField(choices=ANSWERS, error_messages={"required": "Choose Accept, Ignore or Report."})
    ids = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": "Select at least one invitation."}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any integer ids: the action checks each belongs to the member.
        self.fields["ids"].valid_value = lambda value: int_param(str(value), minimum=1) is not None
