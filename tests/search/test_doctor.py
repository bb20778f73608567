"""`kith doctor`'s search check: the index and cards match the profiles."""

from django.db import connection

from kith.members import actions
from kith.members.models import Profile
from kith.search.models import SearchCard, SearchTerm


def test_an_index_written_by_the_indexer_passes(doctor, ada, grace, reindex):
    actions.add_position(ada, company="Analytical Engines", title="Analyst", start="2015-01", is_current=True)
    actions.update_privacy(grace, visibility="connections")
    reindex()
    assert doctor("search") == []


def test_a_profile_changed_without_reindexing_is_found(doctor, ada, grace, reindex):
    reindex()
    Profile.objects.filter(pk=ada.pk).update(headline="Poet")  # no on-commit indexing here
    found = doctor("search")
    assert f"member {ada.pk} (@{ada.profile.handle}): the text index is out of date with the profile: run `kith searchindex --rebuild`" in found
    assert f"member {ada.pk} (@{ada.profile.handle}): the search card is out of date with the profile: run `kith searchindex --rebuild`" in found
    assert not any(f"member {grace.pk} " in line for line in found)


def test_a_member_missing_from_the_index_is_found(doctor, ada, grace, reindex):
    reindex()
    SearchCard.objects.filter(profile_id=grace.pk).delete()
    assert doctor("search") == [f"member {grace.pk} (@{grace.profile.handle}) has no search card: run `kith searchindex --rebuild`"]


def test_a_leftover_for_a_member_who_is_gone_is_found(doctor, ada, reindex):
    reindex()
    SearchCard.objects.create(profile_id=ada.pk + 1000, data="[]")
    assert doctor("search") == [f"the search card holds member {ada.pk + 1000}, who has no profile: run `kith searchindex --rebuild`"]


def test_the_check_leaves_the_index_as_it_found_it(doctor, ada, reindex):
    Profile.objects.filter(pk=ada.pk).update(headline="Poet")  # behind the indexer's back
    SearchCard.objects.filter(profile_id=ada.pk).delete()
    assert doctor("search")
    assert not SearchCard.objects.filter(profile_id=ada.pk).exists()


def test_the_vocabulary_check_finds_a_missing_word_and_missing_trigrams(doctor, ada, grace, reindex):
    reindex()
    assert doctor("search.vocabulary") == []
    SearchTerm.objects.filter(term="lovelace").delete()
    assert doctor("search.vocabulary") == ["the word 'Lovelace' is not in the suggestions vocabulary: run `kith searchindex --rebuild`"]
    reindex()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_trigram WHERE term = 'hopper'")
        assert doctor("search.vocabulary") == [
            "1 word of the vocabulary lacks trigrams, so no suggestion can find them: run `kith searchindex --rebuild`"
        ]
