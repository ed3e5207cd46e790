"""Routers: public reads and admin writes."""
