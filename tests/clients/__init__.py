"""Tests that load subconv's output into real engines (ffmpeg, libass, Chromium)."""
