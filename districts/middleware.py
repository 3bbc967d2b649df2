from django.core.exceptions import PermissionDenied

from accounts.models import SecurityEvent
from accounts.services import security_event_record
from districts.access import DistrictNotFound


class RefusedAccessLogMiddleware:
    """Every refusal (403, and the 404 given for another district's object) goes to the
    security log with the person, the district, the route and the time. The response is
    left to Django's handlers, so a refusal looks the same to the person as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

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
