from django.apps import AppConfig


class HistoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "history"
    verbose_name = "History of changes"

    def ready(self) -> None:
        from history.kinds import discover

        discover()  # the kinds each app declares in its tracked.py
