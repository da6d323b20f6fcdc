"""The long-lived harness worker: a trusted parent that forks one child per piece of work.

The parent (the "zygote") has imported torch and the harness modules once, and never loads a problem, a
candidate or runs torch work itself (forking after OpenMP threads started makes the child hang). For
each request it forks a child, which starts from the parent's pristine interpreter: nothing one
candidate does can reach the next. The candidate's child sends its result over a pipe; for check and
timing a second child, the judge, which never loaded the candidate, then compares the outputs the first
one wrote. A child past its time is killed with its whole process group. Only the parent writes to
stdout: one JSON verdict line per request, tagged with the request's id and nonce.
"""

import json
import os
import random
import select
import shutil
import signal
import sys
import tempfile
import time

_MAX_RESULT = 4 << 20
# the timed calls of a candidate whose results the judge compares with the reference
VERIFIED_CALLS = 3


def _transfer_root(plan_path):
    """Memory-backed when the machine has it (candidate outputs are written and read once)."""
    shm = "/dev/shm"
    if os.path.isdir(shm) and os.access(shm, os.W_OK):
        return shm
    return os.path.dirname(os.path.abspath(plan_path))


def _log_tail(path, limit=2000):
    try:
        with open(path, "rb") as f:
            f.seek(max(0, os.path.getsize(path) - limit))
            return f.read().decode("utf8", "replace").strip()
    except OSError:
        return ""


class KeepOracle:
    """Answers the candidate's process, after each timed call has returned, whether to keep that call's
    result for the judge: the calls are picked here, so the candidate cannot know beforehand which of
    its calls will be verified. Every timed call must be asked about once, in order."""

    def __init__(self, first, count, picks):
        self.next = first
        self.end = first + count
        self.picks = set(picks)
        self.tampered = False
        self.buffer = b""

    def answer(self, data, ans_fd):
        self.buffer += data
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            try:
                i = int(line)
            except ValueError:
                i = -1
            if i != self.next or i >= self.end:
                self.tampered = True
                os.write(ans_fd, b"x\n")
                continue
            self.next += 1
            os.write(ans_fd, b"1\n" if i in self.picks else b"0\n")


def run_child(work, timeout_s, log_path, oracle=None):
    """Forks a child that runs work(fd, channel) (which ends by writing its result to fd); returns (result, reason).
    channel: (request fd, answer fd) of the keep oracle, when there is one."""
    r, w = os.pipe()
    q_r, q_w = os.pipe() if oracle else (None, None)
    a_r, a_w = os.pipe() if oracle else (None, None)
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.close(r)
            if oracle:
                os.close(q_r)
                os.close(a_w)
            os.setpgid(0, 0)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            # the candidate's prints go to a log, never to the worker's stdout (the verdict channel)
            os.dup2(log, 1)
            os.dup2(log, 2)
            sys.stdout = os.fdopen(1, "w", buffering=1)
            sys.stderr = os.fdopen(2, "w", buffering=1)
            work(w, (q_w, a_r) if oracle else None)
        except BaseException:  # noqa: BLE001 - whatever escapes is reported through the log
            import traceback
            traceback.print_exc()
        os._exit(70)
    os.close(w)
    if oracle:
        os.close(q_w)
        os.close(a_r)
    deadline = time.monotonic() + timeout_s
    data = b""
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([r] + ([q_r] if oracle else []), [], [], min(left, 1.0))
        if oracle and q_r in ready:
            asked = os.read(q_r, 4096)
            if asked:
                oracle.answer(asked, a_w)
        if r in ready:
            chunk = os.read(r, 1 << 16)
            if not chunk:
                break
            data += chunk
            if len(data) > _MAX_RESULT:
                break
            if data.endswith(b"\n") and data.strip():
                break
    os.close(r)
    if oracle:
        os.close(q_r)
        os.close(a_w)
    try:
        os.killpg(pid, signal.SIGKILL)  # the child (if still running) and anything it started
    except OSError:
        pass
    _, status = os.waitpid(pid, 0)
    for line in reversed(data.decode("utf8", "replace").strip().split("\n")):
        try:
            result = json.loads(line)
        except ValueError:
            continue
        if isinstance(result, dict):
            return result, ""
    if timed_out:
        return None, "timed out after %d s (killed)" % timeout_s
    tail = _log_tail(log_path)
    how = "was killed by signal %d" % os.WTERMSIG(status) if os.WIFSIGNALED(status) else "exited with code %d" % os.WEXITSTATUS(status)
    return None, "the candidate's process %s without a result%s" % (how, (": " + tail.splitlines()[-1][:300]) if tail else "")


def handle(plan_path, req, child_work, judge_work):
    """One request: the work in a child, then (for check and candidate timing) the judge in another."""
    cmd = str(req.get("cmd", ""))
    timeout_s = max(1.0, float(req.get("timeoutMs", 600000)) / 1000)
    xfer = tempfile.mkdtemp(prefix="ko-xfer-%d-" % os.getpid(), dir=_transfer_root(plan_path))
    try:
        start = time.monotonic()
        args = [str(a) for a in req.get("args", [])]
        judged = cmd == "check" or (cmd == "time" and len(args) == 4 and args[1] == "1")
        oracle = None
        if cmd == "time" and judged:
            warmup, iters = int(args[2]), int(args[3])
            picks = random.SystemRandom().sample(range(warmup, warmup + iters), min(VERIFIED_CALLS, iters))
            oracle = KeepOracle(warmup, iters, picks)
        result, reason = run_child(lambda fd, channel: child_work(plan_path, req, xfer, fd, channel), timeout_s, os.path.join(xfer, "child.log"), oracle)
        if result is None:
            return {"ok": False, "crash": reason, "reason": reason}
        if oracle and result.get("ok") is True and (oracle.tampered or oracle.next != oracle.end):
            return {"ok": False, "reason": "the timed calls did not follow the harness's protocol (the candidate interfered with the harness's channel to the worker)"}
        if not judged or result.get("ok") is not True:
            result.pop("cases", None)
            result.pop("kept", None)
            return result
        left = max(30.0, timeout_s - (time.monotonic() - start))
        if oracle:
            result["picks"] = sorted(oracle.picks)
        verdict, reason = run_child(lambda fd, _: judge_work(plan_path, req, xfer, result, fd), left, os.path.join(xfer, "judge.log"))
        if verdict is None:
            return {"ok": False, "stage": "harness", "reason": "the judge failed: " + reason}
        if cmd == "time" and verdict.get("ok") is True:
            result.pop("kept", None)
            result.pop("picks", None)
            result["verified"] = verdict.get("verified", [])
            return result
        return verdict
    finally:
        shutil.rmtree(xfer, ignore_errors=True)


def _remove_stale(root):
    """Transfer folders left by workers that were killed mid-request (named after their worker's pid)."""
    for name in os.listdir(root):
        parts = name.split("-")
        if not name.startswith("ko-xfer-") or len(parts) < 4 or not parts[2].isdigit():
            continue
        try:
            os.kill(int(parts[2]), 0)
        except ProcessLookupError:
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)
        except OSError:
            pass


def serve(plan_path, child_work, judge_work, extra):
    """Reads one JSON request a line until stdin ends; writes one verdict line for each."""
    _remove_stale(_transfer_root(plan_path))
    out = sys.stdout
    out.write(json.dumps({"ready": True, **extra}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
        except ValueError:
            continue
        nonce = str(req.pop("nonce", ""))
        rid = req.get("id")
        try:
            verdict = handle(plan_path, req, child_work, judge_work)
        except Exception as e:  # noqa: BLE001 - the worker's own failure, reported for this request
            verdict = {"ok": False, "stage": "harness", "reason": "the harness worker failed: %s: %s" % (type(e).__name__, e)}
        verdict["id"] = rid
        verdict["nonce"] = nonce
        out.write("\n" + json.dumps(verdict) + "\n")
        out.flush()
