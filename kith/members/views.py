"""Member pages: home, the profile, editing it, settings and API tokens.

Views are thin: fetch through a selector, call an action, put a KithError back
onto the form, answer. Every page works as plain forms (POST, redirect, GET); for
htmx requests the same view answers with the section's partial so it swaps in
place. htmx does not swap 4xx answers by default, so a form with errors comes
back 200 to htmx and 422 to a plain browser.
"""

from __future__ import annotations

from typing import Any

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kith.core.errors import KithError, LimitReached, NotFound
from kith.core.htmx import add_error, limit_page, render_page
from kith.members import actions
from kith.members.adapters import client_address
from kith.members.forms import (
    ApiTokenForm,
    EducationForm,
    IntroForm,
    OpenToForm,
    PhotoForm,
    PositionForm,
    PrivacyForm,
    SkillsForm,
    TargetMarketForm,
    split_list,
)
from kith.members.models import ApiToken, Profile, TargetMarket
from kith.members.selectors import access_profile, own_summary, profile_for_member

# What to add next, in the order a stranger judging you would miss it most:
# (completeness part, call to action, edit page anchor).
NEXT_STEPS = [
    ("position", "Add your current or latest position", "experience"),
    ("headline", "Write a headline that says what you do", "intro"),
    ("skills", "List at least three skills", "skills"),
    ("photo", "Add a photo so people recognise you", "photo"),
    ("about", "Tell people about yourself", "intro"),
    ("location", "Say where you are based", "intro"),
    ("industry", "Choose your industry", "intro"),
    ("education", "Add your education", "education"),
]


def _error_status(request: HttpRequest) -> int:
    return 200 if request.htmx else 422


def completeness(profile: Profile) -> dict[str, Any]:
    """The meter and the next steps for a member's own profile (as profile_for_member or own_summary reads it)."""
    parts = actions.completeness_parts(profile, loaded=True)
    steps = [
        {"part": part, "label": label, "url": reverse("members:edit") + f"#{anchor}"}
        for part, label, anchor in NEXT_STEPS
        if not parts[part]
    ]
    return {"percent": profile.completeness, "steps": steps, "next": steps[0] if steps else None}


# --- home and profile ---------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """Home: the member's card and profile strength here; the onboarding path and
    suggestions come from the network app's template tags (home.html)."""
    if not request.user.is_authenticated:
        return render(request, "members/landing.html", {"nav_active": "home"})
    profile = own_summary(request.user)
    context = {"profile": profile, "completeness": completeness(profile), "nav_active": "home"}
    return render(request, "members/home.html", context)


def profile_page(request: HttpRequest, handle: str) -> HttpResponse:
    try:
        access = access_profile(request.user, handle)
    except NotFound:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404("No member with that handle.") from None
    context: dict[str, Any] = {"access": access, "profile": access.profile}
    if access.is_self:
        context["completeness"] = completeness(access.profile)
    # Sections from the apps above (relationship, mutuals, insights) come in through
    # their inclusion tags in the template.
    return render(request, "members/profile.html", context)


@login_required
def me(request: HttpRequest) -> HttpResponse:
    return redirect("members:profile", handle=profile_for_member(request.user).handle)


# --- editing the profile --------------------------------------------------------------


def _intro_initial(profile: Profile) -> dict[str, str]:
    return {key: getattr(profile, key) for key in actions.PROFILE_FIELDS}


def _edit_context(request: HttpRequest, **overrides: Any) -> dict[str, Any]:
    profile = profile_for_member(request.user)
    skills = _skills(profile)
    context: dict[str, Any] = {
        "profile": profile,
        "completeness": completeness(profile),
        "intro_form": IntroForm(initial=_intro_initial(profile)),
        "photo_form": PhotoForm(),
        "skills": skills,
        "skills_form": SkillsForm(initial={"skills": ", ".join(skill.name for skill in skills)}),
        "editing": None,
        "entry_form": None,
        "saved": None,
    }
    context.update(overrides)
    return context


def _skills(profile: Profile) -> list:
    return list(profile.skills.order_by("profileskill__order", "profileskill__id"))


def _edit_answer(request: HttpRequest, section: str, *, status: int = 200, **overrides: Any) -> HttpResponse:
    context = _edit_context(request, **overrides)
    return render_page(request, "members/edit.html", context, partial=f"members/partials/edit_{section}.html", status=status)


def _saved(request: HttpRequest, section: str, anchor: str, message: str) -> HttpResponse:
    """After a successful write: the fresh section for htmx, else redirect (POST/redirect/GET)."""
    if request.htmx:
        return _edit_answer(request, section, saved=message)
    messages.success(request, message)
    return redirect(reverse("members:edit") + f"#{anchor}")


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest) -> HttpResponse:
    """The edit page; a POST here saves the intro (name, headline, about, location, industry)."""
    if request.method == "GET":
        return render(request, "members/edit.html", _edit_context(request))
    form = IntroForm(request.POST)
    if form.is_valid():
        try:
            actions.update_profile(request.user, **form.cleaned_data)
        except KithError as error:
            add_error(form, error)
        else:
            return _saved(request, "intro", "intro", "Intro saved.")
    return _edit_answer(request, "intro", status=_error_status(request), intro_form=form)


@login_required
@require_POST
def photo(request: HttpRequest) -> HttpResponse:
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.set_photo(request.user, form.cleaned_data["photo"])
        except KithError as error:
            add_error(form, error)
        else:
            return _saved(request, "photo", "photo", "Photo saved.")
    return _edit_answer(request, "photo", status=_error_status(request), photo_form=form)


@login_required
@require_POST
def photo_remove(request: HttpRequest) -> HttpResponse:
    actions.remove_photo(request.user)
    return _saved(request, "photo", "photo", "Photo removed.")


@login_required
@require_POST
def skills(request: HttpRequest) -> HttpResponse:
    form = SkillsForm(request.POST)
    if form.is_valid():
        try:
            actions.set_skills(request.user, split_list(form.cleaned_data["skills"]))
        except KithError as error:
            add_error(form, error)
        else:
            return _saved(request, "skills", "skills", "Skills saved.")
    return _edit_answer(request, "skills", status=_error_status(request), skills_form=form)


# Positions and education are lists of entries edited the same way: add, edit,
# delete, each answering with the whole section so its order stays right.
ENTRIES: dict[str, dict[str, Any]] = {
    "positions": {
        "form": PositionForm,
        "add": actions.add_position,
        "update": actions.update_position,
        "delete": actions.delete_position,
        "anchor": "experience",
        "noun": "Position",
    },
    "education": {
        "form": EducationForm,
        "add": actions.add_education,
        "update": actions.update_education,
        "delete": actions.delete_education,
        "anchor": "education",
        "noun": "Education",
    },
}


def _own_entry(request: HttpRequest, kind: str, pk: int):
    entry = getattr(profile_for_member(request.user), kind).filter(pk=pk).first()
    if entry is None:
        raise Http404(f"No such {kind} entry on your profile.")
    return entry


@login_required
def entry_list(request: HttpRequest, kind: str) -> HttpResponse:
    """The section as it stands (htmx "Cancel"); plain browsers go to the edit page."""
    if not request.htmx:
        return redirect(reverse("members:edit") + f"#{ENTRIES[kind]['anchor']}")
    return _edit_answer(request, kind)


@login_required
@require_http_methods(["GET", "POST"])
def entry_add(request: HttpRequest, kind: str) -> HttpResponse:
    spec = ENTRIES[kind]
    if request.method == "GET":
        return _edit_answer(request, kind, editing="new", entry_form=spec["form"]())
    form = spec["form"](request.POST)
    if form.is_valid():
        try:
            spec["add"](request.user, **form.cleaned_data)
        except KithError as error:
            add_error(form, error)
        else:
            return _saved(request, kind, spec["anchor"], f"{spec['noun']} added.")
    return _edit_answer(request, kind, status=_error_status(request), editing="new", entry_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = ENTRIES[kind]
    entry = _own_entry(request, kind, pk)
    if request.method == "GET":
        form = spec["form"](initial=spec["form"].initial_for(entry))
        return _edit_answer(request, kind, editing=entry.pk, entry_form=form)
    form = spec["form"](request.POST)
    if form.is_valid():
        try:
            spec["update"](request.user, entry.pk, **form.cleaned_data)
        except NotFound as error:
            raise Http404(error.message) from None
        except KithError as error:
            add_error(form, error)
        else:
            return _saved(request, kind, spec["anchor"], f"{spec['noun']} saved.")
    return _edit_answer(request, kind, status=_error_status(request), editing=entry.pk, entry_form=form)


@login_required
@require_POST
def entry_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = ENTRIES[kind]
    try:
        spec["delete"](request.user, pk)
    except NotFound as error:
        raise Http404(error.message) from None
    return _saved(request, kind, spec["anchor"], f"{spec['noun']} deleted.")


# --- settings -----------------------------------------------------------------------------


def _target_market(profile: Profile) -> TargetMarket:
    try:
        return profile.target_market
    except TargetMarket.DoesNotExist:
        return TargetMarket(profile=profile)


# The settings pages this app owns: section -> (page title, url name, saved message).
SETTINGS_SECTIONS = {
    "privacy": ("Privacy", "members:settings", "Privacy settings saved."),
    "open_to": ("Open to", "members:open_to", "“Open to” saved."),
    "target_market": ("Target market", "members:target_market", "Target market saved."),
}


def _settings_form(profile: Profile, section: str):
    if section == "privacy":
        return PrivacyForm(initial={key: getattr(profile, key) for key in actions.PRIVACY_FIELDS})
    if section == "open_to":
        return OpenToForm(initial=OpenToForm.initial_for(profile.open_to.all()))
    return TargetMarketForm(initial=TargetMarketForm.initial_for(_target_market(profile)))


def _settings_answer(request: HttpRequest, section: str, *, status: int = 200, form=None, saved: str | None = None) -> HttpResponse:
    """One settings page: the section's card inside the settings layout, or the card alone for htmx."""
    profile = profile_for_member(request.user)
    context = {
        "profile": profile,
        "section_title": SETTINGS_SECTIONS[section][0],
        "section_template": f"members/partials/settings_{section}.html",
        "form": form if form is not None else _settings_form(profile, section),
        "saved": saved,
    }
    return render_page(request, "members/settings.html", context, partial=context["section_template"], status=status)


def _settings_saved(request: HttpRequest, section: str) -> HttpResponse:
    _title, url_name, message = SETTINGS_SECTIONS[section]
    if request.htmx:
        return _settings_answer(request, section, saved=message)
    messages.success(request, message)
    return redirect(url_name)


@login_required
@require_http_methods(["GET", "POST"])
def settings(request: HttpRequest) -> HttpResponse:
    """Privacy: who sees the profile and the connections, who may invite and message."""
    if request.method == "GET":
        return _settings_answer(request, "privacy")
    form = PrivacyForm(request.POST)
    if form.is_valid():
        try:
            actions.update_privacy(request.user, **form.cleaned_data)
        except KithError as error:
            add_error(form, error)
        else:
            return _settings_saved(request, "privacy")
    return _settings_answer(request, "privacy", status=_error_status(request), form=form)


@login_required
@require_http_methods(["GET", "POST"])
def open_to(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _settings_answer(request, "open_to")
    form = OpenToForm(request.POST)
    if form.is_valid():
        try:
            actions.set_open_to(request.user, form.signals())
        except KithError as error:
            add_error(form, error)
        else:
            return _settings_saved(request, "open_to")
    return _settings_answer(request, "open_to", status=_error_status(request), form=form)


@login_required
@require_http_methods(["GET", "POST"])
def target_market(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _settings_answer(request, "target_market")
    form = TargetMarketForm(request.POST)
    if form.is_valid():
        try:
            actions.update_target_market(request.user, **form.values())
        except KithError as error:
            add_error(form, error)
        else:
            return _settings_saved(request, "target_market")
    return _settings_answer(request, "target_market", status=_error_status(request), form=form)


# --- personal access tokens -----------------------------------------------------------------


def _tokens_answer(request: HttpRequest, *, status: int = 200, **overrides: Any) -> HttpResponse:
    context: dict[str, Any] = {
        # The member's own tokens: no one else's visibility applies.
        "tokens": list(ApiToken.objects.filter(user=request.user)),
        "form": ApiTokenForm(),
        "secret": None,
    }
    context.update(overrides)
    return render_page(request, "members/tokens.html", context, partial="members/partials/tokens.html", status=status)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List and create tokens. The new secret is shown in the answer to the POST and never again."""
    if request.method == "GET":
        return _tokens_answer(request)
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = actions.create_api_token(request.user, form.cleaned_data["name"])
        except KithError as error:
            add_error(form, error)
        else:
            return _tokens_answer(request, secret=secret, created=token)
    return _tokens_answer(request, status=_error_status(request), form=form)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = actions.revoke_api_token(request.user, pk)
    except NotFound as error:
        raise Http404(error.message) from None
    if request.htmx:
        return _tokens_answer(request, revoked=token)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("members:tokens")


class SignupView(allauth_views.SignupView):
    """allauth's sign-up, with Kith's per-address limit counted on every POST (atomic, shared by
    every process; allauth's own per-process "signup" limit is off)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            actions.count_sign_up(address=client_address(request))
        except LimitReached as error:
            return limit_page(
                request, error, title="Too many sign-ups", links=[("Sign in", reverse("account_login"))]
            )
        return super().post(request, *args, **kwargs)


signup = SignupView.as_view()
