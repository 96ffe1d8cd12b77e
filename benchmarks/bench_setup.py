"""Time from a fresh clone to a JupyterLab ready to use with `make lab`.

    python benchmarks/bench_setup.py

Clones this repository into a temporary folder, runs `make lab` there (which creates .venv
and installs the project with its notebook extras), and polls JupyterLab's /api/status on
127.0.0.1 until it answers; prints the seconds, then stops the server and removes the clone.
pip's download cache is whatever this machine has: the first run on a new machine also
downloads the packages.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "unrolled"
        start = time.perf_counter()
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        lab_args = (f"--no-browser --ip=127.0.0.1 --port={port} --port-retries=0 --allow-root "
                    f"--ServerApp.token= --ServerApp.password=")
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(Path(tmp) / "cfg"),
               "JUPYTER_RUNTIME_DIR": str(Path(tmp) / "rt")}
        proc = subprocess.Popen(["make", "lab", f"LAB_ARGS={lab_args}"], cwd=clone, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            while True:
                if proc.poll() is not None:
                    print("make lab exited before JupyterLab was ready", file=sys.stderr)
                    return 1
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=1)
                    break
                except OSError:
                    time.sleep(0.5)
            ready = time.perf_counter() - start
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    print(f"fresh clone -> `make lab` -> JupyterLab ready: {ready:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
