from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and sign-in"

    def ready(self) -> None:
        from accounts import signals  # noqa: F401  (connects the security-log receivers)
        # A person's name and staff flag show in the header and the people sections of their
        # districts: districts.selectors.connect_people_signals moves those versions.
