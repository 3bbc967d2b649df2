from django.db.models import Exists, OuterRef
from django.utils.functional import SimpleLazyObject

SWITCHER_LIMIT = 15


def navigation(request):
    """The district switcher and the person's roles across districts, evaluated only if a
    template shows them (one query each)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def switcher():
        from districts.selectors import districts_for_person

        rows = list(districts_for_person(user).only("name", "code", "state")[: SWITCHER_LIMIT + 1])
        return {"districts": rows[:SWITCHER_LIMIT], "more": len(rows) > SWITCHER_LIMIT}

    def roles():
        from accounts.models import User
        from districts.models import CoachAssignment, Cohort

        return (
            User.objects.filter(pk=user.pk)
            .annotate(
                coaches=Exists(CoachAssignment.objects.filter(coach=OuterRef("pk"))),
                facilitates=Exists(Cohort.objects.filter(facilitators=OuterRef("pk"))),
            )
            .values("coaches", "facilitates")
            .first()
        )

    return {"switcher": SimpleLazyObject(switcher), "nav_roles": SimpleLazyObject(roles)}
