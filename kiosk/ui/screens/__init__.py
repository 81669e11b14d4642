"""Visitor screens: attract, home and one screen per activity."""
