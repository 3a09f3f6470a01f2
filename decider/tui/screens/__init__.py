"""The wizard's screens: the questions with a live ranking, the result, the resume dialog."""
