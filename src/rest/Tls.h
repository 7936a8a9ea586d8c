// TLS for the HTTP server (https on --port): a PEM certificate chain and
// private key, read from files or made at start for a quick try. GnuTLS,
// the library Debian's libmicrohttpd serves TLS with, parses and makes them.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace wx::rest {

struct TlsCredentials {
  std::string certificatePem;  // the server's certificate, then any chain
  std::string keyPem;          // its private key, unencrypted
  std::string description;     // for the log: where they came from
};

// Reads both PEM files and checks that they parse and that the key is the
// certificate's. Throws std::runtime_error with one line that names the file
// and says why (unreadable, not PEM, key does not match).
TlsCredentials loadTlsCredentials(const std::string& certificateFile, const std::string& keyFile);

// A throw-away self-signed certificate (ECDSA P-256, SHA-256, valid for 30
// days from an hour ago) for `names`: each an IPv4 or IPv6 address (an IP
// subjectAltName) or a DNS name. Browsers warn about it; it exists so that
// https can be tried without a certificate. Throws std::runtime_error.
TlsCredentials selfSignedTlsCredentials(const std::vector<std::string>& names);

}  // namespace wx::rest
