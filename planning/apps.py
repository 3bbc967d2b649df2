from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "Implementation plans"

    def ready(self) -> None:
        from planning import signals  # noqa: F401  (every new district gets the checklist)
        from planning.attachable import register_kinds

        register_kinds()
        from planning.tracked import register_kinds as register_history_kinds

        register_history_kinds()

        from planning.reportable import register_parts as register_document_parts

        register_document_parts()
