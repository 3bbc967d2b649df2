from django.apps import AppConfig


class HistoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "history"
    verbose_name = "History of changes"

    def ready(self) -> None:
        from history.reportable import register_parts as register_document_parts

        register_document_parts()
