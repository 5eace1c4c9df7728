"""The figures layer: the book's style and every ``draw_*`` function (each returns a matplotlib
Figure)."""
