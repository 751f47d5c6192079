"""The engine: turns a validated pipeline into a run. Never imports nicegui or sqlmodel."""
