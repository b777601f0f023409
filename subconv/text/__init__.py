"""Text helpers shared by the cleaning steps: display width, comparison keys."""
