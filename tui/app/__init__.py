"""Everything Textual: the app, its keys, screens and widgets.

Nothing outside this folder imports it, except the command line on the path that opens the app.
"""
