"""The load of the throughput figures, in a process of its own on the other core: Debian's wrk
with bench/post.lua (installed with apt-get when missing and run as root), else the Python
generator of bench/python_load.py."""

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .processes import LOAD_CORE, pin

LUA = Path(__file__).with_name("post.lua")


@dataclass
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float


def generator(wanted: str) -> str:
    """'wrk' or 'python': `wanted`, or for 'auto' wrk when it is (or can be) installed."""
    if wanted != "auto":
        return wanted
    if shutil.which("wrk") is None and hasattr(os, "geteuid") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "wrk"], capture_output=True, check=False)
    return "wrk" if shutil.which("wrk") else "python"


def run(kind: str, url: str, body: Path, connections: int, seconds: float) -> Load:
    """POSTs `body` to `url` over `connections` connections for `seconds`; refuses a load in
    which any request failed (a refused body would measure the refusal)."""
    if kind == "wrk":
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(LUA), url, "--", str(body)]
    else:
        command = [sys.executable, "-m", "bench.python_load", url, str(body), str(connections), str(seconds)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pin(process.pid, LOAD_CORE)
    out, err = process.communicate()
    line = next((line for line in out.splitlines() if line.startswith("BENCH ")), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(f"{' '.join(command)} failed:\n{out}{err}")
    figures = json.loads(line.removeprefix("BENCH "))
    if figures["errors"] or not figures["requests"]:
        raise RuntimeError(f"{figures['errors']} failed requests of {figures['requests']} to {url}")
    return Load(figures["requests"] / figures["seconds"], figures["p50_ms"], figures["p99_ms"])
