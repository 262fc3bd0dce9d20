"""The language every layer shares: operations and their fields, what a vendor declares about itself,
the typed errors, and the interface of an authentication strategy.  Imports nothing of the app."""
