"""The first introducer of a chain sees whom it goes to next and may pass it to another of
their connections who knows the target, ranked by path strength, never one whose connection
with the target they could not otherwise see."""

import pytest

from kith.core.errors import KithError
from kith.introductions import actions, selectors
from kith.introductions.models import IntroductionHop
from kith.members.models import Profile
from kith.network.actions import block
from kith.notifications.models import Notification
from tests.conftest import login
from tests.factories import connect, make_member


@pytest.fixture
def alan(db):
    return make_member("Alan Turing", email="alan@example.com", headline="Computing machinery")


@pytest.fixture
def two_ways(chain, alan):
    """Linus – Grace – {Margaret, Alan} – Ada: Grace may pass it to either."""
    ada, grace, linus, margaret = chain
    connect(grace, alan)
    connect(alan, ada)
    return ada, grace, linus, margaret, alan


def forget_blocks(*members):
    for member in members:
        member.__dict__.pop("_kith_blocked_ids", None)


def ask(linus, ada, grace):
    return actions.ask_introduction(linus, to=ada.profile.handle, via=grace.profile.handle, note_to_introducer="Please, Grace")


def second(request):
    return request.hops.get(position=2)


def test_the_first_introducer_is_offered_each_connection_who_knows_the_target(two_ways):
    ada, grace, linus, margaret, alan = two_ways
    request = ask(linus, ada, grace)
    offered = selectors.next_introducers(grace, request)
    assert {i.profile.pk for i in offered} == {margaret.pk, alan.pk}
    assert [i.strength for i in offered] == sorted((i.strength for i in offered), reverse=True)
    assert second(request).introducer_id in {i.profile.pk for i in offered}
    # Nobody else is offered it: not the asker, not the target, not the second introducer.
    assert selectors.next_introducers(margaret, request) == selectors.next_introducers(linus, request) == []


def test_one_ask_choice_per_first_introducer(two_ways):
    ada, grace, linus, margaret, alan = two_ways
    route = selectors.route_to(linus, ada)
    assert route.degree == 3 and [c.first.pk for c in route.chains] == [grace.pk]


def test_passing_it_to_another_connection(two_ways):
    ada, grace, linus, margaret, alan = two_ways
    request = ask(linus, ada, grace)
    proposed = second(request).introducer
    other = alan if proposed.pk == margaret.pk else margaret
    actions.forward_introduction(grace, request_id=request.pk, note="Over to you", via=other.profile.handle)
    hop = second(request)
    assert hop.introducer_id == other.pk and hop.status == IntroductionHop.Status.PENDING
    assert [h.request_id for h in selectors.to_forward(other)] == [request.pk]
    assert list(selectors.to_forward(proposed)) == []
    assert Notification.objects.filter(recipient=other, kind="introduction_requested").exists()
    assert not Notification.objects.filter(recipient=proposed, kind="introduction_requested").exists()
    # The chosen one forwards to Ada, who sees both introducers.
    actions.forward_introduction(other, request_id=request.pk, note="Ada, meet Linus")
    request.refresh_from_db()
    assert request.status == "introduced" and selectors.introduced_by(ada.pk, [linus.pk])[linus.pk] == [other.profile.name, grace.profile.name]


def test_keeping_the_proposed_one(two_ways):
    ada, grace, linus, margaret, alan = two_ways
    request = ask(linus, ada, grace)
    proposed = second(request).introducer_id
    actions.forward_introduction(grace, request_id=request.pk, via=Profile.objects.get(pk=proposed).handle)
    assert second(request).introducer_id == proposed and second(request).status == "pending"


def test_someone_whose_connection_with_the_target_grace_cannot_see_is_never_offered(two_ways):
    ada, grace, linus, margaret, alan = two_ways
    request = ask(linus, ada, grace)
    # Alan hides his list from everyone and Grace is not Ada's connection: Grace may not learn Alan knows Ada.
    Profile.objects.filter(pk__in=[alan.pk, ada.pk]).update(connections_visibility="only_me")
    assert alan.pk not in {i.profile.pk for i in selectors.next_introducers(grace, request)}
    if second(request).introducer_id != alan.pk:
        with pytest.raises(KithError) as refused:
            actions.forward_introduction(grace, request_id=request.pk, via=alan.profile.handle)
        assert refused.value.code == "not_an_introducer" and refused.value.field == "via"
        assert second(request).status == IntroductionHop.Status.WAITING


def test_a_hidden_list_is_no_bar_where_the_target_s_list_is_open_to_grace(two_ways):
    ada, grace, linus, margaret, alan = two_ways
    request = ask(linus, ada, grace)
    Profile.objects.filter(pk=alan.pk).update(connections_visibility="only_me")
    assert alan.pk not in {i.profile.pk for i in selectors.next_introducers(grace, request)}
    connect(grace, ada)  # Grace now sees Ada's list, Alan on it
    assert alan.pk in {i.profile.pk for i in selectors.next_introducers(grace, request)}


@pytest.mark.parametrize("who", ["asker", "target"])
def test_nobody_blocked_with_the_asker_or_the_target_is_offered(two_ways, who):
    ada, grace, linus, margaret, alan = two_ways
    request = ask(linus, ada, grace)
    block(alan, linus if who == "asker" else ada)
    forget_blocks(ada, grace, linus, margaret, alan)
    assert alan.pk not in {i.profile.pk for i in selectors.next_introducers(grace, request)}
    with pytest.raises(KithError):
        actions.forward_introduction(grace, request_id=request.pk, via=alan.profile.handle)


def test_a_two_step_introduction_has_nobody_to_pass_it_to(scene):
    ada, grace, linus = scene
    request = actions.ask_introduction(linus, to=ada.profile.handle, via=grace.profile.handle)
    assert selectors.next_introducers(grace, request) == []
    with pytest.raises(KithError) as refused:
        actions.forward_introduction(grace, request_id=request.pk, via=linus.profile.handle)
    assert refused.value.code == "no_next_introducer"


def test_the_chosen_one_s_pending_limit_applies(two_ways, settings):
    ada, grace, linus, margaret, alan = two_ways
    settings.KITH_INTRODUCTIONS_PENDING_PER_INTRODUCER = 1
    request = ask(linus, ada, grace)
    proposed = second(request).introducer
    other = alan if proposed.pk == margaret.pk else margaret
    # The other already has one waiting.
    barbara, tess = make_member("Barbara Liskov"), make_member("Tess Target")
    connect(barbara, other)
    connect(other, tess)
    actions.ask_introduction(barbara, to=tess.profile.handle, via=other.profile.handle)
    with pytest.raises(KithError) as refused:
        actions.forward_introduction(grace, request_id=request.pk, via=other.profile.handle)
    assert refused.value.code == "introducer_busy"
    assert second(request).introducer_id == proposed.pk and second(request).status == "waiting"


# --- the page -------------------------------------------------------------------------------


def test_grace_s_page_shows_the_choice_and_passes_it_on(client, two_ways):
    ada, grace, linus, margaret, alan = two_ways
    request = ask(linus, ada, grace)
    proposed = second(request).introducer
    other = alan if proposed.pk == margaret.pk else margaret
    login(client, grace)
    page = client.get(f"/introductions/{request.pk}/").content.decode()
    assert "Pass it to" in page and margaret.profile.name in page and alan.profile.name in page
    assert f'value="{proposed.profile.handle}" checked' in page
    answer = client.post(f"/introductions/{request.pk}/forward/", {"note": "Over to you", "via": other.profile.handle})
    assert answer.status_code == 302
    assert second(request).introducer_id == other.pk
    # Linus, asking, still sees only Grace and "someone in their network".
    login(client, linus)
    page = client.get(f"/introductions/{request.pk}/").content.decode()
    assert other.profile.name not in page and "someone in their network" in page


def test_a_refused_choice_is_said_on_the_page(client, two_ways):
    ada, grace, linus, margaret, alan = two_ways
    request = ask(linus, ada, grace)
    login(client, grace)
    answer = client.post(f"/introductions/{request.pk}/forward/", {"via": linus.profile.handle}, follow=True)
    assert "Choose one of your connections who knows Ada Lovelace." in answer.content.decode()
    assert second(request).status == "waiting"


def test_one_way_on_shows_no_choice(client, chain):
    ada, grace, linus, margaret = chain
    request = ask(linus, ada, grace)
    login(client, grace)
    page = client.get(f"/introductions/{request.pk}/").content.decode()
    assert "Pass it to" not in page and "Forward to Margaret Hamilton" in page


# --- the API --------------------------------------------------------------------------------


def test_the_api_lists_the_choices_and_forwards_via_one(two_ways, api_as):
    ada, grace, linus, margaret, alan = two_ways
    request = ask(linus, ada, grace)
    proposed = second(request).introducer
    other = alan if proposed.pk == margaret.pk else margaret
    client = api_as(grace)
    listed = client.get_json(f"/api/v1/introductions/{request.pk}/next-introducers")
    assert listed.status_code == 200
    assert {row["member"]["handle"] for row in listed.json()} == {margaret.profile.handle, alan.profile.handle}
    assert all(row["label"] in {"Strong", "Good", "Weak"} for row in listed.json())
    bad = client.post_json(f"/api/v1/introductions/{request.pk}/forward", {"via": linus.profile.handle})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "via"
    done = client.post_json(f"/api/v1/introductions/{request.pk}/forward", {"note": "Over to you", "via": other.profile.handle})
    assert done.status_code == 200 and done.json()["hops"][1]["introducer"]["handle"] == other.profile.handle
    # Answered: nothing left to choose.
    assert client.get_json(f"/api/v1/introductions/{request.pk}/next-introducers").json() == []
    # The second introducer has nobody to choose; the asker may not ask.
    assert api_as(other).get_json(f"/api/v1/introductions/{request.pk}/next-introducers").json() == []
    assert api_as(linus).get_json(f"/api/v1/introductions/{request.pk}/next-introducers").status_code == 404
    asker_view = api_as(linus).get_json("/api/v1/introductions", {"box": "sent"}).json()[0]
    assert asker_view["hops"][1]["introducer"] is None
