"""What the Python tests of newsdex-serve share: a failure type, a check, and a
server started on a free loopback port."""
import os
import re
import subprocess


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def start_server(build, db):
    """newsdex-serve over `db` on 127.0.0.1 (a port the server picks); returns the process and its base URL."""
    server = subprocess.Popen([os.path.join(build, "newsdex-serve"), "--db", db, "--listen", "127.0.0.1:0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        server.kill()
        raise Failure("newsdex-serve did not start: " + line + server.stderr.read())
    return server, f"http://127.0.0.1:{match.group(1)}"
