"""What the benchmarks check, so that they measure the page they name (used by bench_web).

A bench signs its people in through the sign-in form once, as a person does in a browser
(the password, then the authenticator app's code for those who have one, the app set up on
the first sign-in for those who must use one), and reuses each session's cookie. Every page it
measures must answer 200 with its own content (markers: strings only that page has for that
person) before the load, in every answer of the load (a wrk script counts the others), and
after it; anything else fails the run.
"""

import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from accounts.twostep import SETUP_NEEDED


class PageCheckFailed(CommandError):
    """A page answered something other than itself: the bench must not measure it."""


def check_answer(name: str, status: int, body: str, markers, *, location: str = "") -> None:
    """Raise PageCheckFailed unless the answer is 200 and has every marker of the page."""
    if status != 200:
        where = f" to {location}" if location else ""
        signed_out = location.startswith(reverse("account_login"))
        why = " (the session is not signed in)" if signed_out else ""
        raise PageCheckFailed(
            f"{name}: answered {status}{where} instead of 200 with the page{why}; the bench "
            "would measure that answer, not the page."
        )
    missing = [marker for marker in markers if marker not in body]
    if missing:
        raise PageCheckFailed(
            f"{name}: answered 200 without {missing[0]!r}, which that page shows to the person "
            "the bench signs in as: it is not the page it names."
        )


# ---------------------------------------------------------------------- signing in


def sign_in(user, password: str, *, address: str = "127.0.0.1") -> str:
    """Sign the person in through the sign-in form as a browser does (the form's page first,
    for its CSRF token), with their authenticator app's code on the second step when they
    have an app, or setting the app up first when they must use one and have none (a coach).
    `address` is the person's own: the sign-in form takes 30 sign-ins a minute from one
    address. Returns the session cookie's value."""
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
    login = reverse("account_login")
    client.get(login)
    answer = _post(client, login, {"login": user.email, "password": password})
    if answer.status_code == 302 and answer.url == reverse("mfa_authenticate"):
        answer = _second_step(client, user)
    if answer.status_code != 302 or SESSION_KEY not in client.session:
        raise CommandError(
            f"Signing in as {user.email} through the sign-in form failed (it answered "
            f"{answer.status_code}); the bench's people sign in with the scale data's password."
        )
    if client.session.get(SETUP_NEEDED):
        _set_up_app(client, user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _post(client: Client, url: str, data: dict):
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    return client.post(url, {**data, "csrfmiddlewaretoken": token})


def _code(secret: str) -> str:
    """What the authenticator app shows now."""
    step = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, step))


def _second_step(client: Client, user):
    """The app's code on the second step's form. Each code signs in once: when the bench
    signed this person in a moment ago, it waits for the app's next code, as a person would."""
    app = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(app.data["secret"])
    url = reverse("mfa_authenticate")
    client.get(url)
    answer = _post(client, url, {"code": _code(secret)})
    if answer.status_code == 200:
        period = mfa_settings.TOTP_PERIOD
        time.sleep(period - time.time() % period + 1)
        answer = _post(client, url, {"code": _code(secret)})
    return answer


def _set_up_app(client: Client, user) -> None:
    """The first sign-in of someone who must use two-step sign-in and has no app: the setup
    page gives the app's secret, the app's code confirms it. Later sign-ins read the secret
    back from the authenticator allauth stored (the bench is the person's phone)."""
    url = reverse("mfa_activate_totp")
    client.get(url)
    secret = client.session[SECRET_SESSION_KEY]
    answer = _post(client, url, {"code": _code(secret)})
    set_up = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    if answer.status_code != 302 or not set_up:
        raise CommandError(f"Setting up the authenticator app of {user.email} failed.")


# ---------------------------------------------------------------------- over HTTP


@dataclass
class Answer:
    status: int
    body: str
    location: str = ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to check, not one to follow


_opener = urllib.request.build_opener(_NoRedirects)


def http_get(url: str, headers: dict[str, str]) -> Answer:
    """One GET on the loopback address, redirects not followed."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
    try:
        with _opener.open(request, timeout=30) as response:
            return Answer(response.status, response.read().decode(errors="replace"))
    except urllib.error.HTTPError as error:
        body = error.read().decode(errors="replace")
        return Answer(error.code, body, error.headers.get("Location", ""))


# ---------------------------------------------------------------------- during the load


def lua_quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
    return f"'{escaped}'"


def lua_checks(accepted: list[tuple[str, ...]]) -> str:
    """The part of a wrk script that checks every answer: 200, with all the markers of one
    of the `accepted` groups (a daily-use run reads pages and saves: either answer passes).
    Each wrk thread runs its own Lua state, so each counts its own answers; done() adds the
    threads' counts up and prints one line that check_wrk() reads."""
    groups = ",\n".join("  {" + ", ".join(lua_quote(m) for m in group) + "}" for group in accepted)
    return f"""-- the checks of manage.py bench_web: every answer 200 with its page's markers
local accepted = {{
{groups}
}}
local threads = {{}}
local started = 0
function setup(thread)
  thread:set("id", started)
  started = started + 1
  table.insert(threads, thread)
end
redirects, errors, unmarked, first = 0, 0, 0, ""
local function marked(body)
  for _, group in ipairs(accepted) do
    local all = true
    for _, marker in ipairs(group) do
      if not string.find(body, marker, 1, true) then all = false break end
    end
    if all then return true end
  end
  return false
end
function response(status, headers, body)
  if status == 200 then
    if marked(body or "") then return end
    unmarked = unmarked + 1
    if first == "" then first = "200 without the page's markers" end
    return
  end
  if status >= 300 and status < 400 then redirects = redirects + 1 else errors = errors + 1 end
  if first == "" then first = status .. " " .. (headers["Location"] or "") end
end
function done(summary, latency, requests)
  local r, e, u, what = 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    r = r + thread:get("redirects")
    e = e + thread:get("errors")
    u = u + thread:get("unmarked")
    if what == "" then what = thread:get("first") end
  end
  io.write(string.format("bench-check: %d redirects, %d errors, %d unmarked; first: %s\\n",
    r, e, u, what))
end
"""


@dataclass
class LoadCheck:
    redirects: int = 0
    errors: int = 0
    unmarked: int = 0
    timeouts: int = 0
    first: str = ""

    @property
    def failure(self) -> str:
        """What went wrong during the load, in words; empty when every answer was the page."""
        parts = []
        if self.redirects:
            parts.append(f"{self.redirects} redirects")
        if self.errors:
            parts.append(f"{self.errors} error answers")
        if self.unmarked:
            parts.append(f"{self.unmarked} answers of 200 without the page's markers")
        if self.timeouts:
            parts.append(f"{self.timeouts} requests unanswered within wrk's timeout")
        if not parts:
            return ""
        first = f" (the first: {self.first.strip()})" if self.first.strip() else ""
        return ", ".join(parts) + first


def check_wrk(output: str) -> LoadCheck:
    """The checks' line of a wrk run with lua_checks, and wrk's own count of timeouts. A run
    without the line (the script did not run) is a failure too."""
    found = re.search(
        r"bench-check: (\d+) redirects, (\d+) errors, (\d+) unmarked; first: (.*)", output
    )
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", output)
    if found is None:
        return LoadCheck(errors=1, first="no check line in wrk's output: the script did not run")
    redirects, errors, unmarked, first = found.groups()
    return LoadCheck(
        redirects=int(redirects),
        errors=int(errors),
        unmarked=int(unmarked),
        timeouts=int(timeouts.group(1)) if timeouts else 0,
        first=first,
    )
