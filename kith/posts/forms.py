from django import forms

from kith.posts.actions import ALT_MAX, ARTICLE_MAX, COMMENT_MAX, TITLE_MAX
from kith.posts.models import Post, Reaction

AUDIENCES = [(Post.Audience.ANYONE, "Anyone in the community"), (Post.Audience.CONNECTIONS, "My connections")]


class PostForm(forms.Form):
    kind = forms.ChoiceField(choices=Post.Kind.choices, initial=Post.Kind.POST, widget=forms.RadioSelect, label="Write")
    title = forms.CharField(label="Title (articles)", required=False, max_length=TITLE_MAX, widget=forms.TextInput(attrs={"maxlength": TITLE_MAX}))
    body = forms.CharField(
        label="What do you want to talk about?",
        max_length=ARTICLE_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "Share an update, a question or an idea. @handle mentions a member."}),
    )
    audience = forms.ChoiceField(choices=AUDIENCES, initial=Post.Audience.ANYONE, label="Who can see it")
    comments = forms.ChoiceField(choices=Post.Comments.choices, initial=Post.Comments.ANYONE, label="Who can comment")
    image = forms.FileField(label="Image (optional)", required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    image_alt = forms.CharField(label="Describe the image", required=False, max_length=ALT_MAX)


class EditPostForm(forms.Form):
    title = forms.CharField(label="Title", required=False, max_length=TITLE_MAX)
    body = forms.CharField(label="Text", max_length=ARTICLE_MAX, widget=forms.Textarea(attrs={"rows": 10}))
    audience = forms.ChoiceField(choices=AUDIENCES, label="Who can see it")
    comments = forms.ChoiceField(choices=Post.Comments.choices, label="Who can comment")


class CommentsForm(forms.Form):
    comments = forms.ChoiceField(choices=Post.Comments.choices, label="Who can comment")


class CommentForm(forms.Form):
    body = forms.CharField(label="Add a comment", max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "None"), *Reaction.Kind.choices], required=False)
