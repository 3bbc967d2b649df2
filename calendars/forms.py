from django import forms


class FeedActionForm(forms.Form):
    """The calendar feed's settings page: make a new address (the old one stops), or stop."""

    action = forms.ChoiceField(choices=(("make", "Make an address"), ("stop", "Stop the feed")))
