"""The one place for object-level permission rules.

``roles`` answers facts about a user; ``registers`` (and one module per later area) builds on
them three kinds of function: ``can_<verb>_<object>``, ``<objects>_visible_to`` and
``get_<object>_for_<purpose>``. Views, the API, the admin and services all call these.
"""
