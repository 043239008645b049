"""unknot: a terminal coach for routines that release back muscle knots."""

__version__ = "0.1.0"
