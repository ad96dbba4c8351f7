"""A stop is never held hostage by an import: `serve` stopped in the middle of a file of the most
records a file may hold exits at once, as it does when idle."""

import asyncio
import signal
import time

import aiohttp

from reminders_mock.imports.files import MAX_ROWS_PER_FILE
from tests.imports.test_import_limits import big_csv
from tests.imports.test_pipeline import ADD_FILE
from tests.served import Mock, serve

STOP_BOUND = 15  # seconds: generous for a loaded machine; the import alone takes far longer


async def test_a_stop_during_a_big_import_exits_promptly_and_cleanly(tmp_path):
    served = serve(tmp_path)
    async with aiohttp.ClientSession() as session:
        mock = Mock(session, served.url)
        await mock.gql(ADD_FILE, {"file": {"extension": "csv", "contents": big_csv(MAX_ROWS_PER_FILE)}})
        importing = asyncio.create_task(mock.call("POST", "/_mock/clock/advance", {"by": "PT6H"}))
        await asyncio.sleep(1)  # the file is being read, or its records checked

        stopped_at = time.monotonic()
        served.process.send_signal(signal.SIGTERM)
        status = await asyncio.to_thread(served.process.wait, STOP_BOUND)
        took = time.monotonic() - stopped_at

        importing.cancel()
        await asyncio.gather(importing, return_exceptions=True)
    assert status == 0, served.process.stderr.read()
    assert took < STOP_BOUND
