from django.utils.functional import SimpleLazyObject


def navigation(request):
    """The header's navigation (district switcher, coach and facilitator links), read only
    if a template shows it, from the cache (see districts.navigation)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from districts.navigation import navigation_for

    return {"navigation": SimpleLazyObject(lambda: navigation_for(user))}
