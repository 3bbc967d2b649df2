"""Kinds of notice are a Python list (notifications.models.Kind) checked by the forms, the
serializers and the services, not the database's choices: a new kind needs no migration,
and an unknown kind is refused with a message that names the kinds."""

import pytest
from django.core.exceptions import ValidationError

from notifications import services
from notifications.models import Kind, Notice, Preference, UnsubscribeLink, kind_label
from tests.test_notifications_api import api, bearer


@pytest.mark.parametrize("model", [Notice, Preference, UnsubscribeLink])
def test_the_kind_column_keeps_no_choices(model):
    field = model._meta.get_field("kind")
    assert not field.choices  # a kind added to Kind changes no migration


def test_an_unknown_kind_is_refused_by_the_model_and_the_service(cast):
    notice = Notice(recipient=cast.lead, kind="no_such_kind", key="k", title="t", url="/")
    with pytest.raises(ValidationError) as refused:
        notice.full_clean()
    assert "“no_such_kind” is not a kind of notice" in str(refused.value)
    with pytest.raises(ValidationError, match="not a kind of notice"):
        services.email_choices_save(cast.lead, {"comment": "off", "no_such_kind": "off"})
    assert not Preference.objects.exists()  # none saved


def test_the_api_refuses_an_unknown_kind_with_the_list_of_kinds(cast, client):
    refused = client.patch(
        api("notifications/preferences/"),
        {"no_such_kind": "off"},
        content_type="application/json",
        **bearer(cast, "member"),
    )
    assert refused.status_code == 400
    message = refused.json()["no_such_kind"][0]
    assert message.startswith("“no_such_kind” is not a kind of notice; the kinds are: comment,")


def test_a_kind_is_shown_by_its_label():
    assert kind_label(Kind.COMMENT) == Kind.COMMENT.label
    assert kind_label("retired_kind") == "retired_kind"  # an old row still reads


def test_the_outbox_in_the_admin_shows_and_filters_kinds_by_their_labels(cast, client_for):
    from django.urls import reverse

    from notifications.models import Delivery

    services.notify(kind=Kind.DATA_DUE, recipients=[cast.lead], key="k", title="Due", url="/")
    assert Delivery.objects.count() == 1
    url = reverse("admin:notifications_delivery_changelist")
    page = client_for("staff").get(url).content.decode()
    assert "Data due for a measure of success you own" in page and "Due (to" in page
    filtered = client_for("staff").get(url, {"kind": "comment"}).content.decode()
    assert "Due (to" not in filtered
