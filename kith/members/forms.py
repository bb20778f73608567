from django import forms


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
