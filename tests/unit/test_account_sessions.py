"""What sessions keep, and which network a login attempt comes from."""

import pytest

from board.auth.views import _network
from board.models.user import User, parse_session_id


def test_a_session_keeps_the_id_and_the_session_version():
    user = User(id=7, session_version=3)
    assert user.get_id() == "7:3"
    assert parse_session_id(user.get_id()) == (7, 3)


@pytest.mark.parametrize("kept", [None, "", "7", "7:", ":3", "7:0", "x:3", "7:3:1", "-7:3", "7:ä"])
def test_anything_else_a_cookie_may_hold_names_nobody(kept):
    assert parse_session_id(kept) is None


@pytest.mark.parametrize(
    "address,network",
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.77", "203.0.113.0/24"),
        ("not an address", "not an address"),
    ],
)
def test_login_attempts_count_per_ipv4_24_and_ipv6_64(address, network):
    assert _network(address) == network
