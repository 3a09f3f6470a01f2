"""The knowledge base: the talk's trade-offs and the service facts, as validated data.

``base.yaml`` beside this module is the built-in knowledge; :func:`load_knowledge`
reads it and any team extension files into one :class:`~decider.model.Knowledge`.
"""

from .loader import BASE_FILE, load_knowledge

__all__ = ["BASE_FILE", "load_knowledge"]
