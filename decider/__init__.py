"""decider: decide how services should exchange events, and record the decision."""

__version__ = "0.1.0"
