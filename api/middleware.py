"""Every answer under /api/ is JSON and is kept by no cache on the way.

DRF answers its own views' errors in JSON, but some answers under /api/ never reach a DRF
view: the 404 of a path no route matches (`/api/v1/nope/`, a round's code that is not a
UUID), the 500 of an error Django catches, a 400 of a request Django cannot read. Those come
from Django's handlers as HTML pages (and in DEBUG as its technical pages); here they become
the API's error shape, {"detail": "…"}. An API answer is a person's own data: a shared cache
(a proxy, a CDN) must neither keep nor serve it, and the browser need not keep it either."""

from django.http import HttpRequest, HttpResponse, JsonResponse

from districts.access import NOT_FOUND_MESSAGE

PREFIX = "/api/"
CACHE_CONTROL = "private, no-store"

DETAIL = {
    400: "The request could not be read.",
    403: "You may not do this.",
    404: NOT_FOUND_MESSAGE,
    405: "This path does not take that method.",
    413: "The request is too large.",
    500: "Something went wrong on our side. The error has been logged; try again in a moment.",
}
KEPT_HEADERS = ("Allow", "Retry-After")


def is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().endswith("json")


class ApiAnswersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(PREFIX):
            return response
        if response.status_code >= 400 and not is_json(response):
            response = self._as_json(response)
        response["Cache-Control"] = CACHE_CONTROL
        return response

    @staticmethod
    def _as_json(response: HttpResponse) -> JsonResponse:
        status = response.status_code
        answer = JsonResponse({"detail": DETAIL.get(status, response.reason_phrase)}, status=status)
        for header in KEPT_HEADERS:
            if header in response:
                answer[header] = response[header]
        return answer
