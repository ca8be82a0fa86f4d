"""The HTTP edge: app factory, routes, request/response models and the one error handler."""

from lightvibes.api._app import create_app

__all__ = ["create_app"]
