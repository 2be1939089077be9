"""The service layer: the only bridge between views, the ORM and the engine."""
