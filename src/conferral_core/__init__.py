"""Conferral's core: FRCP 6 time counting, court calendars and one JSON API.

Importing the package loads nothing: data files are read the first time they are needed,
so `import conferral_core` stays cheap in the browser too. Use `conferral_core.api.handle`.
"""

__version__ = "0.1.0"
