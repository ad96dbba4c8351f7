"""The garbage collector paused around work that makes many lasting objects (core/collector.py)."""

import gc

import pytest

from reminders_mock.core import collector


@pytest.fixture
def collector_on():
    was_running = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was_running else gc.disable)()  # as it was, whatever the test left


def test_the_collector_is_off_inside_the_block_and_on_again_after(collector_on):
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_on_when_the_block_fails(collector_on):
    with pytest.raises(ValueError), collector.paused():
        raise ValueError("the work failed")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector_on):
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()
