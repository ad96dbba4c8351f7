"""API keys and their IP allow-lists, written as the portal writes them: '127.1.1.1 192.1.0.0/32'."""

import ipaddress
from dataclasses import dataclass

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class AllowList:
    """Addresses and CIDR blocks, IPv4 or IPv6; an empty list allows every address."""

    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, text: str | None) -> "AllowList":
        entries = (text or "").replace(",", " ").split()
        networks = []
        for entry in entries:
            try:
                networks.append(_as_ipv4_if_mapped(ipaddress.ip_network(entry, strict=False)))
            except ValueError:
                raise ValueError(
                    f"expected IP addresses or CIDR blocks separated by spaces, "
                    f"e.g. '127.1.1.1 192.1.0.0/32'; {entry!r} is neither"
                ) from None
        return cls(tuple(networks))

    def allows(self, address: str | None) -> bool:
        if not self.networks:
            return True
        try:
            ip = ipaddress.ip_address((address or "").split("%")[0])
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped  # a dual-stack socket shows IPv4 peers as ::ffff:a.b.c.d
        return any(ip.version == net.version and ip in net for net in self.networks)


@dataclass(frozen=True)
class ApiKey:
    key: str
    allow_list: AllowList = AllowList()


def _as_ipv4_if_mapped(network: Network) -> Network:
    """'::ffff:127.1.1.1' names the IPv4 address 127.1.1.1, and peers are compared as IPv4."""
    if isinstance(network, ipaddress.IPv6Network) and network.prefixlen >= 96:
        mapped = network.network_address.ipv4_mapped
        if mapped is not None:
            return ipaddress.IPv4Network((mapped, network.prefixlen - 96))
    return network
