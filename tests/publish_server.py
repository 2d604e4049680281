"""nginx (Debian's /usr/sbin/nginx) serving folders on loopback, for the publish tests and bench.

Unprivileged where it can be: a generated config in a temporary folder (pid, logs, temp paths
there), one ``server`` per folder, each on a free loopback port picked at run time. Run as root
(CI, the sandbox), its workers stay root so they can read pytest's private temporary folders.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """``Nginx([folder, ...])``: ``urls[i]`` is ``http://127.0.0.1:PORT/`` serving ``folder[i]``."""

    def __init__(self, roots: list[Path], cache: bool = True):
        self.dir = Path(tempfile.mkdtemp(prefix="storymap-nginx-"))
        self.ports = [_free_port() for _ in roots]
        self.urls = [f"http://127.0.0.1:{p}/" for p in self.ports]
        servers = "".join(
            f"  server {{ listen 127.0.0.1:{port}; root {Path(root).resolve()}; index index.html;\n"
            f"    location /assets/ {{ {'expires max; add_header Cache-Control immutable;' if cache else ''} }} }}\n"
            for port, root in zip(self.ports, roots))
        user = "user root;\n" if os.geteuid() == 0 else ""
        types = f"include {MIME_TYPES};" if MIME_TYPES.is_file() else "types { text/html html; }"
        conf = (f"{user}worker_processes 1;\ndaemon off;\npid {self.dir}/nginx.pid;\nerror_log {self.dir}/error.log;\n"
                "events { worker_connections 64; }\n"
                f"http {{ {types} default_type application/octet-stream; access_log {self.dir}/access.log;\n"
                "  types { application/geo+json geojson; }\n"
                f"  client_body_temp_path {self.dir}/body; proxy_temp_path {self.dir}/proxy;\n"
                f"  fastcgi_temp_path {self.dir}/fastcgi; uwsgi_temp_path {self.dir}/uwsgi; scgi_temp_path {self.dir}/scgi;\n"
                "  gzip on; gzip_types text/css application/javascript application/json image/svg+xml;\n"
                f"{servers}}}\n")
        (self.dir / "nginx.conf").write_text(conf)
        self.log = open(self.dir / "stderr.log", "w")
        self.proc = subprocess.Popen([NGINX, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf")],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited: {(self.dir / 'stderr.log').read_text()[-500:]}"
                                   f"{(self.dir / 'error.log').read_text()[-500:] if (self.dir / 'error.log').exists() else ''}")
            try:
                for url in self.urls:
                    urllib.request.urlopen(url, timeout=1).close()
                return
            except OSError as exc:
                if getattr(exc, "code", None):  # an HTTP error (404 on an empty folder): it is up
                    return
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("nginx did not answer in time")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
