"""A pool worker whose parent is gone ends silently (``derive report`` killed by SIGTERM mid-check).

It used to print ``Process ForkProcess-N: Traceback … BrokenPipeError`` when it sent its result
into the closed pipe.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import multiprocessing, time
from derive.verify.bounded import _serve

def work(task, progress):
    time.sleep(0.5)
    return task

ctx = multiprocessing.get_context("fork")
mine, child = ctx.Pipe()
proc = ctx.Process(target=_serve, args=(child, work, str, [mine]))
proc.start()
child.close()
mine.send("a task")
time.sleep(0.1)
mine.close()  # as if the parent were killed while the task runs
proc.join(30)
print("exit", proc.exitcode)
"""


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="no fork here")
def test_a_worker_whose_parent_is_gone_exits_without_a_traceback():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ran = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, env=env,
                         cwd=ROOT)
    assert ran.stdout.strip() == "exit 0"
    assert ran.stderr == ""
