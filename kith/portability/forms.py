"""Forms for the portability pages. They shape input; the actions decide."""

from __future__ import annotations

from django import forms

from kith.members.forms import KithForm
from kith.network.actions import NOTE_MAX
from kith.portability.preview import MERGE, REPLACE, SKIP, Preview

MODE_LABELS = {
    MERGE: "Merge: add what is new, keep what I have",
    REPLACE: "Replace: make it match the export",
    SKIP: "Skip: leave it as it is",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, (list, tuple)):
            return [clean_one(item, initial) for item in data]
        return [clean_one(data, initial)] if data else clean_one(data, initial)


class UploadForm(KithForm):
    export = MultipleFileField(
        label="Your LinkedIn export",
        help_text="The zip LinkedIn emails you (up to 50 MB), or CSV files from it such as Connections.csv and Positions.csv.",
        widget=MultipleFileInput(attrs={"accept": ".zip,.csv,application/zip,text/csv"}),
    )


class ApplyForm(KithForm):
    """One choice of mode for each section the export has."""

    def __init__(self, plan: Preview, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, section in plan.sections.items():
            if not section.available:
                continue
            self.fields[key] = forms.ChoiceField(
                label=section.title,
                choices=[(mode, MODE_LABELS[mode]) for mode in section.modes],
                initial=section.default if section.changes else SKIP,
                widget=forms.RadioSelect,
                required=False,  # a section left out is skipped
            )

    def choices(self) -> dict[str, str]:
        return {key: mode for key, mode in self.cleaned_data.items() if mode}


class InviteForm(KithForm):
    note = forms.CharField(
        label="Note", required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Up to {NOTE_MAX} characters. Say where you know each other from.",
    )


class DeletionForm(KithForm):
    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To confirm it is you.",
    )
