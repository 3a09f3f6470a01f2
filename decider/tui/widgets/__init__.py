"""The wizard's widgets: they show what a screen gives them and post messages up."""
