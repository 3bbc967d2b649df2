from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "Implementation plans"

    def ready(self) -> None:
        from planning import signals  # noqa: F401  (every new district gets the checklist)
