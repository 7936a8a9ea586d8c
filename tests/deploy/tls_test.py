"""https on --port: --tls-cert/--tls-key with a certificate made here,
--tls-self-signed, the native client over https, and the one clear line a
bad certificate or key stops the server with.

Debian's /usr/bin/python3 (python3-cryptography comes with python3-aiortc);
each case starts its own server (tests/hostile/harness.py)."""

import datetime
import ipaddress
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import unittest

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))
import harness  # noqa: E402

CLIENT = os.path.join(os.path.dirname(harness.BINARY), "webrtc-client")


def make_certificate(directory, name="cert", common_name="127.0.0.1"):
    """A CA-less self-signed certificate for 127.0.0.1; returns (cert, key) paths."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path = os.path.join(directory, name + ".pem")
    key_path = os.path.join(directory, name + ".key")
    with open(cert_path, "wb") as out:
        out.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))
    return cert_path, key_path


def start_failure(*flags):
    """Runs the server with `flags`, which must stop it at start: (code, output)."""
    run = subprocess.run([harness.BINARY, "--host", "127.0.0.1", "--port", "0", *flags],
                         capture_output=True, text=True, timeout=20)
    return run.returncode, run.stdout + run.stderr


def peer_certificate(port):
    context = ssl._create_unverified_context()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            return x509.load_der_x509_certificate(tls.getpeercert(binary_form=True))


class TlsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def serve(self, *flags):
        server = harness.Server(*flags)
        self.addCleanup(server.stop)
        return server

    def test_given_certificate_serves_pages_and_api_over_https_only(self):
        cert, key = make_certificate(self.dir.name)
        server = self.serve("--tls-cert", cert, "--tls-key", key)
        self.assertEqual(server.scheme, "https")
        # A client that checks the certificate against it as its CA.
        context = ssl.create_default_context(cafile=cert)
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                tls.sendall(b"GET /ping-pong/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                answer = b""
                while chunk := tls.recv(65536):
                    answer += chunk
        self.assertTrue(answer.startswith(b"HTTP/1.1 200"), answer[:100])
        status, body, _ = server.request("POST", "/ping-pong/connections")
        self.assertEqual(status, 200, body)
        self.assertIn("a=candidate", body["localDescription"]["sdp"])
        # Plain http on the https port gets no HTTP answer.
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
            raw.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            raw.settimeout(5)
            try:
                reply = raw.recv(100)
            except (ConnectionResetError, socket.timeout):
                reply = b""
        self.assertFalse(reply.startswith(b"HTTP/"), reply)
        self.assertIsNone(server.crashed())

    def test_native_client_over_https_checks_the_certificate(self):
        cert, key = make_certificate(self.dir.name)
        server = self.serve("--tls-cert", cert, "--tls-key", key)
        url = f"https://127.0.0.1:{server.port}"
        common = ["ping-pong", "--url", url, "--count", "2", "--interval-ms", "100",
                  "--ice-allow", "127.0.0.1"]
        trusted = subprocess.run([CLIENT, *common, "--ca-cert", cert],
                                 capture_output=True, text=True, timeout=30)
        self.assertEqual(trusted.returncode, 0, trusted.stdout + trusted.stderr)
        self.assertIn("2 of 2 pongs received", trusted.stdout)
        untrusted = subprocess.run([CLIENT, *common], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(untrusted.returncode, 0)
        self.assertIn("--ca-cert FILE, or --insecure", untrusted.stdout + untrusted.stderr)

    def test_self_signed_certificate_is_made_at_start_and_said(self):
        server = self.serve("--tls-self-signed")
        self.assertEqual(server.scheme, "https")
        self.assertTrue(any("self-signed" in line for line in server.lines), server.lines)
        cert = peer_certificate(server.port)
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        self.assertIn(ipaddress.ip_address("127.0.0.1"), names.get_values_for_type(x509.IPAddress))
        self.assertIn("localhost", names.get_values_for_type(x509.DNSName))
        status, body, _ = server.request("GET", "/")
        self.assertEqual(status, 200)
        # A new one each start.
        other = self.serve("--tls-self-signed")
        self.assertNotEqual(cert.serial_number, peer_certificate(other.port).serial_number)

    def test_bad_certificate_or_key_stops_the_server_with_one_line(self):
        cert, key = make_certificate(self.dir.name)
        _, other_key = make_certificate(self.dir.name, "other")
        garbage = os.path.join(self.dir.name, "garbage.pem")
        with open(garbage, "w") as out:
            out.write("not a certificate\n")
        missing = os.path.join(self.dir.name, "missing.pem")
        cases = [
            (["--tls-cert", missing, "--tls-key", key], missing, "cannot be read"),
            (["--tls-cert", garbage, "--tls-key", key], garbage, "not a PEM certificate"),
            (["--tls-cert", cert, "--tls-key", garbage], garbage, "not an unencrypted PEM"),
            (["--tls-cert", cert, "--tls-key", other_key], other_key, "does not go with"),
        ]
        for flags, named, why in cases:
            with self.subTest(why=why):
                code, output = start_failure(*flags)
                self.assertEqual(code, 1, output)
                errors = [line for line in output.splitlines() if " error " in line]
                self.assertEqual(len(errors), 1, output)
                self.assertIn(named, errors[0])
                self.assertIn(why, errors[0])
                self.assertNotIn("listening", output)
        code, output = start_failure("--tls-cert", cert)
        self.assertNotEqual(code, 0)
        self.assertIn("--tls-key", output)


if __name__ == "__main__":
    unittest.main()
