"""An S3-compatible server on a loopback port (moto's), with the evidence and the reports
storages in a bucket of it, as a deployment with EVIDENCE_S3_BUCKET has them."""

import subprocess
import sys
import uuid
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Bucket:
    s3: object  # boto3's client
    name: str
    endpoint: str

    def create(self) -> None:
        self.s3.create_bucket(Bucket=self.name)

    def objects(self, prefix: str = "") -> list[str]:
        listing = self.s3.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(o["Key"] for o in listing.get("Contents", []))

    def environment(self) -> dict[str, str]:
        """What a process of the app started by a test is told (docs/configuration.md)."""
        return {
            "EVIDENCE_S3_BUCKET": self.name,
            "EVIDENCE_S3_ENDPOINT_URL": self.endpoint,
            "EVIDENCE_S3_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
        }


def s3_storage(bucket: str, endpoint: str, **options) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": "us-east-1",
            "access_key": "test",
            "secret_key": "test",
            "default_acl": "private",
            "signature_version": "s3v4",
            **options,
        },
    }


@contextmanager
def serving_bucket(settings, *, create: bool = True):
    """The server, and a bucket of a name no other test uses (moto's buckets outlive its
    servers), made unless `create` is False; the settings' evidence and reports storages in
    it, as config/settings/base.py configures them."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        bucket = Bucket(s3, f"waypoint-{uuid.uuid4().hex[:12]}", endpoint)
        if create:
            bucket.create()
        settings.STORAGES = {
            **settings.STORAGES,
            "evidence": s3_storage(bucket.name, endpoint, file_overwrite=False),
            "reports": s3_storage(
                bucket.name,
                endpoint,
                file_overwrite=True,
                querystring_expire=settings.REPORT_LINK_SECONDS,
            ),
        }
        yield bucket
    finally:
        server.stop()


def base_settings(code: str, environment: dict[str, str]) -> str:
    """What `code` prints with config.settings.base read in a process of its own, given
    only `environment` (the settings are read from the environment once, at start)."""
    from django.conf import settings

    out = subprocess.run(  # noqa: S603 (the project's own settings module)
        [sys.executable, "-c", f"from config.settings import base; {code}"],
        env={"PATH": "/usr/bin:/bin", **environment},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()
