"""The app's screens: the library list, the reading view, and small modal screens."""
