"""Kernels forked from one warm process, so a notebook's kernel starts with ipykernel, IPython,
numpy, pandas, matplotlib and networkx already imported: that part of each kernel's start is
paid once per build instead of once per notebook. Linux only (fork after these imports is not
safe on macOS); elsewhere, or when the warm process cannot start, kernels start as usual. A
kernel forked here gives the same outputs, byte for byte, as one started afresh (checked on
every chapter, images included, before this was used; tests/test_warm_kernels.py keeps it).

`make book` (publish.build.execute) starts the warm process (`serve`) for its executions and
names its socket in $CONFLICTBOOK_WARM_KERNELS; the kernel spec it points nbclient at runs
`launch`, which asks the warm process for a kernel, hands it its own stdin, stdout and stderr,
forwards interrupts and lives exactly as long as the kernel (so jupyter_client can watch and
stop it as it would the kernel itself). Without the variable or the socket, `launch` becomes a
plain ipykernel. Both run this file as a script, so nothing of conflictbook (nor pandas, which
it imports) is loaded before the fork: each kernel imports, and so records as its dependencies
(data.deps), only the modules its own cells ask for.
Strict nbval (`make test`) does not use this: it checks fresh kernels of a `pip install .` venv.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

__all__ = [
    "SOCKET_ENV",
    "FRESH_ENV",
    "PRELOADED",
    "available",
    "start",
    "kernel_spec_dir",
    "forked_kernels",
    "main",
]

SOCKET_ENV = "CONFLICTBOOK_WARM_KERNELS"
FRESH_ENV = "CONFLICTBOOK_FRESH_KERNELS"  # set (to anything): every kernel starts afresh
PRELOADED = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "IPython.core.interactiveshell",
    "numpy",
    "networkx",
    "pandas",
    "matplotlib",
)
# what a kernel's surroundings look like to a module imported in it (see _as_in_a_kernel)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def available() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def kernel_spec_dir(folder: Path) -> Path:
    """A Jupyter data folder whose `python3` kernel is `launch`: put it first in JUPYTER_PATH."""
    spec = Path(folder) / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, __file__, "launch"]  # a script: `-m` would import conflictbook
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [*argv, "-f", "{connection_file}"],
                "display_name": "Python 3 (forked from a warm process)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    return Path(folder)


def start(socket_path: Path, timeout: float = 60.0) -> subprocess.Popen | None:
    """Start the warm process; None (kernels then start as usual) if it is not ready in time."""
    if not available():
        return None
    Path(socket_path).unlink(missing_ok=True)
    proc = subprocess.Popen(
        [sys.executable, __file__, "serve", str(socket_path)],  # not -m: see kernel_spec_dir
        stdout=subprocess.PIPE,
        text=True,
    )
    said, answered = [], threading.Event()  # "ready", or nothing if it failed on its way up

    def listen() -> None:
        said.append(proc.stdout.readline())
        answered.set()

    threading.Thread(target=listen, daemon=True).start()
    if answered.wait(timeout) and said == ["ready\n"] and proc.poll() is None:
        return proc
    proc.kill()
    proc.wait()
    proc.stdout.close()
    return None


@contextlib.contextmanager
def forked_kernels():
    """While the block runs, `python3` kernels started in this process or its children are forked
    from a warm process, where the platform allows (otherwise they start as usual). The socket
    lives in a private temporary folder (mode 0700: only this user can ask it for a kernel)."""
    folder = Path(tempfile.mkdtemp(prefix="cb-kernels-"))  # short: a socket path has a limit
    server = None if os.environ.get(FRESH_ENV) else start(folder / "warm.sock")
    saved = {k: os.environ.get(k) for k in (SOCKET_ENV, "JUPYTER_PATH")}
    if server is not None:
        os.environ[SOCKET_ENV] = str(folder / "warm.sock")
        spec = str(kernel_spec_dir(folder / "jupyter"))
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [spec, saved["JUPYTER_PATH"]]))
    try:
        yield server is not None
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if server is not None:
            server.terminate()
            server.wait()
            server.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)


def _reap(*_) -> None:
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


class _KernelShell:
    kernel = None  # pandas asks get_ipython() whether it has a kernel


def _as_in_a_kernel(names) -> None:
    """Import modules as a kernel's first cell would: two read their surroundings when imported.
    pandas shows 20 columns in a kernel and fits a terminal's width elsewhere; matplotlib takes
    its backend from MPLBACKEND, which ipykernel sets (unless the user has) before any cell."""
    import builtins
    import importlib

    saved_backend = os.environ.get("MPLBACKEND")
    if not saved_backend:
        os.environ["MPLBACKEND"] = INLINE_BACKEND
    builtins.get_ipython = _KernelShell
    try:
        for name in names:
            importlib.import_module(name)
    finally:
        del builtins.get_ipython
        if not saved_backend:
            del os.environ["MPLBACKEND"]


def _serve(socket_path: str) -> None:
    _as_in_a_kernel(PRELOADED)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(socket_path)
    server.listen(16)
    signal.signal(signal.SIGCHLD, _reap)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    print("ready", flush=True)
    while True:
        try:
            conn, _ = server.accept()
        except InterruptedError:
            continue
        message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
        request = json.loads(message)
        pid = os.fork()
        if pid == 0:
            server.close()
            conn.close()
            _run_kernel(request, fds)  # never returns
        for fd in fds:
            os.close(fd)
        conn.sendall(f"{pid}\n".encode())
        conn.close()


def _run_kernel(request: dict, fds: list[int]) -> None:
    """In the forked child: become the kernel the launcher would have started."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for target, fd in enumerate(fds):  # the launcher's stdin, stdout, stderr
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path[0] = os.getcwd()  # as `python -m ipykernel_launcher` run there would have it
    import random

    random.seed()  # fresh entropy, as a fresh process has (not the warm process's state)
    if "numpy.random" in sys.modules:
        sys.modules["numpy.random"].seed()
    launcher = request["launcher"]

    def watch() -> None:  # the launcher killed (a kernel stopped at once): stop too
        while True:
            try:
                os.kill(launcher, 0)
            except ProcessLookupError:
                os._exit(1)
            time.sleep(0.1)

    threading.Thread(target=watch, daemon=True).start()
    from ipykernel.kernelapp import IPKernelApp

    # traits whose defaults were read from the environment when the warm process imported them
    parent = os.environ.get("JPY_PARENT_PID")
    extra = [f"--IPKernelApp.parent_handle={parent}"] if parent else []
    try:
        IPKernelApp.launch_instance(argv=[*request["argv"], *extra])
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def _plain_kernel(argv: list[str]) -> None:
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *argv])


def _launch(argv: list[str]) -> None:
    path = os.environ.get(SOCKET_ENV)
    if not path or not available():
        _plain_kernel(argv)
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(path)
    except OSError:
        _plain_kernel(argv)
    request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ), "launcher": os.getpid()}
    try:
        socket.send_fds(conn, [json.dumps(request).encode()], [0, 1, 2])
        pid = int(conn.makefile().readline())
    except (OSError, ValueError):  # the warm process went away: a kernel of our own
        _plain_kernel(argv)
    conn.close()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT):  # interrupts reach the kernel
        signal.signal(sig, lambda signum, _frame: os.kill(pid, signum))
    while True:  # the kernel is not our child: watch it until it exits
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            sys.exit(0)
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        _serve(argv[1])
    elif argv[:1] == ["launch"]:
        _launch(argv[1:])
    else:
        raise SystemExit(
            "usage: python -m conflictbook.publish.warm_kernels serve SOCKET | launch -f FILE"
        )


if __name__ == "__main__":
    main()
