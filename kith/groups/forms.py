from django import forms

from kith.groups import actions
from kith.groups.models import JoinPolicy
from kith.members.forms import KithForm


class GroupForm(KithForm):
    name = forms.CharField(max_length=actions.NAME_MAX)
    description = forms.CharField(required=False, max_length=actions.DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    rules = forms.CharField(required=False, max_length=actions.RULES_MAX, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="What members may post here; shown on the group's page.")
    listed = forms.TypedChoiceField(
        label="Who can find it", coerce=lambda v: v == "1", initial="1", widget=forms.RadioSelect,
        choices=[("1", "Listed: in the group directory, search and on members' profiles"),
                 ("0", "Unlisted: found only through an invitation or its link")],
    )
    join_policy = forms.ChoiceField(label="Who can join", choices=JoinPolicy.choices, initial=JoinPolicy.OPEN, widget=forms.RadioSelect)
    question = forms.CharField(required=False, max_length=actions.QUESTION_MAX, label="A question for people who ask to join (optional)")


class SettingsForm(KithForm):
    name = forms.CharField(max_length=actions.NAME_MAX)
    description = forms.CharField(required=False, max_length=actions.DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    rules = forms.CharField(required=False, max_length=actions.RULES_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    listed = GroupForm.base_fields["listed"]
    join_policy = GroupForm.base_fields["join_policy"]
    question = GroupForm.base_fields["question"]
    trial_days = forms.IntegerField(min_value=0, max_value=365, label="New-member trial (days)",
                                    help_text="For this many days after joining, a member's posts wait for a manager's approval. 0: off.")
    post_approval = forms.BooleanField(required=False, label="Every post waits for a manager's approval (only the owner changes this)")
    logo = forms.ImageField(required=False, label="Logo (square)")
    cover = forms.ImageField(required=False, label="Cover image (wide)")


class JoinForm(KithForm):
    answer = forms.CharField(required=False, max_length=actions.ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class InviteForm(KithForm):
    to = forms.CharField(label="Handle of a connection", max_length=60)


class ManageMemberForm(KithForm):
    action = forms.ChoiceField(choices=[("remove", "Remove"), ("ban", "Ban"), ("manager", "Make a manager"),
                                        ("member", "Make a member again"), ("owner", "Hand ownership over")])
    content = forms.ChoiceField(
        required=False, widget=forms.RadioSelect, label="Their posts and comments in this group",
        choices=[("keep", "Keep them"), ("remove", "Remove them all")],
    )
    reason = forms.CharField(required=False, max_length=actions.REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}),
                             label="Why (the managers' log records it)")


class GroupPostForm(KithForm):
    body = forms.CharField(label="Post to the group", max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 3, "maxlength": 3000, "placeholder": "Share an update or ask the group a question."}))
    comments = forms.ChoiceField(choices=[("anyone", "Members of the group"), ("connections", "My connections"), ("closed", "No one")],
                                 label="Who can comment", initial="anyone")


class RejectForm(KithForm):
    reason = forms.CharField(label="Reason (the author is told)", max_length=actions.REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}))
    spam = forms.BooleanField(required=False, label="This is spam")
