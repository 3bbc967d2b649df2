from django.utils.functional import SimpleLazyObject

SWITCHER_LIMIT = 15


def navigation(request):
    """The district switcher: the districts the person can open, evaluated only if a template
    shows it (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def switcher():
        from districts.selectors import districts_for_person

        rows = list(districts_for_person(user).only("name", "code", "state")[: SWITCHER_LIMIT + 1])
        return {"districts": rows[:SWITCHER_LIMIT], "more": len(rows) > SWITCHER_LIMIT}

    return {"switcher": SimpleLazyObject(switcher)}
