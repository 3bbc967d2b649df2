from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evidence"
    verbose_name = "Evidence (attachments)"

    def ready(self):
        from evidence import receivers  # noqa: F401 (connects them)
        from evidence.kinds import discover

        discover()  # the kinds each app declares in its attachable.py
