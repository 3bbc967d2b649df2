"""Asks this container's web process one of its probes: exit 0 when it answers 200, else 1.

The image's HEALTHCHECK and docker-compose.yml's web health check run it (the slim image has
no curl); it loads nothing of Django, so it costs a few milliseconds:

    python scripts/probe.py /health/live     # the process answers
    python scripts/probe.py /health/ready    # it can take traffic (docs/operations.md)
"""

import sys
import urllib.error
import urllib.request

PORT = 8000  # config/gunicorn.py's


def main(path: str, port: int = PORT) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=4) as answer:
            print(answer.read().decode(errors="replace").strip())
            return 0 if answer.status == 200 else 1
    except urllib.error.HTTPError as error:  # 503: what is not ready, said by the app
        print(error.read().decode(errors="replace").strip())
    except OSError as error:  # refused, timed out: nothing answers
        print(f"no answer at port {port}: {error}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/health/live"))
