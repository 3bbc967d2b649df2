from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and sign-in"

    def ready(self) -> None:
        from accounts import signals  # noqa: F401  (connects the security-log receivers)
        from accounts.models import User
        from districts.models import people_generation

        # Names and staff flags show in the header and the district home's people section
        # (kept under the version of people); a sign-in or a new password shows nowhere.
        people_generation.bump_on_change(User, unless_only={"last_login", "password"})
