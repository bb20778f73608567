"""A small community whose member ada has used every feature, built through the actions.

For the export's completeness (every table holding member data has rows of hers, and
every section of her export has rows) and for deletion's effect on everyone else.
A new feature that stores member data adds its use here (``use_everything``), next to
its app's personal_data.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from allauth.account.models import EmailAddress, EmailConfirmation
from django.utils import timezone

from kith.groups import actions as group_actions
from kith.introductions import actions as introduction_actions
from kith.members import actions as member_actions
from kith.members.models import User
from kith.messaging import actions as messaging_actions
from kith.moderation import actions as moderation_actions
from kith.moderation.actions import restrict_for_standing
from kith.moderation.models import Report
from kith.network import actions as network_actions
from kith.network.models import Invitation
from kith.notifications import actions as notification_actions
from kith.portability import actions as portability_actions
from kith.posts import actions as posts_actions
from tests.factories import connect, make_member
from tests.portability.exports import export_zip

ALL_MERGE = {"profile": "merge", "positions": "merge", "education": "merge", "skills": "merge",
             "languages": "merge", "contacts": "merge"}


@dataclass
class Community:
    ada: User  # uses everything, then deletes her account
    grace: User  # connected to ada, talks with her, follows her
    linus: User  # invited by ada; a stranger otherwise
    mallory: User  # blocked by ada
    oscar: User  # blocked ada
    rita: User  # sent ada an invitation and a message request
    sam: User  # staff


def use_everything() -> Community:
    ada = make_member("Ada Lovelace", email="ada@example.com", headline="Analyst of engines", city="London")
    grace = make_member("Grace Hopper", email="grace@example.com", headline="Compiler pioneer", city="New York")
    linus = make_member("Linus Torvalds", email="linus@example.com", headline="Kernel maintainer")
    mallory = make_member("Mallory Mallet", email="mallory@example.com")
    oscar = make_member("Oscar Grouch", email="oscar@example.com")
    rita = make_member("Rita Levi", email="rita@example.com")
    sam = make_member("Sam Staff", email="sam@example.com")
    User.objects.filter(pk=sam.pk).update(is_staff=True)
    sam.refresh_from_db()

    # members: the CV, skills, open to, target market, a token, a second address waiting for confirmation
    member_actions.add_position(ada, company="Analytical Engines", title="Analyst", start=date(2020, 1, 1), is_current=True)
    member_actions.add_education(ada, school="University of London", degree="BSc", start_year=2010, end_year=2014)
    member_actions.set_skills(ada, ["Mathematics", "Poetry"])
    member_actions.set_open_to(ada, [{"kind": "mentoring", "details": "Young analysts"}])
    member_actions.update_target_market(ada, industries=["software-development"], companies=["Navy"])
    member_actions.create_api_token(ada, "my script")
    second = EmailAddress.objects.create(user=ada, email="ada@old.example", primary=False, verified=False)
    EmailConfirmation.create(second)

    # network: a connection (through an accepted invitation), invitations both ways, follows, blocks
    accepted = network_actions.send_invitation(ada, to=grace, note="We met at the engine demo.")
    network_actions.accept_invitation(accepted, grace)
    network_actions.send_invitation(ada, to=linus, note="Fellow engineer?")
    received = network_actions.send_invitation(rita, to=ada, note="Hello Ada")
    network_actions.follow(linus, ada)
    network_actions.block(ada, mallory)
    network_actions.block(oscar, ada)
    network_actions.dismiss_suggestion(ada, linus)
    restrict_for_standing(ada, declined=5, answered=10, window_days=30, days=1, now=timezone.now() - timedelta(minutes=1))
    # moderation: a moderator warned ada after a report; she appealed
    moderator = make_member("Mo Derator")
    moderation_actions.grant_moderator(moderator)
    warned = moderation_actions.take_action(
        moderation_actions.open_item(ada, kind="member", summary="Seen by a moderator"), by=moderator, action="warn", reason="Fewer emoji"
    )
    moderation_actions.file_appeal(ada, action_id=warned.pk, text="Emoji are my style")

    # messaging: a conversation with grace, a message request from rita, a preference
    messaging_actions.start_conversation(ada, handles=[grace.profile.handle], text="Hello Grace")
    conversation = messaging_actions.start_conversation(grace, handles=[ada.profile.handle], text="Hello Ada, welcome")
    messaging_actions.send_message(ada, conversation_id=conversation.pk, text="Thanks Grace!")
    messaging_actions.start_conversation(rita, handles=[ada.profile.handle], text="About my invitation")
    messaging_actions.set_preference(ada, email_unread=False)

    # notifications: received ones come with the invitations; a preference
    notification_actions.set_email_preferences(ada, {"invitation_received": False})

    # moderation: a report ada filed, one about her
    network_actions.report_member(ada, mallory, reason=Report.Reason.SPAM, text="Sends spam")
    network_actions.report_member(rita, ada, reason=Report.Reason.OTHER, text="Rude")

    # groups: one she owns (grace in it), one she asked to join, an invitation to a third, a ban from a fourth
    owned = group_actions.create_group(ada, name="Analytical Engines Club")
    group_actions.join(grace, owned)
    posts_actions.create_post(ada, body="Welcome to the club", audience="group", audience_data={"group": owned.slug})
    guarded = group_actions.create_group(grace, name="Compiler Guild", join_policy="request", question="Why?")
    group_actions.join(ada, guarded, answer="I write notes on engines")
    invited = group_actions.create_group(grace, name="Navy Coders")
    group_actions.invite(grace, invited, to=ada)
    strict = group_actions.create_group(grace, name="Strict Society")
    group_actions.join(ada, strict)
    group_actions.ban_member(grace, strict, ada, content="keep", reason="Off topic")

    # posts: an article of hers, a comment and a reaction on grace's post, grace's post naming her, one she hid
    posts_actions.create_post(ada, kind="article", title="Notes", body="## On engines\n\nThey weave.", comments="connections")
    graces = posts_actions.create_post(grace, body=f"Thanks @{ada.profile.handle} for the notes")
    posts_actions.add_comment(ada, graces.pk, body="You're welcome")
    posts_actions.react(ada, post_id=graces.pk, kind="celebrate")
    posts_actions.hide_post(ada, posts_actions.create_post(grace, body="Another one").pk)

    # introductions: she asks grace to introduce her to grace's colleague, and takes the weekly digest
    ian = make_member("Ian Intro", email="ian@example.com", headline="Loom engineer")
    connect(grace, ian)
    introduction_actions.ask_introduction(
        ada, to=ian.profile.handle, via=grace.profile.handle, note_to_introducer="Could you?", note_to_target="Hello Ian"
    )
    introduction_actions.set_digest(ada, weekly=True)
    lena = make_member("Lena Asker", email="lena@example.com")
    connect(ada, lena)
    introduction_actions.ask_introduction(lena, to=grace.profile.handle, via=ada.profile.handle, note_to_introducer="Would you?")
    otto = make_member("Otto Far", email="otto@example.com")
    connect(grace, otto)
    to_ada = introduction_actions.ask_introduction(otto, to=ada.profile.handle, via=grace.profile.handle, note_to_target="Hi Ada")
    introduction_actions.forward_introduction(grace, request_id=to_ada.pk, note="Otto builds looms")

    # portability: an import with contacts, an export, a deletion asked for and taken back
    linkedin_import = portability_actions.start_linkedin_import(ada, [export_zip()])
    portability_actions.apply_import(ada, linkedin_import.pk, ALL_MERGE)
    portability_actions.request_export(ada)
    portability_actions.schedule_deletion(ada)
    portability_actions.cancel_deletion(ada)

    assert Invitation.objects.filter(pk=received.pk, status=Invitation.Status.PENDING).exists()
    return Community(ada=ada, grace=grace, linus=linus, mallory=mallory, oscar=oscar, rita=rita, sam=sam)
