"""The SFTP drop: the batch import over SFTP that addRecords(file) is the documented alternative of,
and the tenant's result files to fetch. One server for all tenants, nothing on the real disk.

What needs asyncssh (the drop itself, its files) is loaded on first use: a server without
`--sftp-port` never loads it."""

from importlib import import_module
from typing import Any

from .drop import SFTP_DROP, UPLOAD_EXTENSIONS, HostKeyError, login_help

__all__ = [
    "SFTP_DROP",
    "UPLOAD_EXTENSIONS",
    "HostKeyError",
    "SftpDrop",
    "TenantFiles",
    "load_host_key",
    "login_help",
    "start_sftp",
]

_LAZY = {"SftpDrop": "server", "load_host_key": "server", "start_sftp": "server", "TenantFiles": "files"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_LAZY[name]}", __name__), name)
