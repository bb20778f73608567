from allauth.account.adapter import DefaultAccountAdapter

from kith.members import actions


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up creates the profile through the same action operators use."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            actions.create_profile(user, name=form.cleaned_data["name"])
        return user
