"""What every email Waypoint sends has in common: a Message-ID on the site's own domain, and
links on the site's address; and, on the embedded default, where the emails go instead of a
mail server (files under data/emails/).

Django makes a Message-ID from the machine's name (socket.getfqdn()), which in a container is
its id or `localhost`: mail providers score such ids as spam and threads cannot be told
apart between deployments. The site's address (SITE_URL) is the one name the operator set
(`make run` sets it to the address it serves).
"""

import os
import sys
from itertools import count
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import make_msgid
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


def site_url(path: str) -> str:
    """A full link to this path of Waypoint, on the site's address (SITE_URL): every link an
    email carries (notices, digests, invitations), whether a request or a worker makes it."""
    return settings.SITE_URL.rstrip("/") + path


def site_domain() -> str:
    """The host of SITE_URL (the address people reach Waypoint at), without its port."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def message_id() -> str:
    """A new, unique Message-ID on the site's domain: <…@waypoint.example.org>."""
    return make_msgid(domain=site_domain())


class FileEmailBackend(BaseEmailBackend):
    """Each email to a file of its own (an .eml file a mail program opens) in EMAIL_FILE_PATH,
    and one line on the console saying where: the embedded default's mail, instead of whole
    MIME messages on the console."""

    _numbers = count(1)

    def __init__(self, *args, file_path=None, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)
        self.stream = stream or sys.stdout

    def send_messages(self, email_messages) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = self.folder / f"{stamp}-{os.getpid()}-{next(self._numbers)}.eml"
            path.write_bytes(message.message().as_bytes(linesep="\r\n"))
            self.stream.write(
                f"Email to {', '.join(message.recipients())}, “{message.subject}”: {_shown(path)}\n"
            )
            self.stream.flush()
            sent += 1
        return sent


def _shown(path: Path) -> str:
    """The path from the current folder when it is below it (data/emails/…), else whole."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
