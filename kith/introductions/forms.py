from django import forms
from django.conf import settings

from kith.introductions.models import NOTE_MAX


class AskForm(forms.Form):
    via = forms.ChoiceField(label="Who should introduce you", widget=forms.RadioSelect, error_messages={"required": "Choose who should introduce you.", "invalid_choice": "Choose one of the people listed."})
    note_to_introducer = forms.CharField(
        label="A note to them", required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX})
    )
    note_to_target = forms.CharField(
        label="A note they can pass on", required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX})
    )

    def __init__(self, *args, via_choices: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["via"].choices = [(h, h) for h in via_choices]


class ForwardForm(forms.Form):
    note = forms.CharField(label="Your words to them", required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX}))
    # The first introducer of a chain: whom to pass it to (the action checks the handle).
    via = forms.CharField(required=False, max_length=200)


class ReplyForm(forms.Form):
    text = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 3, "maxlength": settings.KITH_MESSAGE_MAX_CHARS}), strip=False)
    with_introducer = forms.BooleanField(label="Include the person who introduced you", required=False, initial=True)


class MarketFilterForm(forms.Form):
    degree = forms.TypedChoiceField(choices=[("", "Any degree"), ("1", "1st"), ("2", "2nd"), ("3", "3rd")], coerce=int, required=False, empty_value=None)
    company = forms.CharField(required=False, max_length=120)
    location = forms.CharField(required=False, max_length=120)
    cursor = forms.IntegerField(required=False, min_value=0, max_value=10_000_000, widget=forms.HiddenInput)
