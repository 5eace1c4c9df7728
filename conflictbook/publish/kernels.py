"""Kernels reached by Unix sockets in a folder of their own, not by TCP ports.

jupyter_client picks a kernel's five TCP ports by binding to port 0 and letting go, and the kernel
binds them a moment later: a connection opened anywhere on the machine in between can take one
("Address already in use"), and the kernel dies at start. It did twice in one afternoon here, with
three kernels starting at once. `make book`'s executor (`build._run`) and strict nbval (this module
loaded as a pytest plugin: `pytest -p conflictbook.publish.kernels --nbval ...`) use these managers
instead. On Windows, without Unix sockets, they are the usual TCP ones."""

from __future__ import annotations

import os
import shutil
import tempfile

from jupyter_client.manager import AsyncKernelManager, KernelManager

__all__ = ["SocketFolderKernelManager", "AsyncSocketFolderKernelManager", "pytest_configure"]


class _SocketFolder:
    """A kernel manager whose kernel listens on Unix sockets in a new temporary folder, removed
    when the kernel is shut down (kept across a restart)."""

    def __init__(self, **kwargs):
        if os.name != "nt" and "transport" not in kwargs:
            folder = tempfile.mkdtemp(prefix="conflictbook-kernel-")
            kwargs = {"transport": "ipc", "ip": os.path.join(folder, "k"), **kwargs}
        super().__init__(**kwargs)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if self.transport == "ipc" and not restart:
            shutil.rmtree(os.path.dirname(self.ip), ignore_errors=True)


class SocketFolderKernelManager(_SocketFolder, KernelManager):
    """For callers that drive a kernel synchronously (nbval)."""


class AsyncSocketFolderKernelManager(_SocketFolder, AsyncKernelManager):
    """For nbclient, which drives its kernel manager asynchronously."""


def pytest_configure(config) -> None:
    """As a pytest plugin: the kernels nbval starts use Unix sockets too."""
    import nbval.kernel

    nbval.kernel.KernelManager = SocketFolderKernelManager
