import os

from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["REPORTS_SECRET_KEY"]

# CORS(app, supports_credentials=True)  # too broad, see SEC-142
CORS(app, origins=["https://reports.example.com"], supports_credentials=True)


@app.get("/api/reports")
def reports():
    return jsonify([])
