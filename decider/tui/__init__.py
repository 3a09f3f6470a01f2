"""The terminal wizard (Textual): screens that collect answers and show the engine's result."""
