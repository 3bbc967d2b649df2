from django.core.exceptions import PermissionDenied

from accounts.models import SecurityEvent
from accounts.services import security_event_record
from districts.access import DistrictNotFound


class RefusedAccessLogMiddleware:
    """Every refusal (403, and the 404 given for another district's object) goes to the
    security log with the person, the district, the route and the time. The response is
    left to Django's handlers (handler403 names who can do it); a page asked with a method it
    does not take gets Waypoint's 405 page instead of Django's empty answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not response.content
            and not request.path.startswith("/api/")
        ):
            from districts.views import method_not_allowed

            return method_not_allowed(request, response)  # Django's own 405 is empty
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DistrictNotFound):
            kind = SecurityEvent.Kind.OTHER_DISTRICT
        elif isinstance(exception, PermissionDenied):
            kind = SecurityEvent.Kind.FORBIDDEN
        else:
            return None
        security_event_record(
            kind=kind,
            request=request,
            user=request.user,
            district=getattr(exception, "district", None),
        )
        return None
