from flask import Flask
from flask_cors import CORS
from flask_login import LoginManager

from .config import Config

login_manager = LoginManager()


def create_app(config_class=Config):
    app = Flask(__name__)
    app.config.from_object(config_class)
    login_manager.init_app(app)
    CORS(app, supports_credentials=True)

    from .api import bp as api_bp

    app.register_blueprint(api_bp, url_prefix="/api")
    return app
