"""Print the requirement that installs uv itself, with every hash uv.lock records for it.

`make install` installs uv with pip from this line (`pip install --require-hashes`), then uv
installs everything else from uv.lock: so the one lock file vouches for the installer too.
"""

import sys
import tomllib
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "uv.lock"


def uv_requirement(lock: dict) -> str:
    for package in lock["package"]:
        if package["name"] == "uv":
            files = [*package.get("wheels", []), package.get("sdist", {})]
            hashes = sorted({f["hash"] for f in files if f.get("hash")})
            if not hashes:
                break
            pins = " ".join(f"--hash={h}" for h in hashes)
            return f"uv=={package['version']} {pins}"
    sys.exit("uv.lock has no hashed uv package: add uv to the dev extra of pyproject.toml.")


if __name__ == "__main__":
    print(uv_requirement(tomllib.loads(LOCK.read_text())))
