"""The bases every scoped API view stands on (after PostHog's TeamAndOrgViewSetMixin): a
district-scoped view's district comes from the URL and is opened through the access layer,
its queryset is the model's readable_in() for that access, writes need the role's right;
a cohort-scoped view's rows are those of the cohorts the person sees, or of the cohort (or
the cohort's meeting) the URL names, opened through the access layer. Neither lets a
subclass define its own queryset. Objects edited together answer with an ETag and demand
If-Match."""

from functools import cached_property

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.models import SecurityEvent, User
from accounts.services import security_event_record
from districts.access import (
    NOT_FOUND_MESSAGE,
    CohortAccess,
    DistrictAccess,
    DistrictNotFound,
    DistrictPermissionDenied,
    SchoolAccess,
    access_cohort_object,
    access_district,
    access_school,
    access_visible_cohort,
    cohorts_visible_to,
)
from districts.models import Audience, Cohort
from districts.stored import FileMissing
from districts.versioning import StaleSave


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the ETag you last read: this object is edited together."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Someone changed this object since you read it: read it again, then retry."
    default_code = "precondition_failed"


# A row's code in a URL: a UUID (a district's and a cohort's codes are slugs of their own).
UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def exception_handler(exc, context):
    """DRF's handler, plus: refusals go to the security log like the web pages' do, and a
    missing object and another district's object answer with the same text."""
    request = context.get("request")
    if isinstance(exc, DistrictNotFound | DistrictPermissionDenied):
        kind = (
            SecurityEvent.Kind.OTHER_DISTRICT
            if isinstance(exc, DistrictNotFound)
            else SecurityEvent.Kind.FORBIDDEN
        )
        security_event_record(
            kind=kind, request=request, user=getattr(request, "user", None), district=exc.district
        )
    if isinstance(exc, FileMissing):  # found and readable: only the file itself is gone
        exc = exceptions.NotFound(str(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND_MESSAGE)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class ThrottledFirst:
    """Every API view stands on this: throttles run before the permission check and before a
    failed authentication answers, so that anonymous requests (refused with 401) and wrong
    tokens are counted by the anonymous throttle too. DRF's own order (authenticate, check
    permissions, then throttle) would refuse them before any throttle runs."""

    def perform_authentication(self, request):
        try:
            super().perform_authentication(request)
        except exceptions.AuthenticationFailed:
            self.check_throttles(request)  # request.user is anonymous by now
            raise

    def check_permissions(self, request):
        self.check_throttles(request)
        super().check_permissions(request)

    def check_throttles(self, request):
        if getattr(request, "_throttles_checked", False):
            return
        request._throttles_checked = True
        super().check_throttles(request)


def _refuse_overrides(cls, base, rows: str) -> None:
    """Refuse, when `cls` is defined, a class that defines (itself or through a mixin) what
    `base` owns (base.OWNED): the scope cannot be skipped by a subclass."""
    for klass in cls.__mro__:
        if klass is base:
            return
        for name in base.OWNED:
            if name in vars(klass):
                raise TypeError(
                    f"{cls.__name__} must not define {name} ({klass.__name__} does): "
                    f"{rows} come from {base.__name__}; narrow them in scope(), find one "
                    "in pick_object()."
                )


class _ScopedRows(ThrottledFirst, viewsets.GenericViewSet):
    """What the two scoped bases below share once their rows are scoped (never a base of its
    own: it scopes nothing): the rows narrowed by scope(), one of them found by
    pick_object(), and the plain 404 for any other."""

    lookup_field = "code"

    def scope(self, queryset):
        return queryset

    def pick_object(self, queryset):
        """The object the URL names among the scoped rows (by `lookup_field`), or None (also
        for a value that cannot be a code at all, such as a malformed UUID)."""
        lookup = self.lookup_url_kwarg or self.lookup_field
        try:
            return queryset.filter(**{self.lookup_field: self.kwargs[lookup]}).first()
        except ValidationError:
            return None

    def get_object(self):
        obj = self.pick_object(self.filter_queryset(self.get_queryset()))
        if obj is None:
            raise Http404(NOT_FOUND_MESSAGE)
        self.check_object_permissions(self.request, obj)
        return obj


class _OpenedDistrict:
    """What the district and school bases give their serializers: the opened district and
    the person's access to it (and, for a school's rows, to the school)."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "access"):
            context["district"] = self.access.district
            context["access"] = self.access
        if hasattr(self, "school_access"):
            context["school_access"] = self.school_access
        return context


class DistrictScopedViewSet(_OpenedDistrict, _ScopedRows):
    """Subclasses set `model` and `serializer_class`, may narrow `scope()` and may say how the
    URL names one object (`pick_object()`). They cannot skip the district filter: the
    queryset and the object are owned here, and a class that overrides `get_queryset`,
    `get_object` or sets `queryset` is refused when it is defined (as PostHog's team-scoped
    viewsets refuse it)."""

    OWNED = ("get_queryset", "get_object", "queryset")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _refuse_overrides(cls, DistrictScopedViewSet, "the district's rows")

    model = None
    # who beyond the team may read this resource (or a function of the district that says)
    audience: Audience = Audience.COACHES
    write_right: str | None = "can_write"  # "can_lead" for what only leads do; None: own check
    lookup_value_regex = UUID_PATTERN  # anything else is no row's code: the router's 404
    access: DistrictAccess

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.access = access_district(request.user, kwargs["district"], audience=self.audience)
        if request.method not in SAFE_METHODS and self.write_right:
            self.access.require(getattr(self.access, self.write_right))

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return self.model.objects.none()
        return self.scope(self.model.objects.readable_in(self.access))


class SchoolScopedViewSet(_OpenedDistrict, _ScopedRows):
    """The one base of the API views of one school's rows (its team), as DistrictScopedViewSet
    is of a district's: the district and the school come from the URL (`district`, `school`)
    and are opened through the access layer (districts.access.access_school: a school's
    people reach their own school only; another school answers as a missing one); the rows
    are the model's readable_in() for that access, of that school (`school_field`); writes
    need the school access's `write_right` ("can_write", "can_lead", "can_manage_team"). A
    class that defines `get_queryset`, `get_object`, `queryset` or `school_access` is refused
    when it is defined."""

    OWNED = ("get_queryset", "get_object", "queryset", "school_access")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _refuse_overrides(cls, SchoolScopedViewSet, "the school's rows")

    model = None
    audience: Audience = Audience.COACHES  # who reads the district's schools
    school_field = "school"
    write_right: str | None = "can_write"
    lookup_value_regex = UUID_PATTERN
    access: DistrictAccess
    school_access: SchoolAccess

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.access = access_district(request.user, kwargs["district"], audience=self.audience)
        self.school_access = access_school(self.access, kwargs["school"])
        if request.method not in SAFE_METHODS and self.write_right:
            self.school_access.require(getattr(self.school_access, self.write_right))

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return self.model.objects.none()
        rows = self.model.objects.readable_in(self.access)
        return self.scope(rows.filter(**{self.school_field: self.school_access.school}))


class CohortScopedViewSet(_ScopedRows):
    """The one base of every cohort-scoped API view (a cohort's districts, its meetings and
    what is under a meeting), as DistrictScopedViewSet is of the district-scoped ones: the
    scope comes from the access layer, and a class that defines `get_queryset`, `get_object`
    or `queryset` is refused when it is defined.

    - The rows are `model`'s of the cohorts the person sees (districts.access.
      cohorts_visible_to: those they facilitate, or one of whose districts they may open;
      staff: all), by `cohort_field` (the rows' cohort; "pk" when the rows are cohorts).
    - A URL that names a cohort, or a row of one (`opens`: Cohort, or a model with a `cohort`
      key such as a meeting, by its code in the URL's `opens_kwarg`), has it opened here
      (`self.opened`): a cohort through access_visible_cohort, a row through
      access_cohort_object, which gives the person's standing in its cohort
      (`self.cohort_access`); the plain 404 for anyone outside it. The rows are then that
      cohort's. With `cohort_field = None` the view lists what its app's selectors give for
      the opened row (its queryset is only the schema's).

    Subclasses narrow the rows in scope() and find one in pick_object()."""

    # What the district base owns, and how the cohort or its row is opened.
    OWNED = ("get_queryset", "get_object", "queryset", "_opening", "opened", "cohort_access")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _refuse_overrides(cls, CohortScopedViewSet, "a cohort's rows")

    model = None
    cohort_field: str | None = "cohort"
    opens = None
    opens_kwarg = ""

    @cached_property
    def _opening(self) -> tuple:
        code = self.kwargs[self.opens_kwarg]
        if self.opens is Cohort:
            return access_visible_cohort(self.request.user, code), None
        return access_cohort_object(self.request.user, self.opens, code=code)

    @property
    def opened(self):
        """The cohort, or the cohort's row, the URL names, opened on first use (a handler
        opens it first: someone outside the cohort gets the plain 404 before their request
        is read; a method the view does not take still answers 405)."""
        return self._opening[0]

    @property
    def cohort_access(self) -> CohortAccess | None:
        """The person's standing in the opened row's cohort (None for an opened cohort)."""
        return self._opening[1]

    def require_facilitator(self) -> None:
        """Refuse (403) unless the person runs the opened row's cohort (its facilitators,
        staff)."""
        self.cohort_access.require_facilitator()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or self.cohort_field is None:
            return self.model.objects.none()
        if self.opens is None:
            cohorts = cohorts_visible_to(self.request.user)
        else:
            cohorts = [self.opened if self.opens is Cohort else self.opened.cohort]
        return self.scope(self.model.objects.filter(**{f"{self.cohort_field}__in": cohorts}))


class ConditionalWrites:
    """Objects people edit together carry a version: GET answers ETag: "<version>";
    PUT, PATCH and DELETE need If-Match (428 without, 412 when stale) and change nothing
    otherwise."""

    @staticmethod
    def etag(version: int) -> str:
        return f'"{version}"'

    def check_if_match(self, version: int) -> int:
        header = self.request.headers.get("If-Match")
        if not header:
            raise PreconditionRequired
        tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
        if "*" not in tags and self.etag(version) not in tags:
            raise PreconditionFailed
        return version

    @staticmethod
    def save_versioned(save):
        """Run a service that refuses stale saves: a stale save answers 412 (the object
        changed since the ETag the client sent), a refused one 400 with the service's
        messages. The API's one path for both; the web pages' is districts.viewkit.edit_page."""
        try:
            return save_refused(save)
        except StaleSave as error:
            raise PreconditionFailed from error

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if isinstance(data, dict) and "version" in data and response.status_code < 300:
            response["ETag"] = self.etag(data["version"])
        return response


class MemberField(serializers.SlugRelatedField):
    """A person of the opened district by their email, or none (a step's coordinator, a
    measure's owner): DistrictFields lets it choose among the district's members only."""

    def __init__(self, **kwargs):
        super().__init__(
            slug_field="email",
            queryset=User.objects.none(),
            required=False,
            allow_null=True,
            help_text="The email of a member of the district.",
            **kwargs,
        )


class DistrictFields:
    """A serializer whose related fields choose among the opened district's rows only:
    `district_fields` maps a field to the district-owned model it names rows of (read
    through readable_in, as the viewset reads its own)."""

    district_fields: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        access = self.context.get("access")
        if access is None:
            return
        for name, model in self.district_fields.items():
            if name in self.fields:
                field = self.fields[name]  # a list of them (many=True): its items'
                getattr(field, "child_relation", field).queryset = model.objects.readable_in(access)
        for field in self.fields.values():  # a MemberField: among the district's members
            if isinstance(field, MemberField):
                field.queryset = User.objects.filter(memberships__district=access.district)


DISTRICT = OpenApiParameter(
    "district", OpenApiTypes.STR, OpenApiParameter.PATH, description="The district's code."
)
SCHOOL = OpenApiParameter(
    "school", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The school's code."
)


def district_schema(cls, parameters=(DISTRICT,)):
    """Document the {district} path parameter on every action of a viewset."""
    names = ["list", "retrieve", "create", "update", "partial_update", "destroy"]
    documented = {n: extend_schema(parameters=list(parameters)) for n in names}
    return extend_schema_view(**documented)(cls)


def school_schema(cls):
    """Document the {district} and {school} path parameters on every action of a viewset."""
    return district_schema(cls, parameters=(DISTRICT, SCHOOL))


def save_refused(save):
    """Run a service whose refusals (ValidationError) answer 400 with its messages, for
    rows that carry no version (ConditionalWrites.save_versioned for those that do)."""
    try:
        return save()
    except ValidationError as error:
        raise as_api_error(error) from error


def as_api_error(error: ValidationError) -> serializers.ValidationError:
    """A service's ValidationError as the API's JSON error, a message per field."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"detail": error.messages})
