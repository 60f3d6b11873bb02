"""JSON-RPC 2.0 client for `bumpcheck serve --stdio` (Content-Length framing, as LSP)."""

import json
import subprocess
import threading


class BumpcheckError(Exception):
    """A JSON-RPC error answer: `code` as in src/server/protocol.ts, `data` e.g. {file, line, what}."""

    def __init__(self, code, message, data=None):
        super().__init__(message)
        self.code = code
        self.data = data


REQUEST_CANCELLED = -32800


class BumpcheckClient:
    """One server process; requests are answered in turn, `$/progress` goes to the caller's callback.

    The server keeps parsed layers between checks, so a client kept for the KiCad session makes a
    re-check after an edit re-read only the layers that changed.
    """

    def __init__(self, command, stderr=None):
        self.command = list(command)
        self._process = subprocess.Popen(
            self.command + ["serve", "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        self._next_id = 1
        self._write_lock = threading.Lock()
        self.server_info = None

    def alive(self):
        return self._process.poll() is None

    def initialize(self):
        result = self.request("initialize", {"clientInfo": {"name": "bumpcheck-kicad"}})
        self.server_info = result
        self.notify("initialized", {})
        return result

    def check(self, inputs, deck=None, side=None, formats=None, on_progress=None, on_started=None):
        """Run a check; `on_started(request_id)` lets a GUI thread cancel it with `cancel(request_id)`."""
        params = {"inputs": list(inputs)}
        if deck is not None:
            params["deck"] = deck
        if side is not None:
            params["side"] = side
        if formats:
            params["formats"] = list(formats)
        return self.request("check", params, on_progress=on_progress, on_started=on_started)

    def cancel(self, request_id):
        self.notify("$/cancelRequest", {"id": request_id})

    def request(self, method, params=None, on_progress=None, on_started=None):
        request_id = self._next_id
        self._next_id += 1
        self._send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        if on_started is not None:
            on_started(request_id)
        while True:
            message = self._read()
            if message.get("method") == "$/progress":
                params = message.get("params") or {}
                if on_progress is not None and params.get("id") == request_id:
                    on_progress(params.get("stage"), params.get("done"), params.get("total"))
                continue
            if "method" in message or message.get("id") != request_id:
                continue  # a notification we do not use, or an answer nobody waits for
            if "error" in message:
                error = message["error"]
                raise BumpcheckError(error.get("code"), error.get("message"), error.get("data"))
            return message.get("result")

    def notify(self, method, params=None):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def close(self):
        """shutdown, exit, and wait for the process (killed if it does not end in 10 s)."""
        if self.alive():
            try:
                self.request("shutdown")
                self.notify("exit")
            except (OSError, ValueError, BumpcheckError):
                pass
        try:
            self._process.stdin.close()
        except OSError:
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stdout.close()
        return self._process.returncode

    def _send(self, message):
        body = json.dumps(message).encode("utf-8")
        with self._write_lock:
            self._process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body))
            self._process.stdin.write(body)
            self._process.stdin.flush()

    def _read(self):
        length = None
        while True:
            line = self._process.stdout.readline()
            if not line:
                raise BumpcheckError(None, "bumpcheck server ended (exit code %s)" % self._process.poll())
            line = line.rstrip(b"\r\n")
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:
            raise BumpcheckError(None, "bumpcheck server sent a frame without Content-Length")
        return json.loads(self._process.stdout.read(length).decode("utf-8"))
