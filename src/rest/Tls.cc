#include "rest/Tls.h"

#include <arpa/inet.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <array>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>

namespace wx::rest {
namespace {

// Throws with GnuTLS's own words when `code` is an error.
void check(int code, const std::string& what) {
  if (code < 0) throw std::runtime_error(what + ": " + gnutls_strerror(code));
}

std::string readFile(const std::string& path, const char* role) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("TLS " + std::string(role) + " " + path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  // A PEM file is small; anything big is not one.
  if (text.str().size() > 1024 * 1024) {
    throw std::runtime_error("TLS " + std::string(role) + " " + path + ": over 1 MiB, not PEM");
  }
  return text.str();
}

gnutls_datum_t datum(const std::string& text) {
  return {reinterpret_cast<unsigned char*>(const_cast<char*>(text.data())),
          static_cast<unsigned>(text.size())};
}

struct Credentials {
  gnutls_certificate_credentials_t value = nullptr;
  Credentials() { check(gnutls_certificate_allocate_credentials(&value), "TLS"); }
  ~Credentials() { gnutls_certificate_free_credentials(value); }
};

struct PrivateKey {
  gnutls_x509_privkey_t value = nullptr;
  PrivateKey() { check(gnutls_x509_privkey_init(&value), "TLS key"); }
  ~PrivateKey() { gnutls_x509_privkey_deinit(value); }
};

struct Certificate {
  gnutls_x509_crt_t value = nullptr;
  Certificate() { check(gnutls_x509_crt_init(&value), "TLS certificate"); }
  ~Certificate() { gnutls_x509_crt_deinit(value); }
};

template <typename Export>
std::string exportPem(Export exportTo, const char* what) {
  gnutls_datum_t out{};
  check(exportTo(&out), what);
  std::string pem(reinterpret_cast<const char*>(out.data), out.size);
  gnutls_free(out.data);
  return pem;
}

}  // namespace

TlsCredentials loadTlsCredentials(const std::string& certificateFile, const std::string& keyFile) {
  TlsCredentials tls{readFile(certificateFile, "certificate"), readFile(keyFile, "key"),
                     certificateFile + " and " + keyFile};
  // Each alone first, so the message can say which file is wrong.
  {
    gnutls_x509_crt_t* list = nullptr;
    unsigned count = 0;
    gnutls_datum_t pem = datum(tls.certificatePem);
    int code = gnutls_x509_crt_list_import2(&list, &count, &pem, GNUTLS_X509_FMT_PEM, 0);
    for (unsigned i = 0; i < count; ++i) gnutls_x509_crt_deinit(list[i]);
    gnutls_free(list);
    if (code < 0 || count == 0) {
      throw std::runtime_error("TLS certificate " + certificateFile + ": not a PEM certificate (" +
                               gnutls_strerror(code) + ")");
    }
  }
  {
    PrivateKey key;
    gnutls_datum_t pem = datum(tls.keyPem);
    int code = gnutls_x509_privkey_import2(key.value, &pem, GNUTLS_X509_FMT_PEM, nullptr,
                                           GNUTLS_PKCS_PLAIN);
    if (code < 0) {
      throw std::runtime_error("TLS key " + keyFile + ": not an unencrypted PEM private key (" +
                               gnutls_strerror(code) + ")");
    }
  }
  Credentials credentials;
  gnutls_datum_t cert = datum(tls.certificatePem);
  gnutls_datum_t key = datum(tls.keyPem);
  int code = gnutls_certificate_set_x509_key_mem2(credentials.value, &cert, &key,
                                                  GNUTLS_X509_FMT_PEM, nullptr, 0);
  if (code < 0) {
    throw std::runtime_error("TLS key " + keyFile + " does not go with certificate " +
                             certificateFile + " (" + gnutls_strerror(code) + ")");
  }
  return tls;
}

TlsCredentials selfSignedTlsCredentials(const std::vector<std::string>& names) {
  PrivateKey key;
  check(gnutls_x509_privkey_generate(key.value, GNUTLS_PK_ECDSA,
                                     GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
        "TLS key");
  Certificate crt;
  check(gnutls_x509_crt_set_version(crt.value, 3), "TLS certificate");
  std::array<unsigned char, 16> serial{};
  check(gnutls_rnd(GNUTLS_RND_NONCE, serial.data(), serial.size()), "TLS serial");
  serial[0] &= 0x7f;  // a positive number
  check(gnutls_x509_crt_set_serial(crt.value, serial.data(), serial.size()), "TLS serial");
  const time_t now = time(nullptr);
  check(gnutls_x509_crt_set_activation_time(crt.value, now - 3600), "TLS certificate");
  check(gnutls_x509_crt_set_expiration_time(crt.value, now + 30 * 24 * 3600), "TLS certificate");
  static constexpr char kCommonName[] = "webrtc-examples self-signed";
  check(gnutls_x509_crt_set_dn_by_oid(crt.value, GNUTLS_OID_X520_COMMON_NAME, 0, kCommonName,
                                      sizeof kCommonName - 1),
        "TLS certificate");
  std::string list;
  for (const std::string& name : names) {
    unsigned char address[16];
    if (inet_pton(AF_INET, name.c_str(), address) == 1) {
      check(gnutls_x509_crt_set_subject_alt_name(crt.value, GNUTLS_SAN_IPADDRESS, address, 4,
                                                 GNUTLS_FSAN_APPEND),
            "TLS name " + name);
    } else if (inet_pton(AF_INET6, name.c_str(), address) == 1) {
      check(gnutls_x509_crt_set_subject_alt_name(crt.value, GNUTLS_SAN_IPADDRESS, address, 16,
                                                 GNUTLS_FSAN_APPEND),
            "TLS name " + name);
    } else {
      check(gnutls_x509_crt_set_subject_alt_name(crt.value, GNUTLS_SAN_DNSNAME, name.data(),
                                                 static_cast<unsigned>(name.size()),
                                                 GNUTLS_FSAN_APPEND),
            "TLS name " + name);
    }
    list += (list.empty() ? "" : ", ") + name;
  }
  check(gnutls_x509_crt_set_basic_constraints(crt.value, 0, -1), "TLS certificate");
  check(gnutls_x509_crt_set_key_usage(crt.value, GNUTLS_KEY_DIGITAL_SIGNATURE), "TLS certificate");
  check(gnutls_x509_crt_set_key_purpose_oid(crt.value, GNUTLS_KP_TLS_WWW_SERVER, 0),
        "TLS certificate");
  check(gnutls_x509_crt_set_key(crt.value, key.value), "TLS certificate");
  check(gnutls_x509_crt_sign2(crt.value, crt.value, key.value, GNUTLS_DIG_SHA256, 0),
        "TLS certificate");
  return {exportPem(
              [&](gnutls_datum_t* out) {
                return gnutls_x509_crt_export2(crt.value, GNUTLS_X509_FMT_PEM, out);
              },
              "TLS certificate"),
          exportPem(
              [&](gnutls_datum_t* out) {
                return gnutls_x509_privkey_export2(key.value, GNUTLS_X509_FMT_PEM, out);
              },
              "TLS key"),
          "a throw-away self-signed certificate for " + list};
}

}  // namespace wx::rest
