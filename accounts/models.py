import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from config.generations import first_version
from districts.validators import one_line


class PersonQuerySet(models.QuerySet):
    """An update or a bulk write of people (a staff flag removed in a shell, say) moves the
    version of people and districts, after the write and in its transaction."""

    def update(self, **kwargs) -> int:
        from districts.models import people_generation

        count = super().update(**kwargs)
        if not set(kwargs) <= {"last_login", "password", "relations_version"}:
            people_generation.bump()
        return count

    update.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        from districts.models import people_generation

        count = super().bulk_update(objs, fields, *args, **kwargs)
        people_generation.bump()
        return count

    bulk_update.alters_data = True


class PersonManager(UserManager.from_queryset(PersonQuerySet)):
    """People sign in with their email address; there is no separate username."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A person needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person. Staff (is_staff) administer Waypoint; everyone else acts through districts."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True, validators=[one_line])
    # What a person is known by in URLs, API fields and form values (never the row id).
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(max_length=150, validators=[one_line])
    # A coach of the support organisation: staff may assign them to districts
    # (districts.access.coach_candidates).
    is_coach = models.BooleanField(
        "coach",
        default=False,
        db_default=False,
        help_text="A coach of the support organisation: staff may assign them to districts.",
    )
    # The version of what this person's header and cross-district lists are made of: their
    # memberships, the districts they coach, the cohorts they facilitate
    # (districts.models.people_moved). 0 for a row the previous release inserts while a
    # deploy rolls (its pk is new, so no kept key was ever made with it).
    relations_version = models.BigIntegerField(default=first_version, db_default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = PersonManager()

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def set_unusable_password(self) -> None:
        super().set_unusable_password()
        self._password_dropped = True

    def save(self, *args, **kwargs) -> None:
        """Saved, then accounts.signals.password_changed is sent if a new password was set
        (set_password: the person's own change, a reset, the admin's form, `manage.py
        changepassword`) or the password was taken away (set_unusable_password). Not when
        Django re-hashes the same password at sign-in (check_password clears `_password`)."""
        from accounts.signals import password_changed

        changed = not self._state.adding and (
            self._password is not None or getattr(self, "_password_dropped", False)
        )
        super().save(*args, **kwargs)
        self._password_dropped = False
        if changed:
            password_changed.send(sender=User, user=self)


class SecurityEvent(models.Model):
    """One line of the security log: sign-ins, failures, lockouts and refused accesses."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out"
        LOGOUT = "logout", "Signed out"
        TWO_STEP_FAILED = "two_step_failed", "Second step failed"
        TWO_STEP_ON = "two_step_on", "Two-step sign-in set up"
        TWO_STEP_OFF = "two_step_off", "Two-step sign-in turned off"
        IDENTITY_LINKED = "identity_linked", "Identity linked"
        IDENTITY_UNLINKED = "identity_unlinked", "Identity unlinked"
        IDENTITY_REFUSED = "identity_refused", "Identity refused: sign in and link it first"
        FORBIDDEN = "forbidden", "Refused (403)"
        OTHER_DISTRICT = "other_district", "Refused: another district's object (404)"

    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # What was typed into the sign-in form, kept for failures of unknown accounts.
    username = models.CharField(max_length=254, blank=True)
    district = models.ForeignKey(
        "districts.District", null=True, blank=True, on_delete=models.SET_NULL
    )
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        who = self.user or self.username or "anonymous"
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()}: {who} {self.path}"
