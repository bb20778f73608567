"""The authorization matrix: every page and API route, requested by every kind of viewer.

Every route in the URL conf (pages) and every operation in the OpenAPI schema (/api/v1)
has a row in MATRIX below saying what each viewer gets. The test builds one small
community (see ``Scene``), puts its real handles and ids into the route, sends the
request as each viewer, each in its own savepoint that is rolled back (so writes never
interfere), and checks the answer. A route without a row fails
``test_every_route_is_declared``: add the row in the same commit as the route.

HOW TO DECLARE A ROUTE
    R(method, route,  anon, member, connection, stranger, blocked, blocking, wrong, staff,  **options)

method   GET reads; POST / PATCH / DELETE send the request that would succeed for the
         right party (``data=``).
route    as the URL conf spells it, with a leading slash ("/in/<slug:handle>/"); an API
         operation as the OpenAPI schema does ("/api/v1/members/{handle}"). One row per
         API operation; a page route needs at least one row (one for GET and one for POST
         when it takes both).

The eight outcome columns say what each viewer gets. They are seen from the OWNER, ada:
the member whose handle, invitation, conversation… the route names.
    anon        not signed in
    member      ada herself: her own profile, her conversation, an invitation she received
    connection  grace, connected to ada (not a party to ada's conversation or invitation)
    stranger    linus, signed in, no relation to ada
    blocked     mallory, whom ada blocked (conversation routes use their 1:1 from before)
    blocking    oscar, who blocked ada (likewise)
    wrong       the wrong party for the thing the route names: the sender of an invitation
                ada received (ivan), the recipient of one she sent (rita), a member
                connected to both people in a conversation but not in it (wanda), the other
                participant for ada's own message (carl), the sender of a message request
                ada received (stella). NA when the route names no such thing.
    staff       sam, a staff member with no relation to ada (the Django admin is his); also the
                community's moderator (moderation.moderate): the console at /moderation/ is his too
Routes that name nothing (GET /network/, GET /api/v1/me) are each viewer acting on their
own things: SIGNED_IN / API_SIGNED_IN below are the usual rows.

Outcomes: an HTTP status (200, 201, 204, 302, 400, 401, 403, 404, 422…); LOGIN (a redirect
to the sign-in page); Redirect("/prefix") (a redirect there); NA (no such viewer here).

Hidden things look missing. In the blocked, blocking and wrong columns, and wherever 404
is expected, the answer must also equal the answer for a handle or id that does not exist
(same status and redirect, and in the API the same JSON error): nobody learns that the
thing exists, or who blocked whom. Wrap an outcome in Seen(…) where the viewer may know
the thing exists (oscar unblocking ada; carl refused deleting ada's message).

Options:
    data={...}    the form (pages; GET: the query string) or JSON body (API). A string "{name}"
                  is replaced by what ``name`` is bound to (keeping its type: an id stays an
                  int), other strings are formatted: {"to": "{handle}"}, {"ids": ["{invitation_id}"]}.
                  A callable data(scene) is called per request (a fresh file upload).
    args={...}    bind a name to a scene object other than its default, or to a literal:
                  {"invitation_id": "invitation_sent", "answer": "withdraw"}. Defaults (BINDINGS):
                  handle -> ada; invitation_id -> invitation_received (ivan's to ada);
                  conversation_id -> conversation (ada and carl; blocked/blocking get their own
                  1:1 with ada); message_id -> ada's message in it; request_id -> message_request
                  (stella's to ada); notification_id -> ada's notification; import_id -> ada's
                  LinkedIn import; contact_id -> her contact linus (matched by email). ``pk`` has no
                  default: say which of ada's things (position, education, token).
    wrong="carl"  who the wrong party is, when not the default for the route's thing (WRONG_PARTY)
    effect=fn, writers="member connection"
                  fn(scene) reads the database before and after the request; the value must
                  change for exactly the viewers in ``writers`` (space-separated columns). Use
                  it where the status cannot tell success from refusal (pages that redirect
                  either way).
    htmx=True     send HX-Request (routes that only answer htmx)
    multipart=True  an API route that takes files: data= a callable giving them, sent as a form

A route that names a new kind of thing (a post, a group, a comment): make one of ada's in
Scene.__init__ through the actions (self.post = ...), bind its path name in BINDINGS
("post_id": ("post", {})), give it a wrong party in WRONG_PARTY when it has one (the member
a group post was not shared with…), and when a route names two things (a post and its
comment) put the more specific first in SPECIFIC_FIRST. Rows for routes
that answer GET are required (test_every_method_a_page_answers_is_declared probes them).

Not in the matrix, deliberately (SKIPPED): the Django admin beyond its index and login, and
allauth's flows beyond log in / sign up / log out / password reset. Their access rules are
Django's and allauth's, tested upstream; the admin's rows are Django's own permission checks.
/media/ is served by Django only in DEBUG and tests.
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from kith.api import api
from kith.graph import adapter
from kith.groups import actions as group_actions
from kith.groups.models import Group, GroupPost, JoinRequest, Membership
from kith.introductions import actions as introduction_actions
from kith.introductions.models import IntroductionRequest
from kith.members import actions as member_actions
from kith.members.models import Profile, User
from kith.messaging import actions as messaging_actions
from kith.messaging.models import Conversation, Message, MessageRequest, Participant
from kith.moderation import actions as moderation_actions
from kith.moderation.models import MemberWarning, QueueItem, Report
from kith.network import actions as network_actions
from kith.network.models import Follow, Invitation, SuggestionDismissal
from kith.notifications.models import Notification
from kith.portability import actions as portability_actions
from kith.portability.models import Contact
from kith.posts import actions as posts_actions
from kith.posts.models import Comment, HiddenPost
from tests.factories import PASSWORD, connect

# --- outcomes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: int
    to: str | None = None  # a redirect's target starts with this
    seen: bool = False  # the viewer may know the thing exists: no comparison with a missing one

    def __str__(self) -> str:
        text = f"{self.status}" + (f" to {self.to}" if self.to else "")
        return f"Seen({text})" if self.seen else text


def Redirect(to: str) -> Outcome:  # noqa: N802 - reads as an outcome in the table
    return Outcome(302, to)


def Seen(outcome: int | Outcome) -> Outcome:  # noqa: N802
    outcome = _outcome(outcome)
    return Outcome(outcome.status, outcome.to, seen=True)


LOGIN = Redirect("/accounts/login/")
ADMIN_LOGIN = Redirect("/admin/login/")
NA = None


def _outcome(value: int | Outcome) -> Outcome:
    return value if isinstance(value, Outcome) else Outcome(value)


ROLES = ("anon", "member", "connection", "stranger", "blocked", "blocking", "wrong", "staff")
# Who plays each role (wrong is per route: see WRONG_PARTY).
CAST = {"anon": None, "member": "ada", "connection": "grace", "stranger": "linus", "blocked": "mallory",
        "blocking": "oscar", "staff": "sam"}
# The roles that must find hidden things exactly as they find missing ones.
HIDDEN_FROM = ("blocked", "blocking", "wrong")


@dataclass
class Row:
    method: str
    route: str
    outcomes: dict[str, Outcome | None]
    data: dict | Callable | None = None
    args: dict[str, str] = field(default_factory=dict)
    wrong: str | None = None
    effect: Callable[[Scene], Any] | None = None
    writers: frozenset[str] = frozenset()
    htmx: bool = False
    multipart: bool = False  # an API route that takes files (data= a callable giving them)

    @property
    def api(self) -> bool:
        return self.route in api_paths()

    @property
    def key(self) -> str:
        extra = ",".join(f"{k}={v}" for k, v in sorted(self.args.items()) if k == "answer")
        return f"{self.method} {self.route}" + (f" [{extra}]" if extra else "")


def R(method, route, anon, member, connection, stranger, blocked, blocking, wrong, staff, *, writers="", **options) -> Row:  # noqa: N802
    values = (anon, member, connection, stranger, blocked, blocking, wrong, staff)
    outcomes = {role: (None if value is NA else _outcome(value)) for role, value in zip(ROLES, values, strict=True)}
    return Row(method, route, outcomes, writers=frozenset(writers.split()), **options)


# --- the scene --------------------------------------------------------------------------


class Scene:
    """ada and the people around her, built once per test module through the real actions."""

    def __init__(self) -> None:
        people = {}

        def member(name: str, **fields) -> User:
            first = name.split()[0].lower()
            user = member_actions.create_member(
                email=f"{first}@kith.test", name=name, password=PASSWORD, verified=True, handle=first, **fields
            )
            people[first] = user
            return user

        ada = member("Ada Lovelace", headline="Analyst of engines", city="London")
        for name in ("Grace Hopper", "Linus Torvalds", "Mallory Byrne", "Oscar Wilde", "Ivan Petrov", "Rita Levi",
                     "Wanda Landowska", "Carl Gauss", "Stella Young"):
            member(name)
        member("Sam Staff", is_staff=True)
        grace, mallory, oscar, carl, wanda = (people[n] for n in ("grace", "mallory", "oscar", "carl", "wanda"))
        ivan, rita, stella = people["ivan"], people["rita"], people["stella"]
        member_actions.update_privacy(ada, message_policy="anyone")
        for other in (grace, carl, wanda, mallory, oscar):
            connect(ada, other)
        connect(carl, wanda)
        network_actions.follow(grace, ada)
        self.conversation = messaging_actions.start_conversation(ada, handles=["carl"], text="Hello Carl")
        self.message = Message.objects.get(conversation=self.conversation, sender=ada)
        messaging_actions.send_message(carl, conversation_id=self.conversation.pk, text="Hello Ada")
        self.conversation_blocked = messaging_actions.start_conversation(ada, handles=["mallory"], text="Hi Mallory")
        self.message_blocked = Message.objects.get(conversation=self.conversation_blocked)
        self.conversation_blocking = messaging_actions.start_conversation(ada, handles=["oscar"], text="Hi Oscar")
        self.message_blocking = Message.objects.get(conversation=self.conversation_blocking)
        network_actions.block(ada, mallory)
        network_actions.block(oscar, ada)
        self.invitation_received = network_actions.send_invitation(ivan, to=ada, note="We met in Leeds")
        self.invitation_sent = network_actions.send_invitation(ada, to=rita)
        messaging_actions.start_conversation(stella, handles=["ada"], text="Hello, may I ask you something?")
        self.message_request = MessageRequest.objects.get(sender=stella, recipient=ada)
        self.notification = Notification.objects.get(recipient=ada, target_id=self.invitation_received.pk)
        self.position = member_actions.add_position(ada, company="Analytical Engines", title="Analyst", start="2015-01", is_current=True)
        self.education = member_actions.add_education(ada, school="Home schooling")
        self.token, _ = member_actions.create_api_token(ada, "laptop")
        # ada's LinkedIn import, applied: one contact, linus, matched by his verified address.
        self.linkedin_import = portability_actions.start_linkedin_import(ada, [_linkedin_connections(self)["export"]])
        portability_actions.apply_import(ada, self.linkedin_import.pk, {"contacts": "merge"})
        self.contact = Contact.objects.get(owner=ada)
        # --- groups: ada owns a listed request-to-join group; grace is in it (ada's invitation);
        # ivan asks to join; stella is banned.
        self.group = group_actions.create_group(ada, name="Analytical Engines Club", join_policy="request", question="Why join?")
        group_actions.invite(ada, self.group, to=grace)
        group_actions.join(grace, self.group)
        self.join_request = group_actions.join(ivan, self.group, answer="I build engines")
        group_actions.ban_member(ada, self.group, stella, content="keep", reason="Spam")
        # ada's data export, built and downloadable.
        self.export = portability_actions.build_export(portability_actions.request_export(ada).pk)
        # ada's post in it (a manager's: published), grace's comment on it, and, with post approval
        # on, grace's post waiting in the queue.
        self.group_post = posts_actions.create_post(ada, body="Welcome to the club", audience="group", audience_data={"group": self.group.slug})
        self.group_comment = posts_actions.add_comment(grace, self.group_post.pk, body="Glad to be here")
        group_actions.update_settings(ada, self.group, post_approval=True)
        self.pending_post = posts_actions.create_post(grace, body="My first engine", audience="group", audience_data={"group": self.group.slug})
        # ada reported grace's comment in her group: it waits in the group's queue for a manager.
        self.group_report = posts_actions.report_comment(ada, self.group_comment.pk, reason="spam")
        # --- posts: ada's post for her connections, and her comment on it --------------------
        self.post = posts_actions.create_post(ada, body="Engines can weave patterns", audience="connections")
        self.comment = posts_actions.add_comment(ada, self.post.pk, body="Like the Jacquard loom")
        # --- moderation: sam moderates; ada reported ivan; grace reported ada, whom sam warned.
        moderation_actions.grant_moderator(people["sam"])
        self.queue_item = network_actions.report_member(ada, ivan, reason="spam", text="Sells watches").item
        about_ada = network_actions.report_member(grace, ada, reason="other", text="Rude").item
        self.warning_entry = moderation_actions.take_action(about_ada, by=people["sam"], action="warn", reason="Be civil")
        self.warning = MemberWarning.objects.get(member=ada)
        # --- introductions: ines asks ada to introduce her to tess (ada the introducer, tess not
        # reached yet); uma asked grace to introduce her to ada, and grace did (ada the target).
        ines, tess, uma = member("Ines Asker"), member("Tess Target"), member("Uma Newcomer")
        connect(ines, ada)
        connect(ada, tess)
        connect(uma, grace)
        self.introduction = introduction_actions.ask_introduction(ines, to="tess", via="ada", note_to_target="Hello Tess")
        self.introduction_to_ada = introduction_actions.ask_introduction(uma, to="ada", via="grace", note_to_target="Hello Ada")
        introduction_actions.forward_introduction(grace, request_id=self.introduction_to_ada.pk, note="Ada, meet Uma")
        self.people = people
        # Signed in once, here: the sessions live as long as the scene (each request is rolled back).
        self.sessions = {}
        for name, user in people.items():
            client = Client()
            client.force_login(user)
            self.sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def person(self, name: str) -> User:
        return self.people[name]

    def thing(self, name: str) -> Any:
        return self.people[name] if name in self.people else getattr(self, name)


# name -> (default scene object, {role: object for that role})
BINDINGS: dict[str, tuple[str, dict[str, str]]] = {
    "handle": ("ada", {}),
    "invitation_id": ("invitation_received", {}),
    "conversation_id": ("conversation", {"blocked": "conversation_blocked", "blocking": "conversation_blocking"}),
    "message_id": ("message", {"blocked": "message_blocked", "blocking": "message_blocking"}),
    "request_id": ("message_request", {}),
    "notification_id": ("notification", {}),
    "import_id": ("linkedin_import", {}),
    "contact_id": ("contact", {}),
    "slug": ("group", {}),
    "join_request_id": ("join_request", {}),
    "report_id": ("group_report", {}),
    "export_id": ("export", {}),
    "post_id": ("post", {}),
    "comment_id": ("comment", {}),
    # --- moderation
    "item_id": ("queue_item", {}),
    "warning_id": ("warning", {}),
    "appeal_action": ("warning_entry", {}),
    "introduction_id": ("introduction", {}),
}
# The wrong party for each thing a route can name (the most specific one counts).
WRONG_PARTY = {
    "message": "carl",
    "message_request": "stella",
    "invitation_received": "ivan",
    "invitation_sent": "rita",
    "conversation": "wanda",
    "introduction": "tess",  # its target, before it reaches her
    "introduction_to_ada": "uma",  # its asker, for the target's answers
}
SPECIFIC_FIRST = ("comment_id", "post_id", "message_id", "request_id", "invitation_id", "conversation_id", "notification_id", "import_id",
                  "contact_id", "export_id", "item_id", "warning_id", "appeal_action", "introduction_id", "pk")
GHOST_HANDLE = "nobody-by-this-handle"
GHOST_ID = 2_000_000_000
OBJECTS = set(BINDINGS) | {"pk"}


def _value(thing: Any) -> Any:
    if isinstance(thing, User):
        return thing.profile.handle
    if isinstance(thing, Group):
        return thing.slug
    return thing.pk


def _ghost(thing: Any, n: int) -> Any:
    return GHOST_HANDLE if isinstance(thing, User | Group) else GHOST_ID + n


# --- the table --------------------------------------------------------------------------

SIGNED_IN = (LOGIN, 200, 200, 200, 200, 200, NA, 200)
SIGNED_IN_WRITE = (LOGIN, 302, 302, 302, 302, 302, NA, 302)
API_SIGNED_IN = (401, 200, 200, 200, 200, 200, NA, 200)
OWN_ONLY = (LOGIN, 200, 404, 404, 404, 404, NA, 404)  # ada's thing by id; others find nothing
OWN_ONLY_WRITE = (LOGIN, 302, 404, 404, 404, 404, NA, 404)
PARTY_ONLY = (LOGIN, 200, 404, 404, 404, 404, 404, 404)  # a thing with a wrong party
PARTY_ONLY_WRITE = (LOGIN, 302, 404, 404, 404, 404, 404, 404)
API_PARTY_ONLY = (401, 200, 404, 404, 404, 404, 404, 404)
PROFILE_READ = (LOGIN, 200, 200, 200, 404, 404, NA, 200)
API_PROFILE_READ = (401, 200, 200, 200, 404, 404, NA, 200)

INTRO = {"name": "Ada King", "headline": "Countess", "about": "", "city": "London", "region": "", "country": "", "industry": ""}
POSITION = {"title": "Analyst", "company": "Engines", "start": "2016-01", "is_current": "on"}
PRIVACY = {"visibility": "members", "connections_visibility": "connections", "invite_policy": "anyone", "message_policy": "anyone"}


def _png(scene: Scene) -> dict:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "teal").save(buffer, "PNG")
    return {"photo": SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")}


def _linkedin_connections(scene) -> dict:
    csv = b"First Name,Last Name,Email Address,Company,Position,Connected On\nLinus,Torvalds,linus@kith.test,,,05 Jun 2026\n"
    return {"export": SimpleUploadedFile("Connections.csv", csv, content_type="text/csv")}


def _linkedin_file(scene) -> dict:
    return {"file": _linkedin_connections(scene)["export"]}


def invitation_status(name: str) -> Callable[[Scene], str]:
    return lambda s: Invitation.objects.get(pk=s.thing(name).pk).status


def followers_of_ada(s: Scene) -> set[int]:
    return set(Follow.objects.filter(followed=s.person("ada")).values_list("follower_id", flat=True))


def blocks_involving_ada(s: Scene) -> set[tuple[int, int]]:
    from kith.members.selectors import blocked_ids

    ada = User.objects.get(pk=s.person("ada").pk)  # uncached
    return {(uid, ada.pk) for uid in blocked_ids(ada)}


def ada_connections(s: Scene) -> set[int]:
    from kith.network.selectors import connections

    return {c.other_id for c in connections(s.person("ada"))}


def invitations_from_ada(s: Scene) -> int:
    return Invitation.objects.filter(sender=s.person("ada")).count()


def invitations_to_ada(s: Scene) -> int:
    return Invitation.objects.filter(recipient=s.person("ada")).count()


def ada_dismissed_by(s: Scene) -> set[int]:
    return set(SuggestionDismissal.objects.filter(dismissed=s.person("ada")).values_list("member_id", flat=True))


def notification_read(s: Scene) -> bool:
    return Notification.objects.get(pk=s.notification.pk).read_at is not None


def conversation_state(s: Scene) -> tuple:
    return tuple(Participant.objects.filter(conversation=s.conversation).order_by("member_id").values_list("status", "last_read_message_id"))


def ada_deletion_scheduled(s: Scene) -> bool:
    from kith.portability.models import AccountDeletion

    return AccountDeletion.objects.filter(member=s.person("ada"), status=AccountDeletion.Status.SCHEDULED).exists()
def post_hidden_by(s: Scene) -> set[int]:
    return set(HiddenPost.objects.filter(post=s.post).values_list("member_id", flat=True))


def comment_exists(s: Scene) -> bool:
    return Comment.objects.filter(pk=s.comment.pk).exists()


ANSWER = "/network/invitations/<id:invitation_id>/<str:answer>/"
# ada's post is for her connections: grace sees it, linus (a stranger) and sam do not.
POST_READ = (LOGIN, 200, 200, 404, 404, 404, NA, 404)
POST_WRITE = (LOGIN, 302, 302, 404, 404, 404, NA, 404)
POST_OWN = (LOGIN, 200, 404, 404, 404, 404, NA, 404)
POST_OWN_WRITE = (LOGIN, 302, 404, 404, 404, 404, NA, 404)
API_POST_READ = (401, 200, 200, 404, 404, 404, NA, 404)
EDIT_POST = {"title": "", "body": "Engines can weave", "audience": "connections", "comments": "anyone"}
NEW_POST = {"kind": "post", "body": "Hello", "audience": "anyone", "comments": "anyone"}
# Moderation routes: 403 for every member, 200 for the moderator (sam); NA for the wrong party.
MODERATORS_ONLY = (403, 403, 403, 403, 403, NA, 200)


def queue_item_status(s: Scene) -> str:
    return QueueItem.objects.get(pk=s.queue_item.pk).status


def warning_acknowledged(s: Scene) -> bool:
    return MemberWarning.objects.get(pk=s.warning.pk).acknowledged_at is not None

INTRO_ANSWER = "/introductions/<id:introduction_id>/<slug:answer>/"


def introduction_status(name: str) -> Callable[[Scene], str]:
    return lambda s: IntroductionRequest.objects.get(pk=s.thing(name).pk).status


def introductions_to_ada(s: Scene) -> int:
    return IntroductionRequest.objects.filter(target=s.person("ada")).count()

# --- groups --------------------------------------------------------------------------------------


def G(anon, member, connection, stranger, blocked, blocking, staff) -> tuple:  # noqa: N802 - reads as a row
    """A group route's outcomes: everyone signed in may know the group exists (Seen), and it
    names no party (wrong is NA)."""
    return (anon, member, *(Seen(o) for o in (connection, stranger, blocked, blocking)), NA, Seen(staff))


GROUP_SETTINGS = {"name": "Analytical Engines Club", "description": "", "rules": "", "listed": "1", "join_policy": "request",
                  "question": "Why join?", "trial_days": "0"}


def group_count(s: Scene) -> int:
    return Group.objects.count()


def group_post_count(s: Scene) -> int:
    return GroupPost.objects.filter(group=s.group).count()


def group_report_statuses(s: Scene) -> list:
    return list(Report.objects.filter(pk=s.group_report.pk).values_list("status", "resolved_by"))


def group_post_statuses(s: Scene) -> list:
    return sorted(GroupPost.objects.filter(group=s.group).values_list("post_id", "status", "pinned_at"), key=str)


def group_state(s: Scene) -> tuple:
    return (
        sorted(Membership.objects.filter(group=s.group).values_list("member_id", "role")),
        sorted(JoinRequest.objects.filter(group=s.group).values_list("member_id", "status")),
    )



MATRIX: list[Row] = [
    # method  route                                anon   member conn  strngr blocked blocking wrong staff
    # --- members -------------------------------------------------------------------------------------
    R("GET", "/",                                   200,   200,   200,  200,   200,    200,     NA,   200),
    R("GET", "/in/<slug:handle>/",                  *PROFILE_READ),
    R("GET", "/me/",                                LOGIN, 302,   302,  302,   302,    302,     NA,   302),
    R("GET", "/me/edit/",                           *SIGNED_IN),
    R("POST", "/me/edit/",                          *SIGNED_IN_WRITE, data=INTRO),
    R("POST", "/me/edit/photo/",                    *SIGNED_IN_WRITE, data=_png),
    R("POST", "/me/edit/photo/remove/",             *SIGNED_IN_WRITE),
    R("POST", "/me/edit/skills/",                   *SIGNED_IN_WRITE, data={"skills": "Mathematics, Poetry"}),
    R("GET", "/me/edit/positions/",                 *SIGNED_IN, htmx=True),
    R("GET", "/me/edit/positions/add/",             *SIGNED_IN),
    R("POST", "/me/edit/positions/add/",            *SIGNED_IN_WRITE, data=POSITION),
    R("GET", "/me/edit/positions/<id:pk>/",        *OWN_ONLY, args={"pk": "position"}),
    R("POST", "/me/edit/positions/<id:pk>/",       *OWN_ONLY_WRITE, args={"pk": "position"}, data=POSITION),
    R("POST", "/me/edit/positions/<id:pk>/delete/", *OWN_ONLY_WRITE, args={"pk": "position"}),
    R("GET", "/me/edit/education/",                 *SIGNED_IN, htmx=True),
    R("GET", "/me/edit/education/add/",             *SIGNED_IN),
    R("POST", "/me/edit/education/add/",            *SIGNED_IN_WRITE, data={"school": "Cambridge"}),
    R("GET", "/me/edit/education/<id:pk>/",        *OWN_ONLY, args={"pk": "education"}),
    R("POST", "/me/edit/education/<id:pk>/",       *OWN_ONLY_WRITE, args={"pk": "education"}, data={"school": "Cambridge"}),
    R("POST", "/me/edit/education/<id:pk>/delete/", *OWN_ONLY_WRITE, args={"pk": "education"}),
    R("GET", "/settings/",                          *SIGNED_IN),
    R("POST", "/settings/",                         *SIGNED_IN_WRITE, data=PRIVACY),
    R("GET", "/settings/open-to/",                  *SIGNED_IN),
    R("POST", "/settings/open-to/",                 *SIGNED_IN_WRITE, data={"networking_on": "on"}),
    R("GET", "/settings/target-market/",            *SIGNED_IN),
    R("POST", "/settings/target-market/",           *SIGNED_IN_WRITE, data={"locations": "London"}),
    R("GET", "/settings/tokens/",                   *SIGNED_IN),
    R("POST", "/settings/tokens/",                  *SIGNED_IN, data={"name": "script"}),
    R("POST", "/settings/tokens/<id:pk>/revoke/",  *OWN_ONLY_WRITE, args={"pk": "token"}),
    # --- search ------------------------------------------------------------------------------------------
    R("GET", "/search/",                            *SIGNED_IN, data={"q": "ada"}),
    R("GET", "/search/typeahead/",                  *SIGNED_IN, data={"q": "ad"}),
    # --- network --------------------------------------------------------------------------------------
    R("GET", "/network/",                           *SIGNED_IN),
    R("GET", "/network/invitations/",               *SIGNED_IN),
    # The answer views flash a refusal and redirect back, found or not: the effect tells them apart.
    R("POST", ANSWER,                               LOGIN, 302,   302,  302,   302,    302,     302,  302,
      args={"answer": "accept"}, effect=invitation_status("invitation_received"), writers="member"),
    R("POST", ANSWER,                               LOGIN, 302,   302,  302,   302,    302,     302,  302,
      args={"answer": "ignore"}, effect=invitation_status("invitation_received"), writers="member"),
    R("POST", ANSWER,                               LOGIN, 302,   302,  302,   302,    302,     302,  302,
      args={"answer": "dont-know"}, effect=invitation_status("invitation_received"), writers="member"),
    R("POST", ANSWER,                               LOGIN, 302,   302,  302,   302,    302,     302,  302,
      args={"answer": "report"}, effect=invitation_status("invitation_received"), writers="member"),
    R("POST", ANSWER,                               LOGIN, 302,   302,  302,   302,    302,     302,  302,
      args={"answer": "withdraw", "invitation_id": "invitation_sent"}, effect=invitation_status("invitation_sent"), writers="member"),
    R("GET", "/network/blocked/",                   *SIGNED_IN),
    R("GET", "/network/suggestions/",               *SIGNED_IN),
    R("POST", "/network/suggestions/<slug:handle>/dismiss/", LOGIN, 302, 302, 302, 404, 404,   NA,   302,
      effect=ada_dismissed_by, writers="connection stranger staff"),
    R("GET", "/network/invite/<slug:handle>/",      *PROFILE_READ),
    R("POST", "/network/invite/<slug:handle>/",     LOGIN, 400,   409,  302,   404,    404,     NA,   302,
      data={"note": "Hello"}, effect=invitations_to_ada, writers="stranger staff"),
    # Follow, unfollow and disconnect flash a refusal (a missing member too) and redirect back.
    R("POST", "/network/follow/<slug:handle>/",     LOGIN, 302,   302,  302,   302,    302,     NA,   302,
      effect=followers_of_ada, writers="stranger staff"),
    R("POST", "/network/unfollow/<slug:handle>/",   LOGIN, 302,   302,  302,   302,    302,     NA,   302,
      effect=followers_of_ada, writers="connection"),
    R("GET", "/network/disconnect/<slug:handle>/",  *PROFILE_READ),
    R("POST", "/network/disconnect/<slug:handle>/", LOGIN, 302,   302,  302,   302,    302,     NA,   302,
      effect=ada_connections, writers="connection"),
    R("GET", "/network/block/<slug:handle>/",       *PROFILE_READ),
    R("POST", "/network/block/<slug:handle>/",      LOGIN, 302,   Redirect("/network/blocked/"), Redirect("/network/blocked/"), 404, 404, NA, Redirect("/network/blocked/"),
      effect=blocks_involving_ada, writers="connection stranger staff"),
    R("POST", "/network/unblock/<slug:handle>/",    LOGIN, 302,   302,  302,   302,    Seen(302), NA,  302,
      effect=blocks_involving_ada, writers="blocking"),
    R("GET", "/network/report/<slug:handle>/",      *PROFILE_READ),
    R("POST", "/network/report/<slug:handle>/",     LOGIN, 400,   302,  302,   404,    404,     NA,   302, data={"reason": "spam"}),
    # --- notifications ---------------------------------------------------------------------------------
    R("GET", "/notifications/",                     *SIGNED_IN),
    R("POST", "/notifications/read/",               *SIGNED_IN_WRITE, data={"id": "{notification_id}"},
      effect=notification_read, writers="member"),
    R("GET", "/notifications/preferences/",         *SIGNED_IN),
    R("POST", "/notifications/preferences/",        *SIGNED_IN_WRITE, data={"email": ["invitation_received"]}),
    # --- insights ------------------------------------------------------------------------------------------
    R("GET", "/insights/<slug:handle>/card/",       LOGIN, 404,   200,  200,   404,    404,     NA,   200),
    R("GET", "/insights/invitations/<id:invitation_id>/reply/", *PARTY_ONLY),
    R("POST", "/insights/invitations/<id:invitation_id>/reply/", *PARTY_ONLY_WRITE, data={"text": "How do we know each other?"}),
    R("POST", "/insights/invitations/bulk/",        *SIGNED_IN_WRITE[:6], 302, 302, data={"ids": ["{invitation_id}"], "answer": "accept"},
      effect=invitation_status("invitation_received"), writers="member"),
    # --- portability ---------------------------------------------------------------------------------------
    R("GET", "/settings/import/",                   *SIGNED_IN),
    R("POST", "/settings/import/",                  *SIGNED_IN_WRITE, data=_linkedin_connections),
    R("GET", "/settings/import/<int:import_id>/",   *OWN_ONLY),
    R("POST", "/settings/import/<int:import_id>/",  *OWN_ONLY_WRITE, data={"contacts": "merge"}),
    R("GET", "/settings/import/<int:import_id>/done/", *OWN_ONLY),
    R("GET", "/contacts/",                          *SIGNED_IN),
    R("POST", "/contacts/invite-all/",              *SIGNED_IN_WRITE, effect=invitations_from_ada, writers="member"),
    R("POST", "/contacts/match/",                   *SIGNED_IN_WRITE),
    R("GET", "/contacts/<int:contact_id>/invite/",  *OWN_ONLY),
    R("POST", "/contacts/<int:contact_id>/invite/", *OWN_ONLY_WRITE, data={"note": "Hello Linus"}),
    R("POST", "/contacts/<int:contact_id>/confirm/", *OWN_ONLY_WRITE),
    R("POST", "/contacts/<int:contact_id>/reject/", *OWN_ONLY_WRITE),
    # --- portability: export and deletion ----------------------------------------------------------------
    R("GET", "/settings/data/",                     *SIGNED_IN),
    R("POST", "/settings/data/",                    *SIGNED_IN_WRITE),
    R("GET", "/settings/data/exports/<int:export_id>/download/", *OWN_ONLY),
    R("GET", "/settings/delete/",                   *SIGNED_IN),
    R("POST", "/settings/delete/",                  *SIGNED_IN_WRITE, data={"password": PASSWORD},
      effect=ada_deletion_scheduled, writers="member"),
    R("POST", "/settings/delete/cancel/",           *SIGNED_IN_WRITE),
    R("GET", "/account-deleted/",                   *(Redirect("/"),) * 6, NA, Redirect("/")),
    # --- messaging -----------------------------------------------------------------------------------------
    R("GET", "/messaging/",                         *SIGNED_IN),
    R("GET", "/messaging/requests/",                *SIGNED_IN),
    R("GET", "/messaging/archived/",                *SIGNED_IN),
    R("GET", "/messaging/new/",                     *SIGNED_IN),
    R("POST", "/messaging/new/",                    LOGIN, 400,   302,  302,   404,    404,     NA,   302, data={"to": "{handle}", "text": "Hello"}),
    R("GET", "/messaging/new/recipients/",          *SIGNED_IN, htmx=True, data={"to": "ad"}),
    R("GET", "/messaging/settings/",                *SIGNED_IN),
    R("POST", "/messaging/settings/",               *SIGNED_IN_WRITE, data={"email_unread": "on"}),
    R("GET", "/messaging/unread/",                  *SIGNED_IN),
    R("GET", "/messaging/<id:conversation_id>/",   *PARTY_ONLY),
    R("POST", "/messaging/<id:conversation_id>/",  *PARTY_ONLY_WRITE, data={"text": "Hello again"}),
    R("GET", "/messaging/<id:conversation_id>/new/", *PARTY_ONLY, htmx=True),
    R("POST", "/messaging/<id:conversation_id>/messages/<id:message_id>/delete/",
      LOGIN, 302, 404, 404, 404, 404, Seen(302), 404),
    R("POST", "/messaging/<id:conversation_id>/archive/", *PARTY_ONLY_WRITE, effect=conversation_state, writers="member"),
    R("POST", "/messaging/<id:conversation_id>/unarchive/", *PARTY_ONLY_WRITE),
    R("POST", "/messaging/<id:conversation_id>/block/", *PARTY_ONLY_WRITE),
    R("GET", "/messaging/<id:conversation_id>/report/", *PARTY_ONLY),
    R("POST", "/messaging/<id:conversation_id>/report/", *PARTY_ONLY_WRITE, data={"reason": "spam"}),
    R("POST", "/messaging/requests/<id:request_id>/accept/", *PARTY_ONLY_WRITE),
    R("POST", "/messaging/requests/<id:request_id>/decline/", *PARTY_ONLY_WRITE),
    R("POST", "/messaging/requests/<id:request_id>/block/", *PARTY_ONLY_WRITE),
    # --- the API's own pages ----------------------------------------------------------------------------
    R("GET", "/api/v1/openapi.json",                200,   200,   200,  200,   200,    200,     NA,   200),
    R("GET", "/api/v1/docs",                        200,   200,   200,  200,   200,    200,     NA,   200),
    R("GET", "/api/v1/",                            404,   404,   404,  404,   404,    404,     NA,   404),
    # --- accounts (allauth) and the Django admin: the key routes -------------------------------------------
    R("GET", "/accounts/login/",                    200,   302,   302,  302,   302,    302,     NA,   302),
    R("GET", "/accounts/signup/",                   200,   302,   302,  302,   302,    302,     NA,   302),
    R("POST", "/accounts/logout/",                  302,   302,   302,  302,   302,    302,     NA,   302),
    R("GET", "/accounts/password/reset/",           200,   200,   200,  200,   200,    200,     NA,   200),
    R("GET", "/admin/",                             ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NA, 200),
    R("GET", "/admin/login/",                       200,   200,   200,  200,   200,    200,     NA,   302),
    # === the API (/api/v1): one row per operation ===========================================================
    # --- members ---------------------------------------------------------------------------------------
    R("POST", "/api/v1/tokens",                     201,   201,   201,  201,   201,    201,     NA,   201,
      data={"email": "ada@kith.test", "password": PASSWORD}),
    R("GET", "/api/v1/me",                          *API_SIGNED_IN),
    R("GET", "/api/v1/me/profile",                  *API_SIGNED_IN),
    R("PATCH", "/api/v1/me/profile",                *API_SIGNED_IN, data={"headline": "Changed"}),
    R("GET", "/api/v1/members/{handle}",            *API_PROFILE_READ),
    # --- search ------------------------------------------------------------------------------------------
    R("GET", "/api/v1/search/people",               *API_SIGNED_IN, data={"q": "ada"}),
    # --- messaging -----------------------------------------------------------------------------------------
    R("GET", "/api/v1/conversations",               *API_SIGNED_IN),
    R("POST", "/api/v1/conversations",              401,   400,   201,  201,   404,    404,     NA,   201,
      data={"with": ["{handle}"], "text": "Hello"}),
    R("GET", "/api/v1/conversations/{conversation_id}", *API_PARTY_ONLY),
    R("GET", "/api/v1/conversations/{conversation_id}/messages", *API_PARTY_ONLY),
    R("POST", "/api/v1/conversations/{conversation_id}/messages", 401, 201, 404, 404, 404, 404, 404, 404, data={"text": "Hi"}),
    R("DELETE", "/api/v1/conversations/{conversation_id}/messages/{message_id}", 401, 204, 404, 404, 404, 404, Seen(403), 404),
    R("POST", "/api/v1/conversations/{conversation_id}/read", *API_PARTY_ONLY),
    R("POST", "/api/v1/conversations/{conversation_id}/archive", *API_PARTY_ONLY),
    R("POST", "/api/v1/conversations/{conversation_id}/unarchive", *API_PARTY_ONLY),
    R("POST", "/api/v1/conversations/{conversation_id}/report", 401, 201, 404, 404, 404, 404, 404, 404, data={"reason": "spam"}),
    R("GET", "/api/v1/message-requests",            *API_SIGNED_IN),
    R("POST", "/api/v1/message-requests/{request_id}/accept", *API_PARTY_ONLY),
    R("POST", "/api/v1/message-requests/{request_id}/decline", 401, 204, 404, 404, 404, 404, 404, 404),
    R("POST", "/api/v1/message-requests/{request_id}/block", 401, 204, 404, 404, 404, 404, 404, 404),
    # --- network --------------------------------------------------------------------------------------
    R("GET", "/api/v1/invitations",                 *API_SIGNED_IN),
    R("POST", "/api/v1/invitations",                401,   400,   409,  201,   404,    404,     NA,   201, data={"to": "{handle}"}),
    R("POST", "/api/v1/invitations/{invitation_id}/accept", *API_PARTY_ONLY),
    R("POST", "/api/v1/invitations/{invitation_id}/ignore", *API_PARTY_ONLY),
    R("POST", "/api/v1/invitations/{invitation_id}/dont-know", *API_PARTY_ONLY),
    R("POST", "/api/v1/invitations/{invitation_id}/report", *API_PARTY_ONLY),
    R("POST", "/api/v1/invitations/{invitation_id}/withdraw", *API_PARTY_ONLY, args={"invitation_id": "invitation_sent"}),
    R("GET", "/api/v1/connections",                 *API_SIGNED_IN),
    R("DELETE", "/api/v1/connections/{handle}",     401,   Seen(404), 204, Seen(404), 404, 404, NA, Seen(404)),
    R("POST", "/api/v1/follows",                    401,   400,   201,  201,   404,    404,     NA,   201, data={"handle": "{handle}"}),
    R("DELETE", "/api/v1/follows/{handle}",         401,   204,   204,  204,   404,    404,     NA,   204),
    R("GET", "/api/v1/blocks",                      *API_SIGNED_IN),
    R("POST", "/api/v1/blocks",                     401,   400,   201,  201,   404,    404,     NA,   201, data={"handle": "{handle}"}),
    R("DELETE", "/api/v1/blocks/{handle}",          401,   404,   404,  404,   404,    Seen(204), NA, 404),
    R("POST", "/api/v1/reports",                    401,   400,   201,  201,   404,    404,     NA,   201,
      data={"handle": "{handle}", "reason": "spam"}),
    R("GET", "/api/v1/members/{handle}/mutual-connections", *API_PROFILE_READ),
    R("GET", "/api/v1/members/{handle}/paths",      *API_PROFILE_READ),
    R("GET", "/api/v1/suggestions",             *API_SIGNED_IN),
    R("POST", "/api/v1/suggestions/{handle}/dismiss", 401, 400, 204, 204, 404, 404, NA, 204),
    R("GET", "/api/v1/me/reach",                    *API_SIGNED_IN),
    # --- notifications ---------------------------------------------------------------------------------
    R("GET", "/api/v1/notifications",               *API_SIGNED_IN),
    R("POST", "/api/v1/notifications/read",         *API_SIGNED_IN, data={"ids": ["{notification_id}"]},
      effect=notification_read, writers="member"),
    # --- insights ------------------------------------------------------------------------------------------
    R("GET", "/api/v1/members/{handle}/insights",   401,   400,   200,  200,   404,    404,     NA,   200),
    R("GET", "/api/v1/insights/invitations",        *API_SIGNED_IN),
    # --- portability ---------------------------------------------------------------------------------------
    R("POST", "/api/v1/imports/linkedin",           401,   201,   201,  201,   201,    201,     NA,   201,
      data=_linkedin_file, multipart=True),
    R("POST", "/api/v1/imports/{import_id}/apply",  401,   200,   404,  404,   404,    404,     NA,   404,
      data={"sections": {"contacts": "merge"}}),
    R("GET", "/api/v1/contacts",                    *API_SIGNED_IN, data={"matched": "true"}),
    R("POST", "/api/v1/contacts/{contact_id}/invite", 401, 201,   404,  404,   404,    404,     NA,   404,
      data={"note": "Hello Linus"}),
    # --- production: health probes answer anyone, and say nothing about members -------------------------
    R("GET", "/healthz",                            200,   200,   200,  200,   200,    200,     NA,   200),
    R("GET", "/readyz",                             200,   200,   200,  200,   200,    200,     NA,   200),
    # === groups (pages and API): ada's group, grace a member, ivan asking, stella banned =======================
    # A group outlives its owner's blocks and deactivation: members who can't see ada still see
    # the group (Seen), never ada in it.
    R("GET", "/groups/",                            *SIGNED_IN),
    R("GET", "/groups/new/",                        *SIGNED_IN),
    R("POST", "/groups/new/",                       *SIGNED_IN_WRITE, data={"name": "Difference Engines", "listed": "1", "join_policy": "open"},
      effect=group_count, writers="member connection stranger blocked blocking staff"),
    R("GET", "/groups/<slug:slug>/",                *G(LOGIN, 200, 200, 200, 200, 200, 200)),
    R("POST", "/groups/<slug:slug>/join/",          *G(LOGIN, 302, 302, 302, 302, 302, 302), data={"answer": "Engines"},
      effect=group_state, writers="stranger blocked blocking staff"),
    R("POST", "/groups/<slug:slug>/leave/",         *G(LOGIN, 302, 302, 302, 302, 302, 302), effect=group_state, writers="connection"),
    R("POST", "/groups/<slug:slug>/request/withdraw/", *G(LOGIN, 302, 302, 302, 302, 302, 302)),
    R("POST", "/groups/<slug:slug>/invitation/decline/", *G(LOGIN, 302, 302, 302, 302, 302, 302)),
    R("GET", "/groups/<slug:slug>/members/",        *G(LOGIN, 200, 200, 403, 403, 403, 403)),
    R("GET", "/groups/<slug:slug>/members/<slug:handle>/", *G(LOGIN, 200, 403, 403, 403, 403, 403), args={"handle": "grace"}),
    R("POST", "/groups/<slug:slug>/members/<slug:handle>/", *G(LOGIN, 302, 403, 403, 403, 403, 403), args={"handle": "grace"},
      data={"action": "remove", "content": "keep"}, effect=group_state, writers="member"),
    R("GET", "/groups/<slug:slug>/requests/",       *G(LOGIN, 200, 403, 403, 403, 403, 403)),
    R("POST", "/groups/<slug:slug>/requests/",      *G(LOGIN, 302, 403, 403, 403, 403, 403),
      data={"answer": "approve", "ids": ["{join_request_id}"]}, effect=group_state, writers="member"),
    R("GET", "/groups/<slug:slug>/invite/",         *G(LOGIN, 200, 200, 403, 403, 403, 403)),
    R("POST", "/groups/<slug:slug>/invite/",        *G(LOGIN, 302, 400, 403, 403, 403, 403), data={"to": "carl"}),
    R("GET", "/groups/<slug:slug>/settings/",       *G(LOGIN, 200, 403, 403, 403, 403, 403)),
    R("POST", "/groups/<slug:slug>/settings/",      *G(LOGIN, 302, 403, 403, 403, 403, 403), data=GROUP_SETTINGS),
    R("POST", "/groups/<slug:slug>/bans/<slug:handle>/lift/", *G(LOGIN, 302, 403, 403, 403, 403, 403), args={"handle": "stella"}),
    R("GET", "/groups/<slug:slug>/log/",            *G(LOGIN, 200, 403, 403, 403, 403, 403)),
    R("GET", "/groups/<slug:slug>/report/",         *G(LOGIN, 200, 200, 200, 200, 200, 200)),
    R("POST", "/groups/<slug:slug>/report/",        *G(LOGIN, 400, 302, 302, 302, 302, 302), data={"reason": "spam", "text": "Sells followers"}),
    R("GET", "/api/v1/groups",                      *API_SIGNED_IN, data={"q": "engines"}),
    R("POST", "/api/v1/groups",                     401,   201,   201,  201,   201,    201,     NA,   201, data={"name": "Difference Engines"}),
    R("GET", "/api/v1/groups/{slug}",               *G(401, 200, 200, 200, 200, 200, 200)),
    R("PATCH", "/api/v1/groups/{slug}",             *G(401, 200, 403, 403, 403, 403, 403), data={"description": "Engines, mostly"}),
    R("PATCH", "/api/v1/groups/{slug}/settings",    *G(401, 200, 403, 403, 403, 403, 403), data={"trial_days": 3}),
    R("POST", "/api/v1/groups/{slug}/join",         *G(401, 200, 200, 200, 200, 200, 200), data={"answer": "Engines"}),
    R("POST", "/api/v1/groups/{slug}/leave",        *G(401, 409, 204, 409, 409, 409, 409)),
    R("GET", "/api/v1/groups/{slug}/members",       *G(401, 200, 200, 403, 403, 403, 403)),
    R("GET", "/api/v1/groups/{slug}/requests",      *G(401, 200, 403, 403, 403, 403, 403)),
    R("POST", "/api/v1/groups/{slug}/requests/{join_request_id}/approve", *G(401, 200, 403, 403, 403, 403, 403)),
    R("POST", "/api/v1/groups/{slug}/requests/{join_request_id}/decline", *G(401, 200, 403, 403, 403, 403, 403)),
    R("POST", "/api/v1/groups/{slug}/invitations",  *G(401, 201, 404, 403, 403, 403, 403), data={"to": "carl"}),
    R("POST", "/api/v1/groups/{slug}/members/{handle}/remove", *G(401, 204, 403, 403, 403, 403, 403), args={"handle": "grace"},
      data={"content": "keep"}),
    R("POST", "/api/v1/groups/{slug}/members/{handle}/ban", *G(401, 204, 403, 403, 403, 403, 403), args={"handle": "grace"},
      data={"content": "remove", "reason": "Spam"}),
    R("POST", "/api/v1/groups/{slug}/members/{handle}/role", *G(401, 200, 403, 403, 403, 403, 403), args={"handle": "grace"},
      data={"role": "manager"}),
    R("GET", "/api/v1/groups/{slug}/log",           *G(401, 200, 403, 403, 403, 403, 403)),
    R("POST", "/api/v1/groups/{slug}/report",       *G(401, 400, 201, 201, 201, 201, 201), data={"reason": "spam"}),
    # --- portability: export and deletion ----------------------------------------------------------------
    R("POST", "/api/v1/exports",                    401,   202,   202,  202,   202,    202,     NA,   202),
    R("GET", "/api/v1/exports/{export_id}",         401,   200,   404,  404,   404,    404,     NA,   404),
    R("GET", "/api/v1/exports/{export_id}/download", 401,  200,   404,  404,   404,    404,     NA,   404),
    R("POST", "/api/v1/me/deletion",                401,   202,   202,  202,   202,    202,     NA,   202,
      data={"password": PASSWORD}, effect=ada_deletion_scheduled, writers="member"),
    R("GET", "/api/v1/me/deletion",                 401,   404,   404,  404,   404,    404,     NA,   404),
    R("DELETE", "/api/v1/me/deletion",              401,   404,   404,  404,   404,    404,     NA,   404),
    # --- group posts
    R("POST", "/groups/<slug:slug>/post/",          *G(LOGIN, 302, 302, 302, 302, 302, 302), data={"body": "Hello club", "comments": "anyone"},
      effect=group_post_count, writers="member connection"),
    R("GET", "/groups/<slug:slug>/pending/",        *G(LOGIN, 200, 403, 403, 403, 403, 403)),
    R("POST", "/groups/<slug:slug>/pending/",       *G(LOGIN, 302, 403, 403, 403, 403, 403), args={"post_id": "pending_post"},
      data={"post": "{post_id}", "answer": "approve"}, effect=group_post_statuses, writers="member"),
    R("POST", "/groups/<slug:slug>/posts/<id:post_id>/<str:answer>/", *G(LOGIN, 302, 403, 403, 403, 403, 403),
      args={"post_id": "group_post", "answer": "pin"}, effect=group_post_statuses, writers="member"),
    R("GET", "/api/v1/groups/{slug}/posts",         *G(401, 200, 200, 403, 403, 403, 403)),
    R("GET", "/api/v1/groups/{slug}/pending",       *G(401, 200, 403, 403, 403, 403, 403)),
    R("POST", "/api/v1/groups/{slug}/pending/{post_id}/approve", *G(401, 200, 403, 403, 403, 403, 403), args={"post_id": "pending_post"}),
    R("POST", "/api/v1/groups/{slug}/pending/{post_id}/reject", *G(401, 200, 403, 403, 403, 403, 403), args={"post_id": "pending_post"},
      data={"reason": "Not about engines"}),
    R("POST", "/api/v1/groups/{slug}/posts/{post_id}/remove", *G(401, 200, 403, 403, 403, 403, 403), args={"post_id": "group_post"},
      data={"reason": "Duplicate"}),
    R("POST", "/api/v1/groups/{slug}/posts/{post_id}/pin", *G(401, 200, 403, 403, 403, 403, 403), args={"post_id": "group_post"}),
    R("DELETE", "/api/v1/groups/{slug}/pin",        *G(401, 204, 403, 403, 403, 403, 403)),
    R("POST", "/api/v1/groups/{slug}/comments/{comment_id}/delete", *G(401, 204, 403, 403, 403, 403, 403),
      args={"comment_id": "group_comment"}),
    R("GET", "/api/v1/groups/{slug}/reports",       *G(401, 200, 403, 403, 403, 403, 403)),
    R("POST", "/api/v1/groups/{slug}/reports/{report_id}/resolve", *G(401, 200, 403, 403, 403, 403, 403),
      data={"answer": "keep"}, effect=group_report_statuses, writers="member"),
    # --- posts (pages) ---------------------------------------------------------------------------------------
    R("GET", "/feed/",                              *SIGNED_IN),
    R("GET", "/feed/new/",                          *SIGNED_IN, data={"since": "1700000000"}),
    R("GET", "/in/<slug:handle>/activity/",         *PROFILE_READ),
    R("GET", "/posts/new/",                         *SIGNED_IN),
    R("POST", "/posts/new/",                        *SIGNED_IN_WRITE, data=NEW_POST),
    R("GET", "/posts/<id:post_id>/",                *POST_READ),
    R("GET", "/posts/<id:post_id>/edit/",           *POST_OWN),
    R("POST", "/posts/<id:post_id>/edit/",          *POST_OWN_WRITE, data=EDIT_POST),
    R("GET", "/posts/<id:post_id>/delete/",         *POST_OWN),
    R("POST", "/posts/<id:post_id>/delete/",        *POST_OWN_WRITE),
    R("POST", "/posts/<id:post_id>/comments/",      *POST_WRITE, data={"body": "Nice"}),
    R("POST", "/posts/<id:post_id>/react/",         *POST_WRITE, data={"kind": "like"}),
    R("GET", "/posts/<id:post_id>/reactions/",      *POST_READ),
    R("POST", "/posts/<id:post_id>/hide/",          *POST_WRITE, effect=post_hidden_by, writers="connection"),
    R("POST", "/posts/<id:post_id>/unfollow/",      *POST_WRITE, effect=followers_of_ada, writers="connection"),
    R("GET", "/posts/<id:post_id>/report/",         *POST_READ),
    R("POST", "/posts/<id:post_id>/report/",        LOGIN, 400,   302,  404,   404,    404,     NA,   404, data={"reason": "spam"}),
    R("GET", "/comments/<id:comment_id>/edit/",     *POST_OWN),
    R("POST", "/comments/<id:comment_id>/edit/",    *POST_OWN_WRITE, data={"body": "Like a loom"}),
    R("POST", "/comments/<id:comment_id>/delete/",  *POST_WRITE, effect=comment_exists, writers="member"),
    R("POST", "/comments/<id:comment_id>/react/",   *POST_WRITE, data={"kind": "like"}),
    R("GET", "/comments/<id:comment_id>/report/",   *POST_READ),
    R("POST", "/comments/<id:comment_id>/report/",  LOGIN, 400,   302,  404,   404,    404,     NA,   404, data={"reason": "spam"}),
    # --- posts (API) -----------------------------------------------------------------------------------------
    R("GET", "/api/v1/feed",                        *API_SIGNED_IN),
    R("GET", "/api/v1/members/{handle}/posts",      *API_PROFILE_READ),
    R("POST", "/api/v1/posts",                      401,   201,   201,  201,   201,    201,     NA,   201, data={"body": "Hello"}),
    R("GET", "/api/v1/posts/{post_id}",             *API_POST_READ),
    R("PATCH", "/api/v1/posts/{post_id}",           401,   200,   403,  404,   404,    404,     NA,   404, data={"body": "Changed"}),
    R("DELETE", "/api/v1/posts/{post_id}",          401,   204,   403,  404,   404,    404,     NA,   404),
    R("GET", "/api/v1/posts/{post_id}/comments",    *API_POST_READ),
    R("POST", "/api/v1/posts/{post_id}/comments",   401,   201,   201,  404,   404,    404,     NA,   404, data={"body": "Nice"}),
    R("PATCH", "/api/v1/comments/{comment_id}",     401,   200,   403,  404,   404,    404,     NA,   404, data={"body": "Changed"}),
    R("DELETE", "/api/v1/comments/{comment_id}",    401,   204,   403,  404,   404,    404,     NA,   404),
    R("PUT", "/api/v1/posts/{post_id}/reaction",    *API_POST_READ, data={"kind": "like"}),
    R("DELETE", "/api/v1/posts/{post_id}/reaction", 401,   204,   204,  404,   404,    404,     NA,   404),
    R("PUT", "/api/v1/comments/{comment_id}/reaction", *API_POST_READ, data={"kind": "like"}),
    R("DELETE", "/api/v1/comments/{comment_id}/reaction", 401, 204, 204, 404,  404,    404,     NA,   404),
    R("POST", "/api/v1/posts/{post_id}/hide",       401,   400,   204,  404,   404,    404,     NA,   404),
    # --- moderation: the console (moderators only: sam) and a member's own standing -------------
    R("GET", "/moderation/",                        LOGIN, *MODERATORS_ONLY),
    R("GET", "/moderation/audit/",                  LOGIN, *MODERATORS_ONLY),
    R("GET", "/moderation/<id:item_id>/",           LOGIN, *MODERATORS_ONLY),
    R("POST", "/moderation/<id:item_id>/",          LOGIN, *MODERATORS_ONLY[:-1], 302,
      data={"action": "dismiss", "reason": "Nothing wrong"}, effect=queue_item_status, writers="staff"),
    R("GET", "/settings/standing/",                 *SIGNED_IN),
    R("POST", "/settings/standing/",                LOGIN, 400, 400, 400, 400, 400, NA, 400),  # no appeal text
    R("POST", "/settings/standing/warnings/<id:pk>/acknowledge/", *OWN_ONLY_WRITE, args={"pk": "warning"},
      effect=warning_acknowledged, writers="member"),
    R("GET", "/api/v1/moderation/queue",            401, *MODERATORS_ONLY),
    R("GET", "/api/v1/moderation/queue/{item_id}",  401, *MODERATORS_ONLY),
    R("POST", "/api/v1/moderation/queue/{item_id}/actions", 401, *MODERATORS_ONLY[:-1], 201,
      data={"action": "dismiss", "reason": "Nothing wrong"}, effect=queue_item_status, writers="staff"),
    R("GET", "/api/v1/moderation/audit",            401, *MODERATORS_ONLY),
    R("GET", "/api/v1/me/standing",                 *API_SIGNED_IN),
    R("POST", "/api/v1/me/appeals",                 401,   201,   404,  404,   404,    404,     NA,   404,
      data={"action": "{appeal_action}", "text": "I was quoting someone"}),
    R("POST", "/api/v1/me/warnings/{warning_id}/acknowledge", 401, 204, 404, 404, 404, 404, NA, 404,
      effect=warning_acknowledged, writers="member"),
    # --- introductions ---------------------------------------------------------------------------------------
    R("GET", "/introductions/",                     *SIGNED_IN),
    R("GET", "/introductions/ask/<slug:handle>/",   LOGIN, 404,   200,  200,   404,    404,     NA,   200),
    # Nobody is 2nd degree to ada here, so every ask about her is refused (grace: already connected).
    R("POST", "/introductions/ask/<slug:handle>/",  LOGIN, 404,   400,  400,   404,    404,     NA,   400,
      data={"via": "grace"}, effect=introductions_to_ada, writers=""),
    R("GET", "/introductions/<id:introduction_id>/", *PARTY_ONLY),
    # (Ada as its target, with grace introducing and uma asking: tests/introductions/test_actions.py.)
    R("POST", INTRO_ANSWER,                         *PARTY_ONLY_WRITE, args={"answer": "forward"}, data={"note": "Tess, meet Ines"},
      effect=introduction_status("introduction"), writers="member"),
    R("POST", INTRO_ANSWER,                         *PARTY_ONLY_WRITE, args={"answer": "decline"},
      effect=introduction_status("introduction"), writers="member"),
    R("POST", INTRO_ANSWER,                         *PARTY_ONLY_WRITE, args={"answer": "unknown"},
      effect=introduction_status("introduction"), writers="member"),
    R("POST", INTRO_ANSWER,                         *PARTY_ONLY_WRITE, args={"answer": "connect", "introduction_id": "introduction_to_ada"},
      effect=introduction_status("introduction_to_ada"), writers="member"),
    R("POST", INTRO_ANSWER,                         *PARTY_ONLY_WRITE, args={"answer": "ignore", "introduction_id": "introduction_to_ada"},
      effect=introduction_status("introduction_to_ada"), writers="member"),
    R("POST", INTRO_ANSWER,                         *PARTY_ONLY_WRITE, args={"answer": "reply", "introduction_id": "introduction_to_ada"},
      data={"text": "Hello both", "with_introducer": "on"}, effect=introduction_status("introduction_to_ada"), writers="member"),
    R("GET", "/market/",                            *SIGNED_IN),
    # Asking about ada: herself 400, grace connected 409, linus and sam know nobody who knows her.
    R("POST", "/api/v1/introductions",              401,   400,   409,  400,   404,    404,     NA,   400,
      data={"to": "{handle}", "via": "grace"}, effect=introductions_to_ada, writers=""),
    R("GET", "/api/v1/introductions",               *API_SIGNED_IN, data={"box": "to_forward"}),
    R("POST", "/api/v1/introductions/{introduction_id}/forward", *API_PARTY_ONLY, data={"note": "Tess, meet Ines"},
      effect=introduction_status("introduction"), writers="member"),
    R("GET", "/api/v1/introductions/{introduction_id}/next-introducers", *API_PARTY_ONLY),
    R("POST", "/api/v1/introductions/{introduction_id}/decline", *API_PARTY_ONLY,
      effect=introduction_status("introduction"), writers="member"),
    R("POST", "/api/v1/introductions/{introduction_id}/accept", *API_PARTY_ONLY, args={"introduction_id": "introduction_to_ada"},
      effect=introduction_status("introduction_to_ada"), writers="member"),
    R("GET", "/api/v1/me/market",                   *API_SIGNED_IN),
    R("POST", "/market/digest/",                    *SIGNED_IN_WRITE, data={"weekly": "on"}),
]

# Routes the matrix leaves to their framework, by URL prefix (see the module docstring).
SKIPPED = {
    "/admin/": "the Django admin: Django's own staff and permission checks (its index and login have rows)",
    "/accounts/": "allauth's account flows (log in, sign up, log out and password reset have rows)",
    "/media/": "uploaded files, served by Django in DEBUG and tests only",
}


# --- the routes that exist -----------------------------------------------------------------


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield "/" + prefix + str(pattern.pattern)


@functools.cache
def api_operations() -> frozenset[str]:
    """'METHOD /api/v1/path' for every operation in the OpenAPI schema."""
    schema = api.get_openapi_schema()
    return frozenset(f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods)


def api_paths() -> set[str]:
    return {op.split(" ", 1)[1] for op in api_operations()}


def _api_path(route: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def page_routes() -> set[str]:
    """Every page route in the URL conf, less the skipped prefixes and the API's operations."""
    operations = api_paths()
    routes = set()
    for route in _walk(get_resolver().url_patterns):
        if any(route.startswith(prefix) for prefix in SKIPPED) or _api_path(route) in operations:
            continue
        routes.add(route)
    return routes


def test_every_route_is_declared():
    declared_pages = {row.route for row in MATRIX if not row.api}
    declared_api = {f"{row.method} {row.route}" for row in MATRIX if row.api}
    missing = sorted(page_routes() - declared_pages) + sorted(api_operations() - declared_api)
    assert not missing, (
        "These routes have no row in the authorization matrix (tests/test_authz_matrix.py):\n  "
        + "\n  ".join(missing)
        + "\nDeclare what each viewer gets, e.g.\n"
        '  R("GET", "/posts/<id:post_id>/", LOGIN, 200, 200, 404, 404, 404, NA, 404),\n'
        "(columns: anon, member, connection, stranger, blocked, blocking, wrong, staff; "
        "the format is at the top of the file)."
    )


def test_every_method_a_page_answers_is_declared(scene, db):
    """A page that answers GET to its member, rather than 405, has a GET row. (POST is not
    probed: many read views answer any method alike; every view that writes has its POST row.)"""
    declared = {(row.method, row.route) for row in MATRIX}
    sample = {row.route: row for row in MATRIX if not row.api}
    missing = []
    for route in sorted(page_routes()):
        if ("GET", route) in declared:
            continue
        probe = Row("GET", route, {}, args=sample[route].args, htmx=sample[route].htmx)
        if ask(probe, "member", scene).status != 405:
            missing.append(f"GET {route}")
    assert not missing, f"These pages answer GET, and the matrix has no GET row for them (add one each): {missing}"


def test_no_row_names_a_route_that_is_gone():
    pages = set(_walk(get_resolver().url_patterns))
    operations = api_operations()
    stale = [row.key for row in MATRIX if (f"{row.method} {row.route}" not in operations if row.api else row.route not in pages)]
    assert not stale, f"Rows for routes that no longer exist (remove or rename them): {stale}"


def test_each_route_and_method_has_one_row():
    keys = [row.key for row in MATRIX]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


# --- asking -------------------------------------------------------------------------------


def _names(row: Row) -> list[str]:
    """The names the row's path and data refer to."""
    names = re.findall(r"<(?:\w+:)?(\w+)>|\{(\w+)\}", row.route)
    found = [a or b for a, b in names]
    data = row.data if isinstance(row.data, dict) else {}
    for value in data.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                found += re.findall(r"\{(\w+)\}", item)
    return list(dict.fromkeys(found))


def bindings(row: Row, role: str, scene: Scene, *, ghost: bool) -> dict[str, Any]:
    """What each name in the row stands for, for this viewer (a missing one when ``ghost``)."""
    values = {}
    for n, name in enumerate(_names(row)):
        ref = row.args.get(name)
        if ref is None and name in BINDINGS:
            default, per_role = BINDINGS[name]
            ref = per_role.get(role, default)
        if ref is None:
            raise AssertionError(f"{row.key}: say what '{name}' is with args={{'{name}': …}}")
        if name not in OBJECTS:
            values[name] = ref  # a literal ("accept")
            continue
        thing = scene.thing(ref)
        values[name] = _ghost(thing, n) if ghost else _value(thing)
    return values


def wrong_party(row: Row) -> str | None:
    if row.wrong:
        return row.wrong
    names = _names(row)
    for name in [*SPECIFIC_FIRST, *names]:
        if name in names:
            ref = row.args.get(name) or BINDINGS.get(name, (None, {}))[0]
            if ref in WRONG_PARTY:
                return WRONG_PARTY[ref]
    return None


def _fill(value: Any, values: dict[str, Any]) -> Any:
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    if not isinstance(value, str):
        return value
    whole = re.fullmatch(r"\{(\w+)\}", value)
    if whole:
        return values[whole.group(1)]
    return value.format(**values)


def _path(row: Row, values: dict[str, Any]) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>|\{(\w+)\}", lambda m: str(values[m.group(1) or m.group(2)]), row.route)


@dataclass
class Answer:
    status: int
    location: str
    body: str
    changed: bool | None = None

    def __str__(self) -> str:
        return f"{self.status}" + (f" to {self.location}" if self.location else "")


@functools.cache
def _client() -> Client:
    """One client for every request: each new one would load the middleware (WhiteNoise
    scans the static files) again."""
    return Client(raise_request_exception=True)


def ask(row: Row, role: str, scene: Scene, *, ghost: bool = False) -> Answer:
    """Send the row's request as ``role``, in a savepoint rolled back afterwards."""
    person = scene.person(wrong_party(row)) if role == "wrong" else (scene.person(CAST[role]) if CAST[role] else None)
    values = bindings(row, role, scene, ghost=ghost)
    path = _path(row, values)
    data = row.data(scene) if callable(row.data) else {k: _fill(v, values) for k, v in (row.data or {}).items()}
    headers = {"HX-Request": "true"} if row.htmx else {}
    client = _client()
    client.cookies = SimpleCookie()
    if person is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = scene.sessions[person.profile.handle]
    try:
        with transaction.atomic():
            before = row.effect(scene) if row.effect else None
            try:
                if row.api and row.method != "GET" and not row.multipart:
                    response = client.generic(row.method, path, json.dumps(data), content_type="application/json", headers=headers)
                elif row.method == "GET":
                    response = client.get(path, data, headers=headers)
                else:
                    response = client.post(path, data, headers=headers)
            except Exception as error:  # a 500: report it in the table, not as a crash of the whole test
                return Answer(500, "", f"{type(error).__name__}: {error}")
            changed = (row.effect(scene) != before) if row.effect else None
            transaction.set_rollback(True)
    finally:
        adapter.reset()  # the graph may have applied an event the rollback removed
        cache.clear()  # rate-limit counters
    if response.streaming:  # a download: the zip's bytes (the test client closes the file once read)
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    body = content.decode(errors="replace") if row.api else ""
    return Answer(response.status_code, response.get("Location", ""), body, changed)


def _same_as_missing(real: Answer, ghost: Answer, row: Row, role: str, scene: Scene) -> bool:
    real_values = bindings(row, role, scene, ghost=False)
    ghost_values = bindings(row, role, scene, ghost=True)

    def normalize(text: str) -> str:
        if text.startswith("{"):
            text = json.dumps(json.loads(text), ensure_ascii=False)
        for name, value in real_values.items():
            if name in OBJECTS:
                text = re.sub(rf"(?<![\w-]){re.escape(str(value))}(?![\w-])", str(ghost_values[name]), text)
        return text

    ghost_body = json.dumps(json.loads(ghost.body), ensure_ascii=False) if ghost.body.startswith("{") else ghost.body
    return (real.status, normalize(real.location), normalize(real.body)) == (ghost.status, ghost.location, ghost_body)


def check(row: Row, scene: Scene) -> list[str]:
    """Every way the row's answers differ from the table, as sentences."""
    problems = []
    names_objects = any(name in OBJECTS for name in _names(row))
    for role in ROLES:
        expected = row.outcomes[role]
        if expected is None:
            continue
        who = "anonymous" if role == "anon" else f"{role} ({wrong_party(row) if role == 'wrong' else CAST[role]})"
        if role == "wrong" and wrong_party(row) is None:
            problems.append(f"{who}: the route names nothing with a wrong party; put NA, or say wrong=…")
            continue
        got = ask(row, role, scene)
        if got.status != expected.status or (expected.to and not got.location.startswith(expected.to)):
            extra = f" ({got.body[:200]})" if got.status == 500 else ""
            problems.append(f"{who}: expected {expected}, got {got}{extra}")
            continue
        if row.effect is not None and got.changed != (role in row.writers):
            problems.append(f"{who}: {'changed' if got.changed else 'did not change'} {row.effect.__name__}, "
                            f"expected it {'to' if role in row.writers else 'not to'}")
        must_look_missing = (role in HIDDEN_FROM or expected.status == 404) and not expected.seen
        if must_look_missing and names_objects:
            missing = ask(row, role, scene, ghost=True)
            if not _same_as_missing(got, missing, row, role, scene):
                problems.append(f"{who}: answered {got} {got.body[:160]}, but for a missing handle or id {missing} "
                                f"{missing.body[:160]}: a hidden thing must look missing (or mark the outcome Seen(…))")
    return problems


# --- the test -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    """One scene for the module, in a transaction rolled back at its end; each test's own
    transaction (and each request's savepoint) nests inside it."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            built = Scene()
            yield built
            transaction.set_rollback(True)


@pytest.mark.parametrize("row", MATRIX, ids=[row.key for row in MATRIX])
def test_route(row: Row, scene: Scene, db):
    problems = check(row, scene)
    assert not problems, f"{row.key}:\n  " + "\n  ".join(problems)


def test_a_deactivated_owner_looks_missing_to_everyone_else(scene, db):
    """Once ada deactivates, every route naming her or her things answers her connection and
    a stranger exactly as for a member who never existed."""
    User.objects.filter(pk=scene.person("ada").pk).update(is_active=False)
    problems = []
    for row in MATRIX:
        if not any(name in OBJECTS for name in _names(row)):
            continue
        for role in ("connection", "stranger"):
            expected = row.outcomes[role]
            if expected is None or expected.seen:
                continue
            got, missing = ask(row, role, scene), ask(row, role, scene, ghost=True)
            if not _same_as_missing(got, missing, row, role, scene):
                problems.append(f"{row.key} as {role}: {got} {got.body[:120]}, for a missing one {missing}")
    assert not problems, "\n".join(problems)


def test_the_matrix_catches_a_route_that_shows_a_blocked_member(scene, db):
    """The check fails when the table is wrong, so a passing matrix means something."""
    lenient = R("GET", "/in/<slug:handle>/", LOGIN, 200, 200, 200, 200, 200, NA, 200)
    problems = check(lenient, scene)
    assert any(p.startswith("blocked (mallory): expected 200, got 404") for p in problems), problems
    assert any(p.startswith("blocking (oscar): expected 200, got 404") for p in problems), problems


def test_the_matrix_catches_a_write_by_the_wrong_party(scene, db):
    everyone = R("POST", "/api/v1/notifications/read", *API_SIGNED_IN, data={"ids": ["{notification_id}"]},
                 effect=notification_read, writers="member stranger")
    problems = check(everyone, scene)
    assert problems == ["stranger (linus): did not change notification_read, expected it to"], problems


def test_scene_is_what_the_table_says(scene, db):
    ada = scene.person("ada")
    assert ada.profile.handle == "ada" and Profile.objects.get(pk=ada.pk).message_policy == "anyone"
    assert Conversation.objects.get(pk=scene.conversation.pk).participants.count() == 2
    assert scene.invitation_received.status == Invitation.Status.PENDING
    assert scene.message_request.status == MessageRequest.Status.PENDING
    assert timezone.now() >= scene.invitation_sent.created_at
