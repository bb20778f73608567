"""Every page fits a phone: at 390 px no page is wider than the screen.

A small demo community (the same builder as ``kith demo``) gives the pages real data — long
headlines, notes, reasons, mutual connections — and the demo's login member gets conversations
(one with a long link), a group, a message request, a block and an API token, so every list has
rows. The test visits each page signed in (and the public ones signed out) in a 390×844 Chromium
viewport and checks ``document.documentElement.scrollWidth`` against the viewport's width.
A page added to the site should get a line in PAGES.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kith.demo.builder import DEMO_PASSWORD, build_demo, login_member
from kith.graph import adapter
from kith.members import actions as member_actions
from kith.members.models import Connection, Profile
from kith.messaging import actions as messaging
from kith.network import actions as network
from kith.network.models import Invitation
from kith.search.actions import rebuild_index
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, make_member

PHONE = {"width": 390, "height": 844}
LONG_COMPANY = "Internationalehandelsgesellschaftfürmaschinenbau Anlagentechnik GmbH"
LONG_LINK = "https://example.com/a/very/long/link/that/must/wrap/instead/of/widening/the/page/on/a/phone?with=parameters"

PUBLIC = [
    ("landing", "/", 200),
    ("sign in", "/accounts/login/", 200),
    ("sign up", "/accounts/signup/", 200),
    ("password reset", "/accounts/password/reset/", 200),
    ("password reset sent", "/accounts/password/reset/done/", 200),
    ("public profile", "/in/{me}/", 200),
    ("404", "/no/such/page/", 404),
]
PAGES = [
    ("home", "/", 200),
    ("own profile", "/in/{me}/", 200),
    ("a connection's profile", "/in/{connection}/", 200),
    ("a stranger's profile", "/in/{stranger}/", 200),
    ("a limited profile", "/in/{limited}/", 200),
    ("edit profile", "/me/edit/", 200),
    ("add a position", "/me/edit/positions/add/", 200),
    ("add education", "/me/edit/education/add/", 200),
    ("privacy", "/settings/", 200),
    ("open to", "/settings/open-to/", 200),
    ("target market", "/settings/target-market/", 200),
    ("API tokens", "/settings/tokens/", 200),
    ("notification emails", "/notifications/preferences/", 200),
    ("messaging settings", "/messaging/settings/", 200),
    ("blocked members", "/network/blocked/", 200),
    ("email addresses", "/accounts/email/", 200),
    ("password", "/accounts/password/change/", 200),
    ("my network", "/network/", 200),
    ("invitations received", "/network/invitations/", 200),
    ("invitations sent", "/network/invitations/?box=sent", 200),
    ("invitations ignored", "/network/invitations/?box=ignored", 200),
    ("suggestions", "/network/suggestions/", 200),
    ("invite", "/network/invite/{stranger}/", 200),
    ("report a member", "/network/report/{stranger}/", 200),
    ("inbox", "/messaging/", 200),
    ("message requests", "/messaging/requests/", 200),
    ("archived", "/messaging/archived/", 200),
    ("conversation", "/messaging/{conversation}/", 200),
    ("group conversation", "/messaging/{group}/", 200),
    ("a message request", "/messaging/{request}/", 200),
    ("new message", "/messaging/new/", 200),
    ("report a conversation", "/messaging/{conversation}/report/", 200),
    ("notifications", "/notifications/", 200),
    ("insights card", "/insights/{stranger}/card/", 200),
    ("reply before accepting", "/insights/invitations/{invitation}/reply/", 200),
    ("search", "/search/", 200),
    ("search results", "/search/?q=manager", 200),
    ("search by company", "/search/?q=Internationalehandelsgesellschaftfürmaschinenbau", 200),
    ("404 signed in", "/in/no-such-member-here/", 404),
    ("import from LinkedIn", "/settings/import/", 200),
    ("import preview", "/settings/import/{linkedin_import}/", 200),
    ("imported", "/settings/import/{linkedin_import}/done/", 200),
    ("contacts", "/contacts/", 200),
    ("contacts not on Kith", "/contacts/?show=others", 200),
    ("invite a contact", "/contacts/{contact}/invite/", 200),
    ("reach my market", "/market/", 200),
    ("introductions to make", "/introductions/", 200),
    ("introductions to you", "/introductions/?box=received", 200),
    ("introductions asked", "/introductions/?box=sent", 200),
    ("an introduction to make", "/introductions/{introduction}/", 200),
    ("ask for an introduction", "/introductions/ask/{stranger}/", 200),
    ("export your data", "/settings/data/", 200),
    ("delete account", "/settings/delete/", 200),
]


def _scene() -> dict[str, str]:
    """The demo, plus the rows a new demo lacks, seen from its login member."""
    build_demo(members=60, seed=7)
    rebuild_index()
    me = login_member()
    user = me.user
    connected = list(Connection.objects.filter(member=user).select_related("other__profile").order_by("pk")[:3])
    first, second, third = (c.other for c in connected)
    connected_ids = set(Connection.objects.filter(member=user).values_list("other_id", flat=True))
    others = list(Profile.objects.exclude(pk__in=connected_ids | {user.pk}).order_by("pk"))
    stranger, limited, requester, blocked = others[0], others[1], others[2], others[3]
    Profile.objects.filter(pk=limited.pk).update(visibility="connections")
    Profile.objects.filter(pk=requester.pk).update(message_policy="anyone")
    Profile.objects.filter(pk=user.pk).update(message_policy="anyone")

    # Long words are what push a phone layout wider: give a connection and a stranger some.
    for member in (first, stranger.user):
        member_actions.update_profile(member, headline=f"Geschäftsführerin {LONG_COMPANY}", city="Llanfairpwllgwyngyll")
        member_actions.add_position(member, company=LONG_COMPANY, title="Leiterin Unternehmenskommunikation", start="2020-01", is_current=True)
    rebuild_index()

    chat = messaging.start_conversation(first, handles=[me.handle], text="Are you coming to the breakfast on Thursday?")
    messaging.send_message(user, conversation_id=chat.pk, text=f"Yes! Could you send the agenda? {LONG_LINK}")
    group = messaging.start_conversation(user, handles=[second.profile.handle, third.profile.handle], text="Hello, both of you.")
    request = messaging.start_conversation(requester.user, handles=[me.handle], text="Hello, may I ask about your work?")
    network.block(user, blocked.user)
    member_actions.create_api_token(user, "A script with a rather long descriptive name")
    invitation = Invitation.objects.filter(recipient=user, status=Invitation.Status.PENDING).first()
    if invitation is None:
        invitation = network.send_invitation(stranger.user, to=user, note="We met at the trade fair.")
    linkedin_import, contact = _linkedin(user, stranger.user)
    # A connection asks the login member to introduce them to another connection.
    from kith.introductions import actions as introductions

    member_actions.update_target_market(user, industries=[], title_keywords=["manager"], locations=[], companies=[])
    Connection.objects.filter(member_id__in=[second.pk, third.pk], other_id__in=[second.pk, third.pk]).delete()
    adapter.reset()
    introduction = introductions.ask_introduction(
        second, to=third.profile.handle, via=me.handle, note_to_introducer=f"Could you introduce me? {LONG_LINK}", note_to_target=LONG_COMPANY
    )
    return {
        "me": me.handle, "connection": first.profile.handle, "stranger": stranger.handle, "limited": limited.handle,
        "conversation": str(chat.pk), "group": str(group.pk), "request": str(request.pk), "invitation": str(invitation.pk),
        "email": user.email, "linkedin_import": str(linkedin_import.pk), "contact": str(contact.pk),
        "introduction": str(introduction.pk),
    }


def _linkedin(user, stranger):
    """A LinkedIn import with long words, applied: the stranger is a contact matched by email."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kith.portability import actions as portability
    from kith.portability.models import Contact

    files = {
        "Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"{stranger.profile.name.split()[0]},{stranger.profile.name.split()[-1]},,{stranger.email},"
        f"\"{LONG_COMPANY}\",Leiterin Unternehmenskommunikation,05 Jun 2026\n"
        f"Zoë,Unbekannt,,,\"{LONG_COMPANY}\",Geschäftsführerin,Jun 2026\n",
        "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On\n"
        f"\"{LONG_COMPANY}\",Leiterin Unternehmenskommunikation,{LONG_LINK},Llanfairpwllgwyngyll,Oct 2022,\n",
    }
    uploads = [SimpleUploadedFile(name, text.encode()) for name, text in files.items()]
    linkedin_import = portability.start_linkedin_import(user, uploads)
    portability.apply_import(user, linkedin_import.pk, {"contacts": "merge"})
    return linkedin_import, Contact.objects.get(owner=user, member=stranger)


def _too_wide(page, pages, names) -> list[str]:
    wrong = []
    for label, path, status in pages:
        response = page.goto(path.format(**names))
        assert response is not None and response.status == status, f"{label} ({path}): HTTP {response and response.status}"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wrong.append(f"{label} ({path}): {width} px")
    return wrong


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_page_is_wider_than_a_phone(browser, live_server):
    names = _scene()
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(30_000)  # the demo's pages are heavier than a test's usual few members
    try:
        page = context.new_page()
        wrong = _too_wide(page, PUBLIC, names)
        sign_in(page, names["email"], DEMO_PASSWORD)
        wrong += _too_wide(page, PAGES, names)
    finally:
        context.close()
    assert wrong == [], "wider than a 390 px phone:\n" + "\n".join(wrong)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_target_market_industries_filter_as_you_type(new_context):
    make_member("Ada Lovelace", email="ada@example.com")
    page = new_context().new_page()
    sign_in(page, "ada@example.com", PASSWORD)
    page.goto("/settings/target-market/")
    options = page.locator("[data-picker-options] li")
    total = options.count()
    page.get_by_label("Filter industries").fill("bank")
    expect(page.locator("[data-picker-options] li:visible")).to_have_count(1)
    page.get_by_label("Banking").check()
    expect(page.locator("[data-picker-count]")).to_have_text("1 chosen")
    page.get_by_label("Filter industries").fill("")
    expect(page.locator("[data-picker-options] li:visible")).to_have_count(total)
    page.get_by_label("Accounting").check()
    page.get_by_role("button", name="Save target market").click()
    expect(page.get_by_text("Target market saved.")).to_be_visible()
    from kith.members.models import TargetMarket

    assert sorted(TargetMarket.objects.get(profile__user__email="ada@example.com").industries) == ["accounting", "banking"]
