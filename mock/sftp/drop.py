"""What the app and `serve` know of the SFTP drop without loading SSH: its app key, its error,
its login lines. asyncssh is a fifth of the server's start-up, so it is loaded (mock/sftp/server.py)
only when a drop is served."""

from aiohttp import web

UPLOAD_EXTENSIONS = ("csv", "xlsx", "xls", "ods", "xml")


class HostKeyError(ValueError):
    """The host key file given could not be read."""


def login_help(host: str, port: int, fingerprint: str, customer: str = "6500", key: str = "demo-key") -> str:
    """The lines `serve` prints about the drop, in the style of its banner."""
    extensions = " ".join(f".{e}" for e in UPLOAD_EXTENSIONS)
    return "\n".join(
        [
            f"  SFTP drop     sftp -P {port} {customer}@{host}"
            f"  (user: a customer number, password: one of its API keys, e.g. {key})",
            f"                put {extensions} in /upload (each file becomes a batch), get /results/*",
            f"                host key {fingerprint}",
        ]
    )


# The SftpDrop (mock/sftp/server.py) a server runs; not named here, which would load asyncssh.
SFTP_DROP = web.AppKey("sftp_drop")
