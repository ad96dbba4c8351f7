"""One tenant's view over SFTP: `/upload` takes import files (each closed upload becomes a batch,
nothing is kept, so the folder always lists empty) and `/results` serves the result files, read-only."""

import base64
import errno
import os
import posixpath
import stat
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import asyncssh
from asyncssh import SFTPAttrs, SFTPName

from ..core.errors import MockError
from ..imports.files import MAX_FILE_BYTES
from ..registry import Registry
from ..world import World
from .drop import UPLOAD_EXTENSIONS

UPLOAD = "/upload"
RESULTS = "/results"

_DIRECTORY = SFTPAttrs(permissions=stat.S_IFDIR | 0o755, size=0)
_RESULT_MODE = stat.S_IFREG | 0o444
_READ_ONLY = "the SFTP drop takes uploads in /upload only and serves /results read-only"


@dataclass
class _Upload:
    """A file being written to /upload; it becomes a batch when the client closes it."""

    name: str
    extension: str
    data: bytearray = field(default_factory=bytearray)
    refused: str | None = None  # why a write was refused; the upload then never becomes a batch


@dataclass
class _Download:
    content: bytes

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Answers asyncssh's sparse-file probe (`ranges@asyncssh.com`, which its client's `get`
        sends): a result file is data from start to end, with no holes."""
        if whence == os.SEEK_DATA and offset >= len(self.content):
            raise OSError(errno.ENXIO, "no data past the end of the file")
        return len(self.content) if whence == os.SEEK_HOLE else offset


class TenantFiles(asyncssh.SFTPServer):
    """The SFTP session of the tenant whose customer number the client logged in with."""

    def __init__(self, chan: asyncssh.SSHServerChannel, registry: Registry) -> None:
        super().__init__(chan)
        self._registry = registry
        self._customer = str(chan.get_extra_info("username"))

    # Looked up on every request: a tenant reset or restored through the control API is a new
    # World under the same customer number, and an open session should see the new one.
    def _world(self) -> World:
        world = self._registry.by_customer(self._customer)
        if world is None:
            raise asyncssh.SFTPFailure(f"tenant {self._customer} no longer exists on this mock")
        return world

    def _results(self) -> dict[str, bytes]:
        # Oldest first: a later file of the same name wins.
        return {f.name: bytes(f.content) for f in self._world().results.files}

    def realpath(self, path: bytes) -> bytes:
        return _normal(path).encode()

    def stat(self, path: bytes) -> SFTPAttrs:
        path_ = _normal(path)
        if path_ in ("/", UPLOAD, RESULTS):
            return _DIRECTORY
        folder, name = posixpath.split(path_)
        content = self._results().get(name) if folder == RESULTS else None
        if content is None:
            raise asyncssh.SFTPNoSuchFile(f"{path_}: no such file")
        return SFTPAttrs(permissions=_RESULT_MODE, size=len(content))

    lstat = stat

    async def scandir(self, path: bytes) -> AsyncIterator[SFTPName]:
        path_ = _normal(path)
        if path_ == "/":
            entries = {"upload": _DIRECTORY, "results": _DIRECTORY}
        elif path_ == UPLOAD:
            entries = {}
        elif path_ == RESULTS:
            entries = {
                name: SFTPAttrs(permissions=_RESULT_MODE, size=len(content))
                for name, content in self._results().items()
            }
        else:
            raise asyncssh.SFTPNoSuchFile(f"{path_}: no such directory")
        for name, attrs in entries.items():
            yield SFTPName(name.encode(), attrs=attrs)

    def open(self, path: bytes, pflags: int, attrs: SFTPAttrs) -> object:
        path_ = _normal(path)
        folder, name = posixpath.split(path_)
        writing = bool(pflags & (asyncssh.FXF_WRITE | asyncssh.FXF_APPEND | asyncssh.FXF_CREAT))
        if path_ in ("/", UPLOAD, RESULTS):
            raise asyncssh.SFTPFailure(f"{path_}: is a directory")
        if folder == UPLOAD and writing:
            return _Upload(name, _upload_extension(path_))
        if folder == RESULTS and not writing:
            content = self._results().get(name)
            if content is None:
                raise asyncssh.SFTPNoSuchFile(f"{path_}: no such result file")
            return _Download(content)
        if writing:
            raise asyncssh.SFTPPermissionDenied(f"{path_}: {_READ_ONLY}")
        raise asyncssh.SFTPNoSuchFile(f"{path_}: no such file (uploads are not kept; see the batches)")

    def read(self, file_obj: object, offset: int, size: int) -> bytes:
        if not isinstance(file_obj, _Download):
            raise asyncssh.SFTPPermissionDenied("an upload cannot be read back")
        return file_obj.content[offset : offset + size]

    def write(self, file_obj: object, offset: int, data: bytes) -> int:
        if not isinstance(file_obj, _Upload):
            raise asyncssh.SFTPPermissionDenied(_READ_ONLY)
        if file_obj.refused is None and offset + len(data) > MAX_FILE_BYTES:
            # Checked before anything is allocated: a write far past the end would zero-fill up to it.
            file_obj.refused = (
                f"{UPLOAD}/{file_obj.name}: expected a file of at most {MAX_FILE_BYTES:,} bytes, the limit "
                f"of an import file, got a write up to byte {offset + len(data):,}"
            )
            file_obj.data = bytearray()  # what was received is dropped at once, never kept
        if file_obj.refused is not None:
            raise asyncssh.SFTPFailure(file_obj.refused)
        buffer = file_obj.data
        if offset > len(buffer):
            buffer.extend(bytes(offset - len(buffer)))
        buffer[offset : offset + len(data)] = data
        return len(data)

    def close(self, file_obj: object) -> None:
        if not isinstance(file_obj, _Upload) or file_obj.refused is not None:
            return
        contents = base64.b64encode(bytes(file_obj.data)).decode("ascii")
        try:
            self._world().imports.add_file(file_obj.extension, contents)
        except MockError as error:
            raise asyncssh.SFTPFailure(f"{UPLOAD}/{file_obj.name}: {error.message}") from None

    def fstat(self, file_obj: object) -> SFTPAttrs:
        if isinstance(file_obj, _Upload):
            return SFTPAttrs(permissions=stat.S_IFREG | 0o644, size=len(file_obj.data))
        assert isinstance(file_obj, _Download)
        return SFTPAttrs(permissions=_RESULT_MODE, size=len(file_obj.content))

    # Clients set times and modes on what they upload (`put -p`); nothing is kept, so it is a no-op.
    def fsetstat(self, file_obj: object, attrs: SFTPAttrs) -> None:
        if not isinstance(file_obj, _Upload):
            raise asyncssh.SFTPPermissionDenied(_READ_ONLY)

    def fsync(self, file_obj: object) -> None:
        return None

    # Everything else would change the tree, which is fixed, or touch the real disk.
    def _refuse(self, *args: object) -> None:
        raise asyncssh.SFTPPermissionDenied(_READ_ONLY)

    setstat = lsetstat = remove = rename = posix_rename = mkdir = rmdir = _refuse
    readlink = symlink = link = _refuse

    def _unsupported(self, *args: object) -> None:
        raise asyncssh.SFTPOpUnsupported("not supported by the SFTP drop")

    statvfs = fstatvfs = lock = unlock = open56 = _unsupported


def _normal(path: bytes) -> str:
    text = path.decode("utf-8", errors="replace")
    return "/" + posixpath.normpath(posixpath.join("/", text)).lstrip("/")


def _upload_extension(path: str) -> str:
    extension = posixpath.splitext(path)[1].lstrip(".").lower()
    if extension not in UPLOAD_EXTENSIONS:
        expected = ", ".join(f".{e}" for e in UPLOAD_EXTENSIONS)
        got = f".{extension}" if extension else "no extension"
        raise asyncssh.SFTPPermissionDenied(f"{path}: expected a file ending in {expected}, got {got}")
    return extension
