"""Profile affinity: the ranking of shared signals, and the terms it looks target markets up by."""

from datetime import date

from kith.members import actions
from kith.members.affinity import BOOSTS, Side, Stint, affinity
from kith.members.models import TargetMarketTerm
from kith.members.selectors import MarketFacts
from tests.factories import make_member

JAN_2020 = date(2020, 1, 1)


def stint(company, start=JAN_2020, end=None):
    return Stint(company.strip().lower(), company, start, end, end is None)


def test_the_strongest_company_line_wins():
    me = Side(stints=(stint("Acme"), stint("Initech", date(2010, 1, 1), date(2012, 1, 1))))
    assert affinity(me, Side(stints=(stint("ACME"),))).reasons == ["Also works at Acme"]
    assert affinity(me, Side(stints=(stint("Initech", date(2011, 1, 1), date(2013, 1, 1)),))).reasons == [
        "Worked at Initech at the same time as you"
    ]
    assert affinity(me, Side(stints=(stint("Initech", date(2015, 1, 1)),))).reasons == ["Works at Initech, where you worked"]
    assert affinity(me, Side(stints=(stint("Acme", date(2001, 1, 1), date(2003, 1, 1)),))).reasons == [
        "Worked at Acme, where you work now"
    ]
    both = Side(stints=(stint("Acme"), stint("Initech", date(2015, 1, 1))))
    assert affinity(me, both).reasons == ["Also works at Acme"]  # one company line, the strongest
    assert affinity(me, both).boost == BOOSTS["colleague"]


def test_boosts_add_up_and_completeness_breaks_ties():
    me = Side(schools=(("oxford", "Oxford"),), city="London", industry="financial-services")
    them = Side(schools=(("oxford", "Oxford"),), city=" london", industry="financial-services", completeness=80)
    match = affinity(me, them)
    assert match.reasons == ["Also studied at Oxford", "Also in Financial Services", "Also in London"]
    assert match.boost == BOOSTS["school"] + BOOSTS["industry"] + BOOSTS["city"] + 80 * 1e-5


def test_target_markets_either_way(db):
    ada = make_member("Ada Lovelace")
    market = actions.update_target_market(ada, industries=["financial-services"], locations=["Paris"])
    facts = MarketFacts("financial-services", "Paris", "", "France", "Head of Sales", ("Head of Sales",), ("Acme",))
    me = Side(market=market, facts=MarketFacts("software-development", "London", "", "", "", (), ()))
    assert affinity(me, Side(facts=facts)).reasons == ["In your target market (industry, location)"]
    assert affinity(Side(facts=facts), Side(market=market)).reasons == ["You are in their target market"]


def test_a_limited_side_shares_nothing_but_its_headline(db):
    me = Side(stints=(stint("Acme"),), city="London", industry="financial-services")
    assert affinity(me, Side.limited("Engineer at Acme")).reasons == []
    assert affinity(me, Side.limited("Engineer at Acme")).boost == 0


def test_target_market_terms_follow_the_market(db):
    ada = make_member("Ada Lovelace")
    actions.update_target_market(ada, title_keywords=["Head of  Data", "head of data", "CTO"], locations=["London"])
    assert sorted(TargetMarketTerm.objects.filter(market_id=ada.pk).values_list("kind", "value")) == [
        ("location", "london"), ("title", "cto"), ("title", "head of data"),
    ]
    actions.update_target_market(ada, title_keywords=[], locations=[])
    assert not TargetMarketTerm.objects.filter(market_id=ada.pk).exists()
