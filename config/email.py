"""What every email Waypoint sends has in common: a Message-ID on the site's own domain.

Django makes a Message-ID from the machine's name (socket.getfqdn()), which in a container is
its id or `localhost`: mail providers score such ids as spam and threads cannot be told
apart between deployments. The site's address (SITE_URL) is the one name the operator set.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import make_msgid


def site_domain() -> str:
    """The host of SITE_URL (the address people reach Waypoint at), without its port."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def message_id() -> str:
    """A new, unique Message-ID on the site's domain: <…@waypoint.example.org>."""
    return make_msgid(domain=site_domain())
