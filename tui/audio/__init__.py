"""Sound for unknot: cue sounds, the playback chain, spoken step names, the exported track.

May import pydub (lazily, on first use), never textual. The player screen needs one object:
`tui.audio.session.AudioOut`. Importing this package does nothing: no pydub, no files, no device.
"""
