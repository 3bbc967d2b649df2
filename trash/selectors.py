from django.db.models import QuerySet

from districts.models import District


def trashed_districts() -> QuerySet[District]:
    """Districts in the trash, the oldest first (the next purged), with who trashed them.
    For the staff's trash page only (trash.views checks)."""
    return (
        District.with_trashed.filter(trashed_at__isnull=False)
        .select_related("trashed_by")
        .order_by("trashed_at", "pk")
    )
