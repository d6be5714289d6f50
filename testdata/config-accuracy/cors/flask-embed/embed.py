from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=r"https://.*\.example\.com", supports_credentials=True)


@app.get("/embed/profile")
def profile():
    return jsonify(name="demo")
