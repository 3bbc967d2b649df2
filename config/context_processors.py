"""The key the header of every page is kept under (base.html's {% kept "header" %}). In
config because the header shows both the kernel's navigation and the notifications' count."""


def header(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from config.observability import opened_district_id

    # Both called when a template reads them (after the view opened its district).
    return {"header_key": lambda: header_key(request), "opened_district": opened_district_id}


def header_key(request) -> tuple:
    """What the header shows, as the key it is kept under: the person (their name, staff
    flag and relations, which any change to them moves), the districts every header lists
    (people_generation), their unread count, the page they are on (marked as current) and
    the district they opened (marked in the switcher)."""
    from config.observability import opened_district_id
    from districts.models import people_generation
    from notifications.services import unread_count_in

    user = request.user
    match = getattr(request, "resolver_match", None)
    return (
        user.pk,
        user.relations_version,
        int(user.is_staff),
        people_generation.current(),
        unread_count_in(request),
        getattr(match, "url_name", ""),
        getattr(match, "namespace", ""),
        opened_district_id(),
    )
