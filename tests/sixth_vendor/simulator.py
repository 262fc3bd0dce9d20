"""Acme Notes' sandbox: a bearer login and the notes, in memory (Starlette, like app/sandbox/).

``POST /auth`` takes ``{"username", "password"}`` and answers ``{"token", "expires_in"}``;
``GET /notes?q=&page=&per_page=`` a page of notes (a shorter page is the last);
``GET /notes/{id}`` one note; ``DELETE /notes/{id}`` removes it (204).  Errors are
``{"error": "<sentence>"}``.  Seed: 23 notes, note 3 is "Shopping list".
"""

from __future__ import annotations

import secrets
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.sandbox.control import SimulatorControl
from app.sandbox.scaffold.errors import ApiError, ErrorShape
from app.sandbox.simulator import Simulator

DEMO_CREDENTIALS = {"username": "demo", "password": "acme-sandbox-pass"}
SEED_TITLES = {1: "Welcome to Acme Notes", 2: "Team meeting", 3: "Shopping list"}


def create(control: SimulatorControl) -> Simulator:
    notes: dict[int, dict[str, Any]] = {
        number: {
            "id": number,
            "title": SEED_TITLES.get(number, f"Note {number}"),
            "notebook": "Home" if number % 2 else "Work",
            "body": f"Text of note {number}.",
        }
        for number in range(1, 24)
    }
    tokens: set[str] = set()

    def error(status: int, sentence: str) -> JSONResponse:
        return JSONResponse({"error": sentence}, status_code=status)

    def signed_in(request: Request) -> bool:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return scheme == "Bearer" and token in tokens

    async def auth(request: Request) -> Response:
        body = await request.json()
        if body != DEMO_CREDENTIALS:
            return error(401, "Wrong username or password.")
        token = secrets.token_urlsafe(16)
        tokens.add(token)
        return JSONResponse({"token": token, "expires_in": 3600})

    async def list_notes(request: Request) -> Response:
        if not signed_in(request):
            return error(401, "Sign in first.")
        page = int(request.query_params.get("page", "1"))
        size = int(request.query_params.get("per_page", "10"))
        needle = request.query_params.get("q", "").lower()
        found = [note for note in notes.values() if needle in note["title"].lower()]
        return JSONResponse(found[(page - 1) * size : page * size])

    async def one_note(request: Request) -> Response:
        if not signed_in(request):
            return error(401, "Sign in first.")
        number = int(request.path_params["note"])
        if number not in notes:
            return error(404, f"Note {number} not found.")
        if request.method == "DELETE":
            del notes[number]
            return Response(status_code=204)
        return JSONResponse(notes[number])

    app = Starlette(
        routes=[
            Route("/auth", auth, methods=["POST"]),
            Route("/notes", list_notes, methods=["GET"]),
            Route("/notes/{note:int}", one_note, methods=["GET", "DELETE"]),
        ]
    )
    return Simulator(
        vendor="acme",
        hosts={"api": app},
        errors=ErrorShape(
            body=lambda problem: {"error": problem.message},
            fault=lambda status: ApiError(status, f"Acme Notes had a problem ({status})."),
            not_found=lambda request: f"No such path: {request.url.path}",
            method_not_allowed=lambda request, allowed: f"{request.method} is not allowed here.",
            internal=ApiError(500, "Acme Notes had a problem."),
        ),
        control=control,
        state=notes,
    )
