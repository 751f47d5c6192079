"""One run's page (``/runs/<id>``): the page, the step panel, the log view, outputs, actions."""
