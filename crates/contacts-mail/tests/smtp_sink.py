#!/usr/bin/env python3
"""A real SMTP server for the mailing tests (aiosmtpd, from PyPI).

Every message it takes is written to DIR as NNNNN.eml (the raw bytes) and NNNNN.json
(the envelope and the parts decoded by Python's own `email` package, so the tests check
our encoding with an independent decoder). Files appear atomically (written, then
renamed).

    smtp_sink.py --port PORT --dir DIR [--reject ADDRESS]... [--auth USER:PASSWORD] [--count-only]

--reject answers 550 to RCPT TO for that address; --auth requires a login (PLAIN or
LOGIN, allowed without TLS on loopback); --count-only keeps no message, only the count in
DIR/count when stopped (for the benchmark). The server runs until killed (SIGTERM); it
writes DIR/ready when it accepts connections.
"""

import argparse
import asyncio
import json
import os
import signal
import sys
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, folder, reject, count_only=False):
        self.folder = folder
        self.reject = {a.lower() for a in reject}
        self.count = 0
        self.count_only = count_only

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        n = self.count
        if self.count_only:
            return "250 2.0.0 OK queued as %05d" % n
        raw = envelope.original_content or envelope.content
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        text = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "reply_to": str(msg["Reply-To"]) if msg["Reply-To"] else None,
            "subject": str(msg["Subject"]),
            "message_id": str(msg["Message-ID"]),
            "date": str(msg["Date"]),
            "list_unsubscribe": str(msg["List-Unsubscribe"]) if msg["List-Unsubscribe"] else None,
            "text": text.get_content() if text is not None else None,
            "html": html.get_content() if html is not None else None,
            "attachments": [
                {"name": p.get_filename(), "type": p.get_content_type(), "size": len(p.get_content())}
                for p in msg.iter_attachments()
            ],
        }
        base = os.path.join(self.folder, "%05d" % n)
        for ext, data in ((".eml", raw), (".json", json.dumps(record, ensure_ascii=False).encode())):
            with open(base + ext + ".tmp", "wb") as f:
                f.write(data)
            os.replace(base + ext + ".tmp", base + ext)
        return "250 2.0.0 OK queued as %05d" % n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--reject", action="append", default=[])
    ap.add_argument("--auth")
    ap.add_argument("--count-only", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    kwargs = {}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login == user.encode()
                and auth_data.password == password.encode()
            )
            return AuthResult(success=ok, handled=False)

        kwargs = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False)

    sink = Sink(args.dir, args.reject, args.count_only)
    controller = Controller(
        sink,
        hostname="127.0.0.1",
        port=args.port,
        data_size_limit=50 * 1024 * 1024,
        **kwargs,
    )
    controller.start()
    with open(os.path.join(args.dir, "ready"), "w") as f:
        f.write(str(args.port))
    def stop(*_):
        controller.stop()
        with open(os.path.join(args.dir, "count"), "w") as f:
            f.write(str(sink.count))
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        signal.pause()
    except KeyboardInterrupt:
        controller.stop()


if __name__ == "__main__":
    main()
