"""The demo's posts, articles, comments and reactions: about ten posts a member over the last
year, in words from each member's own industry, skills, company and city, commented on and
reacted to by their connections.

Written as plain rows like the rest of the demo (kith.demo.builder), with the counters and
``rank`` kith.posts.actions would have written, so `kith doctor` finds them sound. The texts
hold no markup, links or mentions, so their HTML is the plain-text rendering; a test holds it
to what kith.posts.rendering makes of them.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass

import numpy as np

from kith.posts.models import Comment, Post, Reaction
from kith.posts.ranking import rank_of_seconds
from kith.posts.rendering import render

DAY = 86400
YEAR = 365 * DAY

POSTS = [
    "Just wrapped up a {skill} workshop with the team at {company}. Biggest lesson: start with the customer's problem, not the tool.",
    "We're hiring a {title} in {city}. If you know someone who cares about {skill}, I'd love an introduction.",
    "Three things I learned this quarter about {skill}:\n1) measure before you optimise\n2) write it down\n3) ask for help early",
    "Heading to {event} next week. Who else from {city} is going? Happy to meet for coffee.",
    "Proud of the {company} team: we shipped the project we started in spring, on time and under budget.",
    "Question for my network: what's the best resource you've found for getting better at {skill}?",
    "After {years} years in {industry}, the thing I'd tell my younger self: relationships compound faster than skills.",
    "Looking for recommendations: a good {skill2} specialist in {city} for a three-month engagement.",
    "Great conversation today with peers in {industry} about {skill}. The gap between the leaders and everyone else keeps growing.",
    "Celebrating five years at {company} this month. Thank you to everyone who made it a great place to work.",
    "Unpopular opinion: most {skill} problems are really communication problems.",
    "Reading list for the weekend: two reports on {industry} trends and a book on {skill2}. What are you reading?",
    "Our {city} office is hosting a meetup on {skill} next Thursday. Free, practical, and there will be coffee.",
    "I'm open to mentoring two people early in their {function} careers this year. Send me a note if that's you.",
    "Small win: we cut our reporting time in half by automating the boring parts of {skill}.",
    "Has anyone moved from {skill} into {skill2}? I'm thinking about what comes next and would value your stories.",
    "Back from {event}. The best session was on {skill}; the best conversations were in the coffee queue.",
    "A client asked me today why {skill} matters for a {industry} business. My answer: it's how you stay trusted.",
]
TITLES = [
    "What {years} years of {skill} taught me",
    "A practical guide to {skill} for {industry} teams",
    "Why {city} is a good place to build a {industry} business",
    "{skill} or {skill2}? How we choose",
    "Notes from {event}",
]
ARTICLE = """## The short version

Most teams in {industry} underestimate {skill}. We did too, until a project at {company} forced us to take it seriously.

## What worked

- Starting small: one team, one quarter, one measure of success
- Writing down what we learned every two weeks
- Pairing people who knew {skill} with people who knew {skill2}

## What I'd do differently

I would ask for help sooner. The people in my network who had done this before saved us months once we asked.

*Thanks to my colleagues at {company} for reading the drafts.*"""
COMMENTS = [
    "Great point, {first}!",
    "Thanks for sharing this.",
    "We saw the same at our company: {skill} made the difference.",
    "Congratulations, well deserved!",
    "Happy to help, I'll send you a message.",
    "Interesting. How did you measure it?",
    "Count me in, see you there.",
    "Agree with all of it, especially the last part.",
    "This is exactly what I needed to read today.",
    "Could you share more about how you got started?",
    "I'll pass this on to my team.",
    "Same experience here in {city}.",
]
REACTION_KINDS = ["like", "celebrate", "support", "insightful", "curious"]
REACTION_WEIGHTS = [0.6, 0.12, 0.1, 0.12, 0.06]


def plain_html(text: str) -> str:
    """What kith.posts.rendering.render makes of text with no links, mentions or markup."""
    return "\n".join("<p>" + "<br>\n".join(html.escape(line, quote=False) for line in para.split("\n")) + "</p>" for para in text.split("\n\n"))


@dataclass
class PostsResult:
    posts: int
    comments: int
    reactions: int


class _Words:
    def __init__(self, plan, rnd: random.Random) -> None:
        self.plan, self.rnd = plan, rnd
        self.events = [e for e in _events() if "{school}" not in e]

    def fill(self, template: str, i: int) -> str:
        plan, rnd = self.plan, self.rnd
        skills = plan.skill_pool(i)
        skill, skill2 = rnd.sample(skills, 2)
        city = plan.city_name(i) or "town"
        industry = plan.industry_label(i).lower()
        event = rnd.choice(self.events).format(industry=plan.industry_label(i), city=city, skill=skill)
        return template.format(
            skill=skill,
            skill2=skill2,
            company=plan.company_name(i) or "my company",
            city=city,
            title=plan.title(i),
            event=event,
            years=int(plan.years[i]),
            industry=industry,
            function=plan.function_name(i),
            first=plan.first_name(i),
        )


def _events() -> list[str]:
    from kith.demo import words

    return words.EVENTS


def _neighbours(keys: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """CSR offsets and targets of the undirected connection keys (a * n + b, a < b)."""
    directed = np.concatenate([keys, (keys % n) * n + keys // n])
    directed.sort()
    members = directed // n
    offsets = np.searchsorted(members, np.arange(n + 1))
    return offsets, directed % n


def write_posts(plan, base_id: int, keys: np.ndarray, *, insert, stamps, first_ids: tuple[int, int, int], per_member: float = 10.0) -> PostsResult:
    """Write the demo's posts, comments and reactions with ``insert`` (kith.demo.builder._insert)."""
    rng = np.random.default_rng(plan.seed + 1013)
    rnd = random.Random(plan.seed + 1013)
    words = _Words(plan, rnd)
    g, n, now = plan.g, plan.n, plan.now
    offsets, targets = _neighbours(keys, n)
    activity = rng.lognormal(0.0, 1.0, g)
    total = int(per_member * g)
    authors = rng.choice(g, total, p=activity / activity.sum())
    authors[: min(4, total)] = 0  # Ada has something on her profile
    age = (YEAR * rng.random(total) ** 1.4).astype(np.int64)
    created = np.maximum(now - age, plan.joined[authors] + 3600)
    created = np.minimum(created, now - 60)
    order = np.argsort(created, kind="stable")
    authors, created = authors[order], created[order]
    is_article = rng.random(total) < 0.06
    audience = np.where(rng.random(total) < 0.8, "anyone", "connections")
    comments_setting = rng.choice(["anyone", "connections", "closed"], total, p=[0.86, 0.1, 0.04])

    post_id, comment_id, _ = first_ids
    post_rows, comment_rows, reaction_rows = [], [], []
    n_comments = np.where(comments_setting == "closed", 0, rng.poisson(0.9, total))
    n_reactions = rng.poisson(2.6, total)
    for k in range(total):
        i = int(authors[k])
        pid = post_id + k
        when = int(created[k])
        degree = int(offsets[i + 1] - offsets[i])
        friends = targets[offsets[i] : offsets[i + 1]]
        count_c = int(min(n_comments[k], degree, 6))
        first_comment = None
        for c in range(count_c):
            who = int(friends[rng.integers(degree)])
            at = min(now - 1, when + int(rng.exponential(6 * 3600)) + 60 * (c + 1))
            text = words.fill(rnd.choice(COMMENTS), i)  # {first} is the post's author
            parent = first_comment if (c > 0 and first_comment is not None and rnd.random() < 0.3) else None
            comment_rows.append((comment_id, pid, who + base_id, parent, text, plain_html(text), at))
            if c == 0:
                first_comment = comment_id
            comment_id += 1
        count_r = int(min(n_reactions[k], degree))
        if count_r:
            for who in rng.choice(friends, count_r, replace=False).tolist():
                kind = REACTION_KINDS[int(rng.choice(5, p=REACTION_WEIGHTS))]
                reaction_rows.append((who + base_id, pid, kind, min(now - 1, when + int(rng.exponential(12 * 3600)))))
        if is_article[k]:
            title = words.fill(rnd.choice(TITLES), i)
            body = words.fill(ARTICLE, i)
            body_html = render(body, markdown=True)
            kind = "article"
        else:
            title, kind = "", "post"
            body = words.fill(rnd.choice(POSTS), i)
            body_html = plain_html(body)
        rank = rank_of_seconds(when, reactions=count_r, comments=count_c)
        post_rows.append((pid, i + base_id, kind, title, body, body_html, str(audience[k]), str(comments_setting[k]), when, count_c, count_r, rank))

    post_stamps = stamps(np.array([r[8] for r in post_rows], dtype=np.int64))
    insert(
        Post,
        ("id", "author", "kind", "title", "body", "body_html", "audience", "comments", "created_at", "comment_count", "reaction_count", "rank", "image", "image_alt"),
        ((*r[:8], s, *r[9:], "", "") for r, s in zip(post_rows, post_stamps, strict=True)),
    )
    comment_rows.sort(key=lambda r: r[0])
    comment_stamps = stamps(np.array([r[6] for r in comment_rows], dtype=np.int64))
    insert(Comment, ("id", "post", "author", "parent", "body", "body_html", "created_at"), ((*r[:6], s) for r, s in zip(comment_rows, comment_stamps, strict=True)))
    reaction_stamps = stamps(np.array([r[3] for r in reaction_rows], dtype=np.int64))
    insert(Reaction, ("member", "post", "kind", "created_at"), ((*r[:3], s) for r, s in zip(reaction_rows, reaction_stamps, strict=True)))
    return PostsResult(len(post_rows), len(comment_rows), len(reaction_rows))


__all__ = ["PostsResult", "plain_html", "write_posts"]
