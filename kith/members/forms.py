"""Forms for the member pages.

They collect and shape input only; the rules (lengths, choices, date order, what
an image is) are the actions' to enforce, and a refusal comes back onto the field
through ``kith.core.htmx.add_error``. Field sizes mirror the model so browsers can
help before the round trip.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

from kith.members.industries import INDUSTRIES
from kith.members.models import (
    ConnectionsVisibility,
    EmailVisibility,
    InvitePolicy,
    MessagePolicy,
    OpenTo,
    Visibility,
)


class SignupExtraForm(forms.Form):
    """Fields sign-up asks for beyond email and password."""

    name = forms.CharField(max_length=120, label="Full name", widget=forms.TextInput(attrs={"autocomplete": "name"}))
    field_order = ["name", "email", "password1", "password2"]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter your name.")
        return name

    def signup(self, request, user) -> None:
        """The profile is created by the account adapter once the user row exists."""


class KithForm(forms.Form):
    """Labels without a trailing colon, like the rest of the site's type."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def split_list(text: str) -> list[str]:
    """"Python, SQL\\nData" -> ["Python", "SQL", "Data"]: commas or new lines separate entries."""
    return [part.strip() for part in re.split(r"[,\n;]", text or "") if part.strip()]


INDUSTRY_CHOICES = [("", "Choose an industry")] + list(INDUSTRIES)


class IntroForm(KithForm):
    name = forms.CharField(max_length=120, label="Full name", widget=forms.TextInput(attrs={"autocomplete": "name"}))
    headline = forms.CharField(
        max_length=220, required=False, help_text="What you do, in a line: “Supply chain lead at Acme”."
    )
    about = forms.CharField(max_length=2600, required=False, widget=forms.Textarea(attrs={"rows": 5}))
    city = forms.CharField(max_length=80, required=False, widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    region = forms.CharField(
        max_length=80, required=False, label="Region or state", widget=forms.TextInput(attrs={"autocomplete": "address-level1"})
    )
    country = forms.CharField(
        max_length=80, required=False, widget=forms.TextInput(attrs={"autocomplete": "country-name"})
    )
    industry = forms.ChoiceField(choices=INDUSTRY_CHOICES, required=False)


MONTH_WIDGET = {"type": "month", "placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}"}


class PositionForm(KithForm):
    title = forms.CharField(max_length=120)
    company = forms.CharField(max_length=120, widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    location = forms.CharField(max_length=120, required=False)
    start = forms.CharField(label="Start month", widget=forms.TextInput(attrs=MONTH_WIDGET))
    end = forms.CharField(
        label="End month", required=False, help_text="Leave empty while you still work here.", widget=forms.TextInput(attrs=MONTH_WIDGET)
    )
    is_current = forms.BooleanField(required=False, label="I currently work here")
    description = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4}))

    @staticmethod
    def initial_for(position) -> dict[str, Any]:
        return {
            "title": position.title,
            "company": position.company,
            "location": position.location,
            "start": position.start.strftime("%Y-%m"),
            "end": position.end.strftime("%Y-%m") if position.end else "",
            "is_current": position.is_current,
            "description": position.description,
        }


YEAR_WIDGET = {"inputmode": "numeric", "placeholder": "YYYY", "size": 6}


class EducationForm(KithForm):
    school = forms.CharField(max_length=160)
    degree = forms.CharField(max_length=120, required=False)
    field = forms.CharField(max_length=120, required=False, label="Field of study")
    start_year = forms.CharField(required=False, label="Start year", widget=forms.TextInput(attrs=YEAR_WIDGET))
    end_year = forms.CharField(required=False, label="End year", widget=forms.TextInput(attrs=YEAR_WIDGET))

    @staticmethod
    def initial_for(education) -> dict[str, Any]:
        return {
            "school": education.school,
            "degree": education.degree,
            "field": education.field,
            "start_year": education.start_year or "",
            "end_year": education.end_year or "",
        }


class SkillsForm(KithForm):
    skills = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Separate skills with commas, e.g. “Python, Negotiation, Supply chain management”.",
    )


class PhotoForm(KithForm):
    photo = forms.FileField(
        label="Profile photo", help_text="A JPEG, PNG, WebP or GIF up to 5 MB; it is cropped square.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )


class PrivacyForm(KithForm):
    visibility = forms.ChoiceField(
        choices=Visibility.choices, widget=forms.RadioSelect, label="Who can see my profile"
    )
    connections_visibility = forms.ChoiceField(
        choices=ConnectionsVisibility.choices, widget=forms.RadioSelect, label="Who can see my connections"
    )
    email_visibility = forms.ChoiceField(
        choices=EmailVisibility.choices, widget=forms.RadioSelect, label="Who can see my email address", required=False
    )
    invite_policy = forms.ChoiceField(choices=InvitePolicy.choices, widget=forms.RadioSelect, label="Who can invite me to connect")
    message_policy = forms.ChoiceField(choices=MessagePolicy.choices, widget=forms.RadioSelect, label="Who can message me")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("email_visibility"):
            cleaned.pop("email_visibility", None)  # left out (an older form): stays as it is
        return cleaned


class OpenToForm(KithForm):
    """One checkbox and a details line per kind; the job search also has its audience."""

    audience = forms.ChoiceField(
        choices=OpenTo.Audience.choices, required=False, label="Who sees that I am looking", widget=forms.RadioSelect
    )
    hide_from_current_company = forms.BooleanField(required=False, label="Hide it from people at my current company")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in OpenTo.Kind.choices:
            self.fields[f"{kind}_on"] = forms.BooleanField(required=False, label=label)
            self.fields[f"{kind}_details"] = forms.CharField(
                max_length=500, required=False, label=f"Details: {label.lower()}",
                widget=forms.TextInput(attrs={"placeholder": "Details (optional)"}),
            )

    @staticmethod
    def initial_for(signals) -> dict[str, Any]:
        initial: dict[str, Any] = {"audience": OpenTo.Audience.MEMBERS}
        for signal in signals:
            initial[f"{signal.kind}_on"] = True
            initial[f"{signal.kind}_details"] = signal.details
            if signal.kind == OpenTo.Kind.JOB:
                initial["audience"] = signal.audience
                initial["hide_from_current_company"] = signal.hide_from_current_company
        return initial

    def kinds(self) -> list[dict[str, Any]]:
        """Rows for the template: each kind's checkbox and details field."""
        return [
            {"kind": kind, "on": self[f"{kind}_on"], "details": self[f"{kind}_details"]}
            for kind in OpenTo.Kind.values
        ]

    def signals(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        signals = []
        for kind in OpenTo.Kind.values:
            if not data.get(f"{kind}_on"):
                continue
            signal: dict[str, Any] = {"kind": kind, "details": data.get(f"{kind}_details", "")}
            if kind == OpenTo.Kind.JOB:
                signal["audience"] = data.get("audience") or OpenTo.Audience.MEMBERS
                signal["hide_from_current_company"] = bool(data.get("hide_from_current_company"))
            signals.append(signal)
        return signals


class TargetMarketForm(KithForm):
    industries = forms.MultipleChoiceField(
        choices=INDUSTRIES, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Tick every industry you sell to or recruit from.",
    )
    title_keywords = forms.CharField(required=False, label="Title keywords", help_text="Comma-separated, e.g. “buyer, procurement”.")
    locations = forms.CharField(required=False, help_text="Comma-separated cities, regions or countries.")
    companies = forms.CharField(required=False, help_text="Comma-separated company names.")

    @staticmethod
    def initial_for(market) -> dict[str, Any]:
        return {
            "industries": market.industries,
            "title_keywords": ", ".join(market.title_keywords),
            "locations": ", ".join(market.locations),
            "companies": ", ".join(market.companies),
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "industries": data["industries"],
            "title_keywords": split_list(data["title_keywords"]),
            "locations": split_list(data["locations"]),
            "companies": split_list(data["companies"]),
        }


class ApiTokenForm(KithForm):
    name = forms.CharField(max_length=80, label="Token name", help_text="What will use it, e.g. “CRM sync script”.")
