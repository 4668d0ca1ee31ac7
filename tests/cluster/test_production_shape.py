"""The production shape, run on this machine: Debian's nginx (deploy/nginx/eexpo.conf, with TLS)
in front of two app processes (gunicorn with deploy/gunicorn.conf.py, separate instance
folders), two RQ workers, PostgreSQL, Redis and SeaweedFS's S3 gateway, all on loopback.

Through nginx an exhibitor signs in, uploads a video by multipart, a worker processes it, the
booth is submitted and approved; then both app processes show it at once, views counted by
both add up, and a lead arrives. A worker killed mid-job leaves its item to the other; an app
process killed leaves the site answering through the other. Cached page throughput through
nginx with one app process and with two is printed for the note (`-s` shows it).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from benchmarks.media import make_large_mp4
from eexpo.media.generate import make_photo
from tests import seaweedfs

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("EEXPO_TEST_DATABASE_URL")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS_URL = os.environ.get("EEXPO_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
PASSWORD = "cluster password 1"
MiB = 1024 * 1024


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _missing() -> str | None:
    if not PG_URL:
        return "needs PostgreSQL (EEXPO_TEST_DATABASE_URL)"
    if not Path(NGINX).exists():
        return "needs nginx (apt-get install nginx)"
    if not shutil.which("openssl"):
        return "needs openssl"
    return None


@dataclass
class Cluster:
    base: str  # through nginx
    apps: list[str]  # each app process directly
    cert: str
    env: dict[str, str]
    db_url: str
    tmp: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    logs: list = field(default_factory=list)
    nginx_site: Path | None = None
    site_text: str = ""

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.base + path, verify=self.cert, timeout=30, **kwargs)

    def flask(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own command line
            [str(BIN / "flask"), "--app", "wsgi", *args],
            cwd=ROOT, env={**self.env, "EEXPO_INSTANCE_PATH": str(self.tmp / "cli")},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr + done.stdout
        return done.stdout

    def start(self, name: str, command: list[str], **env: str) -> None:
        log = (self.tmp / f"{name}.log").open("wb")
        self.logs.append(log)
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our own command line
            command, cwd=ROOT, env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def kill(self, name: str) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait(timeout=30)

    def stop(self) -> None:
        for name in list(self.processes):
            self.kill(name)
        for log in self.logs:
            log.close()

    def signal(self, name: str, sig: int) -> None:
        os.killpg(self.processes[name].pid, sig)

    def reload_nginx(self, upstreams: list[str]) -> None:
        """Serve through these app addresses only, as after editing the site and reloading."""
        servers = "".join(
            f"    server {address} max_fails=1 fail_timeout=10s;\n" for address in upstreams
        )
        text = re.sub(r"(upstream eexpo_app \{\n)(    server [^\n]+\n)+", r"\g<1>" + servers,
                      self.site_text)  # fmt: skip
        assert self.nginx_site is not None
        self.nginx_site.write_text(text)
        self.signal("nginx", signal.SIGHUP)
        time.sleep(1)

    def db(self) -> sa.Engine:
        return sa.create_engine(self.db_url)


def _wait(url: str, cert: str | bool, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: exited\n{log.read_text()[-3000:]}")
        with contextlib.suppress(requests.ConnectionError, requests.Timeout):
            if requests.get(url, verify=cert, timeout=5).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer\n{log.read_text()[-3000:]}")


def _fresh_database() -> str:
    assert PG_URL
    server = sa.make_url(PG_URL)
    engine = sa.create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text("DROP DATABASE IF EXISTS eexpo_cluster WITH (FORCE)"))
        connection.execute(sa.text("CREATE DATABASE eexpo_cluster"))
    engine.dispose()
    return server.set(database="eexpo_cluster").render_as_string(hide_password=False)


def _site(tmp: Path, https: int, http: int, apps: list[str], cert: Path, key: Path) -> str:
    """deploy/nginx/eexpo.conf with this machine's ports, certificate and paths: each
    replaced text must be in the file, so the test follows the file as it changes."""
    text = (ROOT / "deploy/nginx/eexpo.conf").read_text()
    replacements = {
        "    server 127.0.0.1:8000 max_fails=1 fail_timeout=10s;\n"
        "    server 127.0.0.1:8001 max_fails=1 fail_timeout=10s;\n": "".join(
            f"    server {a} max_fails=1 fail_timeout=10s;\n" for a in apps
        ),
        "    listen 80;\n    listen [::]:80;\n": f"    listen 127.0.0.1:{http};\n",
        "    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n":
            f"    listen 127.0.0.1:{https} ssl http2;\n",
        "server_name expo.example;": "server_name 127.0.0.1;",
        "/etc/letsencrypt/live/expo.example/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/expo.example/privkey.pem": str(key),
        "/srv/eexpo/static/": f"{ROOT}/static/",
        "/srv/eexpo/instance/media/": f"{tmp}/media/",
    }  # fmt: skip
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx/eexpo.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    import redis

    tmp = tmp_path_factory.mktemp("cluster")
    redis.Redis.from_url(REDIS_URL).flushdb()
    with contextlib.ExitStack() as stack:
        s3 = stack.enter_context(seaweedfs.running(tmp / "s3"))
        key, cert = tmp / "key.pem", tmp / "cert.pem"
        subprocess.run(  # noqa: S603 - fixed arguments
            [shutil.which("openssl") or "openssl", "req", "-x509", "-newkey", "rsa:2048",
             "-nodes", "-days", "1", "-keyout", str(key), "-out", str(cert),
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
            check=True, capture_output=True,
        )  # fmt: skip
        https, http = _free_port(), _free_port()
        app_ports = [_free_port(), _free_port()]
        base = f"https://127.0.0.1:{https}"
        db_url = _fresh_database()
        env = {
            "PATH": os.environ["PATH"],
            "EEXPO_ENV": "production",
            "EEXPO_PUBLIC_URL": base,
            "EEXPO_SECRET_KEY": "cluster-secret-key",
            "EEXPO_DATABASE_URL": db_url,
            "EEXPO_REDIS_URL": REDIS_URL,
            "EEXPO_TASKS": "rq",
            "EEXPO_PROXY_COUNT": "1",
            "EEXPO_STORAGE": "s3",
            "EEXPO_S3_BUCKET": "eexpo-cluster",
            "EEXPO_S3_ENDPOINT_URL": s3.endpoint,
            "EEXPO_S3_REGION": s3.region,
            **s3.environment(),
            "EEXPO_MULTIPART_THRESHOLD": str(6 * MiB),
            "EEXPO_MULTIPART_PART_SIZE": str(5 * MiB),
            "EEXPO_MEDIA_LEASE_SECONDS": "6",
            "EEXPO_RECOVERY_INTERVAL_SECONDS": "1",
            "EEXPO_COUNT_FLUSH_SECONDS": "1",
            "EEXPO_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "EEXPO_LOGIN_RATE_LIMIT": "1000 per minute",
            "EEXPO_SIGN_IN_ADDRESS_LIMIT": "1000 per minute",
            "EEXPO_WORKERS": "2",
        }
        node = Cluster(base, [f"http://127.0.0.1:{p}" for p in app_ports], str(cert), env,
                       db_url, tmp)  # fmt: skip
        stack.callback(node.stop)
        node.flask("db", "upgrade")
        node.flask("media", "create-bucket", "--cors-origin", "*")
        sectors = tmp / "sectors.csv"
        sectors.write_text(
            "slug,name,name_zh,group\nsemiconductors,Semiconductors,半导体,high-tech\n"
        )
        node.flask("catalogue", "import", "sectors", str(sectors))
        node.flask("users", "create", "org@cluster.example", "--role", "organizer",
                   "--password", PASSWORD)  # fmt: skip
        node.flask("users", "create", "ann@acme.example", "--role", "exhibitor", "--exhibitor",
                   "Acme Wafers", "--password", PASSWORD)  # fmt: skip
        for n, port in enumerate(app_ports):
            node.start(
                f"app{n}", [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
                EEXPO_BIND=f"127.0.0.1:{port}", EEXPO_INSTANCE_PATH=str(tmp / f"app{n}"),
                PROMETHEUS_MULTIPROC_DIR=str(tmp / f"metrics{n}"),
            )  # fmt: skip
            (tmp / f"metrics{n}").mkdir()
        for n in range(2):
            node.start(f"worker{n}", [str(BIN / "flask"), "--app", "wsgi", "worker"],
                       EEXPO_INSTANCE_PATH=str(tmp / f"worker{n}"))  # fmt: skip
        for n, url in enumerate(node.apps):
            _wait(url + "/healthz", False, node.processes[f"app{n}"], tmp / f"app{n}.log")
        (tmp / "nginx").mkdir()
        node.site_text = _site(tmp, https, http, [f"127.0.0.1:{p}" for p in app_ports], cert, key)
        node.nginx_site = tmp / "nginx" / "eexpo.conf"
        node.nginx_site.write_text(node.site_text)
        conf = tmp / "nginx" / "nginx.conf"
        conf.write_text(
            f"daemon off;\npid {tmp}/nginx/nginx.pid;\nerror_log {tmp}/nginx/error.log;\n"
            "worker_processes 2;\nevents {}\nhttp {\n"
            "    include /etc/nginx/mime.types;\n"
            f"    access_log {tmp}/nginx/access.log;\n"
            + "".join(
                f"    {kind}_temp_path {tmp}/nginx/{kind};\n"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + f"    include {node.nginx_site};\n}}\n"
        )
        node.start("nginx", [NGINX, "-c", str(conf), "-p", str(tmp / "nginx")])
        _wait(base + "/healthz", str(cert), node.processes["nginx"], tmp / "nginx.log")
        yield node


def _session(cluster: Cluster) -> requests.Session:
    """A session trusting the cluster's certificate (and not REQUESTS_CA_BUNDLE, which requests
    would otherwise prefer to the session's own setting)."""
    session = requests.Session()
    session.trust_env = False
    session.verify = cluster.cert
    return session


def _sign_in(cluster: Cluster, email: str) -> requests.Session:
    """Through the sign-in form, as a browser does."""
    session = _session(cluster)
    page = session.get(cluster.base + "/login", timeout=30)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert token, page.text[:500]
    signed_in = session.post(
        cluster.base + "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)},
        headers={"Origin": cluster.base, "Referer": cluster.base + "/login"},
        timeout=30, allow_redirects=False,
    )  # fmt: skip
    assert signed_in.status_code == 302, signed_in.text[:500]
    return session


def _api(cluster: Cluster, email: str) -> requests.Session:
    token = requests.post(
        cluster.base + "/api/v1/tokens", json={"email": email, "password": PASSWORD},
        verify=cluster.cert, timeout=30,
    ).json()["token"]  # fmt: skip
    session = _session(cluster)
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def _ready(api: requests.Session, cluster: Cluster, media_id: int, timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        media = api.get(f"{cluster.base}/api/v1/media/{media_id}", timeout=30).json()
        if media["status"] in ("ready", "failed"):
            return media
        time.sleep(0.3)
    raise AssertionError(f"media {media_id} still {media['status']}")


def _upload_video(api: requests.Session, cluster: Cluster, booth_id: int) -> int:
    video = cluster.tmp / "stand.mp4"
    make_large_mp4(video, target=12 * MiB)
    size = video.stat().st_size
    started = api.post(
        f"{cluster.base}/api/v1/booths/{booth_id}/media",
        json={"kind": "video", "filename": "stand.mp4", "content_type": "video/mp4",
              "size": size},
        timeout=30,
    )  # fmt: skip
    assert started.status_code == 201, started.text
    media_id, spec = started.json()["media"]["id"], started.json()["upload"]
    assert spec["method"] == "multipart"
    numbers = list(range(1, spec["part_count"] + 1))
    signed = api.post(
        f"{cluster.base}/api/v1/media/{media_id}/parts", json={"part_numbers": numbers},
        timeout=30,
    ).json()["parts"]  # fmt: skip
    parts = []
    with video.open("rb") as source:
        for part in signed:
            source.seek((part["part_number"] - 1) * spec["part_size"])
            put = requests.put(part["url"], data=source.read(spec["part_size"]), timeout=60)
            assert put.status_code == 200, put.text
            parts.append({"part_number": part["part_number"], "etag": put.headers["ETag"]})
    done = api.post(
        f"{cluster.base}/api/v1/media/{media_id}/complete", json={"parts": parts}, timeout=60
    )
    assert done.status_code == 202, done.text
    return media_id


def _upload_photo(api: requests.Session, cluster: Cluster, booth_id: int, data: bytes) -> int:
    started = api.post(
        f"{cluster.base}/api/v1/booths/{booth_id}/media",
        json={"kind": "image", "filename": "hall.jpg", "content_type": "image/jpeg",
              "size": len(data)},
        timeout=30,
    ).json()  # fmt: skip
    upload = started["upload"]
    posted = requests.post(
        upload["url"], data=upload["fields"], files={"file": ("hall.jpg", data, "image/jpeg")},
        timeout=60,
    )  # fmt: skip
    assert posted.status_code in (200, 201, 204), posted.text
    media_id = started["media"]["id"]
    done = api.post(f"{cluster.base}/api/v1/media/{media_id}/complete", timeout=60)
    assert done.status_code == 202, done.text
    return media_id


def test_the_whole_flow_through_nginx_across_two_app_processes(cluster: Cluster):
    portal = _sign_in(cluster, "ann@acme.example")
    assert "Acme Wafers" in portal.get(cluster.base + "/portal/", timeout=30).text
    exhibitor = _api(cluster, "ann@acme.example")
    organizer = _api(cluster, "org@cluster.example")
    created = exhibitor.post(
        cluster.base + "/api/v1/booths",
        json={"title": "Wafer line", "sector": "semiconductors", "summary": "300 mm"},
        timeout=30,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    booth_id = created.json()["booth_id"]

    media_id = _upload_video(exhibitor, cluster, booth_id)
    media = _ready(exhibitor, cluster, media_id)
    assert media["status"] == "ready", media
    draft = exhibitor.get(f"{cluster.base}/api/v1/booths/{booth_id}/draft", timeout=30).json()
    saved = exhibitor.patch(
        f"{cluster.base}/api/v1/booths/{booth_id}/draft",
        json={"version": draft["version"], "blocks": [
            {"type": "text", "markdown": "Our **300 mm** line."},
            {"type": "video", "media_id": media_id, "caption": "The line"},
        ]},
        timeout=30,
    )  # fmt: skip
    assert saved.status_code == 200, saved.text
    submitted = exhibitor.post(f"{cluster.base}/api/v1/booths/{booth_id}/submit", timeout=30)
    assert submitted.status_code == 202, submitted.text

    # Both processes hold the sector page in their page cache before the approval...
    for app in cluster.apps:
        for _ in range(2):
            assert (
                "Wafer line" not in requests.get(app + "/sectors/semiconductors", timeout=30).text
            )
    submission = submitted.json()["submission"]["id"]
    approved = organizer.post(
        f"{cluster.base}/api/v1/moderation/submissions/{submission}/approve", timeout=30
    )
    assert approved.status_code == 200, approved.text
    # ...and both show the booth at once after it: the content version is shared in Redis.
    for app in [*cluster.apps, cluster.base]:
        page = requests.get(app + "/sectors/semiconductors", verify=cluster.cert, timeout=30)
        assert "Wafer line" in page.text, app
        assert (
            "Wafer line"
            in requests.get(f"{app}/booths/{booth_id}", verify=cluster.cert, timeout=30).text
        )

    # Views counted by each process add up.
    for app, views in ((cluster.apps[0], 3), (cluster.apps[1], 2)):
        for _ in range(views):
            counted = requests.post(
                app + "/count", data={"kind": "view", "booth": str(booth_id)},
                headers={"Origin": app, "User-Agent": "Mozilla/5.0 (cluster test)"}, timeout=30,
            )  # fmt: skip
            assert counted.status_code == 204, counted.text
    deadline = time.monotonic() + 20
    while organizer.get(cluster.base + "/api/v1/report", timeout=30).json()["views"] < 5:
        assert time.monotonic() < deadline, "the views did not add up"
        time.sleep(0.5)
    assert organizer.get(cluster.base + "/api/v1/report", timeout=30).json()["views"] == 5

    # A visitor's message arrives.
    lead = requests.post(
        f"{cluster.base}/booths/{booth_id}/contact",
        data={"name": "Li Wei", "email": "li@example.com", "message": "Price list, please.",
              "consent": "y"},
        headers={"Origin": cluster.base}, verify=cluster.cert, timeout=30, allow_redirects=False,
    )  # fmt: skip
    assert lead.status_code == 302, lead.text[:500]
    leads = exhibitor.get(cluster.base + "/api/v1/leads", timeout=30).json()
    assert [item["email"] for item in leads] == ["li@example.com"]

    # Every response through nginx named its request, with nginx's id.
    assert re.fullmatch(r"[0-9a-f]{32}", cluster.get("/").headers["X-Request-ID"])


def test_a_worker_killed_mid_job_leaves_its_item_to_the_other(cluster: Cluster):
    exhibitor = _api(cluster, "ann@acme.example")
    booth_id = exhibitor.post(
        cluster.base + "/api/v1/booths",
        json={"title": "Second booth", "sector": "semiconductors", "summary": ""}, timeout=30,
    ).json()["booth_id"]  # fmt: skip
    engine = cluster.db()
    photo = make_photo(7000, 7000, seed=3)
    try:
        for _attempt in range(3):
            cluster.signal("worker0", signal.SIGSTOP)
            cluster.signal("worker1", signal.SIGSTOP)
            media_id = _upload_photo(exhibitor, cluster, booth_id, photo)
            cluster.signal("worker0", signal.SIGCONT)
            caught = False
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                with engine.connect() as connection:
                    status, in_worker = connection.execute(
                        sa.text("SELECT status, in_worker FROM media_item WHERE id = :id"),
                        {"id": media_id},
                    ).one()
                if in_worker and status == "processing":
                    cluster.kill("worker0")  # mid-job
                    caught = True
                    break
                if status != "processing":
                    break
                time.sleep(0.01)
            cluster.signal("worker1", signal.SIGCONT)
            if caught:
                break
        assert caught, "the job always finished before the worker could be killed"
        media = _ready(exhibitor, cluster, media_id, timeout=60)
        assert media["status"] == "ready", media
        with engine.connect() as connection:
            attempts = connection.execute(
                sa.text("SELECT attempts FROM media_item WHERE id = :id"), {"id": media_id}
            ).scalar_one()
        assert attempts == 2  # the killed worker's, then the other's
    finally:
        engine.dispose()


def _wrk(url: str, cert: str) -> float:
    """Requests per second wrk reaches on `url` (HTTPS, keep-alive) over 5 seconds."""
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("wrk") or "wrk", "-t2", "-c16", "-d5s", url],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    found = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    assert found, done.stdout
    return float(found.group(1))


def test_cached_page_throughput_through_nginx_with_one_and_two_app_processes(cluster: Cluster):
    if not shutil.which("wrk"):
        if os.environ.get("CI"):
            pytest.fail("needs wrk (apt-get install wrk)")
        pytest.skip("needs wrk")
    apps = [address.removeprefix("http://") for address in cluster.apps]
    figures = {}
    for label, upstreams in (("one app process", apps[:1]), ("two app processes", apps)):
        cluster.reload_nginx(upstreams)
        cluster.get("/")  # fill each page cache
        figures[label] = _wrk(cluster.base + "/", cluster.cert)
    print("\n   cached home page through nginx (TLS, wrk -t2 -c16 -d5s): "
          + ", ".join(f"{label} {rps:.0f} req/s" for label, rps in figures.items()))  # fmt: skip
    assert all(rps > 0 for rps in figures.values())


def test_an_app_process_killed_leaves_the_site_answering(cluster: Cluster):
    apps = [address.removeprefix("http://") for address in cluster.apps]
    cluster.reload_nginx(apps)
    cluster.kill("app0")
    answers = [cluster.get("/").status_code for _ in range(20)]
    answers += [cluster.get("/healthz").status_code for _ in range(10)]
    assert answers == [200] * 30
    ready = cluster.get("/readyz")
    assert ready.json() == {"database": "ok", "redis": "ok", "storage": "ok"}
