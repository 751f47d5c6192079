"""The designer page (``/designer``): the page controller and its side panel."""
