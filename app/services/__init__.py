"""The wiring layer: composes core and the vendor catalogs into what the window and the CLI use
(the workspace, quick search, Recent, the organisation profile, settings)."""
