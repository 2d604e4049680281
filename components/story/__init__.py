"""Stories as data: the story file's models and parsing, the stories folder (catalog), the
selection rules and the URL state. Pure Python; imports only ``components.errors`` (no
geodata, no map, no UI), so every rule here is testable alone.
"""
