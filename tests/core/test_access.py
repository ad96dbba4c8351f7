"""IP allow-lists of API keys, as the portal writes them: '127.1.1.1 192.1.0.0/32'."""

import pytest

from reminders_mock.core.access import AllowList

DOCUMENTED = "127.1.1.1 192.1.0.0/32"


@pytest.mark.parametrize("text", [None, "", "   "])
def test_an_empty_allow_list_allows_every_address(text):
    allow_list = AllowList.parse(text)

    assert allow_list.allows("127.0.0.1")
    assert allow_list.allows("2001:db8::1")
    assert allow_list.allows(None)


@pytest.mark.parametrize("peer", ["127.1.1.1", "192.1.0.0"])
def test_the_documented_allow_list_allows_its_addresses(peer):
    assert AllowList.parse(DOCUMENTED).allows(peer)


@pytest.mark.parametrize("peer", ["127.0.0.1", "192.1.0.1", "::1"])
def test_the_documented_allow_list_refuses_other_addresses(peer):
    assert not AllowList.parse(DOCUMENTED).allows(peer)


def test_a_cidr_block_allows_every_address_inside_it():
    allow_list = AllowList.parse("10.0.0.0/8")

    assert allow_list.allows("10.0.0.1")
    assert allow_list.allows("10.255.255.255")
    assert not allow_list.allows("11.0.0.1")


def test_entries_may_be_separated_by_commas_as_well():
    allow_list = AllowList.parse("127.1.1.1, 10.0.0.0/8")

    assert allow_list.allows("127.1.1.1")
    assert allow_list.allows("10.1.2.3")


def test_a_single_ipv6_address_allows_only_itself():
    allow_list = AllowList.parse("2001:db8::1")

    assert allow_list.allows("2001:db8::1")
    assert allow_list.allows("2001:0db8:0000::0001")
    assert not allow_list.allows("2001:db8::2")


def test_an_ipv6_block_allows_every_address_inside_it():
    allow_list = AllowList.parse("2001:db8::/32")

    assert allow_list.allows("2001:db8::1")
    assert allow_list.allows("2001:db8:ffff::1")
    assert not allow_list.allows("2001:db9::1")


def test_an_ipv4_mapped_ipv6_peer_is_treated_as_its_ipv4_address():
    allow_list = AllowList.parse(DOCUMENTED)

    assert allow_list.allows("::ffff:127.1.1.1")
    assert not allow_list.allows("::ffff:127.0.0.1")


def test_an_ipv4_mapped_entry_allows_the_peer_it_names():
    """An allow-list naming '::ffff:127.1.1.1' must allow that very address."""
    allow_list = AllowList.parse("::ffff:127.1.1.1")

    assert allow_list.allows("::ffff:127.1.1.1")
    assert allow_list.allows("127.1.1.1")


def test_a_scoped_ipv6_peer_is_read_without_its_zone():
    allow_list = AllowList.parse("fe80::/10")

    assert allow_list.allows("fe80::1%eth0")
    assert not AllowList.parse("2001:db8::/32").allows("fe80::1%eth0")


def test_a_scoped_ipv6_entry_is_read():
    allow_list = AllowList.parse("fe80::1%eth0")

    assert allow_list.allows("fe80::1%eth0")
    assert not allow_list.allows("fe80::2%eth0")


@pytest.mark.parametrize("entry", ["garbage", "300.1.1.1", "10.0.0.0/33", "10.0.0.0/8/8", "::g"])
def test_a_garbage_entry_is_refused_with_a_message_naming_it(entry):
    with pytest.raises(ValueError) as raised:
        AllowList.parse(f"127.1.1.1 {entry}")

    message = str(raised.value)
    assert message.startswith("expected")
    assert repr(entry) in message


@pytest.mark.parametrize("peer", ["not-an-address", "", None, "127.1.1.1.1", "%eth0"])
def test_an_unparseable_peer_is_refused(peer):
    assert not AllowList.parse(DOCUMENTED).allows(peer)
