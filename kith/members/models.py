"""Members: the account (User) and the CV-style profile around it."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from kith.members.industries import INDUSTRIES


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """The account: an email address that logs in. Everything shown lives on Profile."""

    email = models.EmailField(unique=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the account was erased (kith.portability: account deletion): the row stays as a
    # tombstone, so messages it sent in others' conversations read "a former member".
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]
        # The few deactivated accounts, so lists of member ids (search candidates) drop
        # them with a probe into this small index instead of a join per member.
        indexes = [models.Index(fields=["id"], condition=models.Q(is_active=False), name="user_inactive_idx")]

    def __str__(self) -> str:
        return self.email


class Visibility(models.TextChoices):
    PUBLIC = "public", "Anyone, including people not signed in"
    MEMBERS = "members", "Members of this community"
    CONNECTIONS = "connections", "My connections only"


class ConnectionsVisibility(models.TextChoices):
    CONNECTIONS = "connections", "My connections"
    ONLY_ME = "only_me", "Only me"


class EmailVisibility(models.TextChoices):
    CONNECTIONS = "connections", "My connections (in their data exports)"
    ONLY_ME = "only_me", "Only me"


class InvitePolicy(models.TextChoices):
    ANYONE = "anyone", "Anyone"
    EMAIL = "email", "Only people who know my email address"
    SECOND_DEGREE = "second_degree", "2nd-degree connections and closer"


class MessagePolicy(models.TextChoices):
    CONNECTIONS = "connections", "My connections"
    ANYONE = "anyone", "Anyone (others arrive as message requests)"


class Profile(models.Model):
    """A member's public face. Shares its primary key with the User."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="profile")
    handle = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    headline = models.CharField(max_length=220, blank=True)
    about = models.TextField(max_length=2600, blank=True)
    city = models.CharField(max_length=80, blank=True)
    region = models.CharField(max_length=80, blank=True)
    country = models.CharField(max_length=80, blank=True)
    industry = models.CharField(max_length=60, choices=INDUSTRIES, blank=True)
    photo = models.ImageField(upload_to="photos/%Y/%m/", blank=True)
    skills = models.ManyToManyField("Skill", through="ProfileSkill", related_name="profiles", blank=True)

    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.MEMBERS)
    connections_visibility = models.CharField(
        max_length=12, choices=ConnectionsVisibility.choices, default=ConnectionsVisibility.CONNECTIONS
    )
    # Whether connections' data exports carry this member's email address.
    email_visibility = models.CharField(
        max_length=12, choices=EmailVisibility.choices, default=EmailVisibility.ONLY_ME, db_default=EmailVisibility.ONLY_ME
    )
    invite_policy = models.CharField(max_length=16, choices=InvitePolicy.choices, default=InvitePolicy.ANYONE)
    message_policy = models.CharField(max_length=12, choices=MessagePolicy.choices, default=MessagePolicy.CONNECTIONS)

    completeness = models.PositiveSmallIntegerField(default=0)
    # Set by the community's operator (kith.members.actions.verify_hiring): this member
    # recruits for real, so job searches shown to "recruiters only" are shown to them.
    hiring_verified_at = models.DateTimeField(null=True, blank=True)
    hiring_verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["industry"]),
            models.Index(fields=["city"]),
            # People You May Know looks members up by city (any case), alone and with the industry.
            models.Index(Lower("city"), F("industry"), name="profile_city_ci_industry"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(handle=""), name="profile_handle_not_empty"),
            models.CheckConstraint(
                condition=Q(completeness__gte=0) & Q(completeness__lte=100), name="profile_completeness_pct"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (@{self.handle})"

    @property
    def id(self) -> int:
        return self.user_id

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.city, self.region, self.country) if part)

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.split() if p[:1].isalpha()]
        letters = (parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")) if parts else "?"
        return letters.upper()

    @property
    def industry_label(self) -> str:
        return self.get_industry_display() if self.industry else ""

    @property
    def hiring_verified(self) -> bool:
        return self.hiring_verified_at is not None


class Position(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="positions")
    company = models.CharField(max_length=120)
    title = models.CharField(max_length=120)
    location = models.CharField(max_length=120, blank=True)
    start = models.DateField(help_text="First day of the start month.")
    end = models.DateField(null=True, blank=True, help_text="First day of the end month; empty while current.")
    is_current = models.BooleanField(default=False)
    description = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-is_current", "-start", "-id"]
        indexes = [
            models.Index(fields=["company"]),
            models.Index(fields=["profile", "is_current"]),
            models.Index(Lower("company"), name="position_company_ci"),  # colleagues, any case
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="position_end_after_start"),
            models.CheckConstraint(condition=~(Q(is_current=True) & Q(end__isnull=False)), name="position_current_has_no_end"),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"


class Education(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="education")
    school = models.CharField(max_length=160)
    degree = models.CharField(max_length=120, blank=True)
    field = models.CharField(max_length=120, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-end_year", "-start_year", "-id"]
        indexes = [models.Index(fields=["school"]), models.Index(Lower("school"), name="education_school_ci")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(start_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="education_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.school


class Skill(models.Model):
    """A skill, stored once under its normalized key ("python", "supply-chain-management")."""

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=80)

    def __str__(self) -> str:
        return self.name


class ProfileSkill(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["profile", "skill"], name="profile_skill_unique")]


class OpenTo(models.Model):
    """One "open to" signal on a profile, with who may see it."""

    class Kind(models.TextChoices):
        JOB = "job", "Finding a job"
        HIRING = "hiring", "Hiring"
        ADVICE = "advice", "Giving advice"
        CONSULTING = "consulting", "Consulting and services"
        MENTORING = "mentoring", "Mentoring"
        NETWORKING = "networking", "Networking"

    class Audience(models.TextChoices):
        MEMBERS = "members", "All members"
        RECRUITERS = "recruiters", "Recruiters only"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="open_to")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    details = models.CharField(max_length=500, blank=True)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.MEMBERS)
    hide_from_current_company = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "kind"], name="open_to_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind="job") | (Q(audience="members") & Q(hide_from_current_company=False)),
                name="open_to_audience_only_for_job",
            ),
        ]
        indexes = [models.Index(fields=["kind"])]


class TargetMarket(models.Model):
    """Who a member wants to reach: used by request insights and search."""

    profile = models.OneToOneField(Profile, on_delete=models.CASCADE, primary_key=True, related_name="target_market")
    industries = models.JSONField(default=list, blank=True)
    title_keywords = models.JSONField(default=list, blank=True)
    locations = models.JSONField(default=list, blank=True)
    companies = models.JSONField(default=list, blank=True)

    @property
    def is_empty(self) -> bool:
        return not (self.industries or self.title_keywords or self.locations or self.companies)

    def term_pairs(self) -> list[tuple[str, str]]:
        """``(kind, value)`` for each criterion (see TargetMarketTerm)."""
        return target_terms(self.industries, self.title_keywords, self.locations, self.companies)


def target_terms(industries, title_keywords, locations, companies) -> list[tuple[str, str]]:
    """``(kind, value)`` for each target-market criterion, folded by ``term_key``, without repeats."""
    kinds = (("industry", industries), ("title", title_keywords), ("location", locations), ("company", companies))
    pairs = ((kind, term_key(value)) for kind, values in kinds for value in values or ())
    return list(dict.fromkeys((kind, value) for kind, value in pairs if value))


def term_key(text: str) -> str:
    """How target-market terms and what they are matched against compare: "  Head of  Data" -> "head of data"."""
    return " ".join(text.split()).lower()


class TargetMarketTerm(models.Model):
    """One criterion of a target market, as ``term_key`` folds it.

    TargetMarket keeps the lists as the member wrote them; these rows, written by
    ``members.actions.update_target_market`` in the same transaction, make "whose
    target market includes me" one indexed lookup instead of a scan of every list.
    """

    class Kind(models.TextChoices):
        INDUSTRY = "industry", "Industry"
        TITLE = "title", "Title keyword"
        LOCATION = "location", "Location"
        COMPANY = "company", "Company"

    market = models.ForeignKey(TargetMarket, on_delete=models.CASCADE, related_name="terms")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["market", "kind", "value"], name="target_market_term_unique")]
        indexes = [models.Index(fields=["kind", "value"])]


class ApiToken(models.Model):
    """A personal access token. Only its SHA-256 is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


# --- Relations between members ------------------------------------------------------
# The facts every access rule needs: who is connected to whom, who blocked whom, and
# the log of connection changes the graph engine replays. They sit here, in the
# bottom layer, so that visibility (kith.members.visibility) can be decided without
# importing the apps above; kith.network's actions are the only writers. The tables
# keep the names they were created with.


class Connection(models.Model):
    """One direction of a 1st-degree connection. Both directions are always written together."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="connections")
    other = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "network_connection"
        constraints = [
            models.UniqueConstraint(fields=["member", "other"], name="connection_unique_pair"),
            models.CheckConstraint(condition=~Q(member=models.F("other")), name="connection_not_self"),
        ]
        indexes = [models.Index(fields=["member", "-created_at"], name="network_con_member__c443e5_idx")]


class Block(models.Model):
    """``blocker`` blocked ``blocked``: from then on each vanishes for the other everywhere."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocked_by")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "network_block"
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique_pair"),
            models.CheckConstraint(condition=~Q(blocker=models.F("blocked")), name="block_not_self"),
        ]


class ConnectionEvent(models.Model):
    """Append-only log of connects and disconnects, read by the graph engine.

    Written in the same transaction as the change; the autoincrement id orders it.
    """

    class Kind(models.TextChoices):
        ADDED = "added", "Connected"
        REMOVED = "removed", "Disconnected"

    id = models.BigAutoField(primary_key=True)
    member_a = models.ForeignKey(User, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    member_b = models.ForeignKey(User, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "network_connectionevent"
