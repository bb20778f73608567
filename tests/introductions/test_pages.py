"""The introduction pages, through HTTP: ask on a profile, a path and a search result; the
boxes; forwarding; the target's answers; Reach my market."""

from kith.introductions.models import IntroductionRequest
from kith.members import actions as member_actions
from kith.members.models import Connection, Profile
from tests.conftest import login


def hide_list(member):
    Profile.objects.filter(pk=member.pk).update(connections_visibility="only_me")


def test_a_second_degree_profile_offers_the_best_introducer(client, scene):
    ada, grace, linus = scene
    login(client, linus)
    page = client.get(f"/in/{ada.profile.handle}/").content.decode()
    assert "Ask Grace Hopper to introduce you" in page
    hide_list(grace)
    page = client.get(f"/in/{ada.profile.handle}/").content.decode()
    assert "introduce you" not in page
    assert "Ask Grace" not in page


def test_each_other_mutual_connection_can_be_asked_too(client, scene):
    from tests.factories import connect, make_member

    ada, grace, linus = scene
    barbara = make_member("Barbara Liskov")
    connect(linus, barbara)
    connect(barbara, ada)
    login(client, linus)
    page = client.get(f"/in/{ada.profile.handle}/").content.decode()
    assert "or choose who" in page
    assert page.count("introduce you") == 1  # the best one, once
    assert ("Ask Barbara Liskov</a>" in page) != ("Ask Grace Hopper</a>" in page)  # the other one's own link


def test_a_third_degree_path_offers_its_first_hop(client, chain):
    ada, grace, linus, margaret = chain
    login(client, linus)
    page = client.get(f"/in/{ada.profile.handle}/").content.decode()
    assert "How you&#x27;re connected" in page or "How you're connected" in page
    assert "someone in Grace Hopper&#x27;s network" in page or "someone in Grace Hopper's network" in page
    assert "Ask Grace Hopper for an introduction" in page
    Profile.objects.filter(pk=margaret.pk).update(connections_visibility="only_me")
    page = client.get(f"/in/{ada.profile.handle}/").content.decode()
    assert "Ask Grace" not in page


def test_search_results_offer_an_introduction(client, scene):
    ada, grace, linus = scene
    login(client, linus)
    page = client.get("/search/", {"q": "Ada"}).content.decode()
    assert "Ask Grace Hopper to introduce you" in page
    hide_list(grace)
    page = client.get("/search/", {"q": "Ada"}).content.decode()
    assert "Ask Grace" not in page


def test_ask_forward_and_connect_through_the_pages(client, scene):
    ada, grace, linus = scene
    login(client, linus)
    ask = client.get(f"/introductions/ask/{ada.profile.handle}/")
    assert ask.status_code == 200 and "Grace Hopper" in ask.content.decode()
    sent = client.post(
        f"/introductions/ask/{ada.profile.handle}/",
        {"via": grace.profile.handle, "note_to_introducer": "Would you?", "note_to_target": "Hello Ada"},
    )
    assert sent.status_code == 302
    request = IntroductionRequest.objects.get()
    assert "On its way" in client.get("/introductions/?box=sent").content.decode()

    login(client, grace)
    box = client.get("/introductions/?box=to_forward").content.decode()
    assert "Linus Torvalds" in box and "Ada Lovelace" in box
    detail = client.get(f"/introductions/{request.pk}/").content.decode()
    assert "Would you?" in detail and "Hello Ada" in detail and "know them well enough" in detail
    assert client.post(f"/introductions/{request.pk}/forward/", {"note": "Ada, meet Linus"}).status_code == 302

    login(client, ada)
    detail = client.get(f"/introductions/{request.pk}/").content.decode()
    assert "Grace Hopper introduced you to Linus Torvalds" in detail
    assert "Ada, meet Linus" in detail and "Hello Ada" in detail and "Would you?" not in detail
    assert "Introduced by Grace Hopper" in detail  # the insights card
    assert client.post(f"/introductions/{request.pk}/connect/").status_code == 302
    assert Connection.objects.filter(member=ada, other=linus).exists()
    profile = client.get(f"/in/{linus.profile.handle}/").content.decode()
    assert "Introduced by Grace Hopper" in profile


def test_bad_input_is_a_form_error_and_writes_nothing(client, scene):
    ada, grace, linus = scene
    login(client, linus)
    answer = client.post(f"/introductions/ask/{ada.profile.handle}/", {"via": "someone-else"})
    assert answer.status_code == 400 and "Choose one of the people listed" in answer.content.decode()
    answer = client.post(f"/introductions/ask/{ada.profile.handle}/", {"via": grace.profile.handle, "note_to_target": "x" * 600})
    assert answer.status_code == 400
    assert not IntroductionRequest.objects.exists()
    assert client.post("/introductions/999/forward/").status_code == 404
    assert client.post("/introductions/999/nonsense/").status_code == 404


def test_a_limit_is_a_page_that_says_when_it_lifts(client, scene, settings):
    ada, grace, linus = scene
    from tests.factories import connect, make_member

    settings.KITH_INTRODUCTIONS_PER_WEEK = 1
    barbara = make_member("Barbara Liskov")
    connect(grace, barbara)
    login(client, linus)
    assert client.post(f"/introductions/ask/{ada.profile.handle}/", {"via": grace.profile.handle}).status_code == 302
    answer = client.post(f"/introductions/ask/{barbara.profile.handle}/", {"via": grace.profile.handle})
    assert answer.status_code == 429 and answer["Retry-After"]
    assert "the limit is 1 a week" in answer.content.decode()


def test_reach_my_market_groups_by_degree_with_the_best_introducer(client, scene):
    ada, grace, linus = scene
    login(client, linus)
    assert "Set your target market" in client.get("/market/").content.decode()
    member_actions.update_target_market(linus, industries=[], title_keywords=["engines", "compiler"], locations=[], companies=[])
    page = client.get("/market/").content.decode()
    assert "1st degree: your connections" in page and "2nd degree: one introduction away" in page
    assert "Best introducer: Grace Hopper" in page
    only = client.get("/market/", {"degree": "2"}).content.decode()
    assert "Ada Lovelace" in only and "1st degree: your connections" not in only
    assert client.get("/market/", {"degree": "9", "cursor": "-1"}).status_code == 200
    assert client.post("/market/digest/", {"weekly": "on"}).status_code == 302
    assert 'id="id_weekly" checked' in client.get("/market/").content.decode()


def test_what_accepting_would_add_for_invitations_from_the_market(client, scene):
    from kith.network.actions import send_invitation
    from tests.factories import connect, make_member

    ada, grace, linus = scene
    member_actions.update_target_market(linus, industries=[], title_keywords=["engines"], locations=[], companies=[])
    friend = make_member("Charles Babbage", headline="Engines")
    connect(ada, friend)
    send_invitation(ada, to=linus)
    login(client, linus)
    page = client.get("/market/").content.decode()
    assert "Waiting for your answer" in page and "Accepting would add 1 member to your 2nd degree, 1 in your market" in page


def test_the_market_says_where_you_asked_already_instead_of_ask(client, api_as, scene):
    from kith.introductions import actions

    ada, grace, linus = scene
    member_actions.update_target_market(linus, industries=[], title_keywords=["engines"], locations=[], companies=[])
    request = actions.ask_introduction(linus, to=ada.profile.handle, via=grace.profile.handle)
    login(client, linus)
    page = client.get("/market/").content.decode()
    assert "You asked Grace Hopper for an introduction" in page and "On its way" in page
    assert f"/introductions/{request.pk}/" in page and "Ask Grace Hopper" not in page
    (row,) = [m for m in api_as(linus).get_json("/api/v1/me/market").json()["members"] if m["member"]["handle"] == ada.profile.handle]
    assert row["introduction"] == {"id": request.pk, "role": "asker", "status": "pending"}
    # Declined, silently: still "on its way" for Linus.
    actions.decline_introduction(grace, request_id=request.pk)
    client.force_login(linus)
    assert "On its way" in client.get("/market/").content.decode()


def test_the_market_offers_to_answer_an_introduction_waiting_for_you(client, api_as, scene):
    from kith.introductions import actions

    ada, grace, linus = scene
    member_actions.update_target_market(ada, industries=[], title_keywords=["kernel"], locations=[], companies=[])
    request = actions.ask_introduction(linus, to=ada.profile.handle, via=grace.profile.handle)
    login(client, ada)
    assert "Ask Grace Hopper" in client.get("/market/").content.decode()  # Ada may ask too, until Grace forwards
    actions.forward_introduction(grace, request_id=request.pk, note="Ada, meet Linus")
    page = client.get("/market/").content.decode()
    assert "Grace Hopper introduced you" in page and f"/introductions/{request.pk}/" in page and "Ask Grace Hopper" not in page
    (row,) = [m for m in api_as(ada).get_json("/api/v1/me/market").json()["members"] if m["member"]["handle"] == linus.profile.handle]
    assert row["introduction"] == {"id": request.pk, "role": "target", "status": "introduced"}


def test_the_ask_page_says_you_asked_already(client, scene):
    ada, grace, linus = scene
    login(client, linus)
    assert client.post(f"/introductions/ask/{ada.profile.handle}/", {"via": grace.profile.handle}).status_code == 302
    page = client.get(f"/introductions/ask/{ada.profile.handle}/").content.decode()
    request = IntroductionRequest.objects.get(asker=linus)
    assert "You asked Grace Hopper for an introduction to Ada Lovelace" in page and f"/introductions/{request.pk}/" in page
    assert "Ask for the introduction" not in page


def test_the_boxes_name_a_chain_as_each_one_may_see_it(client, chain):
    from kith.introductions import actions

    ada, grace, linus, margaret = chain
    request = actions.ask_introduction(linus, to=ada.profile.handle, via=grace.profile.handle)
    login(client, linus)
    sent = client.get("/introductions/", {"box": "sent"}).content.decode()
    assert "through Grace Hopper and someone in their network" in sent and "Margaret" not in sent
    assert f"/introductions/{request.pk}/" in sent
    actions.forward_introduction(grace, request_id=request.pk)
    login(client, margaret)
    waiting = client.get("/introductions/", {"box": "to_forward"}).content.decode()
    assert "(passed on by Grace Hopper)" in waiting


def test_a_profile_and_a_search_card_link_the_introduction_in_motion_instead_of_ask(client, scene):
    from kith.introductions import actions

    ada, grace, linus = scene
    request = actions.ask_introduction(linus, to=ada.profile.handle, via=grace.profile.handle)
    login(client, linus)
    page = client.get(f"/in/{ada.profile.handle}/").content.decode()
    assert "You asked Grace Hopper: see your request" in page and f"/introductions/{request.pk}/" in page
    assert "Ask Grace" not in page and "or choose who" not in page
    found = client.get("/search/", {"q": "Ada"}).content.decode()
    assert "You asked Grace Hopper: see your request" in found and "Ask Grace" not in found
    # Ada, once Grace has forwarded it, is offered to answer it on Linus's profile.
    actions.forward_introduction(grace, request_id=request.pk)
    login(client, ada)
    page = client.get(f"/in/{linus.profile.handle}/").content.decode()
    assert "Grace Hopper introduced you: answer" in page and f"/introductions/{request.pk}/" in page
    # Answered: the profile offers nothing more (they are connected).
    actions.accept_introduction(ada, request_id=request.pk)
    page = client.get(f"/in/{linus.profile.handle}/").content.decode()
    assert "introduced you: answer" not in page
