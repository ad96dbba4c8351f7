"""The SSH side of the SFTP drop: one listener for every tenant, a password login with the
tenant's customer number and any of its API keys, and nothing but the sftp subsystem."""

from collections.abc import AsyncIterator
from pathlib import Path

import asyncssh
from aiohttp import web

from ..registry import Registry
from .drop import HostKeyError
from .files import TenantFiles


class SftpDrop:
    """The SFTP drop of a registry: built with its host key (read or generated at once, so a bad
    key file fails before anything listens), then `start()`ed and `close()`d, or run as an
    aiohttp `cleanup_ctx` with `serving`. `port` is the bound one once started."""

    def __init__(
        self, registry: Registry, host: str, port: int, host_key: Path | asyncssh.SSHKey | None = None
    ) -> None:
        self.registry = registry
        self.host = host
        self.port = port
        self.host_key = host_key if isinstance(host_key, asyncssh.SSHKey) else load_host_key(host_key)
        self.host_key_fingerprint: str = self.host_key.get_fingerprint()
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._connections: set[asyncssh.SSHServerConnection] = set()

    async def start(self) -> None:
        self._acceptor = await asyncssh.create_server(
            lambda: _Login(self.registry, self._connections),
            self.host,
            self.port,
            server_host_keys=[self.host_key],
            sftp_factory=lambda chan: TenantFiles(chan, self.registry),
            allow_scp=False,
            agent_forwarding=False,
            x11_forwarding=False,
        )
        self.port = self._acceptor.get_port()

    async def close(self) -> None:
        """Stops listening and ends the sessions still open (an acceptor alone leaves them)."""
        if self._acceptor is not None:
            self._acceptor.close()
            await self._acceptor.wait_closed()
            self._acceptor = None
        for connection in list(self._connections):
            connection.close()
            await connection.wait_closed()
        self._connections.clear()

    async def serving(self, app: web.Application) -> AsyncIterator[None]:
        """For `app.cleanup_ctx`: the drop listens as long as the app runs."""
        await self.start()
        try:
            yield
        finally:
            await self.close()


class _Login(asyncssh.SSHServer):
    """Username: the tenant's customer number. Password: any of that tenant's API keys, from an
    address the key's IP restriction allows. No other accounts, no keys, no shell."""

    def __init__(self, registry: Registry, connections: set[asyncssh.SSHServerConnection]) -> None:
        self._registry = registry
        self._connections = connections
        self._connection: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._connection = conn
        self._connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._connection is not None:
            self._connections.discard(self._connection)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        world = self._registry.find(password)
        if world is None or world.tenant.customer != username:
            return False
        peer = self._connection.get_extra_info("peername") if self._connection else None
        address = peer[0] if peer else None
        key = next(k for k in world.tenant.api_keys if k.key == password)
        return key.allow_list.allows(address)


def load_host_key(path: Path | None) -> asyncssh.SSHKey:
    """The private key at `path` (OpenSSH or PEM, no passphrase), or a fresh ed25519 key."""
    if path is None:
        return asyncssh.generate_private_key("ssh-ed25519")
    try:
        return asyncssh.read_private_key(path)
    except (OSError, asyncssh.KeyImportError) as error:
        raise HostKeyError(
            f"SFTP host key {path}: expected a private key file without a passphrase, {error}"
        ) from None


async def start_sftp(
    registry: Registry, host: str, port: int, host_key: Path | asyncssh.SSHKey | None = None
) -> SftpDrop:
    """A drop listening on host:port (0: a free port) for every tenant of the registry. `host_key`:
    a key file, a key already loaded, or None for an ed25519 key generated now."""
    drop = SftpDrop(registry, host, port, host_key)
    await drop.start()
    return drop
