"""The local OpenID Connect provider (devtools/oidc_provider: the certified oidc-provider
package, run by Node.js on a loopback port) that the single sign-on tests sign in through:
a real provider speaking the real protocol, never a mock of it."""

import json
import re
import shutil
import socket
import subprocess
import time
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import requests

FOLDER = Path(__file__).resolve().parent.parent / "devtools" / "oidc_provider"
CLIENT_ID = "waypoint"
CLIENT_SECRET = "waypoint-test-secret"
PROVIDER_ID = "district"
PROVIDER_NAME = "Riverside Schools"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(redirect_uris: list[str], names: dict | None = None):
    """Start the provider; returns (issuer, process). Installs its package when missing."""
    if not (FOLDER / "node_modules" / "oidc-provider").exists():
        npm = shutil.which("npm")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FOLDER, check=True)  # noqa: S603
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (the project's own provider script)
        [shutil.which("node"), str(FOLDER / "provider.mjs")],
        env={
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "OIDC_PORT": str(port),
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_REDIRECT_URIS": ",".join(redirect_uris),
            "OIDC_NAMES": json.dumps(names or {}),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    issuer = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                return issuer, process
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the local OpenID Connect provider did not start")


def providers_setting(issuer: str) -> dict:
    return {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": PROVIDER_NAME,
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": issuer, "oauth_pkce_enabled": True},
                }
            ],
            "OAUTH_PKCE_ENABLED": True,
        }
    }


def _form(html: str) -> tuple[str, dict]:
    found = re.search(r'<form[^>]*action="([^"]+)"', html)
    if found is None:
        raise RuntimeError(f"no form on the provider's page: {html[-1500:]}")
    action = unescape(found.group(1))
    fields = dict(
        re.findall(r"<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"", html)
    )
    return action, fields


def through_provider(authorize_url: str, email: str, browser: requests.Session | None = None):
    """Sign in at the provider as `email` (its sign-in form, then its consent), as a browser
    would: returns the address the provider sends the browser back to (Waypoint's callback,
    with the code and the state) and the provider's browser session."""
    browser = browser or requests.Session()
    base = "{0.scheme}://{0.netloc}".format(urlsplit(authorize_url))
    response = browser.get(authorize_url, allow_redirects=False)
    for _ in range(10):
        location = response.headers.get("Location")
        if location is None:
            action, fields = _form(response.text)
            data = {**fields}
            if fields.get("prompt") == "login":
                data.update(login=email, password="any-password")
            response = browser.post(
                base + action if action.startswith("/") else action,
                data=data,
                allow_redirects=False,
            )
            continue
        if not location.startswith(base) and not location.startswith("/"):
            return location, browser
        response = browser.get(
            base + location if location.startswith("/") else location, allow_redirects=False
        )
    raise RuntimeError("the provider did not send the browser back")
