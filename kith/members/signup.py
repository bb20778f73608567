"""The sign-up form allauth uses (ACCOUNT_FORMS["signup"]): the same fields, saved in one transaction.

allauth saves the user, then Kith's adapter creates the profile, then allauth records
the email address: three writes. In one transaction a failure in any of them leaves no
account behind without its profile (a half-written member would be unusable and would
hold the email address).
"""

from allauth.account.forms import SignupForm
from django.db import transaction


class AtomicSignupForm(SignupForm):
    def save(self, request):
        with transaction.atomic():
            return super().save(request)
