from django.utils.functional import SimpleLazyObject


def unread(request):
    """The header's count of unread notifications, read only if a template shows it, from
    the cache (notifications.services.unread_count)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from notifications.services import unread_count_in

    return {"unread_notices": SimpleLazyObject(lambda: unread_count_in(request))}
