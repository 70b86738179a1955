"""Start and stop an Application in the order `run_polling` uses, for code that runs its own event loop.

The end-to-end tests and the benchmark both drive the production Application this way: `run_polling` would take
over the loop, and `initialize()`/`start()` alone would skip `post_init` and `post_stop`.
"""

from __future__ import annotations

from telegram.ext import Application


async def start_polling(application: Application, timeout: float) -> None:
    """initialize, post_init, start polling, start: as `run_polling` does."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.updater.start_polling(poll_interval=0, timeout=timeout)
    await application.start()


async def stop_polling(application: Application) -> None:
    """Stop the updater, the application and post_stop, then shut down and post_shutdown: as `run_polling` does."""
    if application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
