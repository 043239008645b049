"""Waiting for the app's history writer in a test, without sleeping."""

from __future__ import annotations

from textual.pilot import Pilot


async def written(pilot: Pilot[object]) -> None:
    """Stars, ratings and deletes are written off the loop by the app's history writer
    (tui/app/history_jobs.py): wait for it, and for its word back, before reading the store."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
