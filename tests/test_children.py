"""Helper processes die with the process that made them, even when it is killed outright.

A forked child waits on a pipe its siblings also hold, so after ``kill -9`` of the parent (or
the out-of-memory killer) it would wait for ever, holding its memory.  Each kind of child is
made by a small script, the script is killed with SIGKILL, and its children must be gone
within seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(os, "fork"), reason="Linux only")

#: prints the pids of the script's children once they exist, then waits to be killed
_TAIL = """
import time
from pathlib import Path

def children():
    me = os.getpid()
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:
            out.append(int(stat.parent.name))
    return out

for _ in range(200):
    if len(children()) >= WANT:
        break
    time.sleep(0.05)
print(" ".join(map(str, children())), flush=True)
time.sleep(120)
"""

SCRIPTS = {
    "a child doing part of the alignment (Pending)": (
        "import os\nfrom subconv.align._parallel import Pending, can_fork\n"
        "assert can_fork(), 'no second core'\np = Pending(time.sleep, 120)\nWANT = 1\n"
    ),
    "the alignment's worker processes": (
        "import os\nfrom subconv.align.acoustic import _Jobs\n"
        "jobs = _Jobs(None, 2)\nfut = jobs.submit(('closed',))\nWANT = 2\n"
    ),
    "the child reading a page ahead (Ahead)": (
        "import os\nfrom subconv.ahead import Ahead\nahead = Ahead(time.sleep, batch=1)\nahead.submit(120)\nWANT = 1\n"
    ),
    "a batch's worker processes (--jobs)": (
        "import os\nfrom subconv.engines import LocalEngine\n"
        "engine = LocalEngine(2)\nfut = engine.submit(time.sleep, 120)\nWANT = 2\n"
    ),
}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie is dead, waiting for its new parent to reap it


@pytest.mark.parametrize("kind", list(SCRIPTS))
def test_children_die_when_their_parent_is_killed(kind: str) -> None:
    if (os.cpu_count() or 1) < 2 or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: the work runs in the process itself, with no child")
    script = "import time\n" + SCRIPTS[kind] + textwrap.dedent(_TAIL)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        kids = [int(p) for p in line.split()]
        assert kids, f"{kind}: no child was made"
        assert all(_alive(k) for k in kids)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(k) for k in kids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(k) for k in kids), f"{kind}: {kids} outlived their parent"
    finally:
        if proc.poll() is None:
            proc.kill()
        for k in kids if "kids" in locals() else []:
            if _alive(k):
                os.kill(k, signal.SIGKILL)
