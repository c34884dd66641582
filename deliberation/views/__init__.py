"""Blueprints, one per area."""


def register_blueprints(app):
    from . import audit, auth, households, main, residents

    for module in (main, auth, households, residents, audit):
        app.register_blueprint(module.bp)
