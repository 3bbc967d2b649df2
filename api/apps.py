from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API and tokens"

    def ready(self) -> None:
        from api import receivers  # noqa: F401  (tokens end when what they stood on changes)
