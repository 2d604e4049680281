"""Turning an article into a draft story: article readers (text, Markdown, HTML), the
gazetteer, place detection, proposed claims, and the rules for opening/importing/saving
uploads. Imports story, geo and map (a draft is validated by building its map).
"""
