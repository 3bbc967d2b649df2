"""One-line fields (issue 29): a title, a name, a place or a code refuses line breaks, tabs
and other control characters, on the model, in every form and in every serializer, with one
validator (districts.validators.one_line). The first tests find every such field, so a new
one cannot forget it; the others prove the refusal where people meet it."""

import importlib
import json
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import BadHeaderError
from django.db import models
from django.test import Client
from django.urls import reverse
from rest_framework import serializers

from api.models import ApiToken
from districts.models import Cohort
from districts.validators import flatten_rows, flattened, found_in, one_line
from notifications.models import Notice
from rubrics.models import AssessmentRound

# Fields that code writes, never a person's typing (or that keep what came, as a log must).
MACHINE_WRITTEN = {
    ("accounts.User", "password"): "a hash",
    ("accounts.SecurityEvent", "username"): "what a refused request sent, kept as it came",
    ("accounts.SecurityEvent", "method"): "the request's method",
    ("accounts.SecurityEvent", "path"): "the request's path",
    ("districts.KeptVersion", "name"): "a name in the code",
    ("notifications.Notice", "key"): "the event's key, made by the code",
    ("notifications.Notice", "title"): "made by the code; notify_many puts it on one line",
    ("notifications.Notice", "url"): "a path made by the code",
    ("notifications.Notice", "kind"): "one of the known kinds (validate_kind), nothing else",
    ("notifications.Preference", "kind"): "one of the known kinds (validate_kind)",
    ("notifications.UnsubscribeLink", "kind"): "one of the known kinds (validate_kind)",
    ("evidence.Attachment", "media_type"): "sniffed from the file",
    ("history.Change", "kind"): "one of the kinds the features register (history.kinds)",
    ("history.Change", "title"): "made by the code from the item's names, when it changed",
    ("reports.ReportJob", "subject"): "made by the code",
    ("reports.ReportJob", "stage"): "made by the code",
}

# Forms that store nothing a person typed on one line.
FORMS_STORING_NOTHING = {
    ("accounts.forms.QueuedPasswordResetForm", "email"): "looks an address up, stores nothing",
    ("districts.forms.PreviewConfirmForm", "confirm"): "the server's signed preview, checked",
    ("measures.forms.ImportConfirmForm", "confirm"): "the server's signed preview, checked",
    ("schools.forms.ImportConfirmForm", "confirm"): "the server's signed preview, checked",
}

# Writable text fields of plain serializers that are not one line: texts, or answers only.
SERIALIZER_TEXTS = {
    ("rubrics.api.RatingSerializer", "evidence"): "a rating's evidence: text",
    ("rubrics.api.RatingSerializer", "next_steps"): "a rating's next steps: text",
    ("rubrics.api.CoachRatingSerializer", "level"): "only ever an answer",
    ("rubrics.api.CoachRatingSerializer", "rationale"): "only ever an answer",
    ("rubrics.api.CalibrationSerializer", "coach"): "only ever an answer",
    ("meetings.api.QuestionFigures", "question"): "only ever an answer",
    ("meetings.api.QuestionFigures", "kind"): "only ever an answer",
}

ROOT = Path(settings.BASE_DIR)
PROJECT_APPS = [
    config.name
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to(ROOT) and ".venv" not in Path(config.path).parts
]


def project_models():
    return [m for m in apps.get_models() if m._meta.app_config.name in PROJECT_APPS]


def import_project_modules() -> None:
    """Every module of the project's apps (not their migrations, commands or tests), so that
    every form and serializer class is defined."""
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if any(part in info.name.split(".") for part in ("migrations", "management")):
                continue
            importlib.import_module(info.name)


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def project_classes(base) -> list[type]:
    import_project_modules()
    return sorted(
        {c for c in subclasses(base) if c.__module__.split(".")[0] in PROJECT_APPS},
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def label(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


# ------------------------------------------------------------------ every field has it


def test_every_char_field_a_person_types_carries_the_validator():
    missing, stale = [], set(MACHINE_WRITTEN)
    for model in project_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField) or isinstance(field, models.SlugField):
                continue  # a slug's own validator takes letters, digits, - and _ only
            if field.choices or not field.editable:
                continue  # choices are checked against them; a field nobody edits is code's
            key = (model._meta.label, field.name)
            stale.discard(key)
            if key not in MACHINE_WRITTEN and one_line not in field.validators:
                missing.append(key)
    assert missing == [], "one-line fields without districts.validators.one_line"
    assert stale == set(), "MACHINE_WRITTEN names fields that no longer exist"


def model_field_has_it(form_class, name: str) -> bool:
    """A ModelForm checks its model's validators on the model's own fields (_post_clean)."""
    meta = getattr(form_class, "_meta", None)
    model = getattr(meta, "model", None)
    if model is None:
        return False
    try:
        return one_line in model._meta.get_field(name).validators
    except Exception:
        return False


def test_every_one_line_field_of_every_form_carries_the_validator():
    multi_line = (forms.Textarea, forms.PasswordInput)
    own_format = (forms.UUIDField, forms.SlugField, forms.JSONField)  # refuse the rest
    missing = []
    classes = project_classes(forms.BaseForm)
    assert len(classes) > 40  # the walk found the project's forms
    for form_class in classes:
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field, own_format):
                continue
            if isinstance(field.widget, multi_line):
                continue
            if (label(form_class), name) in FORMS_STORING_NOTHING:
                continue
            if one_line not in field.validators and not model_field_has_it(form_class, name):
                missing.append((label(form_class), name))
    assert missing == []


def test_every_one_line_field_of_every_serializer_carries_the_validator():
    """A ModelSerializer's field must carry it where its model's field does (a field the
    serializer declares itself does not inherit the model's validators); a plain
    serializer's text field must carry it unless it is listed as a text."""
    missing = []
    classes = project_classes(serializers.Serializer)
    assert len(classes) > 30
    for serializer_class in classes:
        model = getattr(getattr(serializer_class, "Meta", None), "model", None)
        for name, field in serializer_class().fields.items():
            if not isinstance(field, serializers.CharField) or field.read_only:
                continue
            if model is not None:
                try:
                    wanted = one_line in model._meta.get_field(field.source).validators
                except Exception:
                    wanted = (label(serializer_class), name) not in SERIALIZER_TEXTS
            else:
                wanted = (label(serializer_class), name) not in SERIALIZER_TEXTS
            if wanted and one_line not in field.validators:
                missing.append((label(serializer_class), name))
    assert missing == []


# ------------------------------------------------------------------ the validator


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Fall\n2026", "a line break"),
        ("Fall\r\n2026", "a line break"),
        ("Fall\r2026", "a line break"),
        ("Fall\u20282026", "a line break"),
        ("Fall\u20292026", "a line break"),
        ("Fall\x852026", "a line break"),
        ("Fall\t2026", "a tab"),
        ("Fall\x072026", "an invisible control character (U+0007)"),
        ("Fall\x9b2026", "an invisible control character (U+009B)"),
    ],
)
def test_the_validator_refuses_breaks_and_control_characters_saying_which(text, found):
    assert found_in(text) == found
    with pytest.raises(ValidationError) as error:
        one_line(text)
    assert error.value.messages == [f"Write this on one line: remove {found}."]
    assert flattened(text) == "Fall 2026"


def test_the_validator_lets_ordinary_text_through():
    for text in ("Fall 2026 – before the PLG", "École Saint‑Jean", "Ωmega 🎓", "A\u00a0B"):
        one_line(text)
        assert flattened(text) == text


# ------------------------------------------------------------------ where people meet it


@pytest.mark.parametrize("title", ["Fall\r\n2026", "Fall\n2026", "Fall\u20282026"])
def test_a_round_titled_over_two_lines_is_refused_by_the_page(cast, client_for, framework, title):
    response = client_for("lead").post(
        reverse("rubrics:round_new", kwargs={"district": cast.riverside.code}),
        {"title": title, "framework": framework.code, "sharing": "coaches"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["title"] == [
        "Write this on one line: remove a line break."
    ]
    page = response.content.decode()
    field = page[page.index('<div class="field field-error">') :]
    field = field[: field.index('<div class="field', 1)]  # up to the next field
    assert 'for="id_title"' in field and "Write this on one line: remove a line break." in field
    assert not AssessmentRound.objects.exists()


@pytest.mark.parametrize("title", ["Fall\r\n2026", "Fall\n2026", "Fall\u20292026"])
def test_a_round_titled_over_two_lines_is_refused_by_the_api(cast, framework, title):
    _, token = ApiToken.issue(user=cast.lead, name="test")
    response = Client().post(
        f"/api/v1/districts/{cast.riverside.code}/rounds/",
        json.dumps({"title": title, "framework": str(framework.code)}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"title": ["Write this on one line: remove a line break."]}
    assert not AssessmentRound.objects.exists()


def test_a_field_the_serializer_declares_itself_refuses_too(cast):
    """The competency's title is declared by its serializer, not taken from the model."""
    _, token = ApiToken.issue(user=cast.lead, name="test")
    response = Client().post(
        f"/api/v1/districts/{cast.riverside.code}/competencies/",
        json.dumps({"kind": "cross_curricular", "title": "Commun-\nication"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    assert response.json() == {"title": ["Write this on one line: remove a line break."]}


def test_an_imported_sheet_with_a_title_over_two_lines_is_refused_by_row_and_column(
    cast, client_for
):
    sheet = (
        b"Kind,Content area,Competency,Competency statement,Indicator code,Indicator,"
        b"Standards,Learning objectives,Does Not Meet,Partially Meets,Meets,Exceeds\n"
        b'Cross-curricular,,"Commun-\nication","Speaks\nand writes",,,,,,,,\n'
    )
    response = client_for("lead").post(
        reverse("competencies:import", kwargs={"district": cast.riverside.code}),
        {"file": SimpleUploadedFile("set.csv", sheet), "replace": "on"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Row 2, column “Competency”: has a line break: write it on one line." in page
    assert "Competency statement" not in page.split("Row 2")[1]  # a text may run over lines


# ------------------------------------------------------------------ what came before


def test_rows_saved_before_the_validator_are_put_on_one_line(cast, framework, draft_round):
    AssessmentRound.objects.filter(pk=draft_round.pk).update(title="Fall\r\n2026\u2028draft")
    Cohort.objects.create(name="North East")
    clash = Cohort.objects.create(name="North\nEast")  # flattened, it would be a twin
    assert flatten_rows(AssessmentRound, ["title"]) == 1
    assert flatten_rows(Cohort, ["name"]) == 0
    draft_round.refresh_from_db()
    clash.refresh_from_db()
    assert draft_round.title == "Fall 2026 draft"
    assert clash.name == "North\nEast"  # kept: its next edit asks for one line


def test_a_title_saved_before_the_validator_is_emailed_on_one_line(
    cast, submitted_round, django_capture_on_commit_callbacks
):
    """The bug of the issue: the round's title went into the notices' email subject, which
    refused it on every try."""
    from django.core import mail

    from rubrics.services import comment_add

    AssessmentRound.objects.filter(pk=submitted_round.pk).update(title="Spring\r\n2026")
    submitted_round.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(round_=submitted_round, body="Why level 1?", acting_user=cast.coach)
    notice = Notice.objects.get(recipient=cast.lead)
    assert notice.title == f"{cast.coach.full_name} commented: Spring 2026"
    assert notice.delivery.status == "sent"
    assert {m.subject for m in mail.outbox} == {notice.title}


def test_a_name_from_a_sign_in_provider_is_put_on_one_line(rf):
    from allauth.socialaccount.models import SocialAccount, SocialLogin

    from accounts.adapters import SocialAccountAdapter
    from accounts.models import User

    login = SocialLogin(user=User(email="dana@example.org"), account=SocialAccount())
    user = SocialAccountAdapter().populate_user(
        rf.get("/"), login, {"email": "dana@example.org", "name": "Dana\nWhitfield"}
    )
    assert user.full_name == "Dana Whitfield"


def test_django_refuses_a_header_with_a_line_break():
    """Why a title with a line break could never be emailed (what the outbox now fails at
    once: tests/test_notifications.py)."""
    from django.core.mail import EmailMessage

    with pytest.raises(BadHeaderError):
        EmailMessage(subject="Spring\n2026", to=["a@example.org"]).message()
