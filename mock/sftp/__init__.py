"""The SFTP drop: the batch import over SFTP that addRecords(file) is the documented alternative of,
and the tenant's result files to fetch. One server for all tenants, nothing on the real disk."""

from .files import UPLOAD_EXTENSIONS, TenantFiles
from .server import SFTP_DROP, HostKeyError, SftpDrop, load_host_key, login_help, start_sftp

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
