"""Every subcommand's --help ends with an example that starts with the command itself."""

import pytest

from reminders_mock.cli import main

SUBCOMMANDS = [
    "serve",
    "validate",
    "scenario-schema",
    "scenarios",
    "clock",
    "import",
    "listen",
    "trigger",
    "state",
]


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_subcommand_help_has_an_example(name, capsys):
    with pytest.raises(SystemExit) as exited:
        main([name, "--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    assert f"example:\n  reminders-mock {name}" in shown


def test_the_commands_that_call_a_server_say_where_url_and_key_come_from(capsys):
    with pytest.raises(SystemExit):
        main(["listen", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "$REMINDERS_MOCK_URL, else http://127.0.0.1:8080" in shown
    assert "$REMINDERS_MOCK_KEY, else demo-key" in shown
