"""`make audit`: what is known of the vulnerabilities of everything Waypoint installs.

Python: the set locked in uv.lock (exported with its hashes), audited by pip-audit. Node.js:
each package-lock.json (the design system's build, the local OpenID Connect provider),
audited by `npm audit`. Advisory data comes from PyPI (and OSV) and from the npm registry;
where it cannot be had, this says "not audited" for those packages and never that they have
no known vulnerabilities (pip-audit itself says "No known vulnerabilities found" after
skipping every package it could not look up).

Exit status: 0 when every package was audited and none is vulnerable; 1 when a vulnerability
is known; 2 when some packages could not be audited (and none audited is vulnerable).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NPM_LOCKS = ["package-lock.json", "devtools/oidc_provider/package-lock.json"]


@dataclass
class Finding:
    package: str
    version: str
    advisory: str
    fixed_in: str = ""


@dataclass
class Summary:
    """One ecosystem's audit: which packages were looked up, which could not be, and why."""

    source: str
    audited: int = 0
    not_audited: dict[str, str] = field(default_factory=dict)  # package → why
    findings: list[Finding] = field(default_factory=list)
    failure: str = ""  # the whole audit could not run

    @property
    def complete(self) -> bool:
        return not self.failure and not self.not_audited

    def lines(self) -> list[str]:
        head = f"{self.source}:"
        if self.failure:
            return [f"{head} NOT AUDITED: {self.failure}"]
        out = []
        if self.findings:
            out.append(f"{head} {len(self.findings)} known vulnerabilities:")
            out += [
                f"  {f.package} {f.version}: {f.advisory}"
                + (f" (fixed in {f.fixed_in})" if f.fixed_in else "")
                for f in self.findings
            ]
        elif self.audited:
            out.append(f"{head} no known vulnerabilities in the {self.audited} packages audited.")
        if self.not_audited:
            reasons = sorted(set(self.not_audited.values()))
            out.append(
                f"{head} NOT AUDITED: {len(self.not_audited)} of "
                f"{self.audited + len(self.not_audited)} packages could not be looked up, so "
                f"nothing is known of their vulnerabilities ({reasons[0]}"
                + (f"; and {len(reasons) - 1} other reasons" if len(reasons) > 1 else "")
                + ")."
            )
        return out or [f"{head} no packages."]


def pip_audit_summary(report: dict, source: str) -> Summary:
    """Reads pip-audit's JSON report (`-f json`)."""
    summary = Summary(source)
    for dependency in report.get("dependencies", []):
        name = dependency.get("name", "?")
        if "skip_reason" in dependency:
            # "Dependency not found on PyPI and could not be audited: aiosmtpd (1.4.6)"
            summary.not_audited[name] = dependency["skip_reason"].split(":")[0]
            continue
        summary.audited += 1
        for vuln in dependency.get("vulns", []):
            summary.findings.append(
                Finding(
                    name,
                    dependency.get("version", "?"),
                    vuln.get("id", "?"),
                    ", ".join(vuln.get("fix_versions", [])),
                )
            )
    return summary


def npm_audit_summary(report: dict, source: str, packages: int) -> Summary:
    """Reads `npm audit --json`; `packages` is how many the lock file holds."""
    summary = Summary(source)
    if "vulnerabilities" not in report:
        error = report.get("error") or {}
        why = report.get("message") or error.get("summary") or error.get("detail") or "no report"
        summary.failure = f"the npm registry's advisory data could not be had ({why})"
        return summary
    summary.audited = packages
    for name, vuln in sorted(report.get("vulnerabilities", {}).items()):
        via = [v.get("title") or v.get("url") for v in vuln.get("via", []) if isinstance(v, dict)]
        summary.findings.append(
            Finding(name, vuln.get("range", "?"), "; ".join(via) or vuln.get("severity", "?"))
        )
    return summary


def audit_python() -> Summary:
    source = "Python (uv.lock)"
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        report = Path(folder) / "report.json"
        exported = subprocess.run(  # noqa: S603 — the locked tools, fixed arguments
            [BIN / "uv", "export", "--locked", "--all-extras", "--no-emit-project",
             "--format", "requirements-txt", "--quiet", "-o", requirements],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if exported.returncode:
            return Summary(source, failure=f"uv export failed: {exported.stderr.strip()}")
        ran = subprocess.run(  # noqa: S603
            [BIN / "pip-audit", "-r", requirements, "--require-hashes", "--disable-pip",
             "--progress-spinner", "off", "-f", "json", "-o", report],
            cwd=ROOT, capture_output=True, text=True, check=False, timeout=900,
        )  # fmt: skip
        if not report.exists() or not report.read_text().strip():
            last = (ran.stderr.strip().splitlines() or ["no report written"])[-1]
            return Summary(source, failure=f"pip-audit could not run: {last}")
        return pip_audit_summary(json.loads(report.read_text()), source)


def audit_npm(lock: str) -> Summary:
    source = f"Node.js ({lock})"
    path = ROOT / lock
    npm = shutil.which("npm")
    if npm is None:
        return Summary(source, failure="npm is not installed")
    packages = sum(1 for name in json.loads(path.read_text()).get("packages", {}) if name)
    ran = subprocess.run(  # noqa: S603
        [npm, "audit", "--json", "--package-lock-only"],
        cwd=path.parent, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    try:
        report = json.loads(ran.stdout or "{}")
    except json.JSONDecodeError:
        return Summary(source, failure=f"npm audit answered: {ran.stderr.strip()[:200]}")
    return npm_audit_summary(report, source, packages)


def main() -> int:
    summaries = [audit_python(), *(audit_npm(lock) for lock in NPM_LOCKS)]
    for summary in summaries:
        print("\n".join(summary.lines()))
    if any(s.findings for s in summaries):
        print("Result: known vulnerabilities above; upgrade (docs/development.md#dependencies).")
        return 1
    if not all(s.complete for s in summaries):
        print(
            "Result: NOT AUDITED in full. Nothing above says that the packages not audited "
            "are free of known vulnerabilities; run `make audit` where PyPI's and npm's "
            "advisory data can be reached."
        )
        return 2
    print("Result: every package audited; no known vulnerabilities.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
