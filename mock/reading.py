"""Import files are read off the event loop: in a thread, which a cancelled reading tells to stop.

Reading a file of many thousands of rows takes seconds; on the loop it would hold every other
request (health checks included) that long. The thread's reading stops at its next row once
whoever awaited it gives up, so a shutdown never waits for the rest of a big file."""

import asyncio
from threading import Event

from .imports.files import FileRows, read_file


async def read_off_loop(extension: str, contents_base64: str) -> FileRows:
    stop = Event()
    try:
        return await asyncio.to_thread(read_file, extension, contents_base64, stop=stop)
    finally:
        stop.set()
