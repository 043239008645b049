"""What a played session goes to (sound, trace, history, notices), shared by both players.

No textual here: plain mode uses it as it is.
"""
