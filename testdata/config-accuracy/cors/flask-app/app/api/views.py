from flask import jsonify, request
from flask_cors import cross_origin

from . import bp


@bp.route("/public/stats")
@cross_origin()
def public_stats():
    return jsonify(visits=1234)


@bp.route("/account")
@cross_origin(origins="*", supports_credentials=True)
def account():
    return jsonify(user=request.user.to_dict())


@bp.after_request
def add_cors_headers(response):
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
