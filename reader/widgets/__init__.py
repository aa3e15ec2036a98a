"""Small widgets, each in its own module with the messages it sends nested inside it."""
